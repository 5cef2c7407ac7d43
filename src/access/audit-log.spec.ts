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
  it('writes the decisions that arrive during a write together, in one INSERT', async () => {
    const db = fakeDecisions();
    const log = new AuditLog(db.repo as never);
    db.holdNext();
    log.write(row('a'));
    log.write(row('b'));
    log.write(row('c'));
    db.release();
    await log.settle();
    expect(db.inserts).toEqual([['a'], ['b', 'c']]);
    expect([...db.stored]).toEqual(['a', 'b', 'c']);
  });

  it('keeps the other rows of a batch when one was already audited', async () => {
    const db = fakeDecisions();
    db.stored.add('dup');
    const log = new AuditLog(db.repo as never);
    db.holdNext();
    log.write(row('x'));
    log.write(row('dup'));
    log.write(row('y'));
    db.release();
    await log.settle();
    expect([...db.stored].sort()).toEqual(['dup', 'x', 'y']);
    expect(db.inserts).toEqual([['x'], ['dup', 'y'], ['dup'], ['y']]);
  });
});
