import { Body, Controller, Get, HttpException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isInstant } from '../common/input-rules';
import { euros, localDate, monthWords } from '../common/local-format';
import { CurrentViewer, Viewer } from '../common/viewer';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { csrfField, fieldError, FormState } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { Lang, langOf } from '../web/i18n';
import { addNavLink, layout } from '../web/layout';
import { PageContext, pageLayout, PageRequest, renderPage, requestZone, sendHtml, strictCsp } from '../web/page';
import { CellState, durationChoices, GridCell } from './booking-grid';
import { BookingPolicy, cancelDeadline } from './booking-rules';
import { dayTitle, deadlineWords, durationWords, shortDay, timeOf, tr, whenOf, wordsOf } from './booking-words';
import { BookingEligibility, TrainingNeed } from './booking-eligibility';
import { BookingsService, isBookingStaff } from './bookings.service';
import { CalendarService } from './calendar.service';
import { ChargesService, TimeQuote } from './charges.service';
import { Statement, StatementsService } from './statements.service';
import { Booking } from './entities/booking.entity';
import { categoryWord, unitWord } from './price-words';
import { SiteHoursService } from './site-hours.service';
import { addDays, fromLocal, hhmm, mondayOf, parseHhmm, toLocal } from './time';
import { ChangePageQuery, MyBookingsPageQuery, StatementPageQuery, WeekPageQuery } from './dto/bookings-pages-query.dto';

addNavLink({ href: '/bookings', key: 'nav.bookings', group: 'machines', order: 20 });

/** The start and length as typed in the form, kept as typed so an error shows them back. */
interface SlotForm {
  date: string;
  time: string;
  minutes: string;
}

/** What the week page shows: a machine, a day of its week, the form's values, maybe a booking being changed and an error. */
interface WeekView {
  machineId?: string;
  day?: string;
  form: SlotForm;
  booking?: Booking;
  error?: string;
  /** The field the error is about (date, time, minutes), to show it beside that field. */
  errorField?: keyof SlotForm;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');
const idIn = (v: unknown) => (UUID.test(str(v)) ? str(v) : undefined);
/** An id no row has: a form without a valid machine id gets the same 404 page as an unknown one. */
const NO_ID = '00000000-0000-0000-0000-000000000000';
const EMPTY_FORM: SlotForm = { date: '', time: '', minutes: '' };
const formOf = (body: Record<string, unknown>): SlotForm => ({ date: str(body.date), time: str(body.time), minutes: str(body.minutes) });
const formFromRange = (start: Date, end: Date, tz: string): SlotForm => {
  const l = toLocal(start, tz);
  return { date: l.date, time: hhmm(l.minutes), minutes: String(Math.round((end.getTime() - start.getTime()) / 60_000)) };
};
const CELL_WORDS: Record<CellState, Parameters<typeof tr>[0]> = {
  free: 'bookings.cell.free',
  busy: 'bookings.cell.busy',
  mine: 'bookings.cell.mine',
  closed: 'bookings.cell.closed',
  past: 'bookings.cell.past',
  far: 'bookings.cell.far',
};
/** Errors that say the thing is not the viewer's to see (another site, someone else's booking): an error page, not the form again. */
const isNotYours = (err: HttpException) => err.getStatus() === 404;

/**
 * Booking pages: a machine's week as a calendar (days as columns; one day at a time on a phone),
 * a start and a length, the price and a summary before confirming; changing or cancelling one's
 * own bookings; the monthly statement. Plain forms with the CSRF token, no script needed.
 */
@ApiExcludeController()
@Controller('bookings')
export class BookingsPages {
  constructor(
    private readonly bookings: BookingsService,
    private readonly eligibility: BookingEligibility,
    private readonly hours: SiteHoursService,
    private readonly machines: MachinesService,
    private readonly calendar: CalendarService,
    private readonly charges: ChargesService,
    private readonly statements: StatementsService,
  ) {}

