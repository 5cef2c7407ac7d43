import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not, Repository } from 'typeorm';
import { centsOf } from '../common/input-rules';
import { Lang } from '../common/local-format';
import { assertVisible, siteOf, Viewer } from '../common/viewer';
import { FileStore } from '../infra/files/file-store';
import type { Site } from '../sites/entities/site.entity';
import { SitesService } from '../sites/sites.service';
import { checkEligibility, notReadyReason, priceWords, specLines } from './catalogue';
import { CatalogueRequestDto, ListingDto, RequestReleaseDto, ReserveDto } from './dto/catalogue.dto';
import { Device } from './entities/device.entity';
import { ErasureRecord } from './entities/erasure.entity';
import { DevicePhoto } from './entities/photo.entity';
import { DeviceRelease } from './entities/release.entity';
import { DeviceRequest, RequestStatus } from './entities/request.entity';
import type { EligibilityCriterion } from './entities/settings.entity';
import { DEVICE_CATEGORIES } from './ords';
import { GRADE_WORDS } from './refurbish';
import { RefurbishService } from './refurbish.service';

/** More requests than this waiting for one device is not a queue anyone will get through. */
export const MAX_WAITING_PER_DEVICE = 20;

const OPEN: RequestStatus[] = ['waiting', 'reserved'];

/** « D-1A2B3C »: what a person reads out at the desk (the request id's first 6 characters). */
export const requestNo = (id: string) => `D-${id.slice(0, 6).toUpperCase()}`;

/** What the public sees of a device: no serial number, no donor, no ticket. */
export interface CatalogueCard {
  id: string;
  category: string;
  title: string;
  brand: string;
  model: string;
  yearOfManufacture: number | null;
  grade: string;
  gradeWords: string;
  priceCents: number;
  price: string;
  free: boolean;
  specs: Array<{ label: string; value: string }>;
  warrantyMonths: number;
  photoId: string | null;
}

export interface RequestView extends DeviceRequest {
  reference: string;
  device: { id: string; title: string; price: string; grade: string | null; releasedAt: Date | null; reservedRequestId: string | null } | null;
  eligibilityWords: string[];
}

const notFound = (what: string) => new NotFoundException({ code: 'not_found', message: `${what} introuvable. Not found.` });

