import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { FileStore } from '../infra/files/file-store';
import { StockService } from '../inventory/stock.service';
import { CreateEventDto, HarvestDto, IntakeDto, LogTimeDto, StepDto, UsePartDto } from './dto/repairs.dto';
import { Device } from './entities/device.entity';
import { RepairEvent } from './entities/event.entity';
import { DevicePhoto } from './entities/photo.entity';
import { RepairStep } from './entities/step.entity';
import { RepairTicket } from './entities/ticket.entity';
import { addOutcome, EventOutcomes, isRealDay, noOutcomes } from './events';
import { DeviceCategory, impactOf } from './ords';
import { cleanPhoto } from './photos';
import { checklistFor } from './refurbish';
import { checkStep, isFinished, NEXT_STATUSES, TicketStatus } from './ticket-flow';

export interface TicketView extends RepairTicket {
  device: Device;
}

export interface EventSummary extends RepairEvent {
  counts: EventOutcomes;
}

/** Devices taken in, their repair tickets, steps, time, parts and photos. */
@Injectable()
export class RepairsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(RepairTicket) private readonly tickets: Repository<RepairTicket>,
    @InjectRepository(RepairStep) private readonly steps: Repository<RepairStep>,
    @InjectRepository(RepairEvent) private readonly events: Repository<RepairEvent>,
    @InjectRepository(DevicePhoto) private readonly photos: Repository<DevicePhoto>,
    private readonly stock: StockService,
    private readonly files: FileStore,
  ) {}

  /** Takes a device in and opens its first ticket, status « reçu ». */
  async intake(viewer: Viewer, dto: IntakeDto): Promise<TicketView> {
    const siteId = requireSite(viewer, dto.siteId);
    if (dto.eventId) {
      const event = assertVisible(viewer, await this.events.findOneBy({ id: dto.eventId }), 'Événement');
      if (event.siteId !== siteId) throw new BadRequestException({ code: 'other_site', message: 'Événement d’un autre lieu. Event of another site.' });
    }
    return this.db.transaction(async (em) => {
      const device = await em.save(
        em.create(Device, {
          siteId,
          purpose: dto.purpose,
          broughtBy: dto.broughtBy ?? '',
          // Without consent, no contact is kept (RGPD: only what is needed).
          contact: dto.contactConsent ? (dto.contact ?? null) : null,
          contactConsent: dto.contactConsent ?? false,
          category: dto.category,
          brand: dto.brand ?? '',
          model: dto.model ?? '',
          serialNumber: dto.serialNumber ?? '',
          yearOfManufacture: dto.yearOfManufacture ?? null,
          reportedFault: dto.reportedFault,
          condition: dto.condition ?? '',
          accessories: dto.accessories ?? '',
          weightKg: dto.weightKg ?? null,
          hasStorage: dto.hasStorage ?? ['laptop', 'desktop', 'phone', 'tablet'].includes(dto.category),
          checklist: dto.purpose === 'refurbish' ? checklistFor(dto.category) : [],
        }),
      );
      const ticket = await em.save(
        em.create(RepairTicket, { siteId, deviceId: device.id, eventId: dto.eventId ?? null, status: 'received' as TicketStatus, problem: dto.reportedFault }),
      );
      await em.save(
        em.create(RepairStep, {
          ticketId: ticket.id,
          fromStatus: null,
          toStatus: 'received' as TicketStatus,
          personId: viewer.id,
          personName: viewer.displayName,
        }),
      );
      return { ...ticket, device };
    });
  }

  async device(viewer: Viewer, id: string): Promise<Device> {
    return assertVisible(viewer, await this.devices.findOneBy({ id }), 'Appareil');
  }

  /** The latest ticket of a device (where its QR label leads). */
  async latestTicketOf(viewer: Viewer, deviceId: string): Promise<RepairTicket> {
    await this.device(viewer, deviceId);
    return assertVisible(viewer, await this.tickets.findOne({ where: { deviceId }, order: { createdAt: 'DESC' } }), 'Fiche de réparation');
  }

  async ticket(viewer: Viewer, id: string): Promise<RepairTicket> {
    return assertVisible(viewer, await this.tickets.findOneBy({ id }), 'Fiche de réparation');
  }

  /** The bench: tickets not finished yet, oldest first. */
  async bench(viewer: Viewer, siteId?: string, includeFinished = false): Promise<TicketView[]> {
    const site = siteOf(viewer, siteId);
    const where: Record<string, unknown> = site ? { siteId: site } : {};
    const rows = await this.tickets.find({ where, order: { createdAt: 'ASC' }, take: 500 });
    const open = includeFinished ? rows : rows.filter((t) => !isFinished(t.status));
    const devices = await this.devices.findBy({ id: In(open.map((t) => t.deviceId)) });
    const byId = new Map(devices.map((d) => [d.id, d]));
    return open.map((t) => ({ ...t, device: byId.get(t.deviceId)! }));
  }

  /** « Terminés »: closed tickets (repaired, end of life), newest first, with their device. */
  async finished(viewer: Viewer, siteId?: string, limit = 200): Promise<TicketView[]> {
    const site = siteOf(viewer, siteId);
    const closed = (Object.keys(NEXT_STATUSES) as TicketStatus[]).filter(isFinished);
    const rows = await this.tickets.find({ where: { ...(site ? { siteId: site } : {}), status: In(closed) }, order: { createdAt: 'DESC' }, take: limit });
    const devices = await this.devices.findBy({ id: In(rows.map((t) => t.deviceId)) });
    const byId = new Map(devices.map((d) => [d.id, d]));
    return rows.map((t) => ({ ...t, device: byId.get(t.deviceId)! }));
  }

  /** Everything about one ticket: device, steps, time per volunteer, parts used, photos. */
  async detail(viewer: Viewer, id: string) {
    const ticket = await this.ticket(viewer, id);
    const device = await this.devices.findOneByOrFail({ id: ticket.deviceId });
    const steps = await this.steps.find({ where: { ticketId: id }, order: { at: 'ASC' } });
    const timeByVolunteer: Record<string, { name: string; minutes: number }> = {};
    for (const s of steps) {
      if (!s.minutesSpent) continue;
      timeByVolunteer[s.personId] ??= { name: s.personName, minutes: 0 };
      timeByVolunteer[s.personId].minutes += s.minutesSpent;
    }
    const partsUsed = (await this.stock.movesForTicket(id)).map((m) => ({ partId: m.partId, locationId: m.locationId, quantity: -m.delta, at: m.at }));
    const photos = await this.photos.find({ where: { deviceId: device.id }, order: { createdAt: 'ASC' } });
    return { ...ticket, device, steps, timeByVolunteer, totalMinutes: steps.reduce((s, x) => s + x.minutesSpent, 0), partsUsed, photos };
  }

  /** Moves a ticket one step along the flow, recording who, when, notes and time spent. */
  async step(viewer: Viewer, id: string, dto: StepDto): Promise<RepairTicket> {
    const ticket = await this.ticket(viewer, id);
    const barriers = dto.barrier ? [dto.barrier, ...(dto.barriers ?? []).filter((b) => b !== dto.barrier)] : (dto.barriers ?? ticket.barriers);
    checkStep(ticket.status, dto.to, barriers);
    return this.db.transaction(async (em) => {
      // Compare-and-set on the status: two volunteers pressing at once cannot both move it.
      const res = await em.update(
        RepairTicket,
        { id, status: ticket.status },
        {
          status: dto.to,
          problem: dto.problem ?? ticket.problem,
          barriers,
          nextSteps: dto.nextSteps ?? ticket.nextSteps,
          sparePartsNeeded: dto.sparePartsNeeded ?? ticket.sparePartsNeeded,
        },
      );
      if (!res.affected)
        throw new ConflictException({ code: 'changed_meanwhile', message: 'La fiche a changé entre-temps : rechargez la page. The ticket changed meanwhile.' });
      await em.save(
        em.create(RepairStep, {
          ticketId: id,
          fromStatus: ticket.status,
          toStatus: dto.to,
          personId: viewer.id,
          personName: viewer.displayName,
          notes: dto.notes ?? '',
          minutesSpent: dto.minutesSpent ?? 0,
        }),
      );
      return em.findOneByOrFail(RepairTicket, { id });
    });
  }

  async logTime(viewer: Viewer, id: string, dto: LogTimeDto): Promise<RepairStep> {
    await this.ticket(viewer, id);
    return this.steps.save(
      this.steps.create({
        ticketId: id,
        fromStatus: null,
        toStatus: null,
        personId: viewer.id,
        personName: viewer.displayName,
        notes: dto.notes ?? '',
        minutesSpent: dto.minutesSpent,
      }),
    );
  }

  /** A part taken from stock into this repair (refused when not enough is left). */
  async usePart(viewer: Viewer, id: string, dto: UsePartDto) {
    const ticket = await this.ticket(viewer, id);
    if (isFinished(ticket.status))
      throw new ConflictException({ code: 'ticket_closed', message: 'Fiche close : plus de pièce à y ajouter. The ticket is closed.' });
    const part = await this.stock.part(viewer, dto.partId);
    if (part.siteId !== ticket.siteId) throw new BadRequestException({ code: 'other_site', message: "Pièce d'un autre lieu. Part of another site." });
    return this.stock.recordMove(viewer, { kind: 'used', partId: dto.partId, locationId: dto.locationId, quantity: dto.quantity, ticketId: id });
  }

  /** Parts taken from a device at end of life; they keep a link to their donor device. */
  async harvest(viewer: Viewer, deviceId: string, dto: HarvestDto) {
    const device = await this.device(viewer, deviceId);
    const eol = await this.tickets.findOneBy({ deviceId, status: 'end_of_life' });
    if (!eol && device.grade !== 'parts') {
      throw new ConflictException({
        code: 'not_end_of_life',
        message: 'Seul un appareil en fin de vie peut être démonté pour pièces. Only an end-of-life device can be harvested.',
      });
    }
    const part = await this.stock.part(viewer, dto.partId);
    if (part.siteId !== device.siteId) throw new BadRequestException({ code: 'other_site', message: "Pièce d'un autre lieu. Part of another site." });
    return this.stock.recordMove(viewer, {
      kind: 'harvested',
      partId: dto.partId,
      locationId: dto.locationId,
      quantity: dto.quantity,
      donorDeviceId: deviceId,
      note: dto.note,
    });
  }

  /** `file`: the photo as uploaded, on disk (it is re-encoded, never kept as sent). */
  async addPhoto(viewer: Viewer, deviceId: string, file: string): Promise<DevicePhoto> {
    const device = await this.device(viewer, deviceId);
    const clean = await cleanPhoto(file);
    const image = await this.files.put(clean.image);
    const thumb = await this.files.put(clean.thumbnail);
    return this.photos.save(
      this.photos.create({ deviceId: device.id, sha256: image.sha256, thumbSha256: thumb.sha256, width: clean.width, height: clean.height }),
    );
  }

  async photoFile(viewer: Viewer, photoId: string, thumb: boolean): Promise<Buffer> {
    const photo = await this.photos.findOneBy({ id: photoId });
    if (photo) await this.device(viewer, photo.deviceId);
    else assertVisible(viewer, null, 'Photo');
    return this.files.get(thumb ? photo!.thumbSha256 : photo!.sha256);
  }

  createEvent(viewer: Viewer, dto: CreateEventDto): Promise<RepairEvent> {
    const siteId = requireSite(viewer, dto.siteId);
    const name = dto.name.trim();
    if (!name) throw new BadRequestException({ code: 'name_required', message: 'Donnez un nom au repair café. A name is required.' });
    if (!isRealDay(dto.date))
      throw new BadRequestException({ code: 'bad_date', message: `« ${dto.date} » n’est pas une date du calendrier. Not a calendar day.` });
    return this.events.save(this.events.create({ siteId, name, date: dto.date }));
  }

  /** The site's repair cafés, latest first, each with how its devices ended up. */
  async listEvents(viewer: Viewer, siteId?: string): Promise<EventSummary[]> {
    const site = siteOf(viewer, siteId);
    const events = await this.events.find({ where: site ? { siteId: site } : {}, order: { date: 'DESC' } });
    if (!events.length) return [];
    // One grouped count for every event, not one query per event.
    const rows = await this.tickets
      .createQueryBuilder('t')
      .select('t.eventId', 'eventId')
      .addSelect('t.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('t.eventId IN (:...ids)', { ids: events.map((e) => e.id) })
      .groupBy('t.eventId')
      .addGroupBy('t.status')
      .getRawMany<{ eventId: string; status: TicketStatus; n: string | number }>();
    const counts = new Map(events.map((e) => [e.id, noOutcomes()]));
    for (const r of rows) addOutcome(counts.get(r.eventId)!, r.status, Number(r.n));
    return events.map((e) => ({ ...e, counts: counts.get(e.id)! }));
  }

  /** One repair café: its devices and tickets, how they ended up, and the day's impact. */
  async event(viewer: Viewer, id: string) {
    const event = assertVisible(viewer, await this.events.findOneBy({ id }), 'Événement');
    const tickets = await this.tickets.find({ where: { eventId: id }, order: { createdAt: 'ASC' } });
    const devices = await this.devices.findBy({ id: In(tickets.map((t) => t.deviceId)) });
    const byId = new Map(devices.map((d) => [d.id, d]));
    const counts = noOutcomes();
    const fixedByCategory = new Map<DeviceCategory, number>();
    for (const t of tickets) {
      addOutcome(counts, t.status);
      const category = byId.get(t.deviceId)?.category;
      if (t.status === 'repaired' && category) fixedByCategory.set(category, (fixedByCategory.get(category) ?? 0) + 1);
    }
    return { ...event, counts, impact: impactOf(fixedByCategory), tickets: tickets.map((t) => ({ ...t, device: byId.get(t.deviceId) })) };
  }
}