  @Get()
  week(@Req() req: PageRequest, @Res() res: Response, @Query() q: WeekPageQuery) {
    strictCsp(res);
    const day = q.day ?? q.week;
    return renderPage(req, res, null, (ctx) =>
      this.weekPage(ctx, { machineId: q.machineId, day, form: { date: day ?? '', time: q.time ?? '', minutes: q.minutes ?? '' } }),
    );
  }

  @Get(':id/change')
  change(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() q: ChangePageQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const booking = await this.bookings.changeable(ctx.viewer, id);
      const tz = (await this.hours.hoursOf(booking.siteId)).tz;
      const form = q.time && q.day ? { date: q.day, time: q.time, minutes: q.minutes ?? '' } : formFromRange(booking.startsAt, booking.endsAt, tz);
      return this.weekPage(ctx, { machineId: booking.machineId, day: q.day ?? toLocal(booking.startsAt, tz).date, form, booking });
    });
  }

  /** The form's start and length: the rules checked, the slot still free, the price; or the form again with the reason. */
  @Post('quote')
  quote(@Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const machine = await this.machines.get(ctx.viewer, idIn(body.machineId) ?? NO_ID);
      const bookingId = idIn(body.bookingId);
      const booking = bookingId ? await this.bookings.changeable(ctx.viewer, bookingId).catch((e: unknown) => this.notYoursOr(e)) : undefined;
      const form = formOf(body);
      const view: WeekView = { machineId: machine.id, day: form.date || undefined, form, booking: booking ?? undefined };
      const tz = (await this.hours.hoursOf(machine.siteId)).tz;
      const range = readRange(form, tz, ctx.lang);
      if ('field' in range) return this.weekAgain(ctx, { ...view, error: range.error, errorField: range.field }, 400);
      try {
        const q = await this.bookings.quote(ctx.viewer, {
          machineId: machine.id,
          startsAt: range.start.toISOString(),
          endsAt: range.end.toISOString(),
          bookingId,
        });
        const price = await this.charges.quoteTime(q.booking?.personId ?? ctx.viewer.id, machine, Number(form.minutes), q.start);
        return this.summaryPage(ctx, { machine, policy: q.policy, start: q.start, end: q.end, price, tz, form, booking: q.booking ?? undefined });
      } catch (err) {
        if (!(err instanceof HttpException) || isNotYours(err)) throw err;
        return this.weekAgain(ctx, { ...view, error: wordsOf(err, ctx.lang) }, err.getStatus());
      }
    });
  }

  /** Confirms a summary: books it, or shows the form again with the reason (taken meanwhile…). */
  @Post('book')
  book(@Req() req: PageRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const machine = await this.machines.get(ctx.viewer, idIn(body.machineId) ?? NO_ID);
      const { startsAt, endsAt } = instantsOf(body);
      if (!startsAt || !endsAt) return this.weekAgain(ctx, { machineId: machine.id, form: EMPTY_FORM, error: tr('bookings.form.badTime', ctx.lang) }, 400);
      try {
        const b = await this.bookings.book(ctx.viewer, { machineId: machine.id, startsAt, endsAt });
        res.redirect(303, `/bookings/mine?booked=${b.id}`);
        return null;
      } catch (err) {
        if (!(err instanceof HttpException) || isNotYours(err)) throw err;
        return this.rangeAgain(ctx, machine, { startsAt, endsAt }, undefined, err);
      }
    });
  }

  /** Confirms a change: moves or extends the booking, or shows the change form again with the reason. */
  @Post(':id/move')
  move(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const booking = await this.bookings.changeable(ctx.viewer, id).catch((e: unknown) => this.notYoursOr(e));
      const { startsAt, endsAt } = instantsOf(body);
      const machine = await this.machines.get(ctx.viewer, (booking ?? (await this.bookings.findById(id)))!.machineId);
      if (!startsAt || !endsAt)
        return this.weekAgain(
          ctx,
          { machineId: machine.id, form: EMPTY_FORM, booking: booking ?? undefined, error: tr('bookings.form.badTime', ctx.lang) },
          400,
        );
      try {
        const moved = await this.bookings.move(ctx.viewer, id, { startsAt, endsAt });
        res.redirect(303, `/bookings/mine?moved=${moved.id}`);
        return null;
      } catch (err) {
        if (!(err instanceof HttpException) || isNotYours(err)) throw err;
        return this.rangeAgain(ctx, machine, { startsAt, endsAt }, booking ?? undefined, err);
      }
    });
  }

  @Post(':id/cancel')
  cancel(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      try {
        await this.bookings.cancel(ctx.viewer, id);
        res.redirect(303, `/bookings/mine?cancelled=${id}`);
        return null;
      } catch (err) {
        if (!(err instanceof HttpException) || isNotYours(err)) throw err;
        sendHtml(res, err.getStatus(), await this.minePage(ctx, {}, { id, message: wordsOf(err, ctx.lang) }));
        return null;
      }
    });
  }

  @Get('mine')
  mine(@Req() req: PageRequest, @Res() res: Response, @Query() q: MyBookingsPageQuery) {
    strictCsp(res);
    return renderPage(req, res, null, (ctx) => this.minePage(ctx, q));
  }

  @Get('statement')
  async statement(@CurrentViewer() viewer: Viewer, @Req() req: PageRequest, @Res() res: Response, @Query() query: StatementPageQuery) {
    const lang = langOf(req, res);
    const m = query.month ?? toLocal(new Date(), requestZone(req)).date.slice(0, 7);
    const [y, mm] = m.split('-').map(Number);
    const shift = (d: number) => new Date(Date.UTC(y, mm - 1 + d, 1)).toISOString().slice(0, 7);
    const staff = isBookingStaff(viewer) && !!viewer.siteId;
    const list = staff
      ? await this.statements.statements(viewer, { month: m, siteId: viewer.siteId! })
      : viewer.siteId
        ? await this.statements.statements({ ...viewer, role: 'maker' }, { month: m })
        : [];
    const table = (
      s: Statement,
    ) => html`<table class="statement"><thead><tr><th>Date</th><th></th><th class="num">${tr('bookings.qty', lang)}</th><th class="num">${tr('bookings.netShort', lang)}</th><th class="num">${tr('bookings.vat', lang)}</th><th class="num">${tr('bookings.grossShort', lang)}</th></tr></thead><tbody>
${s.lines.map((l) => html`<tr><td>${localDate(l.date, s.timezone, lang, 'short')}</td><td>${l.label}${l.packMinutes ? html`<br><span class="muted">${tr('bookings.packCovered', lang, { minutes: l.packMinutes })}</span>` : ''}</td><td class="num">${l.quantity} ${unitWord(l.unit, lang)}</td><td class="num">${euros(l.netCents, lang)}</td><td class="num">${euros(l.vatCents, lang)}</td><td class="num">${euros(l.grossCents, lang)}</td></tr>`)}
</tbody></table>
<p>${tr('bookings.net', lang)} : <strong>${euros(s.totals.netCents, lang)}</strong> · ${tr('bookings.vat', lang)} : ${euros(s.totals.vatCents, lang)} · ${tr('bookings.total', lang)} : <strong>${euros(s.totals.grossCents, lang)}</strong></p>`;
    const body = html`<div class="bookings-page"><h1>${tr('bookings.statementOf', lang, { month: monthWords(m, lang) })}</h1>
<nav class="pager"><a class="button secondary" href="/bookings/statement?month=${shift(-1)}">← ${monthWords(shift(-1), lang)}</a><a class="button secondary" href="/bookings/statement?month=${shift(1)}">${monthWords(shift(1), lang)} →</a></nav>
${staff ? html`<p><a class="button" href="/api/charges/statements.csv?month=${m}" download="releves-${m}.csv">${tr('bookings.csv', lang)}</a></p>` : ''}
${list.length ? list.map((s) => html`<section>${staff ? html`<h2>${s.personName}${s.companyName ? html` — ${s.companyName}` : ''} <small>(${categoryWord(s.category, lang)})</small></h2>` : ''}${table(s)}</section>`) : html`<p>${tr('bookings.statementEmpty', lang)}</p>`}
<p><a href="/bookings">${tr('bookings.back', lang)}</a></p></div>`;
    res
      .type('html')
      .send(layout({ title: tr('bookings.statement', lang), lang, viewer, body, path: req.originalUrl, current: '/bookings', csrfToken: req.csrfToken }));
  }

  /** A 404 (not the viewer's) goes on as the error page; any other refusal is shown beside the form instead. */
  private notYoursOr(err: unknown): null {
    if (err instanceof HttpException && !isNotYours(err)) return null;
    throw err;
  }

  private async weekAgain(ctx: PageContext, view: WeekView, status: number): Promise<null> {
    sendHtml(ctx.res, status, await this.weekPage(ctx, view));
    return null;
  }

  private async rangeAgain(ctx: PageContext, machine: Machine, r: { startsAt: string; endsAt: string }, booking: Booking | undefined, err: HttpException) {
    const tz = (await this.hours.hoursOf(machine.siteId)).tz;
    const form = formFromRange(new Date(r.startsAt), new Date(r.endsAt), tz);
    return this.weekAgain(ctx, { machineId: machine.id, day: form.date || undefined, form, booking, error: wordsOf(err, ctx.lang) }, err.getStatus());
  }

  private async weekPage(ctx: PageContext, view: WeekView): Promise<string> {
    const { viewer, lang } = ctx;
    const bookable = new Set((await this.hours.bookableOfSite(viewer.siteId)).map((b) => b.machineId));
    const machines = (await this.machines.list(viewer)).filter((m) => bookable.has(m.id));
    const needs = await this.eligibility.trainingNeeds(view.booking?.personId ?? viewer.id, machines, new Date());
    const chosen = machines.find((m) => m.id === view.machineId) ?? machines.find((m) => needs.get(m.id)?.qualified);
    const title = view.booking ? tr('bookings.change.title', lang) : tr('bookings.title', lang);
    const head = html`<h1>${title}</h1><p class="booking-links"><a href="/bookings/mine">${tr('bookings.mine.title', lang)}</a> · <a href="/bookings/statement">${tr('bookings.statement', lang)}</a></p>`;
    if (!machines.length) return this.page(ctx, title, html`${head}<p>${tr('bookings.none', lang)}</p>`);
    const picker = view.booking ? '' : this.picker(machines, needs, chosen?.id, lang);
    const slot = chosen && (view.booking || needs.get(chosen.id)?.qualified) ? await this.slotSection(ctx, chosen, view) : '';
    // Without the form (a machine the person is not trained for), a refusal still shows, under the machines.
    const refusal = view.error && !slot ? html`<p class="form-message error booking-error" role="alert">${view.error}</p>` : '';
    return this.page(ctx, title, html`${head}${picker}${refusal}${slot}`, true);
  }

  /** Every bookable machine: the ones the person is trained for are links; the others greyed, with the training that opens them. */
  private picker(machines: Machine[], needs: Map<string, TrainingNeed>, chosenId: string | undefined, lang: Lang): SafeHtml {
    return html`<section aria-labelledby="step-machine"><h2 id="step-machine">${tr('bookings.stepMachine', lang)}</h2>
<ul class="booking-machines">${machines.map((m) => {
      const need = needs.get(m.id)!;
      if (need.qualified)
        return html`<li><a class="booking-machine" href="/bookings?machineId=${m.id}"${m.id === chosenId ? html` aria-current="true"` : ''}>${m.name}</a></li>`;
      const names = need.trainings.map((t) => (lang === 'en' && t.nameEn ? t.nameEn : t.name)).join(', ');
      return html`<li class="booking-locked" aria-disabled="true" data-machine="${m.id}"><span class="booking-machine-name">${m.name}</span>
<span class="booking-need">${names ? tr('bookings.locked', lang, { names }) : tr('bookings.lockedNone', lang)}</span>
<span class="booking-howto">${tr('bookings.howTo', lang)} <a href="/trainings">${tr('bookings.seeTrainings', lang)}</a></span></li>`;
    })}</ul></section>`;
  }

  private async slotSection(ctx: PageContext, machine: Machine, view: WeekView): Promise<SafeHtml> {
    const { lang } = ctx;
    const w = await this.bookings.weekOf(ctx.viewer, machine.id, view.day);
    const q = (day: string, extra = '') =>
      `/bookings${view.booking ? `/${view.booking.id}/change` : ''}?${view.booking ? '' : `machineId=${machine.id}&`}day=${day}${extra}`;
    const weekDay = (monday: string) => (mondayOf(w.today) === monday ? w.today : monday);
    const minutes = view.form.minutes || String(durationChoices(w.policy)[0] ?? w.policy.slotMinutes);
    const grid = w.grid.rows.length
      ? html`<table class="booking-grid"><caption class="visually-hidden">${tr('bookings.gridCaption', lang, { machine: machine.name, date: dayTitle(w.week, lang) })}</caption>
<thead><tr><th scope="col" class="booking-time">${tr('bookings.time', lang)}</th>${w.grid.days.map((d) => html`<th scope="col" class="${dayClass(d.date, w.day)}">${shortDay(d.date, lang)}</th>`)}</tr></thead>
<tbody>${w.grid.rows.map((m) => html`<tr><th scope="row" class="booking-time">${hhmm(m)}</th>${w.grid.days.map((d) => this.cell(d.date, m, d.cells.get(m), w.day, lang, (time) => q(d.date, `&time=${time}&minutes=${minutes}#booking-form`)))}</tr>`)}</tbody></table>`
      : html`<p>${tr('bookings.closedWeek', lang)}</p>`;
    return html`<section class="booking-week" aria-labelledby="step-slot"><h2 id="step-slot">${tr('bookings.stepSlot', lang, { machine: machine.name })}</h2>
${view.booking ? html`<p class="notice">${tr('bookings.change.now', lang, { machine: machine.name, when: whenOf(view.booking.startsAt, view.booking.endsAt, lang, w.hours.tz) })}</p>` : ''}
<p class="muted">${tr('bookings.zone', lang, { tz: w.hours.tz })} ${tr('bookings.legend', lang)}</p>
<nav class="booking-weeknav" aria-label="${tr('bookings.week', lang, { date: dayTitle(w.week, lang) })}"><a class="button secondary" href="${q(weekDay(addDays(w.week, -7)))}">${tr('bookings.prev', lang)}</a><strong>${tr('bookings.week', lang, { date: dayTitle(w.week, lang) })}</strong><a class="button secondary" href="${q(weekDay(addDays(w.week, 7)))}">${tr('bookings.next', lang)}</a></nav>
<nav class="booking-daynav" aria-label="${dayTitle(w.day, lang)}"><a class="button secondary" href="${q(addDays(w.day, -1))}">${tr('bookings.prevDay', lang)}</a><strong>${dayTitle(w.day, lang)}</strong><a class="button secondary" href="${q(addDays(w.day, 1))}">${tr('bookings.nextDay', lang)}</a></nav>
${grid}
</section>
${this.form(ctx, machine, w.policy, { ...view, form: { ...view.form, date: view.form.date || w.day } }, minutes)}`;
  }

  private cell(date: string, m: number, c: GridCell | undefined, focus: string, lang: Lang, link: (time: string) => string): SafeHtml {
    const cls = dayClass(date, focus);
    if (!c) return html`<td class="${cls}"></td>`;
    const word = tr(CELL_WORDS[c.state], lang);
    if (c.state !== 'free') return html`<td class="${cls} is-${c.state}">${word}</td>`;
    const label = tr('bookings.cell.freeLabel', lang, { day: dayTitle(date, lang), time: hhmm(m) });
    return html`<td class="${cls} is-free"><a href="${link(hhmm(m))}" aria-label="${label}">${word}</a></td>`;
  }

  private form(ctx: PageContext, machine: Machine, p: BookingPolicy, view: WeekView, minutes: string): SafeHtml {
    const { lang } = ctx;
    const durations = durationChoices(p);
    // A reason about one field goes right after it (the others, a rule of the booking, above the button).
    const refused: FormState | undefined =
      view.error && view.errorField ? { form: 'quote', values: {}, errors: { [view.errorField]: [view.error] } } : undefined;
    const beside = (name: keyof SlotForm) => fieldError(refused, name, `booking-${name}-error`);
    return html`<section class="card booking-form" id="booking-form" aria-labelledby="step-form"><h2 id="step-form">${tr('bookings.stepForm', lang)}</h2>
<form method="post" action="/bookings/quote" novalidate>
${csrfField(ctx.req.csrfToken)}<input type="hidden" name="machineId" value="${machine.id}">${view.booking ? html`<input type="hidden" name="bookingId" value="${view.booking.id}">` : ''}
<div class="booking-fields">
<div class="field"><label for="booking-date">${tr('bookings.form.date', lang)}</label><input id="booking-date" name="date" type="date" value="${view.form.date}" required${beside('date').attrs}>${beside('date').after}</div>
<div class="field"><label for="booking-time">${tr('bookings.form.time', lang)} <span class="hint-inline muted">${tr('bookings.form.timeHint', lang, { step: durationWords(p.slotMinutes) })}</span></label><input id="booking-time" name="time" type="time" step="${p.slotMinutes * 60}" value="${view.form.time}" required${beside('time').attrs}>${beside('time').after}</div>
<div class="field"><label for="booking-minutes">${tr('bookings.form.minutes', lang)}</label><select id="booking-minutes" name="minutes"${beside('minutes').attrs}>${durations.map((d) => html`<option value="${d}"${String(d) === minutes ? html` selected` : ''}>${durationWords(d)}</option>`)}</select>${beside('minutes').after}</div>
</div>
<p class="muted">${tr('bookings.form.rules', lang, { min: durationWords(p.minMinutes), max: durationWords(p.maxMinutes), days: p.horizonDays })}</p>
${view.error && !view.errorField ? html`<p class="form-message error booking-error" role="alert">${view.error}</p>` : ''}
<div class="actions"><button type="submit">${tr('bookings.form.quote', lang)}</button></div>
</form></section>`;
  }

  private summaryPage(
    ctx: PageContext,
    s: { machine: Machine; policy: BookingPolicy; start: Date; end: Date; price: TimeQuote; tz: string; form: SlotForm; booking?: Booking },
  ): string {
    const { lang } = ctx;
    const title = s.booking ? tr('bookings.summary.changeTitle', lang) : tr('bookings.summary.title', lang);
    const action = s.booking ? `/bookings/${s.booking.id}/move` : '/bookings/book';
    const back = s.booking
      ? `/bookings/${s.booking.id}/change?day=${s.form.date}&time=${s.form.time}&minutes=${s.form.minutes}#booking-form`
      : `/bookings?machineId=${s.machine.id}&day=${s.form.date}&time=${s.form.time}&minutes=${s.form.minutes}#booking-form`;
    const minutes = Math.round((s.end.getTime() - s.start.getTime()) / 60_000);
    const body = html`<h1>${title}</h1>
<dl class="booking-summary">
<dt>${tr('bookings.summary.machine', lang)}</dt><dd>${s.machine.name}</dd>
${s.booking ? html`<dt>${tr('bookings.summary.before', lang)}</dt><dd>${whenOf(s.booking.startsAt, s.booking.endsAt, lang, s.tz)}</dd>` : ''}
<dt>${tr('bookings.summary.day', lang)}</dt><dd>${dayTitle(toLocal(s.start, s.tz).date, lang)}</dd>
<dt>${tr('bookings.summary.hours', lang)}</dt><dd>${timeOf(s.start, s.tz)}–${timeOf(s.end, s.tz)} (${durationWords(minutes)})</dd>
<dt>${tr('bookings.summary.price', lang)}</dt><dd class="booking-price">${priceWords(s.price, lang)}</dd>
<dt>${tr('bookings.summary.cancel', lang)}</dt><dd>${deadlineWords(cancelDeadline(s.policy, s.start), s.policy.cancelNoticeMinutes, new Date(), lang, s.tz)}</dd>
</dl>
<form method="post" action="${action}">${csrfField(ctx.req.csrfToken)}<input type="hidden" name="machineId" value="${s.machine.id}"><input type="hidden" name="startsAt" value="${s.start.toISOString()}"><input type="hidden" name="endsAt" value="${s.end.toISOString()}">
<div class="actions"><button type="submit">${s.booking ? tr('bookings.summary.confirmChange', lang) : tr('bookings.summary.confirm', lang)}</button> <a class="button secondary" href="${back}">${tr('bookings.summary.edit', lang)}</a></div></form>`;
    return this.page(ctx, title, body);
  }

  private async minePage(ctx: PageContext, q: MyBookingsPageQuery, error?: { id: string; message: string }): Promise<string> {
    const { viewer, lang } = ctx;
    const now = new Date();
    const [rows, machines, feed] = await Promise.all([this.bookings.mine(viewer), this.machines.list(viewer), this.calendar.existingFeed(viewer)]);
    const names = new Map(machines.map((m) => [m.id, m.name]));
    const zones = new Map(await Promise.all([...new Set(rows.map((b) => b.siteId))].map(async (s) => [s, (await this.hours.hoursOf(s)).tz] as const)));
    const policies = new Map(await Promise.all([...new Set(rows.map((b) => b.machineId))].map(async (m) => [m, await this.hours.policyOf(m)] as const)));
    const tzOf = (b: Booking) => zones.get(b.siteId) ?? ctx.zone;
    const upcoming = rows.filter((b) => b.status === 'active' && b.endsAt > now);
    const past = rows.filter((b) => !upcoming.includes(b));
    const notice = this.mineNotice(q, rows, names, tzOf, lang);
    const item = (b: Booking) => {
      const p = policies.get(b.machineId);
      const by = p ? cancelDeadline(p, b.startsAt) : b.startsAt;
      const open = now <= by;
      return html`<article class="booking" data-booking="${b.id}"><strong>${names.get(b.machineId) ?? ''}</strong><br>${whenOf(b.startsAt, b.endsAt, lang, tzOf(b))}
<p class="muted">${deadlineWords(by, p?.cancelNoticeMinutes ?? 0, now, lang, tzOf(b))}</p>
${error?.id === b.id ? html`<p class="form-message error booking-error" role="alert">${error.message}</p>` : ''}
${open ? html`<div class="actions"><a class="button secondary" href="/bookings/${b.id}/change">${tr('bookings.mine.change', lang)}</a><form method="post" action="/bookings/${b.id}/cancel">${csrfField(ctx.req.csrfToken)}<button type="submit" class="secondary">${tr('bookings.mine.cancel', lang)}</button></form></div>` : ''}</article>`;
    };
    const statusWord = (b: Booking) =>
      b.status === 'cancelled'
        ? tr('bookings.status.cancelled', lang)
        : b.status === 'no_show'
          ? tr('bookings.status.no_show', lang)
          : tr('bookings.status.done', lang);
    const body = html`<h1>${tr('bookings.mine.title', lang)}</h1>
${notice}
${error && !upcoming.some((b) => b.id === error.id) ? html`<p class="form-message error booking-error" role="alert">${error.message}</p>` : ''}
<h2>${tr('bookings.mine.upcoming', lang)}</h2>
${upcoming.length ? upcoming.map(item) : html`<p>${tr('bookings.mine.empty', lang)}</p>`}
<p><a class="button" href="/bookings">${tr('bookings.mine.bookAnother', lang)}</a></p>
${past.length ? html`<h2>${tr('bookings.mine.past', lang)}</h2>${past.map((b) => html`<article class="booking is-over"><strong>${names.get(b.machineId) ?? ''}</strong><br>${whenOf(b.startsAt, b.endsAt, lang, tzOf(b))} — <em>${statusWord(b)}</em></article>`)}` : ''}
${
  feed
    ? html`<p><a class="button secondary" href="${feed.path}">${tr('bookings.mine.calendar', lang)}</a></p>`
    : html`<form data-api="/api/bookings/calendar-feeds" data-method="POST" data-redirect="/bookings/mine"><div class="actions"><button type="submit" class="secondary">${tr('bookings.mine.getCalendar', lang)}</button></div></form>`
}
<p><a href="/bookings/statement">${tr('bookings.statement', lang)}</a></p>`;
    return this.page(ctx, tr('bookings.mine.title', lang), body);
  }

  /** The clear confirmation after booking, changing or cancelling. */
  private mineNotice(q: MyBookingsPageQuery, rows: Booking[], names: Map<string, string>, tzOf: (b: Booking) => string, lang: Lang): SafeHtml | '' {
    const [key, id] = q.booked
      ? (['bookings.mine.booked', q.booked] as const)
      : q.moved
        ? (['bookings.mine.moved', q.moved] as const)
        : q.cancelled
          ? (['bookings.mine.cancelled', q.cancelled] as const)
          : [null, null];
    const b = rows.find((r) => r.id === id);
    if (!key || !b) return '';
    return html`<p class="notice booking-done" role="status">${tr(key, lang, { machine: names.get(b.machineId) ?? '', when: whenOf(b.startsAt, b.endsAt, lang, tzOf(b)) })}</p>`;
  }

  private page(ctx: PageContext, title: string, body: SafeHtml, wide = false): string {
    // A page answering a form post has no address to reload in another language: the switch goes to the booking page.
    const here = ctx.req.method === 'GET' ? ctx : { ...ctx, path: '/bookings' };
    return pageLayout(here, { title, body: html`<div class="booking-page">${body}</div>`, current: '/bookings', wide });
  }
}

