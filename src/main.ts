import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { Environment } from './config/environment';
import { APP_OPTIONS, configureApp } from './configure-app';

const LEVELS_BY_VERBOSITY: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, APP_OPTIONS);
  const environment = app.get(Environment);
  app.useLogger(LEVELS_BY_VERBOSITY.slice(0, LEVELS_BY_VERBOSITY.indexOf(environment.LOG_LEVEL as LogLevel) + 1));
  configureApp(app);
  await app.listen(environment.PORT);
  Logger.log(`Listening on ${environment.publicUrl} (database: ${environment.databaseDialect})`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), 'Bootstrap');
  process.exit(1);
});
