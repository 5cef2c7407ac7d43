import { DataSource, DataSourceOptions } from 'typeorm';
import { APP_ENTITIES } from './app.entities';
import { AppConfig } from './config/app-config';
import { databaseOptions } from './infra/database/database-options';

/** The database with every feature's tables, for the CLIs (migrate, create-admin, typeorm). */
export const dataSourceOptions = (config: AppConfig): DataSourceOptions => databaseOptions(config, APP_ENTITIES);

/** Used by `npm run migration:*` (typeorm CLI with `-d dist/src/data-source.js`). */
export default new DataSource(dataSourceOptions(AppConfig.fromEnv()));
