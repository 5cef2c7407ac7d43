import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { DomainEventBus } from '../common/domain-events';
import { dbValue, placeholders, rawRows } from '../infra/database/raw-sql';
import { serialTransaction } from '../infra/database/transactions';
import { TurnBatch } from '../infra/database/turn-batch';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineCommands } from '../machines/machine-commands';
import { MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { AccessCoordination } from './access-coordination';
import type { AfterCommit } from './bridge-event-ledger';
import { SessionEndReason, UsageSession } from './entities/usage-session.entity';

declare module '../common/domain-events' {
  interface DomainEvents {
    /** A session ended, on the server or at the bridge (offline ones too, once recorded): plugs, skills. */
    'session.ended': { machine: Machine; sessionId: string; reason: SessionEndReason; personId: string | null };
  }
}

/** An offline session as its bridge told it, recorded from the offline grant it came from. */
export type OfflineSessionRow = Pick<UsageSession, 'id' | 'personId' | 'badgeId' | 'startedAt' | 'endedAt' | 'endReason'>;

/** A session to end whose holder and machine the caller knows (a bridge's `session.ended` for a session opened here). */
export interface KnownSessionEnd {
  sessionId: string;
  reason: SessionEndReason;
  personId: string | null;
  machine: Machine;
}

/** The columns a new session is written with (its end comes later). */
const OPEN_COLUMNS = ['id', 'siteId', 'machineId', 'personId', 'badgeId', 'startedAt', 'until'] as const;

/**
 * What this instance remembers of open sessions, so that a badge reads nothing it already knows
 * (issue 16). Only "no open session on this machine" is remembered, as a hint: a grant's insert
 * is still refused by the one-open-session index when another instance opened one meanwhile (the
 * badge is then decided again, from the database), and a machine another instance puts in use is
 * forgotten as soon as its status change reaches us (without one, the index above catches it);
 * one it frees is known free again. Sessions opened here are remembered until they end, with who
 * holds them and where, so a bridge's `session.ended` needs no read.
 */
class OpenSessionMemory {
  private readonly free = new Set<string>();
  /** Bumped at each session opened here: a late "it ended" does not mark free a machine just taken again. */
  private readonly opened = new Map<string, number>();
  readonly held = new Map<string, { machineId: string; personId: string | null }>();
  /** The sessions of `held`, by machine. */
  private readonly heldOn = new Map<string, Set<string>>();

  isFree(machineId: string): boolean {
    return this.free.has(machineId);
  }

  markFree(machineId: string): void {
    this.free.add(machineId);
  }

  mayBeTaken(machineId: string): void {
    this.free.delete(machineId);
  }

  openings(machineId: string): number {
    return this.opened.get(machineId) ?? 0;
  }

  openedHere(session: Pick<UsageSession, 'id' | 'machineId' | 'personId'>): void {
    this.free.delete(session.machineId);
    this.opened.set(session.machineId, this.openings(session.machineId) + 1);
    if (this.held.size >= 100_000) [this.held, this.heldOn].forEach((m) => m.clear()); // a bound, whatever goes unheard
    this.held.set(session.id, { machineId: session.machineId, personId: session.personId });
    let on = this.heldOn.get(session.machineId);
    if (!on) this.heldOn.set(session.machineId, (on = new Set()));
    on.add(session.id);
  }

  endedHere(sessionId: string, machineId: string, openingsBefore: number): void {
    this.forget(sessionId, machineId);
    if (this.openings(machineId) === openingsBefore) this.free.add(machineId);
  }

  /**
   * Another instance ended the sessions of this machine and freed it: they are forgotten, and the
   * machine's next badge reads nothing. A session opened here in the meantime is still caught by
   * the one-open-session index, as with any hint.
   */
  freedElsewhere(machineId: string): void {
    for (const id of this.heldOn.get(machineId) ?? []) this.held.delete(id);
    this.heldOn.delete(machineId);
    this.free.add(machineId);
  }

  private forget(sessionId: string, machineId: string): void {
    this.held.delete(sessionId);
    const on = this.heldOn.get(machineId);
    on?.delete(sessionId);
    if (on?.size === 0) this.heldOn.delete(machineId);
  }
}

/**
 * Usage sessions: opened by a granted badge, ended once (by the server, its bridge or a manager),
 * and what everyone is told when one ends (lock, live view, realtime, `session.ended`).
 */
@Injectable()
export class UsageSessions {
  private readonly log = new Logger('Access');
  private readonly memory = new OpenSessionMemory();
  /** Sessions opened in one turn of the loop: one transaction for all (TurnBatch, issue 16). */
  private readonly openings = new TurnBatch<{ session: UsageSession; machine: Machine }, boolean>((asked) => this.openMany(asked));

  constructor(
    @InjectRepository(UsageSession) private readonly sessions: Repository<UsageSession>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
    private readonly commands: MachineCommands,
    private readonly coordination: AccessCoordination,
    private readonly live: MachineLiveService,
    private readonly realtime: RealtimeService,
    private readonly events: DomainEventBus,
  ) {}

  findSession(id: string): Promise<UsageSession | null> {
    return this.sessions.findOneBy({ id });
  }

  exists(id: string): Promise<boolean> {
    return this.sessions.existsBy({ id });
  }

  isOpen(id: string): Promise<boolean> {
    return this.sessions.exists({ where: { id, endedAt: IsNull() } });
  }

  /** The machine's open session; none without a read when this instance knows the machine free. */
  async openOn(machineId: string): Promise<UsageSession | null> {
    if (this.memory.isFree(machineId)) return null;
    const openings = this.memory.openings(machineId);
    const open = await this.sessions.findOneBy({ machineId, endedAt: IsNull() });
    if (open) this.memory.mayBeTaken(machineId);
    else if (openings === this.memory.openings(machineId)) this.memory.markFree(machineId);
    return open;
  }

  /** Another instance put this machine in use (a ChangeBus notice): its open session is read again. */
  mayBeTaken(machineId: string): void {
    this.memory.mayBeTaken(machineId);
  }

  /** Another instance freed this machine (a ChangeBus notice): known free again, no read at its next badge. */
  freedElsewhere(machineId: string): void {
    this.memory.freedElsewhere(machineId);
  }

  /** Who holds a session and on which machine: from memory for a session opened here, else read. */
  async holderOf(sessionId: string): Promise<Pick<UsageSession, 'id' | 'machineId' | 'personId'> | null> {
    const held = this.memory.held.get(sessionId);
    if (held) return { id: sessionId, ...held };
    return this.sessions.findOne({ where: { id: sessionId }, select: { id: true, machineId: true, personId: true } });
  }

  openSessions(siteId: string | null): Promise<UsageSession[]> {
    return this.sessions.find({ where: { endedAt: IsNull(), ...(siteId ? { siteId } : {}) }, order: { startedAt: 'DESC' } });
  }

  /** Ids of the open sessions, of these machines when named. */
  async openIds(machineIds?: string[]): Promise<string[]> {
    const where = machineIds ? { machineId: In(machineIds), endedAt: IsNull() } : { endedAt: IsNull() };
    return (await this.sessions.find({ where, select: { id: true } })).map((s) => s.id);
  }

  /**
   * Opens a session for a granted badge, or at the desk on a public computer (no badge; no person for
   * an anonymous visitor); null when another instance opened one on the machine first.
   */
  async open(machine: Machine, personId: string | null, badgeId: string | null, until: Date, now: Date): Promise<UsageSession | null> {
    const session = this.sessions.create({
      id: randomUUID(),
      siteId: machine.siteId,
      machineId: machine.id,
      personId,
      badgeId,
      startedAt: now,
      until,
      endedAt: null,
      endReason: null,
    });
    // A batch that failed as a whole wrote nothing: this one then tries alone, and says its own error.
    const opened = await this.openings.add({ session, machine }).catch((err) => {
      this.log.warn(`sessions not opened together (${(err as Error).message}): ${machine.slug} tries alone`);
      return this.openMany([{ session, machine }]).then(([one]) => one);
    });
    if (opened) this.memory.openedHere(session);
    else this.memory.mayBeTaken(machine.id);
    return opened ? session : null;
  }

  /**
   * Writes sessions in one transaction: their rows in one statement, where the one-open-session
   * index leaves out any whose machine another instance took meanwhile (false), then their
   * machines in use. Both commit together, so a session's end always finds its machine in use.
   */
  private async openMany(asked: Array<{ session: UsageSession; machine: Machine }>): Promise<boolean[]> {
    const { opened, announce } = await serialTransaction(this.sessions.manager, async (em) => {
      const params = asked.flatMap(({ session }) => OPEN_COLUMNS.map((c) => dbValue(em, UsageSession, c, session[c])));
      const rows = asked.map((_, i) => `(${placeholders(OPEN_COLUMNS.length, 1 + OPEN_COLUMNS.length * i)})`).join(', ');
      const written = await rawRows<{ id: string }>(
        em,
        `INSERT INTO "usage_sessions" (${OPEN_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${rows} ON CONFLICT DO NOTHING RETURNING "id"`,
        params,
      );
      const opened = new Set(written.map((r) => r.id));
      const inUse = asked.filter(({ session }) => opened.has(session.id)).map(({ machine }) => machine);
      return { opened, announce: await this.machines.putInUseIn(em, inUse) };
    });
    // Committed: what follows must not fail the batch (its callers would try again, alone).
    try {
      announce();
    } catch (err) {
      this.log.warn(`machines in use: ${(err as Error).message}`);
    }
    return asked.map(({ session }) => opened.has(session.id));
  }

  /** Ends a session once; `lock` when the server ends it (the bridge ended it otherwise). */
  async endSession(sessionId: string, reason: SessionEndReason, opts: { lock: boolean }): Promise<boolean> {
    const machineId = (await this.sessions.findOne({ where: { id: sessionId }, select: { machineId: true } }))?.machineId;
    // It waits for the machine's hold, so a renewal in progress is either published before it or
    // not at all. No transaction: the update alone decides, as one statement.
    const end = () => this.endSessionIn(this.sessions.manager, sessionId, reason, opts);
    const after = machineId ? await this.coordination.withMachine(machineId, end) : await end();
    if (!after) return false;
    await after();
    return true;
  }

  /**
   * Ends a session in the caller's transaction (null: it was not open). The update is the check:
   * only one caller ends a session, on any instance. The returned step tells everyone, once committed.
   */
  async endSessionIn(
    em: EntityManager,
    sessionId: string,
    reason: SessionEndReason,
    opts: { lock: boolean },
    known?: { personId: string | null; machine: Machine },
  ): Promise<AfterCommit | null> {
    // Who held it and where never change once a session is open: a caller that read them passes them.
    const ended = known ?? (await this.whoAndWhere(sessionId));
    const machine = ended?.machine;
    const openings = machine ? this.memory.openings(machine.id) : 0;
    const result = await em.update(UsageSession, { id: sessionId, endedAt: IsNull() }, { endedAt: new Date(), endReason: reason });
    if (!result.affected) return null;
    const announceFree = machine ? ((await this.machines.freeIfInUseIn(em, [machine])).get(machine.id) ?? null) : null;
    return this.afterEnd({ sessionId, reason, personId: ended!.personId, machine: machine ?? null }, opts, openings, announceFree);
  }

  /**
   * Ends sessions this instance knows the holder and machine of, in the caller's transaction: one
   * statement per end reason, then their machines free in one. Returns the step of each session
   * it ended (one not open any more gets none), to run once committed.
   */
  async endManyIn(em: EntityManager, ends: readonly KnownSessionEnd[]): Promise<Map<string, AfterCommit>> {
    const openings = new Map(ends.map((e) => [e.sessionId, this.memory.openings(e.machine.id)]));
    const endedAt = dbValue(em, UsageSession, 'endedAt', new Date());
    const ended = new Set<string>();
    for (const reason of new Set(ends.map((e) => e.reason))) {
      const ids = [...new Set(ends.filter((e) => e.reason === reason).map((e) => e.sessionId))];
      const rows = await rawRows<{ id: string }>(
        em,
        `UPDATE "usage_sessions" SET "endedAt" = $1, "endReason" = $2 WHERE "id" IN (${placeholders(ids.length, 3)}) AND "endedAt" IS NULL RETURNING "id"`,
        [endedAt, reason, ...ids],
      );
      rows.forEach((r) => ended.add(r.id));
    }
    const done = [...new Map(ends.filter((e) => ended.has(e.sessionId)).map((e) => [e.sessionId, e])).values()];
    const announceFree = await this.machines.freeIfInUseIn(
      em,
      done.map((e) => e.machine),
    );
    return new Map(done.map((e) => [e.sessionId, this.afterEnd(e, { lock: false }, openings.get(e.sessionId)!, announceFree.get(e.machine.id) ?? null)]));
  }

  /** What everyone is told once a session's end committed: memory, lease, lock, live view, realtime, `session.ended`. */
  private afterEnd(
    e: { sessionId: string; reason: SessionEndReason; personId: string | null; machine: Machine | null },
    opts: { lock: boolean },
    openings: number,
    announceFree: (() => void) | null,
  ): AfterCommit {
    const { sessionId, reason, machine } = e;
    return async () => {
      if (machine) this.memory.endedHere(sessionId, machine.id, openings);
      await this.coordination.dropRenewal(sessionId);
      await this.coordination.forgetClosing(sessionId);
      if (!machine) return;
      if (opts.lock) {
        const site = (await this.sites.findById(machine.siteId))?.slug;
        if (site) await this.commands.lock(site, machine.slug, sessionId);
      }
      announceFree?.();
      this.live.update({ machineId: machine.id, siteId: machine.siteId, slug: machine.slug }, { holder: null }, 'machine.session');
      this.realtime.toSite(machine.siteId, 'session.ended', { sessionId, machineId: machine.id, reason });
      this.events.emit('session.ended', { machine, sessionId, reason, personId: e.personId });
    };
  }

  /** Records, in the caller's transaction, a session a bridge opened and ended offline; the step tells everyone. */
  async recordOfflineIn(em: EntityManager, machine: Machine, row: OfflineSessionRow & { endReason: SessionEndReason; endedAt: Date }): Promise<AfterCommit> {
    await em.insert(UsageSession, { ...row, siteId: machine.siteId, machineId: machine.id, until: row.endedAt });
    return () => {
      this.realtime.toSite(machine.siteId, 'session.ended', { sessionId: row.id, machineId: machine.id, reason: row.endReason, offline: true });
      this.events.emit('session.ended', { machine, sessionId: row.id, reason: row.endReason, personId: row.personId });
    };
  }

  /** The person and machine of a session. */
  private async whoAndWhere(sessionId: string): Promise<{ personId: string | null; machine: Machine | null } | null> {
    const session = await this.holderOf(sessionId);
    return session ? { personId: session.personId, machine: await this.machines.findById(session.machineId) } : null;
  }
}