/**
 * The public catalogue of refurbished devices ready for release, the requests people send from it,
 * the workshop's reservation (one device per request, a device reserved once) and the release of a
 * reserved device through the refurbishment rules (RefurbishService.release).
 */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(DeviceRequest) private readonly requests: Repository<DeviceRequest>,
    @InjectRepository(ErasureRecord) private readonly erasures: Repository<ErasureRecord>,
    @InjectRepository(DevicePhoto) private readonly photos: Repository<DevicePhoto>,
    private readonly refurbish: RefurbishService,
    private readonly sites: SitesService,
    private readonly files: FileStore,
  ) {}

  /** A site whose catalogue is published, by its slug; any other answer is the same 404. */
  async openSite(slug: string): Promise<{ site: Site; criteria: EligibilityCriterion[]; warrantyMonths: number }> {
    const site = await this.sites.findBySlug(slug);
    const settings = site ? await this.refurbish.settings(site.id) : null;
    if (!site || !settings?.catalogueOpen) {
      throw new NotFoundException({ code: 'no_catalogue', message: 'Ce lieu ne publie pas de catalogue d’appareils reconditionnés. No catalogue here.' });
    }
    return { site, criteria: settings.eligibilityCriteria, warrantyMonths: settings.warrantyMonths };
  }

  /** The devices of a site ready for release and put in its catalogue, not reserved: oldest listed first. */
  private async available(siteId: string): Promise<Device[]> {
    const listed = await this.devices.find({
      where: { siteId, purpose: 'refurbish', listedAt: Not(IsNull()), releasedAt: IsNull(), reservedRequestId: IsNull() },
      order: { listedAt: 'ASC' },
      take: 500,
    });
    if (!listed.length) return [];
    const erasures = await this.erasures.findBy({ deviceId: In(listed.map((d) => d.id)) });
    return listed.filter(
      (d) =>
        notReadyReason(
          d,
          erasures.filter((e) => e.deviceId === d.id),
        ) === null,
    );
  }

  private card(d: Device, warrantyMonths: number, photoId: string | null, lang: Lang): CatalogueCard {
    const category = DEVICE_CATEGORIES[d.category][lang];
    return {
      id: d.id,
      category,
      title: `${category} ${d.brand} ${d.model}`.replace(/\s+/g, ' ').trim(),
      brand: d.brand,
      model: d.model,
      yearOfManufacture: d.yearOfManufacture,
      grade: d.grade!,
      gradeWords: GRADE_WORDS[d.grade!][lang],
      priceCents: d.priceCents!,
      price: priceWords(d.priceCents!, lang),
      free: d.priceCents === 0,
      specs: specLines(d, lang).map(([label, value]) => ({ label, value })),
      warrantyMonths,
      photoId,
    };
  }

  /** The newest photo of each device (taken after refurbishment, as it will be handed over). */
  private async photoIds(deviceIds: string[]): Promise<Map<string, string>> {
    if (!deviceIds.length) return new Map();
    const photos = await this.photos.find({ where: { deviceId: In(deviceIds) }, order: { createdAt: 'ASC' } });
    return new Map(photos.map((p) => [p.deviceId, p.id]));
  }

  /** The public catalogue of a site (`slug`), in `lang`. */
  async catalogue(slug: string, lang: Lang = 'fr') {
    const { site, criteria, warrantyMonths } = await this.openSite(slug);
    const devices = await this.available(site.id);
    const photos = await this.photoIds(devices.map((d) => d.id));
    return {
      site: { name: site.name, slug: site.slug },
      eligibilityCriteria: criteria,
      devices: devices.map((d) => this.card(d, warrantyMonths, photos.get(d.id) ?? null, lang)),
    };
  }

  /** One device of the public catalogue (404 once it is reserved, released or taken out). */
  async catalogueDevice(slug: string, deviceId: string, lang: Lang = 'fr') {
    const { site, criteria, warrantyMonths } = await this.openSite(slug);
    const device = (await this.available(site.id)).find((d) => d.id === deviceId);
    if (!device) throw new NotFoundException({ code: 'device_unavailable', message: 'Cet appareil n’est plus disponible. No longer available.' });
    const photos = await this.photoIds([device.id]);
    return {
      site: { name: site.name, slug: site.slug },
      eligibilityCriteria: criteria,
      device: this.card(device, warrantyMonths, photos.get(device.id) ?? null, lang),
    };
  }

  /** A photo of a device that is in a published catalogue right now (listed, not reserved nor released); anything else is a 404. */
  async publicPhoto(photoId: string, thumb: boolean): Promise<Buffer> {
    const photo = await this.photos.findOneBy({ id: photoId });
    const device = photo ? await this.devices.findOneBy({ id: photo.deviceId }) : null;
    const open = device?.listedAt && !device.releasedAt && !device.reservedRequestId ? (await this.refurbish.settings(device.siteId)).catalogueOpen : false;
    if (!photo || !open) throw notFound('Photo');
    return this.files.get(thumb ? photo.thumbSha256 : photo.sha256);
  }

  /** A request from the public form: one device, the situations ticked (each a yes), a way to call back. */
  async request(slug: string, dto: CatalogueRequestDto) {
    const { site, criteria } = await this.openSite(slug);
    const eligibility = checkEligibility(dto.eligibility ?? [], criteria);
    const device = (await this.available(site.id)).find((d) => d.id === dto.deviceId);
    if (!device) {
      throw new ConflictException({
        code: 'device_unavailable',
        message: 'Cet appareil n’est plus disponible : choisissez-en un autre dans le catalogue. No longer available.',
      });
    }
    const waiting = await this.requests.countBy({ deviceId: device.id, status: 'waiting' });
    if (waiting >= MAX_WAITING_PER_DEVICE) {
      throw new ConflictException({
        code: 'too_many_requests',
        message: 'Déjà beaucoup de demandes pour cet appareil : choisissez-en un autre. Too many requests for this device.',
      });
    }
    const saved = await this.requests.save(
      this.requests.create({ siteId: site.id, deviceId: device.id, name: dto.name, contact: dto.contact, eligibility, status: 'waiting' }),
    );
    return { reference: requestNo(saved.id), status: saved.status, createdAt: saved.createdAt, site: site.name };
  }

  /** The site's requests for the workshop: open ones (waiting, reserved) oldest first, or closed ones newest first. */
  async list(viewer: Viewer, siteId?: string, view: 'open' | 'closed' = 'open', lang: Lang = 'fr'): Promise<RequestView[]> {
    const site = siteOf(viewer, siteId);
    const rows = await this.requests.find({
      where: { ...(site ? { siteId: site } : {}), status: view === 'open' ? In(OPEN) : In(['released', 'cancelled']) },
      order: { createdAt: view === 'open' ? 'ASC' : 'DESC' },
      take: 500,
    });
    return this.views(rows, lang);
  }

  async get(viewer: Viewer, id: string): Promise<DeviceRequest> {
    return assertVisible(viewer, await this.requests.findOneBy({ id }), 'Demande');
  }

  private async views(rows: DeviceRequest[], lang: Lang): Promise<RequestView[]> {
    const devices = rows.length ? await this.devices.findBy({ id: In([...new Set(rows.map((r) => r.deviceId))]) }) : [];
    const byId = new Map(devices.map((d) => [d.id, d]));
    const criteria = new Map<string, EligibilityCriterion[]>();
    for (const siteId of new Set(rows.map((r) => r.siteId))) criteria.set(siteId, (await this.refurbish.settings(siteId)).eligibilityCriteria);
    return rows.map((r) => {
      const d = byId.get(r.deviceId);
      const words = criteria.get(r.siteId) ?? [];
      return {
        ...r,
        reference: requestNo(r.id),
        eligibilityWords: r.eligibility.map((code) => words.find((c) => c.code === code)?.label ?? code),
        device: d
          ? {
              id: d.id,
              title: `${DEVICE_CATEGORIES[d.category][lang]} ${d.brand} ${d.model}`.replace(/\s+/g, ' ').trim(),
              price: d.priceCents === null ? '—' : priceWords(d.priceCents, lang),
              grade: d.grade,
              releasedAt: d.releasedAt,
              reservedRequestId: d.reservedRequestId,
            }
          : null,
      };
    });
  }

  /** Puts a device in the site's public catalogue (only when ready for release) or takes it out. */
  async setListing(viewer: Viewer, deviceId: string, dto: ListingDto): Promise<Device> {
    const device = assertVisible(viewer, await this.devices.findOneBy({ id: deviceId }), 'Appareil');
    if (dto.listed) {
      const refusal = notReadyReason(device, await this.erasures.findBy({ deviceId }));
      if (refusal) throw refusal;
    }
    await this.devices.update({ id: deviceId }, { listedAt: dto.listed ? (device.listedAt ?? new Date()) : null });
    return this.devices.findOneByOrFail({ id: deviceId });
  }

  /**
   * Reserves a device for a waiting request (the one asked for, or another ready device of the
   * site). Two conditional updates in one transaction: the request goes from waiting to reserved
   * once, and the device takes a request only if it has none — of two reservations at the same
   * time, on either database, one wins and the other gets 409.
   */
  async reserve(viewer: Viewer, id: string, dto: ReserveDto): Promise<RequestView> {
    const request = await this.get(viewer, id);
    if (request.status !== 'waiting') throw this.notWaiting(request.status);
    const deviceId = dto.deviceId ?? request.deviceId;
    const device = await this.devices.findOneBy({ id: deviceId });
    if (!device || device.siteId !== request.siteId) throw notFound('Appareil');
    const refusal = notReadyReason(device, await this.erasures.findBy({ deviceId }));
    if (refusal) {
      const body = refusal.getResponse() as { code: string };
      if (body.code === 'device_reserved' || body.code === 'already_released') throw this.taken();
      throw refusal;
    }
    await this.db.transaction(async (em) => {
      const claimed = await em.update(
        DeviceRequest,
        { id, status: 'waiting' },
        { status: 'reserved', deviceId, reservedBy: viewer.id, reservedAt: new Date() },
      );
      if (!claimed.affected) throw this.notWaiting('reserved');
      const taken = await em.update(Device, { id: deviceId, reservedRequestId: IsNull(), releasedAt: IsNull() }, { reservedRequestId: id });
      if (!taken.affected) throw this.taken();
    });
    return (await this.views([await this.requests.findOneByOrFail({ id })], 'fr'))[0];
  }

  /** Closes a request without a release (the person did not come, changed their mind): the device is free again, the name and contact erased. */
  async cancel(viewer: Viewer, id: string): Promise<RequestView> {
    const request = await this.get(viewer, id);
    if (!OPEN.includes(request.status)) {
      throw new ConflictException({ code: 'request_closed', message: 'Cette demande est déjà close. The request is closed.' });
    }
    await this.db.transaction(async (em) => {
      const closed = await em.update(DeviceRequest, { id, status: In(OPEN) }, { status: 'cancelled', name: '', contact: '', closedAt: new Date() });
      if (!closed.affected) throw new ConflictException({ code: 'request_closed', message: 'Cette demande est déjà close. The request is closed.' });
      await em.update(Device, { id: request.deviceId, reservedRequestId: id, releasedAt: IsNull() }, { reservedRequestId: null });
    });
    return (await this.views([await this.requests.findOneByOrFail({ id })], 'fr'))[0];
  }

  /**
   * Hands the reserved device over (RefurbishService.release: the refurbishment rules, and the
   * criterion checked must be one the person ticked). The request is closed in the same
   * transaction and their name and contact erased: the release keeps only the criterion.
   */
  async release(viewer: Viewer, id: string, dto: RequestReleaseDto): Promise<{ release: DeviceRelease; request: RequestView; receiptUrl: string }> {
    const request = await this.get(viewer, id);
    if (request.status !== 'reserved') {
      throw new ConflictException({
        code: 'request_not_reserved',
        message:
          request.status === 'waiting'
            ? 'Réservez d’abord l’appareil pour cette demande. Reserve the device first.'
            : 'Cette demande est déjà close. The request is closed.',
      });
    }
    const device = await this.devices.findOneByOrFail({ id: request.deviceId });
    const criterion = dto.eligibilityCriterion ?? request.eligibility[0];
    if (criterion && !request.eligibility.includes(criterion)) {
      throw new BadRequestException({
        code: 'criterion_not_declared',
        field: 'eligibilityCriterion',
        message: 'Ce critère n’est pas l’un de ceux que la personne a cochés. Not a criterion the person ticked.',
      });
    }
    const priceCents = dto.priceEuros !== undefined ? centsOf(dto.priceEuros) : (device.priceCents ?? 0);
    const mode = dto.mode ?? (priceCents > 0 ? 'sale' : 'donation');
    const release = await this.refurbish.release(
      viewer,
      device.id,
      { mode, priceCents, eligibilityCriterion: criterion, warrantyMonths: dto.warrantyMonths },
      {
        requestId: id,
        within: async (em, made) => {
          const closed = await em.update(
            DeviceRequest,
            { id, status: 'reserved' },
            { status: 'released', releaseId: made.id, name: '', contact: '', closedAt: new Date() },
          );
          if (!closed.affected)
            throw new ConflictException({ code: 'request_closed', message: 'Cette demande a changé entre-temps. The request changed meanwhile.' });
        },
      },
    );
    const view = (await this.views([await this.requests.findOneByOrFail({ id })], 'fr'))[0];
    return { release, request: view, receiptUrl: `/api/repairs/releases/${release.id}/receipt.pdf` };
  }

  /** The slug of a site (the link to its public catalogue). */
  async slugOf(siteId: string): Promise<string | null> {
    return (await this.sites.findById(siteId))?.slug ?? null;
  }

  private notWaiting(status: RequestStatus) {
    return new ConflictException({
      code: 'request_not_waiting',
      message:
        status === 'reserved'
          ? 'Cette demande a déjà un appareil réservé. The request already has a device reserved.'
          : 'Cette demande est close. The request is closed.',
    });
  }

  private taken() {
    return new ConflictException({
      code: 'device_taken',
      message: 'Cet appareil vient d’être réservé pour une autre demande ou remis : proposez-en un autre. The device was just reserved or released.',
    });
  }
}
