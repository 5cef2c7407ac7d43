import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, Repository } from 'typeorm';
import { csvDocument, frenchNumber } from '../common/csv';
import { endOfDay, sheetDateTime, startOfDay } from '../common/local-format';
import { Viewer } from '../common/viewer';
import { sensorWord } from './machine-words';
import { MAX_SAMPLES, TelemetryQueryDto } from './dto/telemetry.dto';
import { Machine } from './entities/machine.entity';
import { MachineSample, SampleTemp } from './entities/machine-sample.entity';
import { MachinesService } from './machines.service';
import { SitesService } from '../sites/sites.service';

export type SampleRow = Pick<MachineSample, 'at' | 'powerW' | 'progress' | 'temps'>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_HOURS = 24;
const DEFAULT_LIMIT = 1000;

function badDate(name: string, v: string): BadRequestException {
  return new BadRequestException({ code: 'bad_date', message: `${name} : date impossible « ${v} ». Impossible date.` });
}

/** A day is a calendar day of the site's zone: `from` its first instant, `to` its last. */
function instant(name: 'from' | 'to', v: string, zone: string): Date {
  const day = DAY.test(v);
  if (Number.isNaN(new Date(day ? `${v}T00:00:00Z` : v).getTime())) throw badDate(name, v);
  if (!day) return new Date(v);
  return name === 'to' ? endOfDay(v, zone) : startOfDay(v, zone);
}

/** The asked period; without one, the last 24 hours. */
export function periodOf(q: Pick<TelemetryQueryDto, 'from' | 'to'>, zone: string, now = new Date()): { from: Date; to: Date } {
  const to = q.to ? instant('to', q.to, zone) : now;
  const from = q.from ? instant('from', q.from, zone) : new Date(to.getTime() - DEFAULT_HOURS * 3600_000);
  if (from > to) {
    throw new BadRequestException({ code: 'bad_period', message: 'La date de début (from) doit précéder la date de fin (to). from must be before to.' });
  }
  return { from, to };
}

/** A machine's kept telemetry (TelemetrySampler), for a chart or a spreadsheet. */
@Injectable()
export class TelemetryHistory {
  constructor(
    @InjectRepository(MachineSample) private readonly samples: Repository<MachineSample>,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
  ) {}

  /**
   * Oldest first. When the period holds more than `limit` samples, the latest ones are kept (the
   * default period is "the last 24 hours"): ask again with `to` before the first to go back.
   */
  async of(viewer: Viewer, machineId: string, q: TelemetryQueryDto, limit = DEFAULT_LIMIT): Promise<{ machine: Machine; samples: SampleRow[]; zone: string }> {
    const machine = await this.machines.get(viewer, machineId);
    const zone = await this.sites.zoneOf(machine.siteId);
    const { from, to } = periodOf(q, zone);
    const rows = await this.samples.find({
      select: { at: true, powerW: true, progress: true, temps: true },
      where: { machineId: machine.id, at: Between(from, to) },
      order: { at: 'DESC' },
      take: Math.min(q.limit ?? limit, MAX_SAMPLES),
    });
    return { machine, samples: rows.reverse(), zone };
  }
}

/** « Buse 214,6 / 215 °C · Plateau 60 °C » */
export function tempsText(temps: Record<string, SampleTemp> | null): string {
  if (!temps) return '';
  return Object.entries(temps)
    .map(([name, t]) => `${sensorWord(name, 'fr')} ${frenchNumber(t.actual)}${t.target === undefined ? '' : ` / ${frenchNumber(t.target)}`} °C`)
    .join(' · ');
}

/** For a French spreadsheet: the site's local times to the second, decimal commas, progress in percent. */
export function samplesCsv(samples: SampleRow[], zone: string): string {
  const header = ['Date', 'Puissance (W)', 'Avancement (%)', 'Températures'];
  return csvDocument(
    header,
    samples.map((s) => [
      sheetDateTime(s.at, zone, true),
      s.powerW === null ? '' : frenchNumber(s.powerW),
      s.progress === null ? '' : frenchNumber(s.progress * 100),
      tempsText(s.temps),
    ]),
  );
}
