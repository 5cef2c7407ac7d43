import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MachineSample, SampleTemp } from './entities/machine-sample.entity';
import { MachineLiveService } from './machine-live.service';

/** Rows per INSERT: a few hundred machines fit in one statement, far below either database's parameter limit. */
const CHUNK = 500;
const DAY_MS = 86_400_000;

/** The measures kept of a reading; anything else (the head's position) is live only. */
export interface Measures {
  powerW?: number;
  progress?: number;
  temps?: Record<string, SampleTemp>;
}

interface Pending extends Measures {
  siteId: string;
}

export function measuresOf(telemetry: Record<string, unknown>): Measures | null {
  const m: Measures = {};
  if (Number.isFinite(telemetry.powerW)) m.powerW = telemetry.powerW as number;
  if (Number.isFinite(telemetry.progress)) m.progress = telemetry.progress as number;
  if (telemetry.temps && typeof telemetry.temps === 'object') m.temps = telemetry.temps as Record<string, SampleTemp>;
  return Object.keys(m).length ? m : null;
}

/**
 * Writes the telemetry this instance received as one sample per machine every
 * TELEMETRY_SAMPLE_SECONDS, and deletes samples older than TELEMETRY_KEEP_DAYS once a day.
 *
 * Ticks fall on the clock (every minute at :00 by default), the same instant on every instance,
 * and a sample is stamped with its tick: when a broker hands one machine's messages to several
 * instances in turn, they write the same (machine, at) and the unique index keeps the first.
 */
@Injectable()
export class TelemetrySampler implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('TelemetrySampler');
  /** Per machine, the latest value of each measure since the last tick. */
  private readonly pending = new Map<string, Pending>();
  private tickTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectRepository(MachineSample) private readonly samples: Repository<MachineSample>,
    private readonly live: MachineLiveService,
    private readonly config: AppConfig,
  ) {}

  private get everyMs(): number {
    return this.config.env.TELEMETRY_SAMPLE_SECONDS * 1000;
  }

  onModuleInit(): void {
    if (!this.everyMs) return;
    this.live.onLocalTelemetry((base, telemetry) => this.keep(base.machineId, base.siteId, telemetry));
    this.scheduleAfter(0);
  }

  /** Every instance prunes: a DELETE by date is harmless when another just did it. */
  onApplicationBootstrap(): void {
    void this.prune();
    this.pruneTimer = setInterval(() => void this.prune(), DAY_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.tickTimer);
    clearInterval(this.pruneTimer);
  }

  keep(machineId: string, siteId: string, telemetry: Record<string, unknown>): void {
    const measures = measuresOf(telemetry);
    if (!measures) return;
    this.pending.set(machineId, { ...this.pending.get(machineId), ...measures, siteId });
  }

  /** The next tick on the clock after `previous` (never the same one twice, even if a timer fires early). */
  private scheduleAfter(previous: number): void {
    if (this.stopped) return;
    const every = this.everyMs;
    const next = Math.max(previous + every, (Math.floor(Date.now() / every) + 1) * every);
    this.tickTimer = setTimeout(() => {
      this.scheduleAfter(next);
      void this.sample(new Date(next));
    }, next - Date.now());
    this.tickTimer.unref();
  }

  /** One multi-row INSERT per 500 machines that sent telemetry since the last tick; nothing when none did. */
  async sample(at: Date): Promise<number> {
    if (!this.pending.size) return 0;
    const rows = [...this.pending].map(([machineId, p]) => ({
      machineId,
      siteId: p.siteId,
      at,
      powerW: p.powerW ?? null,
      progress: p.progress ?? null,
      temps: p.temps ?? null,
    }));
    this.pending.clear();
    let written = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      try {
        await this.samples.createQueryBuilder().insert().into(MachineSample).values(chunk).orIgnore().updateEntity(false).execute();
        written += chunk.length;
      } catch (err) {
        // Samples are a coarse history: a lost interval is not worth a retry, nor a crash.
        this.log.warn(`${chunk.length} telemetry samples not written: ${(err as Error).message}`);
      }
    }
    return written;
  }

  async prune(now = Date.now()): Promise<void> {
    const cutoff = new Date(now - this.config.env.TELEMETRY_KEEP_DAYS * DAY_MS);
    try {
      const { affected } = await this.samples.delete({ at: LessThan(cutoff) });
      if (affected) this.log.log(`${affected} telemetry samples older than ${this.config.env.TELEMETRY_KEEP_DAYS} days deleted`);
    } catch (err) {
      this.log.warn(`old telemetry samples not deleted: ${(err as Error).message}`);
    }
  }
}
