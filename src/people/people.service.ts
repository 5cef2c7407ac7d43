import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, FindOptionsWhere, In, IsNull, Not, Repository } from 'typeorm';
import { AuthService, hashPassword } from '../auth/auth.service';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { ChangeBus } from '../common/change-bus';
import { uidFor } from './card-uid';
import { dayOf, endOfDay, instantIn } from '../common/local-format';
import { SitesService } from '../sites/sites.service';
import { CreateBadgeDto, CreatePersonDto, LendDayCardDto, normalizeUid, RevokeBadgeDto, UID_PATTERN, UpdatePersonDto } from './dto/people.dto';
import { Badge } from './entities/badge.entity';
import { Person } from './entities/person.entity';
import type { Role } from '../common/roles';

/** A person as a bulk import brings them (src/imports), with their member badges. */
export interface ImportedPerson {
  firstName: string;
  lastName: string;
  email: string | null;
  role: Exclude<Role, 'admin'>;
  locale: string;
  badgeUids: string[];
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const BULK_CHUNK = 500;
const chunks = <T>(xs: readonly T[], size = BULK_CHUNK): T[][] =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

export type PublicPerson = Omit<Person, 'passwordHash' | 'displayName'> & { displayName: string };

export const publicPerson = (p: Person): PublicPerson => {
  const { passwordHash: _ignored, ...rest } = p;
  return { ...rest, displayName: p.displayName };
};

@Injectable()
export class PeopleService {
  constructor(
    @InjectRepository(Person) private readonly people: Repository<Person>,
    @InjectRepository(Badge) private readonly badges: Repository<Badge>,
    private readonly changes: ChangeBus,
    private readonly auth: AuthService,
    private readonly sites: SitesService,
  ) {}

  async list(viewer: Viewer, siteId?: string): Promise<PublicPerson[]> {
    const site = siteOf(viewer, siteId);
    const where: FindOptionsWhere<Person> = site ? { siteId: site } : {};
    return (await this.people.find({ where, order: { firstName: 'ASC', lastName: 'ASC' } })).map(publicPerson);
  }

  async get(viewer: Viewer, id: string): Promise<Person> {
    if (viewer.role !== 'admin' && !['manager', 'trainer', 'volunteer'].includes(viewer.role) && viewer.id !== id) {
      return assertVisible<Person>(viewer, null, 'Personne');
    }
    return assertVisible(viewer, await this.people.findOneBy({ id }), 'Personne');
  }

  async create(viewer: Viewer, dto: CreatePersonDto): Promise<PublicPerson> {
    const siteId = requireSite(viewer, dto.siteId);
    const role = dto.role ?? 'maker';
    if (role === 'admin' && viewer.role !== 'admin') {
      throw new BadRequestException({ code: 'role_forbidden', message: 'Seul un administrateur crée un administrateur. Only an admin creates admins.' });
    }
    try {
      const person = await this.people.save(
        this.people.create({
          siteId: role === 'admin' ? null : siteId,
          firstName: dto.firstName.trim(),
          lastName: (dto.lastName ?? '').trim(),
          email: dto.email?.toLowerCase() ?? null,
          role,
          locale: dto.locale ?? 'fr',
          passwordHash: dto.password ? await hashPassword(dto.password) : null,
        }),
      );
      this.changes.emit({ kind: 'person', siteId });
      return publicPerson(person);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException({ code: 'email_taken', message: 'Cet e-mail est déjà utilisé. E-mail already used.' });
      throw err;
    }
  }

  async update(viewer: Viewer, id: string, dto: UpdatePersonDto): Promise<PublicPerson> {
    const person = await this.get(viewer, id);
    if (dto.role === 'admin' && viewer.role !== 'admin') {
      throw new BadRequestException({ code: 'role_forbidden', message: 'Seul un administrateur nomme un administrateur.' });
    }
    const before = { role: person.role, active: person.active };
    Object.assign(person, dto);
    const saved = await this.people.save(person);
    this.changes.emit({ kind: 'person', siteId: person.siteId });
    // Their live screens and logins must not outlive what they were allowed as.
    if (before.role !== saved.role || before.active !== saved.active) {
      await this.auth.standingChanged(saved.id, { deactivated: before.active && !saved.active });
    }
    return publicPerson(saved);
  }

  /**
   * Badges of the viewer's site (of one person: another site's person is 404, as on every route);
   * the UIDs masked unless the viewer manages badges.
   */
  async listBadges(viewer: Viewer, personId?: string): Promise<Badge[]> {
    if (personId) await this.get(viewer, personId);
    const site = siteOf(viewer);
    const where: FindOptionsWhere<Badge> = { ...(site ? { siteId: site } : {}), ...(personId ? { personId } : {}) };
    return (await this.badges.find({ where, order: { createdAt: 'DESC' } })).map((b) => ({ ...b, uid: uidFor(viewer, b.uid) }));
  }

