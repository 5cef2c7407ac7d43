import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import PDFDocument from 'pdfkit';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { centsOf } from '../common/input-rules';
import { instantIn, localDateTime } from '../common/local-format';
import { requireSite, siteOf, Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { SitesService } from '../sites/sites.service';
import { ErasureDto, RefurbishDto, ReleaseDto, SettingsDto } from './dto/repairs.dto';
import { Device } from './entities/device.entity';
import { ErasureRecord } from './entities/erasure.entity';
import { DeviceRelease } from './entities/release.entity';
import { RepairSiteSettings } from './entities/settings.entity';
import { DEVICE_CATEGORIES } from './ords';
import { DEFAULT_OS, ERASE_METHOD_WORDS, releaseToBeneficiary } from './refurbish';
import { receiptPdf } from './receipt-pdf';
import { RepairsService } from './repairs.service';

const NIST_WORDS = { clear: 'NIST SP 800-88 Clear', purge: 'NIST SP 800-88 Purge', destroy: 'NIST SP 800-88 Destroy' };

/** Refurbishment of donated devices: checklist, data erasure, grade, price and release. */
@Injectable()
export class RefurbishService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(ErasureRecord) private readonly erasures: Repository<ErasureRecord>,
    @InjectRepository(DeviceRelease) private readonly releases: Repository<DeviceRelease>,
    @InjectRepository(RepairSiteSettings) private readonly settingsRepo: Repository<RepairSiteSettings>,
    private readonly repairs: RepairsService,
    private readonly sites: SitesService,
  ) {}

  async settings(siteId: string): Promise<RepairSiteSettings> {
    return (
      (await this.settingsRepo.findOneBy({ siteId })) ??
      this.settingsRepo.create({ siteId, country: 'FRA', dataProvider: '', eligibilityCriteria: [], warrantyMonths: 6, catalogueOpen: false })
    );
  }

  async saveSettings(viewer: Viewer, dto: SettingsDto): Promise<RepairSiteSettings> {
    const siteId = requireSite(viewer, dto.siteId);
    const current = await this.settings(siteId);
    return this.settingsRepo.save({ ...current, ...dto, siteId });
  }

  /** Donated devices still in the workshop, with where each stands before release. */
  async inWorkshop(viewer: Viewer, siteId?: string) {
    const site = siteOf(viewer, siteId);
    const devices = await this.devices.find({ where: { purpose: 'refurbish', ...(site ? { siteId: site } : {}) }, order: { createdAt: 'ASC' }, take: 500 });
    const waiting = devices.filter((d) => !d.releasedAt);
    const erasures = waiting.length ? await this.erasures.find({ where: waiting.map((d) => ({ deviceId: d.id })) }) : [];
    return waiting.map((d) => {
      const mine = erasures.filter((e) => e.deviceId === d.id);
      return {
        ...d,
        erasures: mine.length,
        erasureOk: mine.length > 0 && mine.every((e) => e.verified),
        checklistDone: d.checklist.length > 0 && d.checklist.every((c) => c.ok === true),
      };
    });
  }

  async update(viewer: Viewer, id: string, dto: RefurbishDto): Promise<Device> {
    const device = await this.repairs.device(viewer, id);
    if (device.releasedAt) throw new ConflictException({ code: 'already_released', message: 'Appareil déjà remis. Already released.' });
    if (dto.checklist) {
      const known = new Map(device.checklist.map((c) => [c.item, c]));
      for (const entry of dto.checklist) {
        if (!known.has(entry.item))
          throw new BadRequestException({ code: 'unknown_check', message: `Point de contrôle inconnu : ${entry.item}. Unknown checklist item.` });
        known.set(entry.item, { item: entry.item, ok: entry.ok, note: entry.note });
      }
      device.checklist = [...known.values()];
    }
    if (dto.osInstalled !== undefined) device.osInstalled = dto.osInstalled;
    else if (!device.osInstalled && device.checklist.some((c) => c.item === 'os_installed' && c.ok)) device.osInstalled = DEFAULT_OS;
    if (dto.grade !== undefined) device.grade = dto.grade;
    if (dto.priceEuros !== undefined) device.priceCents = centsOf(dto.priceEuros);
    else if (dto.priceCents !== undefined) device.priceCents = dto.priceCents;
    if (dto.cpu !== undefined) device.cpu = dto.cpu.trim();
    if (dto.ramGb !== undefined) device.ramGb = dto.ramGb;
    if (dto.storageGb !== undefined) device.storageGb = dto.storageGb;
    if (dto.storageKind !== undefined) device.storageKind = dto.storageKind;
    if (dto.screenInches !== undefined) device.screenInches = dto.screenInches;
    return this.devices.save(device);
  }

  async recordErasure(viewer: Viewer, deviceId: string, dto: ErasureDto): Promise<ErasureRecord> {
    const device = await this.repairs.device(viewer, deviceId);
    const zone = await this.sites.zoneOf(device.siteId);
    const startedAt = instantIn(dto.startedAt, zone);
    const endedAt = instantIn(dto.endedAt, zone);
    if (endedAt < startedAt) {
      throw new BadRequestException({ code: 'bad_times', message: 'La fin est avant le début. End is before start.' });
    }
    return this.erasures.save(
      this.erasures.create({
        deviceId,
        siteId: device.siteId,
        driveMake: dto.driveMake ?? '',
        driveModel: dto.driveModel ?? '',
        driveSerial: dto.driveSerial,
        bus: dto.bus,
        sizeBytes: dto.sizeBytes?.toString() ?? null,
        hostSerial: dto.hostSerial ?? device.serialNumber,
        nistLevel: dto.nistLevel,
        method: dto.method,
        tool: dto.tool,
        passes: dto.passes ?? 1,
        verified: dto.verified,
        verification: dto.verification ?? '',
        startedAt,
        endedAt,
        bytesErased: dto.bytesErased?.toString() ?? null,
        errors: dto.errors ?? 0,
        hiddenAreasChecked: dto.hiddenAreasChecked ?? false,
        technicianId: viewer.id,
        technicianName: viewer.displayName,
      }),
    );
  }

  async erasuresOf(viewer: Viewer, deviceId: string): Promise<ErasureRecord[]> {
    await this.repairs.device(viewer, deviceId);
    return this.erasures.find({ where: { deviceId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Hands a refurbished device to a beneficiary (sale or donation), if every rule is met. A device
   * reserved for a catalogue request leaves only through that request (`via`), whose own change
   * (`within`) is made in the same transaction.
   */
  async release(
    viewer: Viewer,
    deviceId: string,
    dto: ReleaseDto,
    via?: { requestId: string; within: (em: EntityManager, release: DeviceRelease) => Promise<void> },
  ): Promise<DeviceRelease> {
    const device = await this.repairs.device(viewer, deviceId);
    if (device.reservedRequestId && device.reservedRequestId !== via?.requestId && !device.releasedAt) {
      throw new ConflictException({
        code: 'reserved_for_request',
        message: 'Cet appareil est réservé pour une demande du catalogue : remettez-le depuis cette demande (ou annulez-la). Reserved for a catalogue request.',
      });
    }
    const priceCents = dto.priceEuros !== undefined ? centsOf(dto.priceEuros) : dto.priceCents;
    const erasures = await this.erasures.findBy({ deviceId });
    const settings = await this.settings(device.siteId);
    releaseToBeneficiary(
      device,
      erasures,
      settings.eligibilityCriteria.map((c) => c.code),
      { ...dto, priceCents },
    );
    try {
      return await this.db.transaction(async (em) => {
        const release = await em.save(
          em.create(DeviceRelease, {
            deviceId,
            siteId: device.siteId,
            mode: dto.mode,
            priceCents,
            eligibilityCriterion: dto.eligibilityCriterion ?? null,
            checkedBy: viewer.id,
            warrantyMonths: dto.warrantyMonths ?? settings.warrantyMonths,
          }),
        );
        await em.update(Device, { id: deviceId }, { releasedAt: release.releasedAt, priceCents, listedAt: null });
        if (via) await via.within(em, release);
        return release;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException({ code: 'already_released', message: 'Cet appareil a déjà été remis. Already released.' });
      throw err;
    }
  }

  /** The receipt of a release (PDF, French), for the person to keep. */
  async receipt(viewer: Viewer, releaseId: string): Promise<Buffer> {
    const release = await this.releases.findOneBy({ id: releaseId });
    if (!release) throw new NotFoundException({ code: 'not_found', message: 'Remise introuvable. Release not found.' });
    const device = await this.repairs.device(viewer, release.deviceId);
    const erasures = await this.erasures.find({ where: { deviceId: device.id }, order: { createdAt: 'ASC' } });
    const settings = await this.settings(device.siteId);
    const criterion = release.eligibilityCriterion;
    return receiptPdf({
      siteName: (await this.sites.findById(device.siteId))?.name ?? '',
      zone: await this.sites.zoneOf(device.siteId),
      device,
      release,
      erasures,
      criterionLabel: criterion ? (settings.eligibilityCriteria.find((c) => c.code === criterion)?.label ?? criterion) : null,
    });
  }

  /** The release of a device, if it was released (site checked). */
  async releaseOf(viewer: Viewer, deviceId: string): Promise<DeviceRelease | null> {
    await this.repairs.device(viewer, deviceId);
    return this.releases.findOneBy({ deviceId });
  }

  /** The erasure certificate for the donor, one per device (PDF). */
  async certificate(viewer: Viewer, deviceId: string): Promise<Buffer> {
    const device = await this.repairs.device(viewer, deviceId);
    const erasures = await this.erasures.find({ where: { deviceId }, order: { createdAt: 'ASC' } });
    if (!erasures.length)
      throw new ConflictException({ code: 'erasure_required', message: 'Aucun effacement enregistré pour cet appareil. No erasure recorded.' });
    const site = await this.sites.findById(device.siteId);
    const zone = await this.sites.zoneOf(device.siteId);
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: "Certificat d'effacement des données", Author: site?.name ?? '' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.fontSize(18).text("Certificat d'effacement des données", { align: 'center' });
    doc.fontSize(10).text('Data erasure certificate', { align: 'center' }).moveDown();
    doc.fontSize(11).text(`Atelier : ${site?.name ?? ''}`);
    doc.text(`Appareil : ${DEVICE_CATEGORIES[device.category].fr} ${device.brand} ${device.model}`.trim());
    doc.text(`N° de série de l'appareil : ${device.serialNumber || '—'}`);
    doc.text(`Référence : ${device.id}`).moveDown();
    for (const e of erasures) {
      doc.fontSize(12).text(`Disque ${e.driveMake} ${e.driveModel} — n° ${e.driveSerial}`, { underline: true });
      doc.fontSize(10);
      doc.text(`Interface : ${e.bus}   Taille : ${e.sizeBytes ? `${(Number(e.sizeBytes) / 1e9).toFixed(1)} Go` : '—'}   Hôte : ${e.hostSerial || '—'}`);
      doc.text(`Méthode : ${NIST_WORDS[e.nistLevel]} — ${ERASE_METHOD_WORDS[e.method].fr} — ${e.passes} passe(s) — outil : ${e.tool}`);
      doc.text(`Début : ${localDateTime(e.startedAt, zone, 'fr', 'short')}   Fin : ${localDateTime(e.endedAt, zone, 'fr', 'short')} (heure de ${zone})`);
      doc.text(
        `Octets effacés : ${e.bytesErased ?? '—'}   Erreurs : ${e.errors}   Zones cachées (HPA/DCO) vérifiées : ${e.hiddenAreasChecked ? 'oui' : 'non'}`,
      );
      doc.text(`Vérification : ${e.verified ? 'RÉUSSIE' : 'ÉCHEC'} ${e.verification}`);
      doc.text(`Technicien·ne : ${e.technicianName}`).moveDown();
    }
    doc.moveDown().fontSize(10).text('Signature : ______________________');
    doc.end();
    return done;
  }
}
