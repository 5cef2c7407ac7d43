import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { BullmqBackend } from './bullmq-backend';
import { DatabaseBackend } from './database-backend';
import { QUEUE_BACKEND, Queues } from './queues';

/**
 * Background work (docs/ARCHITECTURE.md, "Background work"): `Queues` is what features use; the
 * backend is BullMQ on Redis when REDIS_URL is set, the app's own database otherwise.
 */
@Global()
@Module({
  providers: [
    {
      provide: QUEUE_BACKEND,
      inject: [AppConfig, DataSource],
      useFactory: (config: AppConfig, db: DataSource) =>
        config.env.REDIS_URL
          ? new BullmqBackend(config.env.REDIS_URL, config.env.QUEUE_PREFIX)
          : new DatabaseBackend(db, { pollMs: config.env.QUEUE_POLL_MS, visibilityMs: config.env.QUEUE_VISIBILITY_SECONDS * 1000 }),
    },
    Queues,
  ],
  exports: [Queues],
})
export class QueueModule {}