  async addBadge(viewer: Viewer, dto: CreateBadgeDto): Promise<Badge> {
    const person = await this.get(viewer, dto.personId);
    if (!person.siteId) throw new BadRequestException({ code: 'no_site', message: "Cette personne n'est rattachée à aucun lieu." });
    const uid = normalizeUid(dto.uid);
    if (!UID_PATTERN.test(uid)) {
      throw new BadRequestException({
        code: 'bad_uid',
        message: 'UID du badge : 8 à 20 chiffres hexadécimaux (ex. 04A224B2C35E80). Card UID must be 4–10 bytes of hex.',
      });
    }
    const zone = await this.sites.zoneOf(person.siteId);
    const validFrom = dto.validFrom ? instantIn(dto.validFrom, zone) : null;
    const validUntil = dto.validUntil ? instantIn(dto.validUntil, zone) : null;
    if (validFrom && validUntil && validUntil <= validFrom)
      throw new BadRequestException({ code: 'bad_window', message: 'La fin de validité doit venir après son début. The end must come after the start.' });
    try {
      const badge = await this.badges.save(
        this.badges.create({
          siteId: person.siteId,
          personId: person.id,
          uid,
          label: dto.label ?? '',
          purpose: dto.purpose ?? 'member',
          validFrom,
          validUntil,
        }),
      );
      this.changes.emit({ kind: 'badge', siteId: person.siteId });
      return badge;
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException({ code: 'uid_taken', message: 'Ce badge est déjà enregistré. This card is already registered.' });
      throw err;
    }
  }

  /** The site's day cards and visitor passes, newest first, with whom they are lent to. */
  async dayCards(viewer: Viewer): Promise<Array<Badge & { holder: string; lent: boolean }>> {
    const site = requireSite(viewer);
    const cards = await this.badges.find({ where: { siteId: site, purpose: In(['day_card', 'visitor']) }, order: { validFrom: 'DESC' } });
    const names = await this.displayNames(cards.map((c) => c.personId));
    const now = new Date();
    return cards.map((c) => ({ ...c, holder: names.get(c.personId) ?? '?', lent: !c.revokedAt && !!c.validUntil && c.validUntil > now }));
  }

  /**
   * Lends a day card at the desk: to a person of the site or to a visitor named on the spot,
   * until the time given (the end of the site's day by default). The same physical card is lent
   * again and again; a member's own card is never taken for it.
   */
  async lendDayCard(viewer: Viewer, dto: LendDayCardDto): Promise<Badge> {
    const site = requireSite(viewer);
    const uid = normalizeUid(dto.uid);
    if (!UID_PATTERN.test(uid))
      throw new BadRequestException({ code: 'bad_uid', message: 'UID de la carte : 8 à 20 chiffres hexadécimaux (ex. 04A224B2C35E80).' });
    const zone = await this.sites.zoneOf(site);
    const now = new Date();
    const until = dto.until ? instantIn(dto.until, zone) : endOfDay(dayOf(now, zone), zone);
    if (until <= now) throw new BadRequestException({ code: 'bad_window', message: 'La carte doit être prêtée jusqu’à une heure à venir.' });
    const card = await this.badges.findOneBy({ uid });
    if (card && (card.siteId !== site || card.purpose === 'member'))
      throw new ConflictException({ code: 'uid_taken', message: 'Cette carte est celle d’un membre : elle ne se prête pas. This card belongs to a member.' });
    if (card && !card.revokedAt && card.validUntil && card.validUntil > now)
      throw new ConflictException({ code: 'already_lent', message: 'Cette carte est déjà prêtée : reprenez-la d’abord. Already lent.' });
    const personId = await this.borrowerOf(viewer, site, dto);
    const lent = { personId, validFrom: now, validUntil: until, revokedAt: null, revokedReason: null, purpose: 'day_card' as const };
    const saved = card
      ? await this.badges.save(Object.assign(card, lent))
      : await this.badges.save(this.badges.create({ siteId: site, uid, label: 'Carte jour', ...lent }));
    this.changes.emit({ kind: 'badge', siteId: site });
    return saved;
  }

  /** Takes a day card back: it stops opening anything now. */
  async returnDayCard(viewer: Viewer, id: string): Promise<Badge> {
    const card = assertVisible(viewer, await this.badges.findOneBy({ id }), 'Carte');
    if (card.purpose === 'member') throw new BadRequestException({ code: 'not_a_day_card', message: 'Ce n’est pas une carte jour.' });
    const now = new Date();
    if (!card.validUntil || card.validUntil > now) {
      card.validUntil = now;
      await this.badges.save(card);
      this.changes.emit({ kind: 'badge', siteId: card.siteId });
    }
    return card;
  }

