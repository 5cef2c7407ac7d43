/**
 * Column types that differ between the two databases. The driver is chosen by DATABASE_URL
 * before any entity is loaded, so the decorators can read it once here.
 */
const isPostgres = () => Boolean(process.env.DATABASE_URL);

export const TIMESTAMP = isPostgres() ? 'timestamptz' : 'datetime';
export const JSON_COLUMN = 'simple-json' as const;
