import { TurnBatch } from './turn-batch';

describe('TurnBatch', () => {
  it('does what is asked in one turn of the loop in one go, each caller getting its own answer', async () => {
    const runs: number[][] = [];
    const batch = new TurnBatch<number, number>(async (xs) => (runs.push(xs), xs.map((x) => x * 10)));
    const answers = await Promise.all([1, 2, 3].map((x) => batch.add(x)));
    expect(answers).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('lets what comes while the batches run wait and go together in the next one', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batch = new TurnBatch<number, number>(
      async (xs) => {
        runs.push(xs);
        if (runs.length === 1) await gate;
        return xs;
      },
      { maxSize: 100, maxInFlight: 1 },
    );
    const first = batch.add(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((x) => batch.add(x));
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([[1]]); // the others wait for the one in flight
    release();
    await Promise.all([first, ...later]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('never puts more than maxSize in one batch', async () => {
    const sizes: number[] = [];
    const batch = new TurnBatch<number, number>(async (xs) => (sizes.push(xs.length), xs), { maxSize: 2, maxInFlight: 4 });
    await Promise.all([1, 2, 3, 4, 5].map((x) => batch.add(x)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('gives every caller of a failed batch its error, and goes on with the next', async () => {
    let calls = 0;
    const batch = new TurnBatch<number, number>(async (xs) => {
      if (calls++ === 0) throw new Error('base injoignable');
      return xs;
    });
    const failed = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason.message).toBe('base injoignable');
    await expect(batch.add(3)).resolves.toBe(3);
  });
});
