import { Logger } from '@nestjs/common';

/**
 * Runs an async job every `intervalMs`, never two runs at once. stop() cancels the next run
 * and waits for the one in progress, so a shutdown never cuts a send or a scan in half.
 * A run of failures (say PostgreSQL down for a minute) logs its first error with the stack,
 * then one short line per round, and one line when a round succeeds again.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failedRounds = 0;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly job: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        this.schedule(this.intervalMs);
      });
    }, delayMs);
    // The task never keeps the process alive on its own: shutdown decides when to stop.
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    try {
      await this.job();
    } catch (error) {
      this.failedRounds++;
      this.logFailure(error);
      return;
    }
    if (this.failedRounds > 0) {
      this.logger.log(`${this.name} recovered after ${this.failedRounds} failed round${this.failedRounds === 1 ? '' : 's'}`);
      this.failedRounds = 0;
    }
  }

  private logFailure(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.failedRounds === 1) {
      this.logger.error(`${this.name} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    } else {
      this.logger.error(`${this.name} still failing (${this.failedRounds} rounds in a row): ${message}`);
    }
  }
}
