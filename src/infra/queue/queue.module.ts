import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/** BullMQ on Redis (REDIS_URL); features register their own queues with `BullModule.registerQueue`. */
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
          },
          prefix: config.env.QUEUE_PREFIX,
        };
      },
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