  private async borrowerOf(viewer: Viewer, site: string, dto: LendDayCardDto): Promise<string> {
    if (dto.personId) return (await this.get(viewer, dto.personId)).id;
    if (!dto.firstName)
      throw new BadRequestException({
        code: 'no_borrower',
        message: 'Choisissez une personne, ou donnez le prénom du visiteur. Choose a person or name the visitor.',
      });
    return (await this.create(viewer, { siteId: site, firstName: dto.firstName, lastName: dto.lastName ?? '', role: 'maker' })).id;
  }

  async revokeBadge(viewer: Viewer, id: string, dto: RevokeBadgeDto): Promise<Badge> {
    const badge = assertVisible(viewer, await this.badges.findOneBy({ id }), 'Badge');
    if (!badge.revokedAt) {
      badge.revokedAt = new Date();
      badge.revokedReason = dto.reason ?? null;
      await this.badges.save(badge);
      this.changes.emit({ kind: 'badge', siteId: badge.siteId });
    }
    return badge;
  }

  findBadgeByUid(uid: string): Promise<Badge | null> {
    return this.badges.findOneBy({ uid });
  }

  findPerson(id: string): Promise<Person | null> {
    return this.people.findOneBy({ id });
  }

  activeBadgeCount(siteId: string): Promise<number> {
    return this.badges.countBy({ siteId, revokedAt: IsNull() });
  }

  /** Everyone and every badge, for the badge-in decision's in-memory picture (access-facts.cache). */
  everyone(): Promise<Person[]> {
    return this.people.find();
  }

  everyBadge(): Promise<Badge[]> {
    return this.badges.find();
  }

  activeOfSite(siteId: string): Promise<Person[]> {
    return this.people.findBy({ siteId, active: true });
  }

  activeBadgesOfSite(siteId: string): Promise<Badge[]> {
    return this.badges.findBy({ siteId, revokedAt: IsNull() });
  }

  /** The active managers of a site who have an e-mail (who gets the site's mails). */
  managersToMail(siteId: string): Promise<Person[]> {
    return this.people.findBy({ siteId, role: 'manager', active: true, email: Not(IsNull()) });
  }

  /** The active trainers and managers of a site who have an e-mail (who approves prints and cuts). */
  approversToMail(siteId: string): Promise<Person[]> {
    return this.people.findBy({ siteId, role: In(['trainer', 'manager']), active: true, email: Not(IsNull()) });
  }

  /** Display names by person id, in one query whatever the number of ids. */
  async displayNames(ids: Array<string | null | undefined>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    if (!unique.length) return new Map();
    const people = await this.people.findBy({ id: In(unique) });
    return new Map(people.map((p) => [p.id, p.displayName]));
  }

  /** Which of these e-mails (lower case) already belong to someone, in batched queries. */
  async takenEmails(emails: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const part of chunks([...new Set(emails)], 1000)) {
      for (const p of await this.people.find({ select: { email: true }, where: { email: In(part) } })) if (p.email) taken.add(p.email);
    }
    return taken;
  }

  /** Which of these card UIDs (normalised) are already registered, on any site, in batched queries. */
  async takenUids(uids: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const part of chunks([...new Set(uids)], 1000)) {
      for (const b of await this.badges.find({ select: { uid: true }, where: { uid: In(part) } })) taken.add(b.uid);
    }
    return taken;
  }

  /**
   * People of a bulk import and their member badges, written in the caller's transaction by
   * multi-row INSERTs (rows already checked by the importer; a unique e-mail or UID taken
   * meanwhile fails the whole transaction). Returns their ids in order, and the step that announces
   * the change once committed (drops the badge-in decision cache).
   */
  async importIn(em: EntityManager, siteId: string, rows: readonly ImportedPerson[]): Promise<{ ids: string[]; announce: () => void }> {
    const people = rows.map((r) => ({
      id: randomUUID(),
      siteId,
      firstName: r.firstName.trim(),
      lastName: r.lastName.trim(),
      email: r.email?.toLowerCase() ?? null,
      role: r.role,
      locale: r.locale,
      active: true,
      passwordHash: null,
    }));
    // Our own ids, and TypeORM told not to write back what the INSERT returns: SQLite's RETURNING
    // gives rows in no set order, and TypeORM would pair them with the wrong objects.
    const ids = people.map((p) => p.id);
    for (const part of chunks(people)) await em.createQueryBuilder().insert().into(Person).values(part).updateEntity(false).execute();
    const badges = rows.flatMap((r, i) =>
      r.badgeUids.map((uid) => ({ siteId, personId: ids[i], uid: normalizeUid(uid), label: '', purpose: 'member' as const })),
    );
    for (const part of chunks(badges)) await em.createQueryBuilder().insert().into(Badge).values(part).updateEntity(false).execute();
    return {
      ids,
      announce: () => {
        this.changes.emit({ kind: 'person', siteId });
        if (badges.length) this.changes.emit({ kind: 'badge', siteId });
      },
    };
  }
}
