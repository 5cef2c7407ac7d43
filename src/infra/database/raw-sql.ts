import type { EntityManager } from 'typeorm';

const sqliteForms = new Map<string, { text: string; order: number[] }>();

/**
 * One statement of a hot path, written once in PostgreSQL's form (`$1`, `$2`…; quoted camelCase
 * columns) and run on either database without TypeORM's query builder, which on a badge cost more
 * CPU than the database did (docs/benchmarks.md, issue 16). SQLite gets `?` in the order the
 * numbers appear. Keep the parameters to ids, words and numbers: dates are stored differently.
 */
export function rawRows<T = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (em.connection.options.type !== 'better-sqlite3') return em.query(sql, params);
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
