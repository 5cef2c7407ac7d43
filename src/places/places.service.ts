import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SiteHoursService } from '../bookings/site-hours.service';
import { dayOf } from '../common/local-format';
import { fieldReason, invalidInput, Reason } from '../common/validation';
import { requireSite, Viewer } from '../common/viewer';
import { SitesService } from '../sites/sites.service';
import { PlaceSettingsDto } from './dto/place-settings.dto';
import { PlaceSettings } from './entities/place-settings.entity';
import type { WeeklyHours } from './opening-hours';
import { PlaceRecord, placeRecord } from './place-record';

/** A published place: its record in the standard, and what the public page shows beside it. */
export interface PublishedPlace {
  record: PlaceRecord;
  settings: PlaceSettings;
  hours: WeeklyHours;
  zone: string;
}

/** A site that has not filled its record yet: nothing said, not published. */
export function blankSettings(siteId: string): PlaceSettings {
  return Object.assign(new PlaceSettings(), {
    siteId,
    published: false,
    pivot: null,
    address: '',
    addressComplement: '',
    commune: '',
    postalCode: '',
    inseeCode: null,
    latitude: null,
    longitude: null,
    typologies: [],
    phone: null,
    emails: [],
    websites: [],
    summary: '',
    details: '',
    roaming: [],
    parent: '',
    services: [],
    publics: [],
    specificSupport: [],
    fees: [],
    programmes: [],
    trainingLabels: [],
    otherLabels: '',
    accessModes: [],
    supportModes: [],
    accessLibreUrl: null,
    bookingUrl: null,
  });
}

/** What a published record must hold: the standard's required fields, plus one service (the national map's tools refuse a place without). */
function publishingReasons(s: PlaceSettings): Reason[] {
  const reasons: Reason[] = [];
  if (!s.pivot) reasons.push(fieldReason('pivot', { fr: 'SIRET ou RNA : obligatoire pour publier.', en: 'SIRET or RNA: required to publish.' }));
  if (!s.address.trim()) reasons.push(fieldReason('address', { fr: 'Adresse : obligatoire pour publier.', en: 'Address: required to publish.' }));
  if (!s.postalCode) reasons.push(fieldReason('postalCode', { fr: 'Code postal : obligatoire pour publier.', en: 'Postal code: required to publish.' }));
  if (!s.commune.trim()) reasons.push(fieldReason('commune', { fr: 'Commune : obligatoire pour publier.', en: 'Commune: required to publish.' }));
  if (!s.services.length) reasons.push(fieldReason('services', { fr: 'Services : au moins un pour publier.', en: 'Services: at least one to publish.' }));
  return reasons;
}

/**
 * Each site's public record in the national places standard (src/places/places-standard.ts):
 * what its manager says (PlaceSettings), its name (sites) and its hours (bookings), and the list
 * of the federation's published places.
 */
@Injectable()
export class PlacesService {
  constructor(
    @InjectRepository(PlaceSettings) private readonly settings: Repository<PlaceSettings>,
    private readonly sites: SitesService,
    private readonly hours: SiteHoursService,
  ) {}

  /** A site's settings (blank when never saved): the site's own manager, or an admin. */
  async settingsOf(viewer: Viewer, siteId: string): Promise<PlaceSettings> {
    const site = await this.sites.get(viewer, requireSite(viewer, siteId));
    return (await this.settings.findOneBy({ siteId: site.id })) ?? blankSettings(site.id);
  }

  /** Replaces a site's settings with what was sent; publishing requires what the standard requires. */
  async save(viewer: Viewer, siteId: string, dto: PlaceSettingsDto): Promise<PlaceSettings> {
    const site = await this.sites.get(viewer, requireSite(viewer, siteId));
    const next = Object.assign(blankSettings(site.id), {
      ...Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)),
      address: dto.address?.trim() ?? '',
      addressComplement: dto.addressComplement?.trim() ?? '',
      commune: dto.commune?.trim() ?? '',
      postalCode: dto.postalCode ?? '',
      summary: dto.summary?.trim() ?? '',
      details: dto.details?.trim() ?? '',
      parent: dto.parent?.trim() ?? '',
      otherLabels: dto.otherLabels?.trim() ?? '',
      emails: (dto.emails ?? []).map((e) => e.trim()),
      websites: (dto.websites ?? []).map((w) => w.trim()),
      siteId: site.id,
    }) as PlaceSettings;
    const reasons: Reason[] = [];
    if ((next.latitude === null) !== (next.longitude === null)) {
      const missing = next.latitude === null ? 'latitude' : 'longitude';
      reasons.push(fieldReason(missing, { fr: 'Latitude et longitude : les deux, ou aucune.', en: 'Latitude and longitude: both, or neither.' }));
    }
    if (next.published) reasons.push(...publishingReasons(next));
    if (reasons.length) throw invalidInput(reasons);
    await this.settings.save(next);
    return (await this.settings.findOneByOrFail({ siteId: site.id })) as PlaceSettings;
  }

  /** A site's record as it would be published (the settings page shows it). */
  async recordOf(viewer: Viewer, siteId: string): Promise<PlaceRecord> {
    const s = await this.settingsOf(viewer, siteId);
    const [site] = await this.sites.byIds([s.siteId]);
    return (await this.recordsFor([s], [site]))[0].record;
  }

  /** Every published place of the federation, by name (public: only what their sites chose to publish). */
  async published(): Promise<PublishedPlace[]> {
    const rows = await this.settings.findBy({ published: true });
    const sites = await this.sites.byIds(rows.map((r) => r.siteId));
    const places = await this.recordsFor(rows, sites);
    return places.sort((a, b) => a.record.nom.localeCompare(b.record.nom, 'fr'));
  }

  private async recordsFor(rows: PlaceSettings[], sites: Array<{ id: string; name: string; timezone: string }>): Promise<PublishedPlace[]> {
    const siteOf = new Map(sites.map((s) => [s.id, s]));
    const hours = await this.hours.hoursOfSites(rows.map((r) => r.siteId));
    const now = new Date();
    return rows.flatMap((settings) => {
      const site = siteOf.get(settings.siteId);
      if (!site) return [];
      const siteHours = hours.get(site.id) ?? { weekly: [], closures: [] };
      const updatedOn = dayOf(settings.updatedAt ?? now, site.timezone);
      const record = placeRecord({ site, settings, hours: siteHours, today: dayOf(now, site.timezone), updatedOn });
      return [{ record, settings, hours: siteHours, zone: site.timezone }];
    });
  }
}
