import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { csvLine } from '../common/csv';
import { sheetDateTime } from '../common/local-format';
import { XlsxWriter } from '../common/xlsx';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import type { MediationAccompaniment, MediationActivity } from './entities';
import { MediationReportsService, type ReportFilter } from './mediation-reports.service';
import {
  ACTIVITY_TYPE_LABELS,
  AGE_BAND_LABELS,
  AUTONOMY_STARS,
  EQUIPMENT_LABELS,
  EXPORT_COLUMNS,
  GENDER_LABELS,
  PLACE_TYPE_LABELS,
  REDIRECTION_LABELS,
  SOCIAL_STATUS_LABELS,
  TOPIC_LABELS,
  WORKSHOP_LEVEL_STARS,
} from './national';

export type Cell = string | number | Date | null;
/** Multi-values inside one cell, as the national export writes them. */
const IN_CELL = '\n';

interface Names {
  site: (id: string) => Promise<{ name: string; zone: string }>;
  mediator: (id: string) => Promise<{ firstName: string; lastName: string }>;
}

/** « 30/11/2026 » for a calendar day; a Date at UTC midnight for a spreadsheet's date cell. */
const frenchDay = (day: string) => day.split('-').reverse().join('/');
const sheetDay = (day: string) => new Date(`${day}T00:00:00Z`);
const recordedAt = (at: Date, zone: string) => sheetDateTime(at, zone).replace(' ', ' à ');

/** One row per participant, in EXPORT_COLUMNS' order. */
export async function exportRows(a: MediationActivity, participants: MediationAccompaniment[], names: Names): Promise<Cell[][]> {
  const site = await names.site(a.siteId);
  const mediator = await names.mediator(a.mediatorId);
  const onSite = a.placeType === 'lieu_activite';
  const level = a.autonomy ? `${AUTONOMY_STARS[a.autonomy]}/3` : a.workshopLevel ? `${WORKSHOP_LEVEL_STARS[a.workshopLevel]}/3` : '';
  const modified = a.updatedAt.getTime() - a.createdAt.getTime() > 1000 ? recordedAt(a.updatedAt, site.zone) : '';
  return participants.map((p) => [
    sheetDay(a.date),
    recordedAt(a.createdAt, site.zone),
    modified,
    mediator.firstName,
    mediator.lastName,
    'Médiateur',
    '',
    ACTIVITY_TYPE_LABELS[a.type],
    a.participantsCount === 1 ? 1 : `${p.seq}/${a.participantsCount}`,
    PLACE_TYPE_LABELS[a.placeType],
    onSite ? site.name : (a.placeName ?? ''),
    a.placeAddress ?? '',
    a.placeCommune ?? '',
    a.placePostalCode ?? '',
    a.placeInseeCode ?? '',
    a.durationMinutes,
    a.workshopTitle ?? '',
    a.equipment.map((e) => EQUIPMENT_LABELS[e]).join(IN_CELL),
    a.topics.map((t) => TOPIC_LABELS[t]).join(IN_CELL),
    a.mandateUsed ? 'Mandat Aidants Connect' : '',
    a.procedureName ?? '',
    level,
    a.redirected === null ? '' : a.redirected ? 'Oui' : 'Non',
    a.redirectedTo ? REDIRECTION_LABELS[a.redirectedTo] : '',
    p.commune ?? '',
    p.postalCode ?? '',
    p.inseeCode ?? '',
    GENDER_LABELS[p.gender],
    AGE_BAND_LABELS[p.ageBand],
    SOCIAL_STATUS_LABELS[p.socialStatus],
    a.id,
  ]);
}

/**
 * The activities export in the national report's columns and labels: XLSX through our streaming
 * writer (src/common/xlsx.ts: rows are deflated as they come, so a federation's years fit in
 * bounded memory) and the same rows as a French CSV.
 */
@Injectable()
export class MediationExport {
  constructor(
    private readonly reports: MediationReportsService,
    private readonly sites: SitesService,
    private readonly people: PeopleService,
  ) {}

  /** Site and mediator names, each read once per export. */
  private names(): Names {
    const sites = new Map<string, Promise<{ name: string; zone: string }>>();
    const mediators = new Map<string, Promise<{ firstName: string; lastName: string }>>();
    return {
      site: (id) => {
        if (!sites.has(id))
          sites.set(
            id,
            Promise.all([this.sites.findById(id), this.sites.zoneOf(id)]).then(([s, zone]) => ({ name: s?.name ?? '', zone })),
          );
        return sites.get(id)!;
      },
      mediator: (id) => {
        if (!mediators.has(id))
          mediators.set(
            id,
            this.people.findPerson(id).then((p) => ({ firstName: p?.firstName ?? '', lastName: p?.lastName ?? '' })),
          );
        return mediators.get(id)!;
      },
    };
  }

  /** Every row of the filter, batch by batch. */
  async *rows(f: ReportFilter): AsyncGenerator<Cell[]> {
    const names = this.names();
    for await (const batch of this.reports.exportBatches(f)) {
      for (const a of batch.activities) for (const row of await exportRows(a, batch.participants.get(a.id) ?? [], names)) yield row;
    }
  }

  /** Writes the XLSX to `out`; resolves with the number of activity rows once the file is complete. */
  async xlsx(f: ReportFilter, out: Writable, title: string): Promise<number> {
    const sheet = new XlsxWriter(out, { sheetName: 'Activités', creator: 'fablab-ops' });
    await sheet.row([title]);
    await sheet.row([`Période : du ${frenchDay(f.from)} au ${frenchDay(f.to)}`]);
    await sheet.row([]);
    await sheet.row([...EXPORT_COLUMNS], { bold: true });
    let count = 0;
    for await (const row of this.rows(f)) {
      await sheet.row(row);
      count++;
    }
    await sheet.end();
    return count;
  }

  /** The same rows as a CSV for French spreadsheets (dates « 30/11/2026 », multi-values on lines of one cell). */
  async csv(f: ReportFilter, out: Writable): Promise<number> {
    const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((ok) => out.once('drain', () => ok())));
    await write(`\uFEFF${csvLine([...EXPORT_COLUMNS])}`);
    let count = 0;
    for await (const row of this.rows(f)) {
      await write(csvLine(row.map((c) => (c instanceof Date ? frenchDay(c.toISOString().slice(0, 10)) : c))));
      count++;
    }
    out.end();
    return count;
  }
}
