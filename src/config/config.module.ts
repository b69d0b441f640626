import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';
import { RuntimeSupportService } from './runtime-support.service';

/**
 * Validates the environment once at start-up and provides it as the typed `Environment`;
 * nothing else reads process.env. Names the Node.js runtime at start-up (RuntimeSupportService).
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment })],
  providers: [
    {
      provide: Environment,
      useFactory: () => validateEnvironment(process.env),
    },
    RuntimeSupportService,
  ],
  exports: [Environment],
})
export class AppConfigModule {}
