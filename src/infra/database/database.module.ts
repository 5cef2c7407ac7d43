import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { databaseOptions, EntityList } from './database-options';
import { SqliteCheckpointer } from './sqlite-checkpointer';

/**
 * TypeORM on SQLite (default) or PostgreSQL; migrations run at start-up, never `synchronize`.
 * The app module hands in the entities, so this module knows no feature.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ ...databaseOptions(config, entities), migrationsRun: true }),
        }),
      ],
      providers: [SqliteCheckpointer],
    };
  }
}
