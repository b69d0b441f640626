import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { Environment } from './config/environment';
import { APP_OPTIONS, configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, APP_OPTIONS);
  const environment = app.get(Environment);
  app.useLogger(environment.LOG_LEVEL === 'debug' || environment.LOG_LEVEL === 'verbose'
    ? ['error', 'warn', 'log', 'debug', 'verbose']
    : ['error', 'warn', 'log']);
  configureApp(app);
  await app.listen(environment.PORT);
  Logger.log(`Listening on ${environment.publicUrl} (database: ${environment.databaseDialect})`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : String(error), 'Bootstrap');
  process.exit(1);
});
