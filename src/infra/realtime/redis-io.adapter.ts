import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import { createRedis } from '../queue/redis';

/** The publishing and subscribing connections of socket.io's Redis adapter (web instances and the worker's relay). */
export function redisAdapterClients(redisUrl: string): [ReturnType<typeof createRedis>, ReturnType<typeof createRedis>] {
  // Pushes sent in one turn of the event loop leave in one write (issue 16: a badge pushes several).
  const pub = createRedis(redisUrl, { enableAutoPipelining: true });
  const sub = pub.duplicate({ enableAutoPipelining: false });
  // A push racing the shutdown must not become an unhandled rejection: live pushes are best effort.
  const publish = pub.publish.bind(pub) as (...args: unknown[]) => Promise<number>;
  (pub as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args) => publish(...args).catch(() => 0);
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  return [pub, sub];
}

/** socket.io over Redis pub/sub, so several app instances share rooms (one code path for both scales). */
export class RedisIoAdapter extends IoAdapter {
  private adapter?: ReturnType<typeof createAdapter>;
  private clients: ReturnType<typeof createRedis>[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly key: string,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    const [pub, sub] = redisAdapterClients(this.redisUrl);
    this.clients = [pub, sub];
    this.adapter = createAdapter(pub, sub, { key: this.key });
  }

  createIOServer(port: number, options?: ServerOptions): any {
    const server = super.createIOServer(port, options);
    if (this.adapter) server.adapter(this.adapter);
    return server;
  }

  async dispose(): Promise<void> {
    await super.dispose();
    this.clients.forEach((c) => c.disconnect());
  }
}
