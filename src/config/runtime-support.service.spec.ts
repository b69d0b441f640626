import { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock, ManualClock } from '../common/clock';
import { CommonModule } from '../common/common.module';
import { AppConfigModule } from './config.module';
import { runtimeSupport } from './runtime-support';

/** Keeps what the application logs, as the log would print it. */
class RecordingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: unknown; context: unknown }> = [];
  log(message: unknown, context?: unknown): void {
    this.lines.push({ level: 'log', message, context });
  }
  warn(message: unknown, context?: unknown): void {
    this.lines.push({ level: 'warn', message, context });
  }
  error(message: unknown, context?: unknown): void {
    this.lines.push({ level: 'error', message, context });
  }
}

describe('RuntimeSupportService', () => {
  it.each(['2026-12-02T09:00:00Z', '2029-01-01T00:00:00Z'])('names the runtime once at start-up, with the clock at %s', async (now) => {
    const logger = new RecordingLogger();
    const moduleRef = await Test.createTestingModule({ imports: [AppConfigModule, CommonModule] })
      .overrideProvider(Clock)
      .useValue(new ManualClock(new Date(now)))
      .compile();
    moduleRef.useLogger(logger);
    await moduleRef.init();
    await moduleRef.close();

    const expected = runtimeSupport(process.version, new Date(now));
    expect(expected.message).toContain(`Node.js ${process.version}`);
    expect(logger.lines.filter((line) => line.context === 'RuntimeSupportService')).toEqual([
      { level: expected.level, message: expected.message, context: 'RuntimeSupportService' },
    ]);
  });
});
