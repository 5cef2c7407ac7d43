import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, MoreThanOrEqual, Repository } from 'typeorm';
import { addDays, dayOf } from '../common/local-format';
import { fieldReason, invalidInput } from '../common/validation';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { outstandingOf, StockLoans } from '../inventory/stock-loans';
import { ActivityRecorder, type Recorded } from '../mediation/activity-recorder';
import { SitesService } from '../sites/sites.service';
import type { CreateStopDto, LendDto, ReturnDto, StopActivityDto, StopsQuery, UpdateStopDto } from './dto/outreach.dto';
import { OutreachStop, OutreachStopActivity } from './entities';
import { loanRefOf } from './outreach-words';

/**
 * The outreach itinerary (stops at partners' places or of the mobile unit), the equipment lent to
 * a stop from the site's stock (through the inventory's StockLoans) and the activities logged on
 * the spot (through the mediation log's ActivityRecorder: idempotent by the phone's id).
 */
@Injectable()
export class OutreachService {
  constructor(
    @InjectRepository(OutreachStop) private readonly stops: Repository<OutreachStop>,
    @InjectRepository(OutreachStopActivity) private readonly links: Repository<OutreachStopActivity>,
    private readonly sites: SitesService,
    private readonly loans: StockLoans,
    private readonly recorder: ActivityRecorder,
  ) {}

  async today(siteId: string): Promise<string> {
    return dayOf(new Date(), await this.sites.zoneOf(siteId));
  }

  async create(viewer: Viewer, dto: CreateStopDto): Promise<OutreachStop> {
    const siteId = requireSite(viewer, dto.siteId);
    const reasons = hourBreaks(dto.startsAt, dto.endsAt);
    if (dto.date < (await this.today(siteId)))
      reasons.push(fieldReason('date', { fr: 'Date : ce jour est passé ; un arrêt se prévoit aujourd’hui ou plus tard.', en: 'Date: this day is past.' }));
    if (reasons.length) throw invalidInput(reasons);
    const { siteId: _, ...fields } = dto;
    return this.stops.save(
      this.stops.create({ ...fields, siteId, vehicle: dto.vehicle ?? null, details: dto.details ?? null, signupsCount: 0, createdBy: viewer.id }),
    );
  }

  async list(viewer: Viewer, q: StopsQuery): Promise<OutreachStop[]> {
    const site = siteOf(viewer, q.siteId);
    const from = q.from ?? addDays(await this.today(site ?? viewer.siteId ?? ''), -30);
    const when = q.to ? Between(from, q.to) : MoreThanOrEqual(from);
    return this.stops.find({ where: { ...(site ? { siteId: site } : {}), date: when }, order: { date: 'ASC', startsAt: 'ASC' }, take: 500 });
  }

  async get(viewer: Viewer, id: string): Promise<OutreachStop> {
    return assertVisible(viewer, await this.stops.findOneBy({ id }), 'Arrêt');
  }

  async update(viewer: Viewer, id: string, dto: UpdateStopDto): Promise<OutreachStop> {
    const stop = await this.get(viewer, id);
    const reasons = hourBreaks(dto.startsAt ?? stop.startsAt, dto.endsAt ?? stop.endsAt);
    if (dto.date && dto.date !== stop.date && dto.date < (await this.today(stop.siteId)))
      reasons.push(fieldReason('date', { fr: 'Date : ce jour est passé.', en: 'Date: this day is past.' }));
    if (reasons.length) throw invalidInput(reasons);
    const { capacity, ...rest } = dto;
    if (capacity !== undefined && capacity !== stop.capacity) {
      // Never below the sign-ups already taken, even one arriving right now: one conditional update.
      const done = await this.stops
        .createQueryBuilder()
        .update(OutreachStop)
        .set({ capacity })
        .where('id = :id AND "signupsCount" <= :capacity', { id, capacity })
        .execute();
      if (!done.affected) {
        const now = await this.stops.findOneByOrFail({ id });
        throw invalidInput([
          fieldReason('capacity', {
            fr: `Places : ${now.signupsCount} personnes sont déjà inscrites, pas moins de ${now.signupsCount}.`,
            en: `Places: ${now.signupsCount} people have signed up already.`,
          }),
        ]);
      }
    }
    if (Object.keys(rest).length) await this.stops.update({ id }, rest);
    return this.stops.findOneByOrFail({ id });
  }

