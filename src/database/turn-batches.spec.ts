import { setImmediate as nextTurn } from 'node:timers/promises';
import { TurnBatches } from './turn-batches';

/** A batch runner that records each batch and answers when the test says so. */
function recordingRunner() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const run = async (items: number[]): Promise<string[]> => {
    batches.push(items);
    await new Promise<void>((resolve) => releases.push(resolve));
    return items.map((item) => `answer ${item}`);
  };
  return { batches, releases, run };
}

describe('TurnBatches', () => {
  it('puts the items of one event-loop turn in one batch and answers each in its order', async () => {
    const runner = recordingRunner();
    const batches = new TurnBatches(runner.run, 10);
    const answers = Promise.all([1, 2, 3].map((item) => batches.add(item)));
    await nextTurn();
    expect(runner.batches).toEqual([[1, 2, 3]]);
    runner.releases[0]();
    await expect(answers).resolves.toEqual(['answer 1', 'answer 2', 'answer 3']);
  });

  it('gathers the items that arrive while a batch runs into the next one, which starts after it', async () => {
    const runner = recordingRunner();
    const batches = new TurnBatches(runner.run, 10);
    const first = batches.add(1);
    await nextTurn();
    const later = [batches.add(2), batches.add(3)];
    await nextTurn();
    const last = batches.add(4);
    await nextTurn();
    expect(runner.batches).toEqual([[1]]);
    runner.releases[0]();
    await first;
    await nextTurn();
    expect(runner.batches).toEqual([[1], [2, 3, 4]]);
    runner.releases[1]();
    await expect(Promise.all([...later, last])).resolves.toEqual(['answer 2', 'answer 3', 'answer 4']);
  });

  it('starts a new batch when one is full', async () => {
    const runner = recordingRunner();
    const batches = new TurnBatches(runner.run, 2);
    const answers = Promise.all([1, 2, 3, 4, 5].map((item) => batches.add(item)));
    await nextTurn();
    runner.releases[0]();
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    runner.releases[1]();
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    runner.releases[2]();
    await expect(answers).resolves.toHaveLength(5);
    expect(runner.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("rejects every item of a batch whose run fails, and goes on with the next batch", async () => {
    let calls = 0;
    const batches = new TurnBatches(async (items: number[]) => {
      calls++;
      if (calls === 1) throw new Error('connection lost');
      return items.map((item) => item * 10);
    }, 10);
    const failed = [batches.add(1), batches.add(2)].map((answer) => answer.catch((error: Error) => error.message));
    await expect(Promise.all(failed)).resolves.toEqual(['connection lost', 'connection lost']);
    await expect(batches.add(3)).resolves.toBe(30);
  });

  it('rejects every item when the run answers a different number of them', async () => {
    const batches = new TurnBatches(async (items: number[]) => items.slice(1), 10);
    const answers = [batches.add(1), batches.add(2)].map((answer) => answer.catch((error: Error) => error.message));
    await expect(Promise.all(answers)).resolves.toEqual(['a batch of 2 was answered with 1', 'a batch of 2 was answered with 1']);
  });
});
