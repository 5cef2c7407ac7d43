/**
 * Gathers what callers ask for within one turn of the event loop and does it in one go: one
 * statement, or one transaction, for many badges (issue 16). Under load the database then sees
 * fewer and larger round trips and commits, each of which costs the app a socket write and a turn
 * of its loop. While `maxInFlight` batches run, new items wait and join the next one, so batches
 * grow with the load; alone, an item waits one turn (setImmediate), not a timer.
 *
 * `run` answers for every input, in order. When it throws, nothing of the batch is done (one
 * statement, or one transaction) and every caller gets the error: a caller may then try alone.
 */
export class TurnBatch<I, O> {
  private waiting: Array<{ input: I; resolve: (out: O) => void; reject: (err: unknown) => void }> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly limits: { maxSize: number; maxInFlight: number } = { maxSize: 200, maxInFlight: 4 },
  ) {}

  add(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !this.waiting.length || this.inFlight >= this.limits.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.waiting.length && this.inFlight < this.limits.maxInFlight) {
      const batch = this.waiting.splice(0, this.limits.maxSize);
      this.inFlight++;
      Promise.resolve()
        .then(() => this.run(batch.map((b) => b.input)))
        .then(
          (outs) => batch.forEach((b, i) => b.resolve(outs[i])),
          (err) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inFlight--;
          this.schedule();
        });
    }
  }
}
