import type { EntityManager } from 'typeorm';
import { TurnBatch } from './turn-batch';

const sqliteForms = new Map<string, { text: string; order: number[] }>();

/**
 * One statement of a hot path, written once in PostgreSQL's form (`$1`, `$2`…; quoted camelCase
 * columns) and run on either database without TypeORM's query builder, which on a badge cost more
 * CPU than the database did (docs/benchmarks.md, issue 16). SQLite gets `?` in the order the
 * numbers appear. Parameters are ids, words and numbers as they are; a date goes through
 * `dbValue`, since the two databases store dates differently.
 */
export async function rawRows<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (em.connection.options.type !== 'better-sqlite3') {
    const result = await em.query(sql, params);
    // TypeORM answers an UPDATE or DELETE on PostgreSQL with [rows, count]: the rows are its RETURNING.
    return /^\s*(UPDATE|DELETE)\b/i.test(sql) ? result[0] : result;
  }
  let form = sqliteForms.get(sql);
  if (!form) {
    const order: number[] = [];
    form = { text: sql.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')), order };
    sqliteForms.set(sql, form);
  }
  return em.query(
    form.text,
    form.order.map((i) => params[i]),
  );
}

/** A value as the database stores it in this entity's column (a date, mostly: a string on SQLite, a timestamp on PostgreSQL). */
export function dbValue(em: EntityManager, entity: Function, property: string, value: unknown): unknown {
  const column = em.connection.getMetadata(entity).findColumnWithPropertyName(property);
  if (!column) throw new Error(`no column ${property} in ${entity.name}`);
  return em.connection.driver.preparePersistentValue(value, column);
}

/** `$from, $from+1, …`: placeholders for a list of `count` parameters. */
export function placeholders(count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');
}

/**
 * "Which of these ids have a row where …?", asked once per turn of the event loop for every caller
 * (TurnBatch): one `SELECT DISTINCT column … IN (…) AND condition`. `condition` is fixed SQL, no
 * parameters; `manager` is read when a batch runs. For questions a hot path asks at each session (issue 16).
 */
export function idsWithRowsPerTurn(manager: () => EntityManager, table: string, column: string, condition: string): TurnBatch<string, boolean> {
  return new TurnBatch<string, boolean>(async (asked) => {
    const ids = [...new Set(asked)];
    const sql = `SELECT DISTINCT "${column}" AS "id" FROM "${table}" WHERE "${column}" IN (${placeholders(ids.length)}) AND ${condition}`;
    const found = new Set((await rawRows<{ id: string }>(manager(), sql, ids)).map((r) => r.id));
    return asked.map((id) => found.has(id));
  });
}
