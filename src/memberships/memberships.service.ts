import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { ChargesService } from '../bookings/charges.service';
import { categoryWord } from '../bookings/price-words';
import { centsOf } from '../common/input-rules';
import { dayOf } from '../common/local-format';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { AddMemberDto, CreatePlanDto, JoinDto, MembershipRulesDto, SetPlanPriceDto, UpdatePlanDto } from './dto/memberships.dto';
import { Membership } from './entities/membership.entity';
import { MembershipMember } from './entities/membership-member.entity';
import { MembershipPlan } from './entities/membership-plan.entity';
import { MembershipRules } from './entities/membership-rules.entity';
import { MembershipStanding } from './membership-standing';
import { planPrice } from './periods';

export const isMembershipStaff = (v: Viewer) => v.role === 'manager' || v.role === 'admin';
/** Where a person pays for a thing: the payments feature serves `/pay/:kind/:ref`. */
export const payUrl = (kind: 'membership' | 'pack', id: string) => `/pay/${kind}/${id}`;

const notFound = (what: string) => new NotFoundException({ code: 'not_found', message: `${what} introuvable. Not found.` });

/** A membership with what a page or the API shows around it. */
export interface MembershipView extends Membership {
  planName: string;
  personName: string;
  members: Array<{ personId: string; name: string }>;
  payUrl: string | null;
}

