import { Body, Controller, Get, HttpException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentViewer, Viewer } from '../common/viewer';
import { MACHINE_TYPES } from '../machines/machine-types';
import { MachinesService } from '../machines/machines.service';
import { html } from '../web/html';
import { defineDictionary, Lang, langOf } from '../web/i18n';
import { addNavLink, layout } from '../web/layout';
import { requestZone } from '../web/page';
import { BookingsService, isBookingStaff } from './bookings.service';
import { CalendarService } from './calendar.service';
import { ChargesService, Statement } from './charges.service';
import { euros } from './pricing';
import { SiteHoursService } from './site-hours.service';
import { addDays, toLocal } from './time';
import { MyBookingsPageQuery, StatementPageQuery, WeekPageQuery } from './dto/bookings-pages-query.dto';

const tr = defineDictionary({
  'nav.bookings': { fr: 'Réserver', en: 'Book' },
  'bookings.title': { fr: 'Réserver une machine', en: 'Book a machine' },
  'bookings.choose': { fr: 'Choisissez une machine ou un type de machine.', en: 'Choose a machine or a machine type.' },
  'bookings.none': { fr: 'Aucune machine ne se réserve dans ce lieu pour l’instant.', en: 'No machine can be booked here yet.' },
  'bookings.anyOfType': { fr: 'N’importe quelle machine de ce type', en: 'Any machine of this type' },
  'bookings.week': { fr: 'Semaine du {date}', en: 'Week of {date}' },
  'bookings.prev': { fr: '← Semaine précédente', en: '← Previous week' },
  'bookings.next': { fr: 'Semaine suivante →', en: 'Next week →' },
  'bookings.noSlot': { fr: 'Aucun créneau libre ce jour-là.', en: 'No free slot that day.' },
  'bookings.tapToBook': { fr: 'Touchez un créneau libre pour le réserver.', en: 'Tap a free slot to book it.' },
  'bookings.mine': { fr: 'Mes réservations', en: 'My bookings' },
  'bookings.mineEmpty': { fr: 'Vous n’avez aucune réservation à venir.', en: 'You have no upcoming booking.' },
  'bookings.cancel': { fr: 'Annuler cette réservation', en: 'Cancel this booking' },
  'bookings.cancelled': { fr: 'Annulée', en: 'Cancelled' },
  'bookings.noShow': { fr: 'Absent·e', en: 'No-show' },
  'bookings.booked': { fr: 'C’est réservé : {machine}, {when}.', en: 'Booked: {machine}, {when}.' },
  'bookings.calendar': { fr: 'Ajouter à mon agenda (lien secret)', en: 'Add to my calendar (secret link)' },
  'bookings.statement': { fr: 'Mon relevé du mois', en: 'My monthly statement' },
  'bookings.statementOf': { fr: 'Relevé de {month}', en: 'Statement for {month}' },
  'bookings.statementEmpty': { fr: 'Rien à payer ce mois-ci.', en: 'Nothing to pay this month.' },
  'bookings.total': { fr: 'Total TTC', en: 'Total incl. VAT' },
  'bookings.net': { fr: 'Total HT', en: 'Total excl. VAT' },
  'bookings.vat': { fr: 'TVA', en: 'VAT' },
  'bookings.csv': { fr: 'Télécharger l’export comptable (CSV)', en: 'Download the accounting export (CSV)' },
  'bookings.qty': { fr: 'Qté', en: 'Qty' },
  'bookings.netShort': { fr: 'HT', en: 'Net' },
  'bookings.grossShort': { fr: 'TTC', en: 'Gross' },
  'bookings.back': { fr: 'Retour aux réservations', en: 'Back to bookings' },
});
addNavLink({ href: '/bookings', key: 'nav.bookings' });

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');
const dayTitle = (date: string, lang: Lang) =>
  new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
const timeOf = (d: Date | string, tz: string) => new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(d));
const whenOf = (start: Date, end: Date, lang: Lang, tz: string) =>
  `${new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone: tz }).format(start)}, ${timeOf(start, tz)}–${timeOf(end, tz)}`;


/** Pages of the bookings feature: week availability, my bookings, my statement. Plain forms, no script needed. */
@ApiExcludeController()
@Controller('bookings')
export class BookingsPages {
  constructor(
    private readonly bookings: BookingsService,
    private readonly hours: SiteHoursService,
    private readonly machines: MachinesService,
    private readonly calendar: CalendarService,
    private readonly charges: ChargesService,
  ) {}

  private send(req: Request, res: Response, viewer: Viewer, title: string, body: ReturnType<typeof html>, lang: Lang) {
    res.type('html').send(layout({ title, lang, viewer, body: html`<div class="bookings-page">${body}</div>`, path: req.originalUrl, current: '/bookings' }));
  }

