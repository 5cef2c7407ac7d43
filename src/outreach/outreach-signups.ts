import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThanOrEqual, Repository } from 'typeorm';
import { dayOf } from '../common/local-format';
import { fieldReason, invalidInput } from '../common/validation';
import { MailService } from '../infra/mail/mail.service';
import { SitesService } from '../sites/sites.service';
import type { SignupDto } from './dto/outreach.dto';
import { OutreachSignup, OutreachStop } from './entities';
import { whenWords, whereWords } from './outreach-words';

/** What the public page shows of a stop: no sign-up, no one's name. */
export interface PublicStop {
  id: string;
  placeName: string;
  address: string;
  commune: string;
  postalCode: string;
  date: string;
  startsAt: string;
  endsAt: string;
  vehicle: string | null;
  details: string | null;
  capacity: number;
  placesLeft: number;
}

/** « 06 12 34 56 78 » → « 0612345678 »; « +262 692… » keeps its +. */
export const phoneDigits = (phone: string) => phone.replace(/[ .-]/g, '');

/**
 * Public sign-ups for the stops: a name and a phone or an e-mail, never more than the stop's
 * places (one conditional update of the stop's count decides, on both databases, even for two
 * people taking the last place at once), a confirmation in French on the page and by e-mail.
 */
@Injectable()
export class OutreachSignups {
  private readonly log = new Logger('OutreachSignups');

  constructor(
    @InjectRepository(OutreachStop) private readonly stops: Repository<OutreachStop>,
    @InjectRepository(OutreachSignup) private readonly signups: Repository<OutreachSignup>,
    private readonly sites: SitesService,
    private readonly mail: MailService,
  ) {}

  /** A site's stops from today on, for the public page. */
  async upcoming(siteSlug: string): Promise<{ site: { name: string; slug: string }; stops: PublicStop[] }> {
    const site = await this.sites.findBySlug(siteSlug);
    if (!site) throw new NotFoundException({ code: 'not_found', message: 'Lieu introuvable. Not found.' });
    const today = dayOf(new Date(), await this.sites.zoneOf(site.id));
    const rows = await this.stops.find({ where: { siteId: site.id, date: MoreThanOrEqual(today) }, order: { date: 'ASC', startsAt: 'ASC' }, take: 200 });
    return { site: { name: site.name, slug: site.slug }, stops: rows.map(publicStop) };
  }

  async signup(stopId: string, dto: SignupDto): Promise<{ id: string; confirmation: string; stop: PublicStop }> {
    const stop = await this.stops.findOneBy({ id: stopId });
    if (!stop) throw new NotFoundException({ code: 'not_found', message: 'Arrêt introuvable. Not found.' });
    if (stop.date < dayOf(new Date(), await this.sites.zoneOf(stop.siteId)))
      throw new ConflictException({ code: 'stop_past', message: 'Cet arrêt est passé : choisissez un prochain passage. This stop is over.' });
    const phone = dto.phone ? phoneDigits(dto.phone) : null;
    const email = dto.email ? dto.email.trim().toLowerCase() : null;
    if (!phone && !email)
      throw invalidInput([
        fieldReason('phone', {
          fr: 'Téléphone ou e-mail : indiquez au moins l’un des deux, pour qu’on puisse vous prévenir.',
          en: 'Phone or e-mail: give at least one.',
        }),
      ]);
    const known = await this.signups.find({ where: { stopId } });
    if (known.some((s) => (phone && s.phone === phone) || (email && s.email === email)))
      throw new ConflictException({ code: 'already_signed_up', message: 'Vous êtes déjà inscrit·e à cet arrêt. Already signed up.' });
    // Takes a place if one is left: the count never passes the capacity, whoever comes at the same time.
    const taken = await this.stops
      .createQueryBuilder()
      .update(OutreachStop)
      .set({ signupsCount: () => '"signupsCount" + 1' })
      .where('id = :id AND "signupsCount" < "capacity"', { id: stopId })
      .execute();
    if (!taken.affected)
      throw new ConflictException({ code: 'full', message: `Complet : les ${stop.capacity} places de cet arrêt sont prises. This stop is full.` });
    let row: OutreachSignup;
    try {
      row = await this.signups.save(this.signups.create({ stopId, siteId: stop.siteId, name: dto.name.trim(), phone, email }));
    } catch (err) {
      await this.release(stopId);
      throw err;
    }
    const confirmation = `Inscription confirmée, ${row.name} : ${whereWords(stop)}, ${whenWords(stop)}. Une médiatrice ou un médiateur numérique vous y attend.`;
    if (email)
      void this.mail
        .send({
          to: email,
          subject: `Inscription confirmée — ${stop.placeName}, ${whenWords(stop)}`,
          text: `Bonjour,\n\n${confirmation}\n\nPour vous désinscrire, répondez à ce message.\n`,
        })
        .catch((err: Error) => this.log.warn(`confirmation mail not sent: ${err.message}`));
    const fresh = await this.stops.findOneByOrFail({ id: stopId });
    return { id: row.id, confirmation, stop: publicStop(fresh) };
  }

  of(stopId: string): Promise<OutreachSignup[]> {
    return this.signups.find({ where: { stopId }, order: { createdAt: 'ASC' } });
  }

  /** Staff take a sign-up off (the person cancelled): its place is free again. */
  async remove(stopId: string, signupId: string): Promise<void> {
    const row = await this.signups.findOneBy({ id: signupId, stopId });
    if (!row) throw new NotFoundException({ code: 'not_found', message: 'Inscription introuvable. Not found.' });
    const gone = await this.signups.delete({ id: row.id });
    if (gone.affected) await this.release(stopId);
  }

  private release(stopId: string) {
    return this.stops
      .createQueryBuilder()
      .update(OutreachStop)
      .set({ signupsCount: () => '"signupsCount" - 1' })
      .where('id = :id AND "signupsCount" > 0', { id: stopId })
      .execute();
  }
}

export function publicStop(s: OutreachStop): PublicStop {
  return {
    id: s.id,
    placeName: s.placeName,
    address: s.address,
    commune: s.commune,
    postalCode: s.postalCode,
    date: s.date,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    vehicle: s.vehicle,
    details: s.details,
    capacity: s.capacity,
    placesLeft: Math.max(0, s.capacity - s.signupsCount),
  };
}
