// Runs the @nestjs/swagger compiler plugin under ts-jest, as `nest build` does, so the OpenAPI
// document the tests see is the one production serves.
const transformer = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compilerSetup) =>
  transformer.before(
    { classValidatorShim: true, introspectComments: true, dtoFileNameSuffix: ['.dto.ts', '.entity.ts'] },
    compilerSetup.program,
  );