  @Get()
  async week(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Query() query: WeekPageQuery) {
    const { machineId, type, week, error } = query;
    const lang = langOf(req, res);
    const bookable = await this.hours.bookableOfSite(viewer.siteId);
    const all = await this.machines.list(viewer);
    const machines = all.filter((m) => bookable.some((b) => b.machineId === m.id));
    const types = MACHINE_TYPES.filter((t) => machines.some((m) => m.type === t));
    const chosen = machineId && machines.some((m) => m.id === machineId) ? { machineId } : type && types.includes(type as never) ? { machineType: type } : machines[0] ? { machineId: machines[0].id } : null;
    const choices = html`<ul class="choices">${machines.map(
      (m) => html`<li><a href="/bookings?machineId=${m.id}"${chosen?.machineId === m.id ? html` aria-current="true"` : ''}>${m.name}</a></li>`,
    )}${types.map((t) => html`<li><a href="/bookings?type=${t}"${chosen?.machineType === t ? html` aria-current="true"` : ''}>${tr('bookings.anyOfType', lang)} : ${t}</a></li>`)}</ul>`;
    if (!chosen) return this.send(req, res, viewer, tr('bookings.title', lang), html`<h1>${tr('bookings.title', lang)}</h1><p>${tr('bookings.none', lang)}</p>`, lang);

    const a = await this.bookings.availability(viewer, { ...chosen, week });
    const names = new Map(a.machines.map((m) => [m.id, m.name]));
    const days = Array.from({ length: 7 }, (_, i) => addDays(a.week, i));
    const q = chosen.machineId ? `machineId=${chosen.machineId}` : `type=${chosen.machineType}`;
    const body = html`<h1>${tr('bookings.title', lang)}</h1>
${error ? html`<p class="notice bad" role="alert">${error}</p>` : ''}
<p>${tr('bookings.choose', lang)}</p>${choices}
<p><a href="/bookings/mine">${tr('bookings.mine', lang)}</a> · <a href="/bookings/statement">${tr('bookings.statement', lang)}</a></p>
<h2>${tr('bookings.week', lang, { date: dayTitle(a.week, lang) })}</h2>
<nav class="pager"><a class="button secondary" href="/bookings?${q}&week=${addDays(a.week, -7)}">${tr('bookings.prev', lang)}</a><a class="button secondary" href="/bookings?${q}&week=${addDays(a.week, 7)}">${tr('bookings.next', lang)}</a></nav>
<p>${tr('bookings.tapToBook', lang)}</p>
${days.map((d) => {
  const slots = a.slots.filter((s) => toLocal(new Date(s.startsAt), a.timezone).date === d);
  return html`<section class="day"><h2>${dayTitle(d, lang)}</h2>${
    slots.length
      ? html`<ul class="slots">${slots.map(
          (s) => html`<li><form method="post" action="/bookings/book"><input type="hidden" name="machineId" value="${s.machineIds[0]}"><input type="hidden" name="startsAt" value="${s.startsAt}"><input type="hidden" name="endsAt" value="${s.endsAt}"><input type="hidden" name="back" value="/bookings?${q}&week=${a.week}"><button type="submit" aria-label="${dayTitle(d, lang)} ${timeOf(s.startsAt, a.timezone)} ${names.get(s.machineIds[0])}">${timeOf(s.startsAt, a.timezone)}${chosen.machineType ? html`<br><small>${names.get(s.machineIds[0])}</small>` : ''}</button></form></li>`,
        )}</ul>`
      : html`<p>${tr('bookings.noSlot', lang)}</p>`
  }</section>`;
})}`;
    this.send(req, res, viewer, tr('bookings.title', lang), body, lang);
  }