/**
 * Plans and memberships. A person (or staff for them) asks to join a plan: the membership waits,
 * priced by their category, until payments says it is paid (`payments.settled`); then its period
 * is set and it counts (MembershipStanding). A full refund withdraws it. Those two steps, and what
 * the payment page shows, are MembershipPayments'.
 */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectRepository(MembershipPlan) private readonly plans: Repository<MembershipPlan>,
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    @InjectRepository(MembershipMember) private readonly members: Repository<MembershipMember>,
    @InjectRepository(MembershipRules) private readonly rules: Repository<MembershipRules>,
    private readonly standing: MembershipStanding,
    private readonly charges: ChargesService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
  ) {}

  // ——— plans ———

  listPlans(viewer: Viewer, siteId?: string): Promise<MembershipPlan[]> {
    const site = siteOf(viewer, siteId);
    const offered = isMembershipStaff(viewer) ? {} : { active: true };
    return this.plans.find({ where: { ...(site ? { siteId: site } : {}), ...offered }, order: { name: 'ASC' } });
  }

  createPlan(viewer: Viewer, dto: CreatePlanDto): Promise<MembershipPlan> {
    const siteId = requireSite(viewer, dto.siteId);
    if (dto.maxMembers && !dto.forCompany) {
      throw new BadRequestException({
        code: 'bad_plan',
        message: 'Un nombre de membres ne se donne qu’à une adhésion d’entreprise. maxMembers is for company plans.',
      });
    }
    return this.plans.save(
      this.plans.create({
        siteId,
        name: dto.name.trim(),
        period: dto.period,
        prices: { '*': centsOf(dto.priceEuros) },
        forCompany: dto.forCompany ?? false,
        maxMembers: dto.forCompany ? (dto.maxMembers ?? null) : null,
      }),
    );
  }

  async plan(viewer: Viewer, id: string): Promise<MembershipPlan> {
    return assertVisible(viewer, await this.plans.findOneBy({ id }), 'Formule d’adhésion');
  }

  async setPlanPrice(viewer: Viewer, id: string, dto: SetPlanPriceDto): Promise<MembershipPlan> {
    const plan = await this.plan(viewer, id);
    plan.prices = { ...plan.prices, [dto.category]: centsOf(dto.priceEuros) };
    return this.plans.save(plan);
  }

  async updatePlan(viewer: Viewer, id: string, dto: UpdatePlanDto): Promise<MembershipPlan> {
    const plan = await this.plan(viewer, id);
    if (dto.name !== undefined) plan.name = dto.name.trim();
    if (dto.active !== undefined) plan.active = dto.active;
    return this.plans.save(plan);
  }

  // ——— site rules ———

  async rulesOf(viewer: Viewer, siteId?: string) {
    const site = requireSite(viewer, siteId ?? viewer.siteId);
    return { siteId: site, ...(await this.standing.rulesOf(site)) };
  }

  async setRules(viewer: Viewer, dto: MembershipRulesDto) {
    const siteId = requireSite(viewer, dto.siteId);
    await this.rules.save(this.rules.create({ siteId, requiredToBook: dto.requiredToBook, requiredToUnlock: dto.requiredToUnlock }));
    this.standing.changed(siteId);
    return { siteId, requiredToBook: dto.requiredToBook, requiredToUnlock: dto.requiredToUnlock };
  }

  // ——— joining ———

  /** Asks to join: a pending membership at the person's price, to pay at `/pay/membership/<id>`. The same request twice gives the same one. */
  async join(viewer: Viewer, dto: JoinDto): Promise<MembershipView> {
    const staff = isMembershipStaff(viewer);
    if (dto.personId && dto.personId !== viewer.id && !staff) {
      throw new ForbiddenException({ code: 'staff_only', message: 'Vous ne pouvez adhérer que pour vous. You can only join for yourself.' });
    }
    const person = dto.personId ? await this.people.get(viewer, dto.personId) : await this.people.findPerson(viewer.id);
    const plan = await this.plans.findOneBy({ id: dto.planId });
    if (!person?.siteId || !plan || plan.siteId !== person.siteId || (!staff && plan.siteId !== viewer.siteId)) throw notFound('Formule d’adhésion');
    if (!plan.active) throw new ConflictException({ code: 'plan_closed', message: 'Cette formule n’est plus proposée. This plan is no longer offered.' });
    const companyName = dto.companyName?.trim() || null;
    if (plan.forCompany && !companyName) {
      throw new BadRequestException({
        code: 'company_required',
        message: 'Indiquez le nom de l’entreprise qui adhère. companyName is required for a company plan.',
      });
    }
    const zone = await this.sites.zoneOf(plan.siteId);
    const thisYear = Number(dayOf(new Date(), zone).slice(0, 4));
    const year = plan.period === 'calendar_year' ? (dto.year ?? thisYear) : null;
    if (year !== null && (year < thisYear || year > thisYear + 1)) {
      throw new BadRequestException({ code: 'bad_year', message: `On adhère pour ${thisYear} ou ${thisYear + 1}. year must be this year or the next.` });
    }
    const category = await this.charges.categoryOf(person.id);
    const priceCents = planPrice(plan.prices, category);
    if (priceCents === null) {
      throw new BadRequestException({
        code: 'no_price',
        message: `Cette formule n’a pas de prix pour la catégorie « ${categoryWord(category, 'fr')} ». This plan has no price for this category.`,
      });
    }
    const waiting = await this.memberships.findOneBy({ personId: person.id, planId: plan.id, status: 'pending', ...(year ? { year } : {}) });
    const row =
      waiting ??
      (await this.memberships.save(
        this.memberships.create({
          siteId: plan.siteId,
          planId: plan.id,
          personId: person.id,
          companyName: plan.forCompany ? companyName : null,
          category,
          priceCents,
          year,
        }),
      ));
    return (await this.views([row]))[0];
  }

  // ——— reading ———

  /** A person's memberships as holder or company member, newest first. */
  async of(personId: string): Promise<MembershipView[]> {
    const asMember = await this.members.findBy({ personId });
    const rows = await this.memberships.find({
      where: [{ personId }, ...(asMember.length ? [{ id: In(asMember.map((m) => m.membershipId)) }] : [])],
      order: { createdAt: 'DESC' },
    });
    return this.views(rows);
  }

  mine(viewer: Viewer): Promise<MembershipView[]> {
    return this.of(viewer.id);
  }

  /** Staff: a site's memberships (only the current ones ending within `endingWithinDays` if given). */
  async list(viewer: Viewer, q: { siteId?: string; endingWithinDays?: number }, now = new Date()): Promise<MembershipView[]> {
    const siteId = requireSite(viewer, q.siteId);
    const ending = q.endingWithinDays !== undefined ? { status: 'active' as const, startsAt: LessThanOrEqual(now), endsAt: MoreThan(now) } : {};
    let rows = await this.memberships.find({ where: { siteId, ...ending }, order: { endsAt: 'ASC', createdAt: 'DESC' } });
    if (q.endingWithinDays !== undefined) {
      const limit = now.getTime() + q.endingWithinDays * 86400_000;
      rows = rows.filter((m) => m.endsAt!.getTime() <= limit);
    }
    return this.views(rows);
  }

  /** One membership: staff of its site, its holder or one of its members. */
  async get(viewer: Viewer, id: string): Promise<MembershipView> {
    const row = await this.memberships.findOneBy({ id });
    if (!row) throw notFound('Adhésion');
    const [view] = await this.views([row]);
    const mine = row.personId === viewer.id || view.members.some((m) => m.personId === viewer.id);
    if (!mine && !(isMembershipStaff(viewer) && (viewer.role === 'admin' || viewer.siteId === row.siteId))) throw notFound('Adhésion');
    return view;
  }

  private async views(rows: Membership[]): Promise<MembershipView[]> {
    if (!rows.length) return [];
    const [plans, extra] = await Promise.all([
      this.plans.findBy({ id: In([...new Set(rows.map((r) => r.planId))]) }),
      this.members.find({ where: { membershipId: In(rows.map((r) => r.id)) }, order: { addedAt: 'ASC' } }),
    ]);
    const names = await this.people.displayNames([...rows.map((r) => r.personId), ...extra.map((e) => e.personId)]);
    return rows.map((r) => ({
      ...r,
      planName: plans.find((p) => p.id === r.planId)?.name ?? '',
      personName: names.get(r.personId) ?? '',
      members: extra.filter((e) => e.membershipId === r.id).map((e) => ({ personId: e.personId, name: names.get(e.personId) ?? '' })),
      payUrl: r.status === 'pending' ? payUrl('membership', r.id) : null,
    }));
  }

  // ——— company members ———

  async addMember(viewer: Viewer, id: string, dto: AddMemberDto): Promise<MembershipView> {
    const m = assertVisible(viewer, await this.memberships.findOneBy({ id }), 'Adhésion');
    if (m.companyName === null)
      throw new ConflictException({ code: 'not_company', message: 'Seule une adhésion d’entreprise a des membres. Only a company membership has members.' });
    const person = await this.people.get(viewer, dto.personId);
    if (person.siteId !== m.siteId) throw notFound('Personne');
    const plan = await this.plans.findOneByOrFail({ id: m.planId });
    const count = await this.members.countBy({ membershipId: m.id });
    const already = await this.members.existsBy({ membershipId: m.id, personId: person.id });
    if (!already && plan.maxMembers !== null && count >= plan.maxMembers) {
      throw new ConflictException({ code: 'company_full', message: `Cette adhésion couvre ${plan.maxMembers} personnes au plus. This membership is full.` });
    }
    if (!already) await this.members.insert({ membershipId: m.id, personId: person.id, siteId: m.siteId });
    this.standing.changed(m.siteId);
    return this.get(viewer, id);
  }

  async removeMember(viewer: Viewer, id: string, personId: string): Promise<MembershipView> {
    const m = assertVisible(viewer, await this.memberships.findOneBy({ id }), 'Adhésion');
    if (personId === m.personId) {
      throw new ConflictException({
        code: 'holder_stays',
        message: 'Le contact de l’entreprise reste couvert par son adhésion. The company contact stays covered.',
      });
    }
    await this.members.delete({ membershipId: m.id, personId });
    this.standing.changed(m.siteId);
    return this.get(viewer, id);
  }

  // ——— reminders ———

  /** Current memberships of every site ending within `days` (the reminders' round). */
  endingWithin(now: Date, days: number): Promise<Membership[]> {
    return this.memberships
      .find({ where: { status: 'active', startsAt: LessThanOrEqual(now), endsAt: MoreThan(now) } })
      .then((rows) => rows.filter((m) => m.endsAt!.getTime() <= now.getTime() + days * 86400_000));
  }

  /** Whether the holder already took the next period (paid, starting when this one ends or later). */
  async renewed(m: Membership): Promise<boolean> {
    return this.memberships.existsBy({ siteId: m.siteId, personId: m.personId, status: 'active', endsAt: MoreThan(m.endsAt!) });
  }

  planName(id: string): Promise<string> {
    return this.plans.findOneBy({ id }).then((p) => p?.name ?? '');
  }
}

/** « Adhésion individuelle 2027 », « Adhésion entreprise 2027 — Menuiserie Dubois ». */
export function membershipLabel(m: Pick<Membership, 'year' | 'companyName'>, planName: string): string {
  return [planName, m.year ?? '', m.companyName ? `— ${m.companyName}` : ''].filter(Boolean).join(' ');
}
