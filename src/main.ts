import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppModule } from './app.module';
import { Environment } from './config/environment';
import { APP_OPTIONS, configureApp } from './configure-app';

/**
 * Lines are written to stdout asynchronously, so a slow reader of the log never blocks the event
 * loop. pino flushes them itself when the process exits; on a signal Nest ends the process by
 * raising it again (no exit event), so the last lines are flushed here first.
 */
const logDestination = pino.destination({ sync: false });

@Module({ imports: [AppModule] })
class ServiceProcess implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    logDestination.flushSync();
  }
}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(ServiceProcess, APP_OPTIONS);
  const environment = app.get(Environment);
  configureApp(app, logDestination);
  await app.listen(environment.PORT);
  Logger.log(`Listening on ${environment.publicUrl} (database: ${environment.databaseDialect})`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // Nest holds start-up lines back until the server listens (bufferLogs): print them with the reason it did not.
  Logger.flush();
  Logger.error(error instanceof Error ? error.message : String(error), 'Bootstrap');
  process.exit(1);
});