  /** A tap on a free slot: books it for the viewer, then shows their bookings (or the error, in words). */
  @Post('book')
  async book(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    const back = typeof body.back === 'string' && body.back.startsWith('/bookings') ? body.back : '/bookings';
    try {
      const b = await this.bookings.book(viewer, { machineId: String(body.machineId), startsAt: String(body.startsAt), endsAt: String(body.endsAt) });
      res.redirect(303, `/bookings/mine?booked=${b.id}`);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const r = err.getResponse() as { message?: string };
      const lang = langOf(req);
      const msg = String(r.message ?? '').split(/(?<=\.) (?=[A-Z])/);
      res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}error=${encodeURIComponent(lang === 'en' && msg[1] ? msg.slice(1).join(' ') : msg[0])}`);
    }
  }

  @Get('mine')
  async mine(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Query() query: MyBookingsPageQuery) {
    const { booked } = query;
    const lang = langOf(req, res);
    const rows = await this.bookings.mine(viewer);
    const names = new Map((await this.machines.list(viewer)).map((m) => [m.id, m.name]));
    const feed = await this.calendar.feedFor(viewer);
    const just = rows.find((b) => b.id === booked);
    const body = html`<h1>${tr('bookings.mine', lang)}</h1>
${just ? html`<p class="notice" role="status">${tr('bookings.booked', lang, { machine: names.get(just.machineId) ?? '', when: whenOf(just.startsAt, just.endsAt, lang, requestZone(req)) })}</p>` : ''}
${rows.length ? '' : html`<p>${tr('bookings.mineEmpty', lang)}</p>`}
${rows.map(
  (b) => html`<article class="booking"><strong>${names.get(b.machineId) ?? ''}</strong><br>${whenOf(b.startsAt, b.endsAt, lang, requestZone(req))}
${b.status === 'active' ? html`<form method="post" action="/bookings/${b.id}/cancel"><button type="submit" class="secondary">${tr('bookings.cancel', lang)}</button></form>` : html`<p><em>${b.status === 'cancelled' ? tr('bookings.cancelled', lang) : tr('bookings.noShow', lang)}</em></p>`}</article>`,
)}
<p><a class="button secondary" href="${feed.path}">${tr('bookings.calendar', lang)}</a></p>
<p><a href="/bookings">${tr('bookings.back', lang)}</a></p>`;
    this.send(req, res, viewer, tr('bookings.mine', lang), body, lang);
  }

  @Post(':id/cancel')
  async cancel(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    try {
      await this.bookings.cancel(viewer, id);
      res.redirect(303, '/bookings/mine');
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      res.redirect(303, `/bookings?error=${encodeURIComponent(String((err.getResponse() as { message?: string }).message ?? ''))}`);
    }
  }

  @Get('statement')
  async statement(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Query() query: StatementPageQuery) {
    const lang = langOf(req, res);
    const m = query.month ?? toLocal(new Date(), requestZone(req)).date.slice(0, 7);
    const [y, mm] = m.split('-').map(Number);
    const shift = (d: number) => { const x = new Date(Date.UTC(y, mm - 1 + d, 1)); return x.toISOString().slice(0, 7); };
    const staff = isBookingStaff(viewer) && !!viewer.siteId;
    const list = staff
      ? await this.charges.statements(viewer, { month: m, siteId: viewer.siteId! })
      : viewer.siteId ? await this.charges.statements({ ...viewer, role: 'maker' }, { month: m }) : [];
    const table = (s: Statement) => html`<table class="statement"><thead><tr><th>Date</th><th></th><th class="num">${tr('bookings.qty', lang)}</th><th class="num">${tr('bookings.netShort', lang)}</th><th class="num">${tr('bookings.vat', lang)}</th><th class="num">${tr('bookings.grossShort', lang)}</th></tr></thead><tbody>
${s.lines.map((l) => html`<tr><td>${toLocal(new Date(l.date), s.timezone).date}</td><td>${l.label}</td><td class="num">${l.quantity} ${l.unit}</td><td class="num">${euros(l.netCents)} €</td><td class="num">${euros(l.vatCents)} €</td><td class="num">${euros(l.grossCents)} €</td></tr>`)}
</tbody></table>
<p>${tr('bookings.net', lang)} : <strong>${euros(s.totals.netCents)} €</strong> · ${tr('bookings.vat', lang)} : ${euros(s.totals.vatCents)} € · ${tr('bookings.total', lang)} : <strong>${euros(s.totals.grossCents)} €</strong></p>`;
    const body = html`<h1>${tr('bookings.statementOf', lang, { month: m })}</h1>
<nav class="pager"><a class="button secondary" href="/bookings/statement?month=${shift(-1)}">← ${shift(-1)}</a><a class="button secondary" href="/bookings/statement?month=${shift(1)}">${shift(1)} →</a></nav>
${staff ? html`<p><a class="button" href="/api/charges/statements.csv?month=${m}" download="releves-${m}.csv">${tr('bookings.csv', lang)}</a></p>` : ''}
${list.length ? list.map((s) => html`<section>${staff ? html`<h2>${s.personName}${s.companyName ? html` — ${s.companyName}` : ''} <small>(${s.category})</small></h2>` : ''}${table(s)}</section>`) : html`<p>${tr('bookings.statementEmpty', lang)}</p>`}
<p><a href="/bookings">${tr('bookings.back', lang)}</a></p>`;
    this.send(req, res, viewer, tr('bookings.statement', lang), body, lang);
  }
}
