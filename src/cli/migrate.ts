import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config.schema';
import { dataSourceOptions } from '../data-source';

/**
 * `node dist/src/cli/migrate.js`: runs the pending migrations and exits. Several instances that
 * start at once on a new database would race on them; docker/compose.yaml runs this first.
 */
async function main() {
  const config = AppConfig.fromEnv();
  const db = new DataSource(dataSourceOptions(config));
  await db.initialize();
  try {
    const done = await db.runMigrations({ transaction: 'all' });
    process.stdout.write(`${done.length} migration(s) appliquée(s) / applied\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`\n${err instanceof ConfigError ? err.message : (err?.stack ?? err)}\n\n`);
  process.exit(1);
});
