import { SerialQueue } from './serial-queue';

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the items that arrive in one event-loop turn, and while the batch before is still
 * running, into one batch of at most `maxSize`, and hands each batch to `runBatch`, one batch at
 * a time: many requests' work in one database round trip. `runBatch` answers each item in the
 * order given; if it throws, every item of the batch rejects with its error.
 */
export class TurnBatches<I, O> {
  private readonly running = new SerialQueue();
  /** The batch still taking items: it has not started and holds fewer than maxSize. */
  private forming: Array<Waiting<I, O>> | undefined;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<O[]>,
    private readonly maxSize: number,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const waiting = { item, resolve, reject };
      if (this.forming && this.forming.length < this.maxSize) {
        this.forming.push(waiting);
        return;
      }
      const batch = [waiting];
      this.forming = batch;
      // Queued after the current event-loop turn, so every item that arrives in it joins the batch.
      setImmediate(() => {
        void this.running.run(async () => {
          if (this.forming === batch) this.forming = undefined;
          await this.settle(batch);
        });
      });
    });
  }

  private async settle(batch: Array<Waiting<I, O>>): Promise<void> {
    try {
      const answers = await this.runBatch(batch.map((waiting) => waiting.item));
      if (answers.length !== batch.length) throw new Error(`a batch of ${batch.length} was answered with ${answers.length}`);
      batch.forEach((waiting, index) => waiting.resolve(answers[index]));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
