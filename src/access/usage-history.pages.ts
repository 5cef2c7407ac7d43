import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { MAX_SAMPLES } from '../machines/dto/telemetry.dto';
import { MachinesService } from '../machines/machines.service';
import { TelemetryHistory } from '../machines/telemetry-history';
import { periodRange, telemetryPeriod, telemetrySection } from '../machines/telemetry-section';
import { PeopleService } from '../people/people.service';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, formatDateTime } from '../web/i18n';
import { statusWord } from '../machines/machine-words';
import { PageContext, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { endReasonWord, HistoryFilters, HistoryRow, UsageHistoryService } from './usage-history.service';
import { HistoryPageQuery, MachineHistoryPageQuery } from './dto/history-pages-query.dto';

const tr = defineDictionary({
  'history.anonymous': { fr: 'Visiteur anonyme', en: 'Anonymous visitor' },
  'history.machineTitle': { fr: 'Historique de {name}', en: 'History of {name}' },
  'history.personTitle': { fr: 'Utilisation des machines : {name}', en: 'Machine use: {name}' },
  'history.status': { fr: 'État', en: 'Status' },
  'history.setBy': { fr: 'mis par {name} le {date}', en: 'set by {name} on {date}' },
  'history.setAuto': { fr: 'depuis le {date}', en: 'since {date}' },
  'history.from': { fr: 'Du', en: 'From' },
  'history.to': { fr: 'Au', en: 'To' },
  'history.filter': { fr: 'Afficher', en: 'Show' },
  'history.csv': { fr: 'Télécharger (CSV)', en: 'Download (CSV)' },
  'history.empty': { fr: 'Aucune session sur cette période.', en: 'No session in this period.' },
  'history.machine': { fr: 'Machine', en: 'Machine' },
  'history.person': { fr: 'Personne', en: 'Person' },
  'history.start': { fr: 'Début', en: 'Start' },
  'history.end': { fr: 'Fin', en: 'End' },
  'history.duration': { fr: 'Durée', en: 'Duration' },
  'history.reason': { fr: 'Motif de fin', en: 'How it ended' },
  'history.minutes': { fr: '{n} min', en: '{n} min' },
  'history.total': { fr: '{count} sessions, {minutes} minutes en tout', en: '{count} sessions, {minutes} minutes in all' },
});

/** Per-machine and per-person history of usage sessions, with a CSV of the same rows. */
@ApiExcludeController()
@Controller()
export class UsageHistoryPages {
  constructor(
    private readonly history: UsageHistoryService,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly telemetry: TelemetryHistory,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('machines/:id/history')
  machine(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() q: MachineHistoryPageQuery) {
    strictCsp(res); // no inline script or style here: the telemetry charts are plain SVG styled from app.css
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const machine = await this.machines.get(viewer, id);
      const filters = { machineId: id, from: q.from, to: q.to };
      const rows = await this.history.history(viewer, filters);
      const setter = machine.statusSetBy ? await this.people.findPerson(machine.statusSetBy) : null;
      const since = machine.statusSetAt
        ? setter
          ? tr('history.setBy', lang, { name: setter.displayName, date: formatDateTime(machine.statusSetAt, lang, zone) })
          : tr('history.setAuto', lang, { date: formatDateTime(machine.statusSetAt, lang, zone) })
        : '';
      const title = tr('history.machineTitle', lang, { name: machine.name });
      const body = html`<h1>${title}</h1>
<p class="card" id="machine-status"><strong>${tr('history.status', lang)} :</strong> <span class="pill s-${machine.status}">${statusWord(machine.status, lang)}</span>
${machine.statusReason ? html` · ${machine.statusReason}` : ''}${since ? html` <span class="muted">(${since})</span>` : ''}</p>
${this.filtersAndTable(ctx, `/machines/${id}/history`, filters, rows, 'person')}
${await this.telemetryOf(ctx, id, q)}`;
      return pageLayout(ctx, { title, body, wide: true });
    });
  }

  @Public()
  @Get('people/:id/history')
  person(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() q: HistoryPageQuery) {
    return renderPage(req, res, null, async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const person = await this.people.get(viewer, id);
      const filters = { personId: id, from: q.from, to: q.to };
      const rows = await this.history.history(viewer, filters);
      const title = tr('history.personTitle', lang, { name: [person.firstName, person.lastName].filter(Boolean).join(' ') });
      const body = html`<h1>${title}</h1>
${this.filtersAndTable(ctx, `/people/${id}/history`, filters, rows, 'machine')}`;
      return pageLayout(ctx, { title, body, wide: true });
    });
  }

  /** The kept telemetry of the last 24 hours or 7 days (`?period=`), the whole period up to MAX_SAMPLES. */
  private async telemetryOf(ctx: PageContext, machineId: string, q: MachineHistoryPageQuery): Promise<SafeHtml> {
    const period = telemetryPeriod(q.period);
    const { from, to } = periodRange(period);
    const { samples, zone } = await this.telemetry.of(ctx.viewer, machineId, { from: from.toISOString(), to: to.toISOString() }, MAX_SAMPLES);
    const query = Object.fromEntries((['from', 'to'] as const).flatMap((k) => (q[k] ? [[k, q[k]]] : [])));
    const path = `/machines/${machineId}/history`;
    return telemetrySection({
      machineId,
      lang: ctx.lang,
      zone,
      period,
      from,
      to,
      samples,
      intervalSeconds: this.config.env.TELEMETRY_SAMPLE_SECONDS,
      path,
      query,
    });
  }

  private filtersAndTable(ctx: PageContext, path: string, f: HistoryFilters, rows: HistoryRow[], column: 'machine' | 'person'): SafeHtml {
    const { lang, zone } = ctx;
    const csv = new URLSearchParams();
    if (f.machineId) csv.set('machineId', f.machineId);
    if (f.personId) csv.set('personId', f.personId);
    if (f.from) csv.set('from', f.from);
    if (f.to) csv.set('to', f.to);
    const total = rows.reduce((sum, r) => sum + (r.durationMinutes ?? 0), 0);
    return html`<form method="get" action="${path}" class="row card" id="history-filters">
  <div class="field"><label for="h-from">${tr('history.from', lang)}</label><input id="h-from" type="date" name="from" value="${f.from ?? ''}"></div>
  <div class="field"><label for="h-to">${tr('history.to', lang)}</label><input id="h-to" type="date" name="to" value="${f.to ?? ''}"></div>
  <button type="submit" class="secondary">${tr('history.filter', lang)}</button>
  <a class="button" id="history-csv" href="/api/sessions.csv?${csv.toString()}" download>${tr('history.csv', lang)}</a>
</form>
${
  rows.length
    ? html`<p class="muted">${tr('history.total', lang, { count: rows.length, minutes: total })}</p>
<div class="table-wrap"><table id="history"><thead><tr><th>${tr(column === 'machine' ? 'history.machine' : 'history.person', lang)}</th><th>${tr('history.start', lang)}</th><th>${tr('history.end', lang)}</th><th>${tr('history.duration', lang)}</th><th>${tr('history.reason', lang)}</th></tr></thead>
<tbody>${rows.map(
        (
          r,
        ) => html`<tr data-session-id="${r.id}"><td>${column === 'machine' ? html`<a href="/machines/${r.machineId}/history">${r.machineName}</a>` : r.personId ? html`<a href="/people/${r.personId}">${r.personName}</a>` : tr('history.anonymous', lang)}</td>
<td>${formatDateTime(r.startedAt, lang, zone)}</td><td>${r.endedAt ? formatDateTime(r.endedAt, lang, zone) : '—'}</td>
<td>${r.durationMinutes === null ? '—' : tr('history.minutes', lang, { n: r.durationMinutes })}</td><td>${endReasonWord(r.endReason, lang)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="card">${tr('history.empty', lang)}</p>`
}`;
  }
}