  /** A stop nobody signed up for, with nothing logged and no equipment out, may be taken off the itinerary. */
  async remove(viewer: Viewer, id: string): Promise<void> {
    const stop = await this.get(viewer, id);
    const [logged, loans] = await Promise.all([this.links.countBy({ stopId: id }), this.loansOf(stop)]);
    const reasons: string[] = [];
    if (stop.signupsCount) reasons.push(`${stop.signupsCount} personne(s) inscrite(s) : prévenez-les et retirez leur inscription d’abord.`);
    if (logged) reasons.push(`${logged} activité(s) notée(s) à cet arrêt : il reste dans l’historique.`);
    if (loans.some((l) => !l.closedAt)) reasons.push('Du matériel prêté pour cet arrêt n’est pas rendu.');
    if (reasons.length) throw new ConflictException({ code: 'stop_in_use', message: `Impossible de supprimer cet arrêt : ${reasons.join(' ')}` });
    await this.stops.delete({ id });
  }

  loansOf(stop: OutreachStop) {
    return this.loans.loansFor(stop.siteId, [loanRefOf(stop.id)]);
  }

  async lend(viewer: Viewer, stopId: string, dto: LendDto) {
    const stop = await this.get(viewer, stopId);
    const label = `${stop.vehicle ?? 'Aller vers'} — ${stop.placeName} (${stop.commune}), ${stop.date.split('-').reverse().join('/')}`;
    const loan = await this.loans.lend(viewer, {
      partId: dto.partId,
      locationId: dto.locationId,
      quantity: dto.quantity,
      forRef: loanRefOf(stop.id),
      forLabel: label,
    });
    return { ...loan, outstanding: outstandingOf(loan) };
  }

  async returnLoan(viewer: Viewer, stopId: string, loanId: string, dto: ReturnDto) {
    const stop = await this.get(viewer, stopId);
    const loan = await this.loans.loan(viewer, loanId);
    if (loan.forRef !== loanRefOf(stop.id)) throw new NotFoundException({ code: 'not_found', message: 'Prêt introuvable pour cet arrêt. Not found.' });
    const after = await this.loans.returnLoan(viewer, loan.id, dto);
    return { ...after, outstanding: outstandingOf(after) };
  }

  /**
   * An activity logged at the stop: written into the mediation log as an « Autre lieu » with the
   * stop's place, then linked to the stop. The same id sent again (an offline queue) answers the
   * stored activity and links it once.
   */
  async log(viewer: Viewer, stopId: string, dto: StopActivityDto): Promise<Recorded> {
    const stop = await this.get(viewer, stopId);
    const recorded = await this.recorder.record(
      { siteId: stop.siteId, mediatorId: viewer.id },
      {
        ...dto,
        siteId: stop.siteId,
        date: dto.date ?? stop.date,
        placeType: 'autre',
        placeName: stop.placeName,
        placeAddress: stop.address,
        placeCommune: stop.commune,
        placePostalCode: stop.postalCode,
        placeInseeCode: stop.inseeCode,
      },
    );
    const a = recorded.activity;
    if (!recorded.created) {
      const link = await this.links.findOneBy({ activityId: a.id });
      if (link && link.stopId !== stop.id)
        throw new ConflictException({ code: 'id_taken', message: 'Cette activité a été notée à un autre arrêt. Logged at another stop.' });
      // Written but not linked (the link lost to a crash between the two): only an activity of this very place is linked now.
      const samePlace = a.placeType === 'autre' && a.placeName === stop.placeName && a.placeCommune === stop.commune;
      if (!link && !samePlace)
        throw new ConflictException({ code: 'id_taken', message: 'Cet identifiant est déjà pris par une autre activité. This id is taken.' });
    }
    await this.links
      .createQueryBuilder()
      .insert()
      .values({ activityId: a.id, stopId: stop.id, siteId: stop.siteId, type: a.type, participantsCount: a.participantsCount })
      .orIgnore()
      .execute();
    return recorded;
  }

  activitiesOf(stopId: string): Promise<OutreachStopActivity[]> {
    return this.links.find({ where: { stopId }, order: { createdAt: 'ASC' } });
  }

  /** Activities logged per stop, for a list of stops. */
  async activityCounts(stopIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!stopIds.length) return out;
    const rows = await this.links
      .createQueryBuilder('l')
      .select('l.stopId', 'stopId')
      .addSelect('COUNT(*)', 'n')
      .where('l.stopId IN (:...ids)', { ids: stopIds })
      .groupBy('l.stopId')
      .getRawMany<{ stopId: string; n: string | number }>();
    for (const r of rows) out.set(r.stopId, Number(r.n));
    return out;
  }
}

function hourBreaks(startsAt: string, endsAt: string) {
  return endsAt <= startsAt ? [fieldReason('endsAt', { fr: `Fin : après le début (${startsAt}).`, en: `End: after the start (${startsAt}).` })] : [];
}