const dayClass = (date: string, focus: string) => `booking-day${date === focus ? ' is-day' : ''}`;

/** « 7,50 € TTC », the rate, and how the statement will count it. */
function priceWords(p: TimeQuote, lang: Lang): SafeHtml {
  if (!p.line) return html`<strong>${euros(0, lang)}</strong> — ${tr('bookings.price.free', lang)}`;
  return html`<strong>${tr('bookings.price.gross', lang, { amount: euros(p.grossCents, lang) })}</strong> — ${tr('bookings.price.line', lang, { label: p.line.label })}
<br><span class="muted">${p.line.bookingIsMinimum ? tr('bookings.price.minimum', lang) : tr('bookings.price.usage', lang)}</span>`;
}

/** The form's day, time and length as instants of the site's zone, or what is wrong with them. */
function readRange(form: SlotForm, tz: string, lang: Lang): { start: Date; end: Date } | { field: keyof SlotForm; error: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date) || Number.isNaN(Date.parse(`${form.date}T12:00:00Z`)))
    return { field: 'date', error: tr('bookings.form.badDate', lang) };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(form.time)) return { field: 'time', error: tr('bookings.form.badTime', lang) };
  const minutes = Number(form.minutes);
  if (!Number.isInteger(minutes) || minutes <= 0 || minutes > 7 * 24 * 60) return { field: 'minutes', error: tr('bookings.form.badMinutes', lang) };
  const start = fromLocal(form.date, parseHhmm(form.time), tz);
  const local = toLocal(start, tz);
  if (local.date !== form.date || hhmm(local.minutes) !== form.time) return { field: 'time', error: tr('bookings.form.noSuchTime', lang) };
  return { start, end: new Date(start.getTime() + minutes * 60_000) };
}

/** The confirmed instants of a summary form (the services check them again); empty when not instants. */
function instantsOf(body: Record<string, unknown>): { startsAt: string; endsAt: string } {
  const v = (x: unknown) => (isInstant(str(x)) ? str(x) : '');
  return { startsAt: v(body.startsAt), endsAt: v(body.endsAt) };
}
