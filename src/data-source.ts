import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite';
import { AppConfig } from './config/app-config';
import { ENTITIES } from './entities';

/** The one description of the database, used by Nest and by the migration CLI. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  const common = { entities: ENTITIES, synchronize: false, migrationsRun: false, logging: false as const };
  if (config.database.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: config.database.url,
      uuidExtension: 'pgcrypto',
      migrations: POSTGRES_MIGRATIONS,
      extra: { max: config.env.DATABASE_POOL_SIZE },
    };
  }
  fs.mkdirSync(path.dirname(config.database.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.database.file,
    migrations: SQLITE_MIGRATIONS,
    // WAL lets readers go on while a write is under way; busy_timeout avoids SQLITE_BUSY under load.
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },

  } as DataSourceOptions;
}

/** Used by `npm run migration:*` (typeorm CLI with `-d dist/src/data-source.js`). */
export default new DataSource(dataSourceOptions(AppConfig.fromEnv()));
