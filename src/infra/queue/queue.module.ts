import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Queues } from './queues';
import { RECONNECT } from './redis';

/**
 * BullMQ on Redis (REDIS_URL). Features add jobs and declare their repeatable jobs through
 * `Queues` (src/infra/queue/queues.ts); their workers are `@Processor(QUEUE)` classes, which run on
 * this root connection: it waits for Redis instead of failing, and reconnects within 2 s.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const u = new URL(config.env.REDIS_URL);
        return {
          connection: {
            host: u.hostname,
            port: Number(u.port || 6379),
            username: u.username || undefined,
            password: u.password ? decodeURIComponent(u.password) : undefined,
            db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
            tls: u.protocol === 'rediss:' ? {} : undefined,
            maxRetriesPerRequest: null,
            retryStrategy: RECONNECT,
          },
          prefix: config.env.QUEUE_PREFIX,
        };
      },
    }),
    // No queue here (producers are `Queues`'): this brings in the explorer that starts the @Processor workers.
    BullModule.registerQueue(),
  ],
  providers: [Queues],
  exports: [BullModule, Queues],
})
export class QueueModule {}
