import IORedis, { RedisOptions } from 'ioredis';
import { StartupError } from '../startup-error';

/** Connection options BullMQ needs: commands wait for a reconnect instead of failing. */
export function redisOptions(url: string): RedisOptions & { url: string } {
  return { url, maxRetriesPerRequest: null, enableReadyCheck: true };
}

/** Reconnects within two seconds of Redis coming back (ioredis's default waits up to 20 s for BullMQ). */
export const RECONNECT = (attempt: number) => Math.min(attempt * 200, 2000);

export function createRedis(url: string, extra: RedisOptions = {}): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, ...extra });
}

/** Fails fast with one sentence when Redis is not there, instead of hanging on retries. */
export async function assertRedisReachable(url: string): Promise<void> {
  const probe = new IORedis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new StartupError(
      `Redis est injoignable à ${url} (REDIS_URL) : installez-le et démarrez-le (« sudo apt install redis-server » ou ` +
        `« docker run -d -p 6379:6379 redis:7 »), ou indiquez son adresse dans REDIS_URL. ` +
        `Redis is unreachable at ${url}: start one (apt install redis-server, or docker run -p 6379:6379 redis:7) or set REDIS_URL. (${(err as Error).message})`,
    );
  } finally {
    probe.disconnect();
  }
}
