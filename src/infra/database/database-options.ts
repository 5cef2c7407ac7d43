import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { POSTGRES_MIGRATIONS } from '../../../migrations/postgres';
import { SQLITE_MIGRATIONS } from '../../../migrations/sqlite';
import { AppConfig } from '../../config/app-config';

/** The entity classes the app is made of (each feature lists its own; src/app.entities.ts joins them). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/** The one description of the database, used by Nest and by the migration CLI; the entities come from the app. */
export function databaseOptions(config: AppConfig, entities: EntityList): DataSourceOptions {
  const common = { entities, synchronize: false, migrationsRun: false, logging: false as const };
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
    // Prepared statements kept (TypeORM keeps 100, first in first out: fewer than the app's distinct
    // statements, so the badge path's were prepared again and again).
    statementCacheSize: 2000,
    // WAL lets readers go on while a write is under way; busy_timeout avoids SQLITE_BUSY under load.
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      // better-sqlite3 writes on the event loop: an fsync per commit (synchronous = FULL) held it
      // ~0.2 ms per write, most of a badge's database time (config.schema.ts, SQLITE_SYNCHRONOUS).
      db.pragma(`synchronous = ${config.env.SQLITE_SYNCHRONOUS.toUpperCase()}`);
      // After a burst the log is cut back to this size once checkpointed (SqliteCheckpointer).
      db.pragma('journal_size_limit = 67108864');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  } as DataSourceOptions;
}
