import { loadMigrations } from '../load';

export const POSTGRES_MIGRATIONS = loadMigrations(__dirname);
