import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { localNumber } from '../common/local-format';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { SitesService } from '../sites/sites.service';
import { field, formMessage, siteField, todayIn } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { formatDate, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { PageContext, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { EventOutcomes, upcomingFirst } from './events';
import { DEVICE_CATEGORIES } from './ords';
import { EventSummary, RepairsService } from './repairs.service';
import { tr } from './repairs.words';
import { statusWord } from './ticket-flow';

addNavLink({ href: '/repairs/events', key: 'nav.repairEvents', roles: ['volunteer', 'manager'], group: 'repairs', order: 20 });

const WORKSHOP = ['volunteer', 'manager'] as const;
type EventDetail = Awaited<ReturnType<RepairsService['event']>>;

/** A YYYY-MM-DD day in words; noon UTC so no zone can move it to another day. */
const dayInWords = (date: string, l: Lang) => formatDate(`${date}T12:00:00Z`, l, 'UTC');
const fmt = (n: number, l: Lang) => localNumber(n, l, 1);

/** « 1 réparé » / « 3 réparés »: French counts 0 and 1 as singular, English only 1. */
function counted(key: 'events.devices' | 'events.repaired' | 'events.repairableLater' | 'events.endOfLife' | 'events.inProgress', n: number, l: Lang): string {
  const one = new Intl.PluralRules(l === 'fr' ? 'fr-FR' : 'en-GB').select(n) === 'one';
  const k = one && key !== 'events.endOfLife' && key !== 'events.inProgress' ? (`${key}.one` as const) : key;
  return tr(k, l, { n });
}

/** « 4 appareils · 2 réparés · 1 en fin de vie »: outcomes nobody had are left out. */
function outcomesLine(c: EventOutcomes, l: Lang): string {
  const parts = [counted('events.devices', c.devices, l)];
  if (c.repaired) parts.push(counted('events.repaired', c.repaired, l));
  if (c.repairableLater) parts.push(counted('events.repairableLater', c.repairableLater, l));
  if (c.endOfLife) parts.push(counted('events.endOfLife', c.endOfLife, l));
  if (c.inProgress) parts.push(counted('events.inProgress', c.inProgress, l));
  return parts.join(' · ');
}

const todayPill = (date: string, l: Lang, zone: string) => (date === todayIn(zone) ? html` <span class="pill s-active">${tr('events.today', l)}</span>` : '');

/** Repair cafés: the list the manager prepares, and each day's devices and figures. */
@ApiExcludeController()
@Controller()
export class RepairEventsPages {
  constructor(
    private readonly repairs: RepairsService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get('repairs/events')
  list(@Req() req: PageRequest, @Res() res: Response) {
    strictCsp(res);
    return renderPage(req, res, [...WORKSHOP], async (ctx) => {
      const l = ctx.lang;
      const zone = ctx.zone;
      const { upcoming, past } = upcomingFirst(await this.repairs.listEvents(ctx.viewer), todayIn(zone));
      const body = html`<h1>${tr('events.title', l)}</h1>
<p>${tr('events.intro', l)}</p>
<section aria-labelledby="upcoming-title">
<h2 id="upcoming-title">${tr('events.upcoming', l)}</h2>
${upcoming.length ? this.eventList('upcoming-events', upcoming, l, zone) : html`<p class="muted">${tr('events.noneUpcoming', l)}</p>`}
</section>
${await this.createForm(ctx)}
${past.length ? html`<section aria-labelledby="past-title"><h2 id="past-title">${tr('events.past', l)}</h2>${this.eventList('past-events', past, l, zone)}</section>` : ''}
<p><a href="/repairs">${tr('repairs.title', l)}</a> · <a href="/repairs/impact">${tr('impact.title', l)}</a></p>`;
      return pageLayout(ctx, { title: tr('events.title', l), body, current: '/repairs/events' });
    });
  }

  private eventList(id: string, events: EventSummary[], l: Lang, zone: string): SafeHtml {
    return html`<ul class="list" id="${id}">${events.map(
      (e) => html`<li data-event="${e.id}"><a class="title" href="/repairs/events/${e.id}">${e.name}</a>
  <span>${dayInWords(e.date, l)}${todayPill(e.date, l, zone)}</span>
  <span class="muted event-outcomes">${outcomesLine(e.counts, l)}</span></li>`,
    )}</ul>`;
  }

  /** Volunteers may create one too: the API lets them, and the day is often set up at the bench. */
  private async createForm(ctx: PageContext): Promise<SafeHtml> {
    const l = ctx.lang;
    const zone = ctx.zone;
    const sites = ctx.viewer.role === 'admin' ? await this.sites.list(ctx.viewer) : [];
    return html`<section class="card" aria-labelledby="create-title"><h2 id="create-title">${tr('events.create', l)}</h2>
<form id="event-form" data-api="/api/repairs/events" data-method="POST">
  ${siteField(ctx, sites)}
  ${field({ label: tr('events.name', l), name: 'name', required: true, hint: tr('events.nameHint', l), lang: l, attrs: html`maxlength="200" autocomplete="off"` })}
  ${field({ label: tr('events.date', l), name: 'date', type: 'date', required: true, value: todayIn(zone), lang: l })}
  ${formMessage()}
  <div class="actions"><button type="submit">${tr('events.doCreate', l)}</button></div>
</form></section>`;
  }

  @Public()
  @Get('repairs/events/:id')
  detail(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    strictCsp(res);
    return renderPage(req, res, [...WORKSHOP], async (ctx) => this.detailPage(ctx, await this.repairs.event(ctx.viewer, id)));
  }

  private detailPage(ctx: PageContext, e: EventDetail): string {
    const l = ctx.lang;
    const zone = ctx.zone;
    const body = html`<p><a href="/repairs/events">← ${tr('events.all', l)}</a></p>
<h1>${e.name}</h1>
<p>${dayInWords(e.date, l)}${todayPill(e.date, l, zone)}</p>
<p><a class="button" id="take-in" href="/repairs?event=${e.id}">${tr('events.takeIn', l)}</a></p>
<section aria-labelledby="figures-title">
<h2 id="figures-title">${tr('events.figures', l)}</h2>
<ul class="figures">
  <li><strong class="n">${fmt(e.counts.devices, l)}</strong> ${tr('events.received', l)}</li>
  <li><strong class="n">${fmt(e.impact.fixed, l)}</strong> ${tr('impact.fixed', l)}</li>
  <li><strong class="n">${fmt(e.counts.repairableLater, l)}</strong> ${tr('events.laterFigure', l)}</li>
  <li><strong class="n">${fmt(e.counts.endOfLife, l)}</strong> ${tr('events.endOfLifeFigure', l)}</li>
  <li><strong class="n">${fmt(e.impact.wastePreventedKg, l)}</strong> ${tr('impact.kg', l)}</li>
  <li><strong class="n">${fmt(e.impact.co2eAvoidedKg, l)}</strong> ${tr('impact.co2', l)}</li>
</ul>
<p class="muted">${tr('impact.method', l, { d: fmt(e.impact.source.displacement, l) })} <a href="/repairs/impact">${tr('impact.source', l)}</a></p>
</section>
<section aria-labelledby="devices-title">
<h2 id="devices-title">${tr('events.deviceList', l)}</h2>
${e.tickets.length ? html`<ul class="list" id="event-devices">${e.tickets.map((t) => this.deviceItem(t, l))}</ul>` : html`<p class="muted">${tr('events.noDevice', l)}</p>`}
</section>`;
    return pageLayout(ctx, { title: e.name, body, current: '/repairs/events' });
  }

  private deviceItem(t: EventDetail['tickets'][number], l: Lang): SafeHtml {
    const d = t.device;
    const name = d ? `${DEVICE_CATEGORIES[d.category][l]} ${d.brand} ${d.model}`.trim() : t.id;
    return html`<li data-ticket="${t.id}"><a class="title" href="/repairs/${t.id}">${name}</a>
  <span class="pill s-${t.status}">${statusWord(t.status, l)}</span>
  ${d?.reportedFault ? html`<span class="muted">${d.reportedFault}</span>` : ''}</li>`;
  }
}
