import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { AppConfig } from '../../config/app-config';
import { createRedis } from '../queue/redis';
import { redisAdapterClients } from './redis-io.adapter';
import { RealtimeService } from './realtime.service';

/** The adapter key of the web instances' socket.io (app.factory.ts): the same channel. */
export const ioKey = (config: AppConfig) => `${config.env.QUEUE_PREFIX}-io`;

/**
 * The worker process (`npm run worker`) serves no socket: its RealtimeService is given a socket.io
 * server with no HTTP server, on the web instances' Redis adapter, so that closing a person's
 * sockets (`disconnect`) reaches every web instance. Its pushes go on the live channel like any
 * instance's (LiveShare): each web instance delivers them to its own browsers.
 */
@Injectable()
export class RealtimeRelay implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Realtime');
  private io?: Server;
  private clients: ReturnType<typeof createRedis>[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly realtime: RealtimeService,
  ) {}

  onModuleInit(): void {
    const url = this.config.env.REDIS_URL;
    if (!this.config.worker || !url) return;
    const [pub, sub] = redisAdapterClients(url);
    this.clients = [pub, sub];
    this.io = new Server({ serveClient: false });
    this.io.adapter(createAdapter(pub, sub, { key: ioKey(this.config) }));
    this.realtime.attach(this.io.of('/live'));
    this.log.log('live pushes of this worker go to the web instances through Redis');
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.io) return;
    // Not io.close(): with no HTTP server it has no engine to close. The adapters stop with their connections.
    await Promise.resolve(this.io.of('/live').adapter.close()).catch(() => undefined);
    this.clients.forEach((c) => c.disconnect());
  }
}
