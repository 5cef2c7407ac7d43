import { ExecutionContext, HttpException, HttpStatus, Injectable, OnApplicationShutdown, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from '../infra/queue/redis';

/**
 * Rate limits live in Redis when REDIS_URL is set (keys under QUEUE_PREFIX), so they hold across
 * every instance behind a load balancer; without it, in this process's memory. @nestjs/throttler decides per address; the store is ours
 * because the maintained Redis store for it does not declare NestJS 12 yet (a few lines of Lua).
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked < 0 and hits > tonumber(ARGV[2]) and tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, redis.call('PTTL', KEYS[1]), blocked }`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * The same counting as the Lua script, in this process's memory: without REDIS_URL there is one
 * instance, so its memory is the whole truth (and limits start afresh on a restart).
 */
class MemoryCounts {
  private readonly hits = new Map<string, { n: number; until: number }>();
  private readonly blocks = new Map<string, number>();

  increment(key: string, ttl: number, limit: number, blockDuration: number): number[] {
    const now = Date.now();
    this.sweep(now);
    const h = this.hits.get(key);
    const counted = h && h.until > now ? { n: h.n + 1, until: h.until } : { n: 1, until: now + ttl };
    this.hits.set(key, counted);
    let blocked = this.blockedMs(key, now);
    if (blocked <= 0 && counted.n > limit && blockDuration > 0) {
      this.blocks.set(key, now + blockDuration);
      blocked = blockDuration;
    }
    return [counted.n, counted.until - now, blocked];
  }

  blockedMs(key: string, now = Date.now()): number {
    return (this.blocks.get(key) ?? 0) - now;
  }

  forget(key: string): void {
    this.hits.delete(key);
  }

  /** Expired entries go once in a while, so a flood of addresses does not grow the maps for ever. */
  private lastSweep = 0;
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, h] of this.hits) if (h.until <= now) this.hits.delete(k);
    for (const [k, until] of this.blocks) if (until <= now) this.blocks.delete(k);
  }
}

@Injectable()
export class RateLimitStore implements ThrottlerStorage, OnApplicationShutdown {
  private readonly redis?: IORedis;
  private readonly memory = new MemoryCounts();
  private readonly prefix: string;

  constructor(config: AppConfig) {
    if (config.env.REDIS_URL) {
      this.redis = createRedis(config.env.REDIS_URL, { lazyConnect: false });
      this.redis.on('error', () => undefined);
    }
    this.prefix = `${config.env.QUEUE_PREFIX}:rate`;
  }

  /** One more hit on `key` within `ttl` ms; past `limit`, the key is blocked for `blockDuration` ms. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerStorageRecord> {
    const [hits, ttlMs, blockedMs] = this.redis
      ? ((await this.redis.eval(INCREMENT, 2, this.key(key), this.blockKey(key), ttl, limit, blockDuration)) as number[])
      : this.memory.increment(key, ttl, limit, blockDuration);
    return { totalHits: hits, timeToExpire: seconds(ttlMs), isBlocked: blockedMs > 0, timeToBlockExpire: seconds(blockedMs) };
  }

  /** Seconds left on a block, 0 when `key` is free. */
  async blockedFor(key: string): Promise<number> {
    return seconds(this.redis ? await this.redis.pttl(this.blockKey(key)) : this.memory.blockedMs(key));
  }

  async forget(key: string): Promise<void> {
    if (this.redis) await this.redis.del(this.key(key));
    else this.memory.forget(key);
  }

  private key = (key: string) => `${this.prefix}:${key}`;
  private blockKey = (key: string) => `${this.prefix}:${key}:blocked`;

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

/** Too many tries: 429 with a French sentence and Retry-After (set by the exception filter). */
export class TooManyAttempts extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    what = 'tentatives',
  ) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      {
        statusCode: 429,
        code: 'too_many_attempts',
        message: `Trop de ${what} : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}. Too many attempts, try again later.`,
        retryAfterSeconds,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

const SENSITIVE = 'fablab:sensitive-route';
/** Login, password reset: their own, tighter limit per address on top of the anonymous one. */
export const SensitiveRoute = () => SetMetadata(SENSITIVE, true);
const isSensitive = (ctx: ExecutionContext) => Reflect.getMetadata(SENSITIVE, ctx.getHandler()) === true;

/** A limit of 0 in the configuration lifts it (benches); Redis is then not asked at all. */
export function throttlerOptions(config: AppConfig, storage: RateLimitStore): ThrottlerModuleOptions {
  const { RATE_LIMIT_ANONYMOUS_PER_MINUTE: anonymous, RATE_LIMIT_LOGIN_PER_MINUTE: login } = config.env;
  return {
    storage,
    throttlers: [
      { name: 'anonymous', ttl: 60_000, limit: anonymous, skipIf: () => anonymous === 0 },
      { name: 'login', ttl: 60_000, limit: login, skipIf: (ctx) => login === 0 || !isSensitive(ctx) },
    ],
  };
}

/**
 * Limits what anyone may do without being logged in (pages, login, password reset), per address.
 * Runs after the AuthGuard: a logged-in person is not counted here (their actions are checked
 * by role and site instead).
 */
@Injectable()
export class AnonymousThrottlerGuard extends ThrottlerGuard {
  protected async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    return Boolean(ctx.switchToHttp().getRequest<{ viewer?: unknown }>().viewer);
  }

  /** One count per address and limit across every route (the default would count per route). */
  protected generateKey(_ctx: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected async throwThrottlingException(_ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new TooManyAttempts(detail.timeToBlockExpire, 'requêtes depuis cette adresse');
  }
}
