import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { createRedis } from '../infra/queue/redis';

/** How long a request's answer is remembered (MQTT-PROTOCOL.md: 24 hours). */
export const REMEMBER_MS = 24 * 3600_000;
/** A machine stays held this long at most if the instance holding it dies mid-decision. */
const HOLD_MS = 10_000;
/** A renewal claimed by an instance that dies is taken over after this long. */
const RENEWAL_CLAIM_MS = 5_000;
const PENDING = '~pending';

/**
 * Returns the stored answer of a request; otherwise holds the machine and marks the request
 * pending in one step, or says the machine (or this very request) is being worked on elsewhere.
 */
const CLAIM = `
local known = redis.call('GET', KEYS[1])
if known and known ~= '${PENDING}' then return {'known', known} end
if known then return {'busy'} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('SET', KEYS[1], '${PENDING}', 'PX', ARGV[2])
  return {'go'}
end
return {'busy'}`;

/** Stores the answer (or forgets the pending mark when ARGV[2] is empty) and lets go of the machine. */
const SETTLE = `
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
elseif redis.call('GET', KEYS[1]) == '${PENDING}' then redis.call('DEL', KEYS[1]) end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Takes the renewals that are due and pushes them a little, so one instance does each. */
const CLAIM_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[1] + ARGV[2], id) end
return due`;

/** The scripts above, as ioredis adds them to the client (defineCommand). */
interface Scripts {
  accessClaim(requestKey: string, machineKey: string, token: string, holdMs: number): Promise<[string, string?]>;
  accessSettle(requestKey: string, machineKey: string, token: string, reply: string, rememberMs: number): Promise<number>;
  accessRelease(machineKey: string, token: string): Promise<number>;
  accessClaimDue(leasesKey: string, now: number, pushMs: number, limit: number): Promise<string[]>;
}

export type RequestClaim = { kind: 'known'; reply: Record<string, unknown> } | { kind: 'go'; token: string };

/**
 * What the app instances must agree on, kept in Redis (always present, even on the embedded
 * default): the answer of each badge request (24 hours), one decision at a time per machine, and
 * when each open session's lease is next renewed, so exactly one instance renews it and a
 * survivor takes over the sessions of an instance that died (ARCHITECTURE.md, several instances).
 */
@Injectable()
export class AccessCoordination implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('AccessCoordination');
  private redis!: IORedis & Scripts;

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    this.redis = createRedis(this.config.env.REDIS_URL) as IORedis & Scripts;
    this.redis.on('error', (err) => this.log.warn(`Redis: ${err.message}`));
    this.redis.defineCommand('accessClaim', { numberOfKeys: 2, lua: CLAIM });
    this.redis.defineCommand('accessSettle', { numberOfKeys: 2, lua: SETTLE });
    this.redis.defineCommand('accessRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis.defineCommand('accessClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE });
  }

  /** After every module stopped (the MQTT client among them), so no handler finds Redis closed. */
  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  /** Not under `<prefix>:access:`, which is the BullMQ queue of that name's. */
  private key(...parts: string[]): string {
    return [this.config.env.QUEUE_PREFIX, 'access-shared', ...parts].join(':');
  }

  private get leasesKey(): string {
    return this.key('leases');
  }

  /**
   * The answer already given to this request, or the machine held for deciding it. Waits while
   * another copy of the request, or another request for the machine, is being decided anywhere.
   */
  async claimRequest(requestId: string, machineId: string): Promise<RequestClaim> {
    const token = randomUUID();
    const [requestKey, machineKey] = [this.key('request', requestId), this.key('machine', machineId)];
    return this.retry(`request ${requestId}`, async () => {
      const [kind, reply] = await this.redis.accessClaim(requestKey, machineKey, token, HOLD_MS);
      if (kind === 'known') return { kind: 'known', reply: JSON.parse(reply!) };
      if (kind === 'go') return { kind: 'go', token };
      return null;
    });
  }

  /** Remembers the answer for 24 hours (none: the request is forgotten) and lets go of the machine. */
  async settleRequest(requestId: string, machineId: string, token: string, reply: Record<string, unknown> | null): Promise<void> {
    await this.redis.accessSettle(this.key('request', requestId), this.key('machine', machineId), token, reply ? JSON.stringify(reply) : '', REMEMBER_MS);
  }

  /** Runs `work` while holding the machine, so nothing else decides or renews on it meanwhile. */
  async withMachine<T>(machineId: string, work: () => Promise<T>): Promise<T> {
    const key = this.key('machine', machineId);
    const token = randomUUID();
    await this.retry(`machine ${machineId}`, async () => ((await this.redis.set(key, token, 'PX', HOLD_MS, 'NX')) ? true : null));
    try {
      return await work();
    } finally {
      await this.redis.accessRelease(key, token).catch((err: Error) => this.log.warn(`release ${machineId}: ${err.message}`));
    }
  }

  /** Tries `attempt` until it gives an answer, a little longer than a dead holder keeps a machine. */
  private async retry<T>(what: string, attempt: () => Promise<T | null>): Promise<T> {
    const giveUpAt = Date.now() + HOLD_MS * 1.5;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      const got = await attempt();
      if (got !== null) return got;
      if (Date.now() > giveUpAt) throw new Error(`${what}: still held elsewhere after ${HOLD_MS * 1.5} ms`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** The session's lease is next renewed (or found expired) at `at`. */
  async scheduleRenewal(sessionId: string, at: number): Promise<void> {
    await this.redis.zadd(this.leasesKey, at, sessionId);
  }

  /** Like scheduleRenewal, but never brings back a session that was ended meanwhile. */
  async rescheduleRenewal(sessionId: string, at: number): Promise<void> {
    await this.redis.zadd(this.leasesKey, 'XX', at, sessionId);
  }

  /** Open sessions the schedule does not know (Redis emptied, sessions opened before): due now. */
  async adoptSessions(sessionIds: string[], at: number): Promise<void> {
    if (!sessionIds.length) return;
    await this.redis.zadd(this.leasesKey, 'NX', ...sessionIds.flatMap((id) => [at, id]));
  }

  async dropRenewal(sessionId: string): Promise<void> {
    await this.redis.zrem(this.leasesKey, sessionId);
  }

  /**
   * The bridge is closing this session (badge-out grace): its lease is no longer renewed. Kept
   * `forMs`, as long as the session can last; its end or the holder's return forgets it sooner.
   */
  async markClosing(sessionId: string, forMs: number): Promise<void> {
    await this.redis.set(this.key('closing', sessionId), '1', 'PX', Math.max(1, Math.round(forMs)));
  }

  async isClosing(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(this.key('closing', sessionId))) === 1;
  }

  async forgetClosing(sessionId: string): Promise<void> {
    await this.redis.del(this.key('closing', sessionId));
  }

  /** The sessions whose renewal is due now, taken by this instance (another takes them if it dies). */
  async claimDueRenewals(now: number, limit = 100): Promise<string[]> {
    return this.redis.accessClaimDue(this.leasesKey, now, RENEWAL_CLAIM_MS, limit);
  }
}
