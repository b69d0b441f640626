import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';

/**
 * Validates the environment once at start-up and provides it as the typed `Environment`;
 * nothing else reads process.env.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment })],
  providers: [
    {
      provide: Environment,
      useFactory: () => validateEnvironment(process.env),
    },
  ],
  exports: [Environment],
})
export class AppConfigModule {}
