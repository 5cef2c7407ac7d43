import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { BullmqBackend } from './bullmq-backend';
import { QUEUE_BACKEND, Queues } from './queues';

/**
 * Background work (docs/ARCHITECTURE.md, "Background work"): `Queues` is what features use; the
 * backend is BullMQ on Redis when REDIS_URL is set.
 */
@Global()
@Module({
  providers: [
    {
      provide: QUEUE_BACKEND,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new BullmqBackend(config.env.REDIS_URL!, config.env.QUEUE_PREFIX),
    },
    Queues,
  ],
  exports: [Queues],
})
export class QueueModule {}
