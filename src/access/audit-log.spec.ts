import { AuditLog } from './audit-log';

/** A repository that records each INSERT and refuses request ids it already holds. */
function fakeDecisions() {
  const stored = new Set<string>();
  const inserts: string[][] = [];
  let release: () => void = () => undefined;
  let hold: Promise<void> | null = null;
  return {
    stored,
    inserts,
    holdNext() {
      hold = new Promise((r) => (release = r));
    },
    release: () => release(),
    repo: {
      createQueryBuilder() {
        const repo = this;
        let values: Array<{ requestId: string }> = [];
        const qb = {
          insert: () => qb,
          values: (rows: Array<{ requestId: string }>) => ((values = rows), qb),
          updateEntity: () => qb,
          execute: () => repo.insert(values),
        };
        return qb;
      },
      async insert(rows: Array<{ requestId: string }>) {
        inserts.push(rows.map((r) => r.requestId));
        if (hold) {
          const h = hold;
          hold = null;
          await h;
        }
        if (rows.some((r) => stored.has(r.requestId))) throw Object.assign(new Error('duplicate'), { code: '23505' });
        rows.forEach((r) => stored.add(r.requestId));
      },
    },
  };
}

const row = (requestId: string) => ({ requestId }) as never;

describe('AuditLog', () => {
  it('writes the decisions that arrive together, or during a write, in one INSERT', async () => {
    const db = fakeDecisions();
    const log = new AuditLog(db.repo as never);
    db.holdNext();
    log.write(row('a'));
    log.write(row('b'));
    await new Promise((r) => setTimeout(r, 60)); // the first INSERT is under way, held
    log.write(row('c'));
    log.write(row('d'));
    db.release();
    await log.settle();
    expect(db.inserts).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect([...db.stored]).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the other rows of a batch when one was already audited', async () => {
    const db = fakeDecisions();
    db.stored.add('dup');
    const log = new AuditLog(db.repo as never);
    log.write(row('x'));
    log.write(row('dup'));
    log.write(row('y'));
    await log.settle();
    expect([...db.stored].sort()).toEqual(['dup', 'x', 'y']);
    expect(db.inserts).toEqual([['x', 'dup', 'y'], ['x'], ['dup'], ['y']]);
  });
});
