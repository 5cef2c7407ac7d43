import { loadMigrations } from '../load';

export const SQLITE_MIGRATIONS = loadMigrations(__dirname);
