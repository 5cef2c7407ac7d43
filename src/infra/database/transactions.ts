import type { DataSource, EntityManager } from 'typeorm';

/** Per database: the last transaction started on SQLite's one connection. */
const sqliteTails = new WeakMap<DataSource, Promise<unknown>>();

/**
 * A transaction that never overlaps another one started here. PostgreSQL gives each its own pooled
 * connection; SQLite has one connection, on which a second BEGIN would become a savepoint of the
 * first, so there they run one after another (hot paths: bridge events, sessions opened).
 */
export function serialTransaction<T>(manager: EntityManager, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const source = manager.connection;
  if (source.options.type !== 'better-sqlite3') return manager.transaction(work);
  const next = (sqliteTails.get(source) ?? Promise.resolve()).then(() => manager.transaction(work));
  sqliteTails.set(
    source,
    next.catch(() => undefined),
  );
  return next;
}
