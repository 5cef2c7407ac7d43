import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type IORedis from 'ioredis';
import { createRedis } from '../queue/redis';

/** One push for browsers on other instances: the rooms, the event, its payload. */
export type SharedPush = [rooms: string[], event: string, payload: unknown];

/** An instance says which push rooms have browsers on it this often; the others believe it three times as long. */
const WATCH_ANNOUNCE_MS = 5_000;
const WATCH_TRUST_MS = 3 * WATCH_ANNOUNCE_MS;

interface Message {
  /** The push rooms with browsers on the sender (a full list: it replaces nothing, it extends the trust). */
  watching?: string[];
  /** The sender just started and asks every instance to say what it watches now. */
  hello?: true;
  pushes?: SharedPush[];
}

/**
 * Live pushes between app instances, over one Redis channel (issue 16). socket.io's Redis adapter
 * published every push on its own, msgpack-encoded, and every instance (the publisher too) decoded
 * every one of them: five or six per badge. Here a turn of the event loop's pushes leave in one
 * message, only when some other instance has a browser in one of their rooms, and an instance skips
 * its own messages without parsing them. Rooms watched elsewhere are learnt from the instances'
 * announcements: at once when a room gets its first browser, then every 5 s.
 */
export class LiveShare {
  private readonly log = new Logger('Realtime');
  private readonly origin = randomUUID();
  private readonly pub: IORedis;
  private readonly sub: IORedis;
  /** Push rooms with browsers on other instances, until when that is believed. */
  private readonly remote = new Map<string, number>();
  /** This turn's pushes, each already JSON (as it was when pushed: a payload may change after). */
  private unsent: string[] = [];
  private readonly announcer: NodeJS.Timeout;

  constructor(
    redisUrl: string,
    private readonly channel: string,
    /** The push rooms with browsers on this instance. */
    private readonly localRooms: () => string[],
    /** Delivers pushes from another instance to this instance's browsers. */
    private readonly deliver: (push: SharedPush) => void,
  ) {
    this.pub = createRedis(redisUrl, { enableAutoPipelining: true });
    this.sub = createRedis(redisUrl);
    this.pub.on('error', () => undefined);
    this.sub.on('error', (err) => this.log.warn(`Redis: ${err.message}`));
    this.announcer = setInterval(() => {
      this.announce();
      this.forgetStale();
    }, WATCH_ANNOUNCE_MS);
    this.announcer.unref();
  }

  async start(): Promise<void> {
    this.sub.on('message', (_channel, raw: string) => this.receive(raw));
    await this.sub.subscribe(this.channel);
    const watching = this.localRooms();
    this.send(watching.length ? { hello: true, watching } : { hello: true });
  }

  stop(): void {
    clearInterval(this.announcer);
    this.sub.disconnect();
    this.pub.disconnect();
  }

  /** Whether a browser on another instance is in one of these rooms. */
  watchedElsewhere(rooms: string[], now = Date.now()): boolean {
    return rooms.some((room) => (this.remote.get(room) ?? 0) > now);
  }

  /** Queued for the end of this turn of the loop, if another instance has a browser in one of the rooms. */
  share(push: SharedPush): void {
    if (!this.watchedElsewhere(push[0])) return;
    let json: string;
    try {
      json = JSON.stringify(push);
    } catch (err) {
      return this.log.warn(`live push ${push[1]} not shared (unreadable payload): ${(err as Error).message}`);
    }
    this.unsent.push(json);
    if (this.unsent.length === 1) setImmediate(() => this.flush());
  }

  /** A room just got its first browser here: the others start sending its pushes now, not in 5 s. */
  announce(): void {
    const watching = this.localRooms();
    if (watching.length) this.send({ watching });
  }

  private flush(): void {
    const pushes = this.unsent;
    this.unsent = [];
    if (pushes.length) this.publish(`{"pushes":[${pushes.join(',')}]}`);
  }

  private send(message: Message): void {
    this.publish(JSON.stringify(message));
  }

  private publish(body: string): void {
    this.pub.publish(this.channel, `${this.origin} ${body}`).catch((err: Error) => this.log.warn(`live push not shared: ${err.message}`));
  }

  private receive(raw: string): void {
    if (raw.startsWith(this.origin)) return; // our own message, back from Redis: not even parsed
    let message: Message;
    try {
      message = JSON.parse(raw.slice(raw.indexOf(' ') + 1)) as Message;
    } catch {
      return this.log.warn('unreadable live push from another instance ignored');
    }
    if (message.hello) this.announce();
    const until = Date.now() + WATCH_TRUST_MS;
    for (const room of message.watching ?? []) this.remote.set(room, until);
    for (const push of message.pushes ?? []) {
      try {
        this.deliver(push);
      } catch (err) {
        this.log.warn(`live push from another instance not delivered: ${(err as Error).message}`);
      }
    }
  }

  private forgetStale(): void {
    const now = Date.now();
    for (const [room, until] of this.remote) if (until <= now) this.remote.delete(room);
  }
}
