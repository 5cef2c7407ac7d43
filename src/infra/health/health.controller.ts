import { Controller, Get, HttpStatus, Module, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/public.decorator';
import { MqttService } from '../mqtt/mqtt.service';
import { Queues } from '../queue/queues';

async function probe(fn: () => Promise<unknown>): Promise<{ ok: boolean; error?: string; ms: number }> {
  const t = performance.now();
  try {
    await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000))]);
    return { ok: true, ms: Math.round(performance.now() - t) };
  } catch (err) {
    return { ok: false, error: (err as Error).message, ms: Math.round(performance.now() - t) };
  }
}

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mqtt: MqttService,
    private readonly queues: Queues,
  ) {}

  /**
   * 200 when the database, the job queue's store and the MQTT broker answer; 503 with what failed
   * otherwise. `redis` is there only when REDIS_URL is set (without it, the queue is the database).
   */
  @Public()
  @Get('health')
  @ApiOkResponse({ description: 'database, redis and mqtt status' })
  async health(@Res() res: Response) {
    const onRedis = this.queues.backend.kind === 'redis';
    const [database, redis] = await Promise.all([probe(() => this.db.query('SELECT 1')), onRedis ? probe(() => this.queues.ping()) : null]);
    const mqtt = { ok: this.mqtt.connected, broker: this.mqtt.brokerUrl };
    const ok = database.ok && (redis?.ok ?? true) && mqtt.ok;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'degraded',
      database: { ...database, type: this.db.options.type },
      queue: { backend: this.queues.backend.kind },
      ...(redis ? { redis: redis.ok ? redis : { ...redis, error: `Redis injoignable (${redis.error}). Redis is unreachable.` } } : {}),
      mqtt,
    });
  }
}

@Module({ controllers: [HealthController] })
export class HealthModule {}
