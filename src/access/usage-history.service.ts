import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { And, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';
import { csvDocument } from '../common/csv';
import { endOfDay, sheetDateTime, startOfDay } from '../common/local-format';
import { assertVisible, siteOf, STAFF, Viewer } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { defineDictionary, Entry, Lang } from '../web/i18n';
import { SessionEndReason, UsageSession } from './entities/usage-session.entity';

export interface HistoryFilters {
  machineId?: string;
  personId?: string;
  /** Calendar days of the site's zone (YYYY-MM-DD), both included; or ISO instants. */
  from?: string;
  to?: string;
  siteId?: string;
}

export interface HistoryRow {
  id: string;
  siteId: string;
  machineId: string;
  machineName: string;
  /** Null: an anonymous visitor on a public computer (docs/free-access.md). */
  personId: string | null;
  personName: string;
  startedAt: Date;
  endedAt: Date | null;
  /** Whole minutes, rounded; null while the session is open. */
  durationMinutes: number | null;
  endReason: SessionEndReason | null;
}

const MAX_ROWS = 10_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What a person reads for why a session ended (`open`: not yet). */
const endReasonWords = defineDictionary({
  'session.end.badge_out': { fr: 'Badge retiré', en: 'Badged out' },
  'session.end.idle_timeout': { fr: 'Inactivité', en: 'Idle too long' },
  'session.end.power_off': { fr: 'Machine éteinte', en: 'Machine switched off' },
  'session.end.manual': { fr: 'Arrêtée par un responsable', en: 'Ended by a manager' },
  'session.end.expired': { fr: 'Temps écoulé', en: 'Time was up' },
  'session.end.denied_recheck': { fr: 'Refusée au nouveau passage du badge', en: 'Refused when badged again' },
  'session.end.open': { fr: 'En cours', en: 'In progress' },
} satisfies Record<`session.end.${SessionEndReason | 'open'}`, Entry>);

export const endReasonWord = (r: SessionEndReason | null, lang: Lang) => endReasonWords(`session.end.${r ?? 'open'}`, lang);

function parseBound(v: string | undefined, edge: 'from' | 'to', zone: string): Date | undefined {
  if (!v) return undefined;
  if (DAY.test(v)) return edge === 'to' ? endOfDay(v, zone) : startOfDay(v, zone);
  const at = new Date(v);
  if (Number.isNaN(at.getTime())) {
    throw new BadRequestException({ code: 'bad_date', message: `Date illisible : « ${v} » (AAAA-MM-JJ). Unreadable date (YYYY-MM-DD).` });
  }
  return at;
}

const isStaff = (v: Viewer) => v.role === 'admin' || STAFF.includes(v.role);

/** Who used which machine, when, for how long and how it ended: per machine, per person, as CSV. */
@Injectable()
export class UsageHistoryService {
  constructor(
    @InjectRepository(UsageSession) private readonly sessions: Repository<UsageSession>,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
  ) {}

  /** The zone the history is read in: the asked site's for staff, else the viewer's. */
  async zoneFor(viewer: Viewer, siteId?: string): Promise<string> {
    return this.sites.zoneOf((isStaff(viewer) ? siteOf(viewer, siteId) : null) ?? viewer.siteId);
  }

  /** Staff see their site's sessions; anyone else only their own. */
  async history(viewer: Viewer, f: HistoryFilters): Promise<HistoryRow[]> {
    const where: FindOptionsWhere<UsageSession> = {};
    if (isStaff(viewer)) {
      const site = siteOf(viewer, f.siteId);
      if (site) where.siteId = site;
    } else {
      if (f.personId && f.personId !== viewer.id) {
        throw new ForbiddenException({
          code: 'own_history_only',
          message: 'Vous ne pouvez voir que votre propre historique. You can only see your own history.',
        });
      }
      f = { ...f, personId: viewer.id };
    }
    if (f.machineId) where.machineId = assertVisible(viewer, await this.machines.findById(f.machineId), 'Machine').id;
    if (f.personId) where.personId = isStaff(viewer) ? (await this.people.get(viewer, f.personId)).id : f.personId;
    const zone = await this.zoneFor(viewer, f.siteId);
    const from = parseBound(f.from, 'from', zone);
    const to = parseBound(f.to, 'to', zone);
    if (from && to) where.startedAt = And(MoreThanOrEqual(from), LessThanOrEqual(to));
    else if (from) where.startedAt = MoreThanOrEqual(from);
    else if (to) where.startedAt = LessThanOrEqual(to);
    const sessions = await this.sessions.find({ where, order: { startedAt: 'DESC' }, take: MAX_ROWS });
    return this.describe(viewer, sessions, (where.siteId as string | undefined) ?? null);
  }

  /** Names in one query per table (the site's machines and people), not one per row. */
  private async describe(viewer: Viewer, sessions: UsageSession[], siteId: string | null): Promise<HistoryRow[]> {
    if (!sessions.length) return [];
    const staff = isStaff(viewer);
    const [machines, people] = await Promise.all([
      this.machines.list(viewer, staff ? (siteId ?? undefined) : undefined),
      staff ? this.people.list(viewer, siteId ?? undefined) : Promise.all([this.people.findPerson(viewer.id)]),
    ]);
    const machineName = new Map(machines.map((m) => [m.id, m.name]));
    const personName = new Map(people.filter((p) => !!p).map((p) => [p!.id, p!.displayName]));
    return sessions.map((s) => ({
      id: s.id,
      siteId: s.siteId,
      machineId: s.machineId,
      machineName: machineName.get(s.machineId) ?? '?',
      personId: s.personId,
      personName: s.personId ? (personName.get(s.personId) ?? '?') : ANONYMOUS_VISITOR,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      durationMinutes: s.endedAt ? Math.round((s.endedAt.getTime() - s.startedAt.getTime()) / 60_000) : null,
      endReason: s.endReason,
    }));
  }
}

/**
 * The history as CSV for Excel and LibreOffice in French: UTF-8 with a BOM, `;` between cells,
 * CRLF lines, French header, the site's local times, duration in minutes.
 */
/** The name shown for a session without a person: an anonymous visitor at a public computer. */
export const ANONYMOUS_VISITOR = 'Visiteur anonyme';

export function historyCsv(rows: HistoryRow[], zone: string): string {
  const header = ['Machine', 'Personne', 'Début', 'Fin', 'Durée (minutes)', 'Motif de fin'];
  return csvDocument(
    header,
    rows.map((r) => [
      r.machineName,
      r.personName,
      sheetDateTime(r.startedAt, zone),
      r.endedAt ? sheetDateTime(r.endedAt, zone) : '',
      r.durationMinutes,
      endReasonWord(r.endReason, 'fr'),
    ]),
  );
}
