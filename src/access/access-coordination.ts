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
 * pending in one step, or says the machine (or this very request) is being worked on elsewhere,
 * and leaves a mark (KEYS[3]) that someone waits for the machine.
 */
const CLAIM = `
local known = redis.call('GET', KEYS[1])
if known and known ~= '${PENDING}' then return {'known', known} end
if not known and redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('SET', KEYS[1], '${PENDING}', 'PX', ARGV[2])
  return {'go'}
end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
return {'busy'}`;

/** Holds the machine, or marks that someone waits for it (KEYS[2]). */
const HOLD = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return 0`;

/** Lets go of the machine (KEYS[1]) if still ours; if someone waits for it (KEYS[2]), says it is free on channel ARGV[2]. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if redis.call('DEL', KEYS[2]) == 1 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
end
return 1`;

/** Stores the answer (or forgets the pending mark when ARGV[2] is empty) and lets go of the machine, as RELEASE does. */
const SETTLE = `
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
elseif redis.call('GET', KEYS[1]) == '${PENDING}' then redis.call('DEL', KEYS[1]) end
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
  if redis.call('DEL', KEYS[3]) == 1 then redis.call('PUBLISH', ARGV[4], ARGV[5]) end
end
return 1`;

/** Takes the renewals that are due and pushes them a little, so one instance does each. */
const CLAIM_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[1] + ARGV[2], id) end
return due`;

/** The scripts above, as ioredis adds them to the client (defineCommand). */
interface Scripts {
  accessClaim(requestKey: string, machineKey: string, waitersKey: string, token: string, holdMs: number): Promise<[string, string?]>;
  accessHold(machineKey: string, waitersKey: string, token: string, holdMs: number): Promise<number>;
  accessSettle(
    requestKey: string,
    machineKey: string,
    waitersKey: string,
    token: string,
    reply: string,
    rememberMs: number,
    freeChannel: string,
    machineId: string,
  ): Promise<number>;
  accessRelease(machineKey: string, waitersKey: string, token: string, freeChannel: string, machineId: string): Promise<number>;
  accessClaimDue(leasesKey: string, now: number, pushMs: number, limit: number): Promise<string[]>;
}

export type RequestClaim = { kind: 'known'; reply: Record<string, unknown> } | { kind: 'go'; token: string };

const LOCAL = 'local:';
/**
 * Bridge clocks drift (NTP keeps them within a second; a minute allows for a bad one): a request
 * stamped this little after the memory began may still be older than it, so it is looked up.
 */
const CLOCK_SKEW_MS = 60_000;
/** How often an instance checks that Redis still has the mark of when its memory of answers began. */
const SINCE_CHECK_MS = 15_000;

/**
 * This instance's own memory of the same things, used while Redis is out of reach so that badges
 * are still decided (in order per machine, each request answered once) and leases still renewed.
 * Instances then no longer share them: the database's one-open-session-per-machine index is what
 * still holds across instances. Nothing here is copied back; the open sessions are adopted again
 * by the schedule once Redis answers (SessionLeases, every 15 s, which also hands them to this
 * local schedule while Redis is away).
 */
class LocalCoordination {
  private readonly answers = new Map<string, { reply: Record<string, unknown>; until: number }>();
  private readonly machines = new Map<string, Promise<void>>();
  readonly leases = new Map<string, number>();
  readonly closing = new Map<string, number>();

  answer(requestId: string): Record<string, unknown> | undefined {
    const known = this.answers.get(requestId);
    if (known && known.until > Date.now()) return known.reply;
    this.answers.delete(requestId);
    return undefined;
  }

  remember(requestId: string, reply: Record<string, unknown>): void {
    if (this.answers.size > 100_000) this.answers.clear(); // a long outage: memory before memories
    this.answers.set(requestId, { reply, until: Date.now() + REMEMBER_MS });
  }

  /** Waits for the machine, then holds it until the returned release is called. */
  async hold(machineId: string): Promise<() => void> {
    const before = this.machines.get(machineId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chain = before.then(() => mine);
    this.machines.set(machineId, chain);
    await before;
    return () => {
      release();
      if (this.machines.get(machineId) === chain) this.machines.delete(machineId);
    };
  }

  due(now: number, limit: number): string[] {
    const due = [...this.leases]
      .filter(([, at]) => at <= now)
      .slice(0, limit)
      .map(([id]) => id);
    for (const id of due) this.leases.set(id, now + RENEWAL_CLAIM_MS);
    return due;
  }
}

/**
 * What the app instances must agree on, kept in Redis when REDIS_URL is set (without it, the one
 * instance keeps them in its memory, LocalCoordination): the answer of each badge request (24
 * hours), one decision at a time per machine, and when each open session's lease is next renewed, so exactly one instance renews it and a
 * survivor takes over the sessions of an instance that died (ARCHITECTURE.md, several instances).
 */
@Injectable()
export class AccessCoordination implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('AccessCoordination');
  private redis!: IORedis & Scripts;
  private readonly local = new LocalCoordination();
  private readonly localReleases = new Map<string, () => void>();
  /** This instance's places in line for a machine, with Redis (inLine), by claim token. */
  private readonly lines = new Map<string, () => void>();
  private warnedAt = 0;
  /** When the memory of answers this instance reads began: its own start, or Redis's mark. */
  private answersSince = Date.now();
  private sinceTimer?: NodeJS.Timeout;
  /** Hears which machines other instances let go of while someone waited (retry). */
  private freeSub?: IORedis;
  /** Who waits on this instance for which machine to be said free. */
  private readonly waiting = new Map<string, Set<() => void>>();
  private hearsFreeMachines = false;
  /** How many "machine free" messages this instance has heard: one heard during an attempt means try again at once. */
  private freeHeard = 0;

  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!this.config.env.REDIS_URL) return; // one instance: its own memory (LocalCoordination) is the whole truth
    // No offline queue and a short command timeout: a badge must not wait for Redis to come back.
    // Commands of one turn of the event loop leave in one write (auto-pipelining: issue 16).
    this.redis = createRedis(this.config.env.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1000,
      enableAutoPipelining: true,
    }) as IORedis & Scripts;
    this.redis.on('error', (err) => this.log.warn(`Redis: ${err.message}`));
    this.redis.defineCommand('accessClaim', { numberOfKeys: 3, lua: CLAIM });
    this.redis.defineCommand('accessHold', { numberOfKeys: 2, lua: HOLD });
    this.redis.defineCommand('accessSettle', { numberOfKeys: 3, lua: SETTLE });
    this.redis.defineCommand('accessRelease', { numberOfKeys: 2, lua: RELEASE });
    this.redis.defineCommand('accessClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE });
    this.listenForFreeMachines(this.config.env.REDIS_URL);
    // Until Redis says when its memory began, every request is looked up in the audit log too.
    this.answersSince = Number.POSITIVE_INFINITY;
    void this.checkAnswersSince();
    this.sinceTimer = setInterval(() => void this.checkAnswersSince(), SINCE_CHECK_MS);
    this.sinceTimer.unref();
  }

  /** Redis keeps a mark of when it began remembering answers; emptied, the mark is set anew. */
  private async checkAnswersSince(): Promise<void> {
    const key = this.key('answers-since');
    try {
      await this.redis.set(key, String(Date.now()), 'NX');
      const since = Number(await this.redis.get(key));
      this.answersSince = Number.isFinite(since) && since > 0 ? since : Number.POSITIVE_INFINITY;
    } catch {
      this.answersSince = Number.POSITIVE_INFINITY;
    }
  }

  /**
   * Whether a request sent at `sentAt` (the bridge's clock) may have been answered where this
   * memory cannot see: before it began (a restart without Redis, Redis emptied), or while Redis is
   * out of reach (`claim` decided on this instance's own memory). Then the audit log is read too.
   */
  mayBeAnsweredElsewhere(sentAt: number, claim: Extract<RequestClaim, { kind: 'go' }>): boolean {
    if (this.redis && claim.token.startsWith(LOCAL)) return true;
    return !(sentAt >= this.answersSince + CLOCK_SKEW_MS);
  }

  /** After every module stopped (the MQTT client among them), so no handler finds Redis closed. */
  onApplicationShutdown(): void {
    clearInterval(this.sinceTimer);
    this.redis?.disconnect();
    this.freeSub?.disconnect();
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
    const [requestKey, machineKey, waitersKey] = [this.key('request', requestId), this.key('machine', machineId), this.key('waiting', machineId)];
    return this.shared(
      () =>
        this.inLine(machineId, token, () =>
          this.retry(`request ${requestId}`, machineId, async () => {
            const [kind, reply] = await this.redis.accessClaim(requestKey, machineKey, waitersKey, token, HOLD_MS);
            if (kind === 'known') return { kind: 'known', reply: JSON.parse(reply!) } as RequestClaim;
            if (kind === 'go') return { kind: 'go', token } as RequestClaim;
            return null;
          }),
        ),
      async () => {
        const known = this.local.answer(requestId);
        if (known) return { kind: 'known', reply: known };
        this.localReleases.set(LOCAL + token, await this.local.hold(machineId));
        const late = this.local.answer(requestId); // a copy decided while this one waited
        if (!late) return { kind: 'go', token: LOCAL + token };
        this.localReleases.get(LOCAL + token)!();
        this.localReleases.delete(LOCAL + token);
        return { kind: 'known', reply: late };
      },
    );
  }

  /** Remembers the answer for 24 hours (none: the request is forgotten) and lets go of the machine. */
  async settleRequest(requestId: string, machineId: string, token: string, reply: Record<string, unknown> | null): Promise<void> {
    const release = this.localReleases.get(token);
    if (release) {
      if (reply) this.local.remember(requestId, reply);
      this.localReleases.delete(token);
      return release();
    }
    const settle = async () =>
      void (await this.redis.accessSettle(
        this.key('request', requestId),
        this.key('machine', machineId),
        this.key('waiting', machineId),
        token,
        reply ? JSON.stringify(reply) : '',
        REMEMBER_MS,
        this.freeChannel,
        machineId,
      ));
    try {
      await this.shared(settle, async () => (reply ? this.local.remember(requestId, reply) : undefined));
    } finally {
      this.leaveLine(token);
    }
  }

  /**
   * Waits in this instance's own line for the machine before asking Redis for it: work on one
   * machine that meets on this instance (a badge, the session end its bridge sent just before)
   * takes turns without polling Redis, whose retries wait up to 50 ms each (issue 16). The place
   * is kept until `leaveLine(token)`; `claim` answering anything but "go" leaves it at once.
   */
  private async inLine(machineId: string, token: string, claim: () => Promise<RequestClaim>): Promise<RequestClaim> {
    this.lines.set(token, await this.local.hold(machineId));
    try {
      const got = await claim();
      if (got.kind !== 'go') this.leaveLine(token);
      return got;
    } catch (err) {
      this.leaveLine(token);
      throw err;
    }
  }

  private leaveLine(token: string): void {
    this.lines.get(token)?.();
    this.lines.delete(token);
  }

  /** Runs `work` while holding the machine, so nothing else decides or renews on it meanwhile. */
  async withMachine<T>(machineId: string, work: () => Promise<T>): Promise<T> {
    const [key, waitersKey] = [this.key('machine', machineId), this.key('waiting', machineId)];
    const token = randomUUID();
    const release = await this.shared(
      async () => {
        const inLine = await this.local.hold(machineId); // this instance's own turns first (inLine)
        try {
          await this.retry(`machine ${machineId}`, machineId, async () => ((await this.redis.accessHold(key, waitersKey, token, HOLD_MS)) ? true : null));
        } catch (err) {
          inLine();
          throw err;
        }
        return () =>
          this.redis
            .accessRelease(key, waitersKey, token, this.freeChannel, machineId)
            .then(
              () => undefined,
              (err: Error) => this.log.warn(`release ${machineId}: ${err.message}`),
            )
            .finally(inLine);
      },
      async () => this.local.hold(machineId),
    );
    try {
      return await work();
    } finally {
      await release();
    }
  }

  /**
   * Runs `onRedis`, or `onLocal` when Redis is out of reach (not connected, or failing): access
   * goes on from this instance's memory rather than waiting (LocalCoordination).
   */
  private async shared<T>(onRedis: () => Promise<T>, onLocal: () => Promise<T>): Promise<T> {
    if (!this.redis) return onLocal();
    if (this.redis.status === 'ready') {
      try {
        return await onRedis();
      } catch (err) {
        if (this.redis.status === 'ready' && !/timed? ?out|Connection|closed|writeable|ECONN|EPIPE/i.test((err as Error).message)) throw err;
        this.warnLocal((err as Error).message);
      }
    } else {
      this.warnLocal(`Redis ${this.redis.status}`);
    }
    return onLocal();
  }

  private warnLocal(why: string): void {
    if (Date.now() - this.warnedAt < 60_000) return;
    this.warnedAt = Date.now();
    this.log.warn(`Redis out of reach (${why}): badge answers, machine order and lease renewals kept by this instance alone meanwhile`);
  }

  /**
   * Tries `attempt` until it gives an answer, a little longer than a dead holder keeps a machine.
   * Between two tries it waits for the holder to say the machine is free (RELEASE, SETTLE), then
   * tries at once; it asks again anyway after 50 ms, growing to 800 (a holder that died says
   * nothing). Polling every 2 to 50 ms made two instances slower than one (issue 16). Until the
   * channel is heard, it polls as it did.
   */
  private async retry<T>(what: string, machineId: string, attempt: () => Promise<T | null>): Promise<T> {
    const giveUpAt = Date.now() + HOLD_MS * 1.5;
    const told = this.hearsFreeMachines;
    for (let wait = told ? 50 : 2; ; wait = Math.min(wait * 2, told ? 800 : 50)) {
      const heard = this.freeHeard;
      const got = await attempt();
      if (got !== null) return got;
      if (Date.now() > giveUpAt) throw new Error(`${what}: still held elsewhere after ${HOLD_MS * 1.5} ms`);
      // A machine said free while the attempt was answered (maybe this one): try again at once.
      if (this.freeHeard === heard) await this.whenFree(machineId, wait);
    }
  }

  private get freeChannel(): string {
    return this.key('free');
  }

  /** Machines let go of by an instance while another waited for them, said on one channel. */
  private listenForFreeMachines(url: string): void {
    this.freeSub = createRedis(url, { enableOfflineQueue: true });
    this.freeSub.on('error', () => undefined); // said by the main connection
    this.freeSub.on('message', (_channel, machineId: string) => {
      this.freeHeard++;
      const waiting = this.waiting.get(machineId);
      this.waiting.delete(machineId);
      waiting?.forEach((wake) => wake());
    });
    this.freeSub.on('close', () => (this.hearsFreeMachines = false));
    this.freeSub.on('ready', () => {
      // Subscribed again on each reconnection (ioredis does): heard from then on.
      this.freeSub!.subscribe(this.freeChannel).then(
        () => (this.hearsFreeMachines = true),
        (err: Error) => this.log.warn(`free machines not heard (waits poll): ${err.message}`),
      );
    });
  }

  /** Waits until the machine is said free, or `ms` at most. Only after a busy answer: a badge that gets its machine pays nothing. */
  private whenFree(machineId: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let set = this.waiting.get(machineId);
      if (!set) this.waiting.set(machineId, (set = new Set()));
      const wake = () => {
        clearTimeout(timer);
        const now = this.waiting.get(machineId);
        now?.delete(wake);
        if (now?.size === 0) this.waiting.delete(machineId);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      set.add(wake);
    });
  }

  /** The session's lease is next renewed (or found expired) at `at`. */
  async scheduleRenewal(sessionId: string, at: number): Promise<void> {
    await this.shared(
      async () => void (await this.redis.zadd(this.leasesKey, at, sessionId)),
      async () => void this.local.leases.set(sessionId, at),
    );
  }

  /** Like scheduleRenewal, but never brings back a session that was ended meanwhile. */
  async rescheduleRenewal(sessionId: string, at: number): Promise<void> {
    await this.shared(
      async () => void (await this.redis.zadd(this.leasesKey, 'XX', at, sessionId)),
      async () => void (this.local.leases.has(sessionId) && this.local.leases.set(sessionId, at)),
    );
  }

  /** Open sessions the schedule does not know (Redis emptied, sessions opened before): due now. */
  async adoptSessions(sessionIds: string[], at: number): Promise<void> {
    if (!sessionIds.length) return;
    await this.shared(
      async () => void (await this.redis.zadd(this.leasesKey, 'NX', ...sessionIds.flatMap((id) => [at, id]))),
      async () => sessionIds.forEach((id) => this.local.leases.has(id) || this.local.leases.set(id, at)),
    );
  }

  async dropRenewal(sessionId: string): Promise<void> {
    this.local.leases.delete(sessionId);
    await this.shared(
      async () => void (await this.redis.zrem(this.leasesKey, sessionId)),
      async () => undefined,
    );
  }

  /**
   * The bridge is closing this session (badge-out grace): its lease is no longer renewed. Kept
   * `forMs`, as long as the session can last; its end or the holder's return forgets it sooner.
   */
  async markClosing(sessionId: string, forMs: number): Promise<void> {
    const ms = Math.max(1, Math.round(forMs));
    await this.shared(
      async () => void (await this.redis.set(this.key('closing', sessionId), '1', 'PX', ms)),
      async () => void this.local.closing.set(sessionId, Date.now() + ms),
    );
  }

  async isClosing(sessionId: string): Promise<boolean> {
    if ((this.local.closing.get(sessionId) ?? 0) > Date.now()) return true;
    return this.shared(
      async () => (await this.redis.exists(this.key('closing', sessionId))) === 1,
      async () => false,
    );
  }

  async forgetClosing(sessionId: string): Promise<void> {
    this.local.closing.delete(sessionId);
    await this.shared(
      async () => void (await this.redis.del(this.key('closing', sessionId))),
      async () => undefined,
    );
  }

  /** The sessions whose renewal is due now, taken by this instance (another takes them if it dies). */
  async claimDueRenewals(now: number, limit = 100): Promise<string[]> {
    return this.shared(
      () => this.redis.accessClaimDue(this.leasesKey, now, RENEWAL_CLAIM_MS, limit),
      async () => this.local.due(now, limit),
    );
  }
}
