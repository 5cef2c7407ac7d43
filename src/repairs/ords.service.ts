import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { siteOf, Viewer } from '../common/viewer';
import { SitesService } from '../sites/sites.service';
import { Device } from './entities/device.entity';
import { RepairEvent } from './entities/event.entity';
import { RepairTicket } from './entities/ticket.entity';
import { impactOf, localDay, ordsCategoryOf, ordsCsvHeader, ordsCsvLine, OrdsRow, ordsStatusOf, OrdsUnfinished, productAge, scrubPersonalData } from './ords';
import { isFinished } from './ticket-flow';
import { RefurbishService } from './refurbish.service';

/** The ORDS export and the impact figures. */
@Injectable()
export class OrdsService {
  constructor(
    @InjectRepository(Device) private readonly devices: Repository<Device>,
    @InjectRepository(RepairTicket) private readonly tickets: Repository<RepairTicket>,
    @InjectRepository(RepairEvent) private readonly events: Repository<RepairEvent>,
    private readonly refurbish: RefurbishService,
    private readonly sites: SitesService,
  ) {}

  /**
   * One CSV line per repair attempt, written in pages so 10,000 devices stay light. Devices
   * donated for refurbishment are not repair attempts and are left out; repairs under way are
   * written as Unknown or left out, as `unfinished` says.
   */
  async *exportCsv(viewer: Viewer, siteId?: string, unfinished: OrdsUnfinished = 'unknown'): AsyncGenerator<string> {
    const site = siteOf(viewer, siteId);
    yield ordsCsvHeader();
    const providers = new Map<string, { provider: string; country: string; group: string; timezone: string }>();
    const providerOf = async (id: string) => {
      if (!providers.has(id)) {
        const s = await this.refurbish.settings(id);
        const row = await this.sites.findById(id);
        providers.set(id, { provider: s.dataProvider || row?.name || id, country: s.country, group: row?.slug ?? id, timezone: await this.sites.zoneOf(id) });
      }
      return providers.get(id)!;
    };
    const eventDates = new Map<string, string>();
    const pageSize = 1000;
    for (let skip = 0; ; skip += pageSize) {
      const page = await this.tickets.find({ where: site ? { siteId: site } : {}, order: { createdAt: 'ASC', id: 'ASC' }, skip, take: pageSize });
      if (!page.length) break;
      const devices = new Map((await this.devices.findBy({ id: In(page.map((t) => t.deviceId)) })).map((d) => [d.id, d]));
      const missing = [...new Set(page.map((t) => t.eventId).filter((e): e is string => !!e && !eventDates.has(e)))];
      if (missing.length) for (const e of await this.events.findBy({ id: In(missing) })) eventDates.set(e.id, e.date);
      let chunk = '';
      for (const t of page) {
        const d = devices.get(t.deviceId)!;
        if (d.purpose === 'refurbish') continue;
        if (unfinished === 'omit' && !isFinished(t.status)) continue;
        const p = await providerOf(t.siteId);
        const cat = ordsCategoryOf(d.category);
        const status = ordsStatusOf(t.status);
        const eventDate = (t.eventId && eventDates.get(t.eventId)) || localDay(t.createdAt, p.timezone);
        const row: OrdsRow = {
          id: t.id,
          data_provider: p.provider,
          country: p.country,
          partner_product_category: d.category,
          product_category: cat.name,
          product_category_id: String(cat.id),
          brand: d.brand,
          year_of_manufacture: d.yearOfManufacture ? String(d.yearOfManufacture) : '',
          product_age: productAge(d.yearOfManufacture, eventDate),
          repair_status: status,
          repair_barrier_if_end_of_life: status === 'End of life' ? (t.barriers[0] ?? '') : '',
          // ORDS: the group responsible for the repair (the workshop), not the day.
          group_identifier: p.group,
          event_date: eventDate,
          problem: scrubPersonalData(t.problem || d.reportedFault) || 'Unknown',
          record_date: localDay(t.updatedAt, p.timezone),
        };
        chunk += ordsCsvLine(row);
      }
      yield chunk;
      if (page.length < pageSize) break;
    }
  }

  /** Devices fixed, kg kept out of waste and CO2e avoided, with the factors and their source. */
  async impact(siteId?: string) {
    const repaired = await this.tickets.find({ where: { status: 'repaired', ...(siteId ? { siteId } : {}) }, select: { id: true, deviceId: true } });
    const counts = new Map<Device['category'], number>();
    for (let i = 0; i < repaired.length; i += 1000) {
      const devices = await this.devices.find({ where: { id: In(repaired.slice(i, i + 1000).map((t) => t.deviceId)) }, select: { id: true, category: true } });
      for (const d of devices) counts.set(d.category, (counts.get(d.category) ?? 0) + 1);
    }
    return impactOf(counts);
  }
}
