import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, IsNull, Not, Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import { DeskSessions } from '../access/desk-sessions';
import { DomainEventBus } from '../common/domain-events';
import { requireSite, Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { RealtimeService } from '../infra/realtime/realtime.service';
import type { Machine } from '../machines/entities/machine.entity';
import { isPublicComputer, PUBLIC_COMPUTER } from '../machines/machine-types';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import type { FreeAccessSettingsDto, JoinQueueDto, OpenStationSessionDto } from './dto/stations.dto';
import { StationQueueEntry } from './entities/station-queue-entry.entity';

/** A station that takes nobody now: out of order, to check, in maintenance, or its bridge offline. */
const UNAVAILABLE = ['maintenance', 'disabled', 'to_check', 'offline'];

export type StationState = 'free' | 'in_use' | 'called' | 'unavailable';

export interface StationView {
  machineId: string;
  name: string;
  slug: string;
  status: string;
  state: StationState;
  /** The session on it: who (a name, or null for an anonymous visitor not named), since, until. */
  session: { id: string; personId: string | null; name: string | null; startedAt: Date; until: Date } | null;
  /** The waiting person called to it. */
  calledFor: { entryId: string; name: string | null; calledAt: Date } | null;
}

export interface QueueView {
  id: string;
  position: number;
  personId: string | null;
  /** The person's display name or the visitor's; null for a visitor given no name. */
  name: string | null;
  status: 'waiting' | 'called';
  addedAt: Date;
  calledAt: Date | null;
  machineId: string | null;
  machineName: string | null;
}

export interface StationsBoard {
  siteId: string;
  minutes: number;
  stations: StationView[];
  queue: QueueView[];
}

/**
 * Free-access computers (docs/free-access.md): the desk's view of the site's public computers and
 * their waiting line, sessions opened and ended at the desk (through access's DeskSessions, so
 * the same lease enforces the time), and the line called in turn as stations free up.
 */
@Injectable()
export class StationsService {
  private readonly log = new Logger('Stations');
  /** One call of the line at a time per site on this instance (the unique index covers other instances). */
  private readonly calling = new Map<string, Promise<unknown>>();

  constructor(
    @InjectRepository(StationQueueEntry) private readonly entries: Repository<StationQueueEntry>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
    private readonly desk: DeskSessions,
    private readonly access: AccessReadService,
    private readonly realtime: RealtimeService,
    events: DomainEventBus,
  ) {
    // A badge-in on a station (or a desk opening) starts the person's turn; a station freed calls the next.
    events.on('session.opened', ({ machine, session }) => {
      if (!isPublicComputer(machine)) return;
      void this.sessionOpened(machine, session.id, session.personId).catch((err) => this.log.warn(`session ${session.id}: ${(err as Error).message}`));
    });
    events.on('session.ended', ({ machine, sessionId }) => {
      if (!isPublicComputer(machine)) return;
      void this.sessionEnded(machine, sessionId).catch((err) => this.log.warn(`session ${sessionId}: ${(err as Error).message}`));
    });
  }

  /** The site's stations, their sessions and the waiting line, as the desk and the wall screen show them. */
  async board(viewer: Viewer, requestedSite?: string): Promise<StationsBoard> {
    return this.boardOf(requireSite(viewer, requestedSite));
  }

  async boardOf(siteId: string): Promise<StationsBoard> {
    const [stations, open, line, minutes] = await Promise.all([
      this.machines.ofSiteAndType(siteId, PUBLIC_COMPUTER),
      this.access.openSessionsOfSite(siteId),
      this.entries.find({ where: { siteId, status: In(['waiting', 'called']) }, order: { addedAt: 'ASC' } }),
      this.sites.freeAccessMinutesOf(siteId),
    ]);
    const ids = new Set(stations.map((m) => m.id));
    const sessions = open.filter((s) => ids.has(s.machineId));
    const started = sessions.length ? await this.entries.findBy({ sessionId: In(sessions.map((s) => s.id)) }) : [];
    const names = await this.people.displayNames([...sessions.map((s) => s.personId), ...line.map((e) => e.personId), ...started.map((e) => e.personId)]);
    const nameOf = (e: { personId: string | null; visitorName: string | null }) => (e.personId ? (names.get(e.personId) ?? null) : e.visitorName);
    const stationName = new Map(stations.map((m) => [m.id, m.name]));
    const views = stations
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map((m): StationView => {
        const s = sessions.find((x) => x.machineId === m.id);
        const called = line.find((e) => e.status === 'called' && e.machineId === m.id);
        const entry = s && started.find((e) => e.sessionId === s.id);
        const state: StationState = s ? 'in_use' : UNAVAILABLE.includes(m.status) ? 'unavailable' : called ? 'called' : 'free';
        return {
          machineId: m.id,
          name: m.name,
          slug: m.slug,
          status: m.status,
          state,
          session: s
            ? {
                id: s.id,
                personId: s.personId,
                name: s.personId ? (names.get(s.personId) ?? null) : (entry?.visitorName ?? null),
                startedAt: s.startedAt,
                until: s.until,
              }
            : null,
          calledFor: called ? { entryId: called.id, name: nameOf(called), calledAt: called.calledAt! } : null,
        };
      });
    const queue = line.map(
      (e, i): QueueView => ({
        id: e.id,
        position: i + 1,
        personId: e.personId,
        name: nameOf(e),
        status: e.status as 'waiting' | 'called',
        addedAt: e.addedAt,
        calledAt: e.calledAt,
        machineId: e.machineId,
        machineName: e.machineId ? (stationName.get(e.machineId) ?? null) : null,
      }),
    );
    return { siteId, minutes, stations: views, queue };
  }

  /** Opens a session at the desk: `unlock` to the station now, `lock` when the site's minutes are up. */
  async open(viewer: Viewer, dto: OpenStationSessionDto) {
    const machine = await this.machines.get(viewer, dto.machineId);
    if (!isPublicComputer(machine)) {
      throw new BadRequestException({ code: 'not_a_station', message: "Ce n'est pas un poste en accès libre. This is not a public computer." });
    }
    if (UNAVAILABLE.includes(machine.status)) {
      throw new ConflictException({
        code: 'station_unavailable',
        message: 'Ce poste est indisponible (hors service ou hors ligne). This computer is unavailable.',
      });
    }
    let entry = dto.queueEntryId ? await this.entries.findOneBy({ id: dto.queueEntryId, siteId: machine.siteId, status: In(['waiting', 'called']) }) : null;
    if (dto.queueEntryId && !entry) {
      throw new NotFoundException({ code: 'not_found', message: "Cette personne n'est plus dans la file d'attente. Not in the waiting line any more." });
    }
    const personId = entry ? entry.personId : (dto.personId ?? null);
    const person = personId ? await this.people.get(viewer, personId) : null;
    if (person && !person.active) {
      throw new ConflictException({ code: 'person_inactive', message: 'Ce compte est inactif. This account is inactive.' });
    }
    const held = await this.entries.findOneBy({ machineId: machine.id, status: 'called' });
    if (held && held.id !== entry?.id) {
      const name = held.personId ? (await this.people.displayNames([held.personId])).get(held.personId) : held.visitorName;
      throw new ConflictException({
        code: 'station_called',
        message: `Ce poste attend ${name ?? 'la personne appelée'}, appelée à son tour. This computer is waiting for the person called.`,
      });
    }
    // The person's own place in the line, if they were in it, is their turn now.
    entry ??= person ? await this.entries.findOneBy({ siteId: machine.siteId, personId: person.id, status: In(['waiting', 'called']) }) : null;
    const visitorName = entry ? entry.visitorName : person ? null : (dto.visitorName ?? null);
    const now = new Date();
    const minutes = await this.sites.freeAccessMinutesOf(machine.siteId);
    const until = new Date(now.getTime() + Math.min(minutes, machine.maxSessionMinutes) * 60_000);
    const session = await this.desk.open(
      machine,
      { personId: person?.id ?? null, displayName: person?.displayName ?? visitorName ?? 'Visiteur anonyme' },
      until,
      now,
    );
    if (entry) {
      await this.entries.update(
        { id: entry.id, status: In(['waiting', 'called']) },
        { status: 'started', sessionId: session.id, machineId: machine.id, closedAt: now },
      );
    } else {
      await this.entries.insert({
        id: randomUUID(),
        siteId: machine.siteId,
        personId: person?.id ?? null,
        visitorName,
        status: 'started',
        addedAt: now,
        addedBy: viewer.id,
        calledAt: null,
        machineId: machine.id,
        sessionId: session.id,
        closedAt: now,
      });
    }
    await this.callNext(machine.siteId); // a called person who took another station frees theirs
    return { sessionId: session.id, machineId: machine.id, until: session.until };
  }

  /** Ends the session on a station at the desk (`lock` to it); the next in line is called. */
  async end(viewer: Viewer, machineId: string): Promise<{ ended: boolean }> {
    const machine = await this.machines.get(viewer, machineId);
    const session = await this.access.openSessionOn(machine.id);
    if (!session) return { ended: false };
    return { ended: await this.desk.end(session.id) };
  }

  /** Adds someone to the waiting line; called at once if a station is free and nobody is ahead. */
  async join(viewer: Viewer, dto: JoinQueueDto): Promise<QueueView> {
    const siteId = requireSite(viewer, dto.siteId);
    const person = dto.personId ? await this.people.get(viewer, dto.personId) : null;
    if (person && person.siteId !== siteId) throw new NotFoundException({ code: 'not_found', message: 'Personne introuvable. Not found.' });
    if (!person && !dto.visitorName) {
      throw new BadRequestException({
        code: 'who_missing',
        message: "Choisissez une personne ou donnez le prénom du visiteur, pour l'appeler. Pick a person or give the visitor's first name.",
      });
    }
    if (person && (await this.entries.existsBy({ siteId, personId: person.id, status: In(['waiting', 'called']) }))) {
      throw new ConflictException({ code: 'already_waiting', message: `${person.displayName} est déjà dans la file d'attente. Already in the waiting line.` });
    }
    const id = randomUUID();
    await this.entries.insert({
      id,
      siteId,
      personId: person?.id ?? null,
      visitorName: person ? null : dto.visitorName!,
      status: 'waiting',
      addedAt: new Date(),
      addedBy: viewer.id,
      calledAt: null,
      machineId: null,
      sessionId: null,
      closedAt: null,
    });
    await this.callNext(siteId);
    const board = await this.boardOf(siteId);
    return board.queue.find((e) => e.id === id)!;
  }

  /** Someone leaves the line (or did not come when called): their station goes to the next. */
  async leave(viewer: Viewer, entryId: string): Promise<{ left: boolean }> {
    const entry = await this.entries.findOneBy({ id: entryId });
    if (!entry || (viewer.role !== 'admin' && entry.siteId !== viewer.siteId)) {
      throw new NotFoundException({ code: 'not_found', message: "Introuvable dans la file d'attente. Not found." });
    }
    const result = await this.entries.update({ id: entryId, status: In(['waiting', 'called']) }, { status: 'left', closedAt: new Date(), visitorName: null });
    if (result.affected) await this.callNext(entry.siteId);
    return { left: !!result.affected };
  }

  async setMinutes(viewer: Viewer, dto: FreeAccessSettingsDto): Promise<{ minutes: number }> {
    const siteId = requireSite(viewer, dto.siteId);
    await this.sites.setFreeAccessMinutes(siteId, dto.minutes);
    return { minutes: dto.minutes };
  }

  /**
   * Calls the next people in line to the stations that are free and promised to nobody, oldest
   * first. One at a time per site here; the unique index on a called station stops a second
   * instance calling someone else to the same one.
   */
  callNext(siteId: string): Promise<void> {
    const prev = this.calling.get(siteId) ?? Promise.resolve();
    const next = prev.then(
      () => this.callNextNow(siteId),
      () => this.callNextNow(siteId),
    );
    const tail = next.catch(() => undefined);
    this.calling.set(siteId, tail);
    void tail.then(() => this.calling.get(siteId) === tail && this.calling.delete(siteId));
    return next;
  }

  private async callNextNow(siteId: string): Promise<void> {
    const [stations, open, line] = await Promise.all([
      this.machines.ofSiteAndType(siteId, PUBLIC_COMPUTER),
      this.access.openSessionsOfSite(siteId),
      this.entries.find({ where: { siteId, status: In(['waiting', 'called']) }, order: { addedAt: 'ASC' } }),
    ]);
    const busy = new Set(open.map((s) => s.machineId));
    const promised = new Set(line.filter((e) => e.status === 'called').map((e) => e.machineId));
    const free = stations
      .filter((m) => !UNAVAILABLE.includes(m.status) && !busy.has(m.id) && !promised.has(m.id))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const waiting = line.filter((e) => e.status === 'waiting');
    let called = 0;
    for (const station of free) {
      const entry = waiting.shift();
      if (!entry) break;
      try {
        const r = await this.entries.update({ id: entry.id, status: 'waiting' }, { status: 'called', calledAt: new Date(), machineId: station.id });
        if (r.affected) called++;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        waiting.unshift(entry); // another instance called someone to this station: the next station for them
      }
    }
    if (called) this.realtime.toSite(siteId, 'stations.called', { siteId });
  }

  private async sessionOpened(machine: Machine, sessionId: string, personId: string | null): Promise<void> {
    if (!personId) return;
    // A badge-in by someone in line: their turn has come (a desk opening marks its entry itself).
    const r = await this.entries.update(
      { siteId: machine.siteId, personId, status: In(['waiting', 'called']) },
      { status: 'started', sessionId, machineId: machine.id, closedAt: new Date() },
    );
    if (r.affected) await this.callNext(machine.siteId);
  }

  private async sessionEnded(machine: Machine, sessionId: string): Promise<void> {
    // The visitor's name served the desk while they were on the station: not kept after.
    await this.entries.update({ sessionId, visitorName: Not(IsNull()) }, { visitorName: null });
    await this.callNext(machine.siteId);
  }
}
