import { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

const quietLogger = { error: jest.fn() } as unknown as Logger;

describe('PeriodicTask', () => {
  it('repeats the job, never overlapping, and stop() waits for the run in progress', async () => {
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    let releaseSecond: () => void = () => undefined;
    let secondStarted: () => void = () => undefined;
    const secondRunStarted = new Promise<void>((resolve) => (secondStarted = resolve));
    const task = new PeriodicTask('test', 1, async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      if (finished === 1) {
        secondStarted();
        await new Promise<void>((resolve) => (releaseSecond = resolve));
      }
      running--;
      finished++;
    }, quietLogger);

    task.start();
    await secondRunStarted;
    const stopped = task.stop();
    let stopResolved = false;
    void stopped.then(() => (stopResolved = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopResolved).toBe(false);
    releaseSecond();
    await stopped;
    expect(finished).toBe(2);
    expect(maxRunning).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(2);
  });

  it('logs a failing run and keeps going', async () => {
    const logger = { error: jest.fn(), log: jest.fn() } as unknown as Logger;
    let calls = 0;
    const task = new PeriodicTask('flaky', 1, () => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('database down')) : Promise.resolve();
    }, logger);
    task.start();
    while (calls < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await task.stop();
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('database down'));
  });

  it('logs the stack once per run of failures, a short line for each further failure, and the recovery', async () => {
    const logger = { error: jest.fn(), log: jest.fn() } as unknown as Logger;
    // Three failed rounds, a success, one failed round, then successes until stopped.
    const failsInRound = [true, true, true, false, true, false];
    let calls = 0;
    const task = new PeriodicTask('flaky', 1, () => {
      const fails = failsInRound[calls] ?? false;
      calls++;
      return fails ? Promise.reject(new Error('database down')) : Promise.resolve();
    }, logger);
    task.start();
    while (calls < failsInRound.length) await new Promise((resolve) => setTimeout(resolve, 5));
    await task.stop();

    const withStack = expect.stringMatching(/^flaky failed: Error: database down\n\s+at /);
    expect(jest.mocked(logger.error).mock.calls).toEqual([
      [withStack],
      ['flaky still failing (2 rounds in a row): database down'],
      ['flaky still failing (3 rounds in a row): database down'],
      [withStack],
    ]);
    expect(jest.mocked(logger.log).mock.calls).toEqual([
      ['flaky recovered after 3 failed rounds'],
      ['flaky recovered after 1 failed round'],
    ]);
  });
});
