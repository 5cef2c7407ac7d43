import { Body, Controller, Get, HttpException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { html } from '../web/html';
import { defineDictionary, Lang, langOf } from '../web/i18n';
import { addNavLink, layout } from '../web/layout';
import { PeopleService } from '../people/people.service';
import { BookingsService } from './bookings.service';
import { ChargesService } from './charges.service';
import { fromLocal, parseHhmm } from './time';
import { PRICE_UNITS, type PriceLine, PriceUnit } from './entities/price-line.entity';
import { vatPercent } from './pricing';
import { CATEGORY_WORDS, categoryWord, unitWord } from './price-words';
import { centsFromTyped } from '../common/input-rules';
import { dayWords, euros } from '../common/local-format';
import { EUROS_PATTERN, fieldError, FormState, formRefusal, refusedForm, stateOf, typed } from '../web/form-bits';
import { fieldReason, invalidInput } from '../common/validation';
import { SiteHoursService } from './site-hours.service';
import { BookingsAdminPageQuery } from './dto/bookings-pages-query.dto';

const tr = defineDictionary({
  'nav.bookingsAdmin': { fr: 'Réglages des réservations', en: 'Booking settings' },
  'ba.title': { fr: 'Réglages des réservations et tarifs', en: 'Booking and price settings' },
  'ba.hours': { fr: 'Horaires d’ouverture', en: 'Opening hours' },
  'ba.hoursHint': {
    fr: 'Laissez un jour vide s’il est fermé. Tous les jours vides : toujours ouvert.',
    en: 'Leave a day empty when closed. All empty: always open.',
  },
  'ba.badges': {
    fr: 'Horaires et fermetures valent aussi pour les badges : en dehors, un badge est refusé (« Le lieu est fermé à cette heure-ci »).',
    en: 'Hours and closures apply to badges too: outside them a badge is refused (“The lab is closed at this time”).',
  },
  'ba.badgesAnyTime': {
    fr: 'Les badges ouvrent les machines à toute heure (les horaires ne servent alors qu’aux réservations)',
    en: 'Badges open machines at any time (hours then only apply to bookings)',
  },
  'ba.badgesAnyTimeOn': {
    fr: 'Les badges ouvrent les machines à toute heure : ces horaires et fermetures ne valent que pour les réservations.',
    en: 'Badges open machines at any time: these hours and closures only apply to bookings.',
  },
  'ba.closures': { fr: 'Fermetures (jours fériés, congés)', en: 'Closures (holidays)' },
  'ba.from': { fr: 'Du', en: 'From' },
  'ba.to': { fr: 'au', en: 'to' },
  'ba.reason': { fr: 'Motif', en: 'Reason' },
  'ba.machines': { fr: 'Machines réservables', en: 'Bookable machines' },
  'ba.slot': { fr: 'Créneau (min)', en: 'Slot (min)' },
  'ba.min': { fr: 'Durée min.', en: 'Min. length' },
  'ba.max': { fr: 'Durée max.', en: 'Max. length' },
  'ba.horizon': { fr: 'Jours à l’avance', en: 'Days ahead' },
  'ba.notice': { fr: 'Préavis d’annulation (min)', en: 'Cancel notice (min)' },
  'ba.noShow': { fr: 'Absence après (min)', en: 'No-show after (min)' },
  'ba.early': { fr: 'Accès anticipé (min)', en: 'Early access (min)' },
  'ba.bookable': { fr: 'Réservable', en: 'Bookable' },
  'ba.prices': { fr: 'Liste de prix (HT, en euros)', en: 'Price list (net, in euros)' },
  'ba.price.label': { fr: 'Libellé', en: 'Label' },
  'ba.price.type': { fr: 'Type de machine', en: 'Machine type' },
  'ba.price.consumable': { fr: 'Consommable', en: 'Material' },
  'ba.price.category': { fr: 'Pour qui', en: 'For whom' },
  'ba.price.unit': { fr: 'Par', en: 'Per' },
  'ba.price.slotMinutes': { fr: 'Minutes par créneau', en: 'Minutes per slot' },
  'ba.price.euros': { fr: 'Prix unitaire HT en euros (ex. 7,50)', en: 'Unit price, net, in euros (e.g. 7.50)' },
  'ba.price.vat': { fr: 'TVA en % (ex. 20 ou 5,5)', en: 'VAT in % (e.g. 20 or 5.5)' },
  'ba.price.minimum': { fr: 'Facturer au moins la durée réservée', en: 'Charge at least the booked time' },
  'ba.price.fromTime': { fr: 'Plage horaire : de (HH:MM, facultatif)', en: 'Time band: from (HH:MM, optional)' },
  'ba.price.untilTime': { fr: 'à (HH:MM)', en: 'to (HH:MM)' },
  'ba.price.validFrom': { fr: 'En vigueur du (facultatif)', en: 'In force from (optional)' },
  'ba.price.validUntil': { fr: 'au (inclus)', en: 'until (included)' },
  'ba.price.freeMinutes': { fr: 'Minutes offertes en début de session', en: 'Free minutes at the start of a session' },
  'ba.price.free': { fr: '{n} min offertes', en: '{n} min free' },
  'ba.price.from': { fr: 'dès le {day}', en: 'from {day}' },
  'ba.price.until': { fr: 'jusqu’au {day}', en: 'until {day}' },
  'ba.changeCutoff': {
    fr: 'Une personne peut changer sa réservation jusqu’à (minutes avant le début ; vide : le préavis d’annulation de chaque machine)',
    en: 'A person may change their booking until (minutes before the start; empty: each machine’s cancellation notice)',
  },
  'ba.price.badEuros': {
    fr: 'Prix : un montant en euros avec deux décimales au plus, par exemple 7,50.',
    en: 'Price: an amount in euros with two decimals at most, e.g. 7.50.',
  },
  'ba.price.badVat': { fr: 'TVA : un pourcentage entre 0 et 100, par exemple 20 ou 5,5.', en: 'VAT: a percentage between 0 and 100, e.g. 20 or 5.5.' },
  'ba.add': { fr: 'Ajouter', en: 'Add' },
  'ba.removeClosure': { fr: 'Supprimer', en: 'Remove' },
  'ba.adminNoSite': {
    fr: 'Administrateur : ces réglages se font lieu par lieu, connecté comme responsable du lieu.',
    en: 'Admin: these settings are made site by site, logged in as the site’s manager.',
  },
  'ba.closesOf': { fr: '{day}, fermeture', en: '{day}, closing time' },
  'ba.machine': { fr: 'Machine', en: 'Machine' },
  'ba.blockKind': { fr: 'Pour', en: 'For' },
  'ba.vatShort': { fr: 'TVA', en: 'VAT' },
  'ba.saved': { fr: 'Enregistré.', en: 'Saved.' },
  'ba.block': { fr: 'Bloquer une machine (maintenance, atelier)', en: 'Block a machine (maintenance, workshop)' },
  'ba.day': { fr: 'Jour', en: 'Day' },
  'ba.maintenance': { fr: 'Maintenance', en: 'Maintenance' },
  'ba.workshop': { fr: 'Atelier', en: 'Workshop' },
  'ba.category': { fr: 'Catégorie tarifaire d’une personne', en: 'A person’s price category' },
  'ba.person': { fr: 'Personne', en: 'Person' },
  'ba.categoryName': { fr: 'Catégorie', en: 'Category' },
  'ba.company': { fr: 'Entreprise (pour les relevés)', en: 'Company (for statements)' },
  'ba.consumable': { fr: 'Consommable utilisé', en: 'Material used' },
  'ba.material': { fr: 'Matière', en: 'Material' },
  'ba.quantity': { fr: 'Quantité (g, feuilles ou unités)', en: 'Quantity (g, sheets or units)' },
});
addNavLink({ href: '/bookings/admin', key: 'nav.bookingsAdmin', roles: ['manager'], group: 'machines', order: 70 });

const DAYS: Record<Lang, string[]> = {
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const int = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));

/** A manager's page: opening hours, closures, bookable machines and the price list, in plain forms. */
@ApiExcludeController()
@Controller('bookings/admin')
@Roles('manager')
export class BookingsAdminPages {
  constructor(
    private readonly hours: SiteHoursService,
    private readonly machines: MachinesService,
    private readonly charges: ChargesService,
    private readonly bookings: BookingsService,
    private readonly people: PeopleService,
  ) {}

  @Get()
  page(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Query() query: BookingsAdminPageQuery) {
    return this.render(viewer, req, res, { msg: query.msg });
  }

  /** The page, with a refused form shown again (what was typed, each reason beside its field) when `state` says which. */
  private async render(viewer: Viewer, req: Request, res: Response, o: { msg?: string; state?: FormState; status?: number }) {
    const lang = langOf(req, res);
    const siteId = viewer.siteId;
    if (!siteId) {
      res.type('html').send(
        layout({
          title: tr('ba.title', lang),
          lang,
          viewer,
          body: html`<h1>${tr('ba.title', lang)}</h1><p>${tr('ba.adminNoSite', lang)}</p>`,
          path: req.originalUrl,
        }),
      );
      return;
    }
    const [h, machines, bookable, prices, people] = await Promise.all([
      this.hours.get(viewer, siteId),
      this.machines.list(viewer),
      this.hours.bookableOfSite(siteId),
      this.charges.listPrices(viewer),
      this.people.list(viewer),
    ]);
    const { msg, state } = o;
    const the = (form: string) => stateOf(state, form);
    /** An input's value (typed, else saved), its error attributes and the reason to put after it. */
    const input = (form: string, name: string, saved: string | number | undefined = '') => {
      const st = the(form);
      const e = fieldError(st, name);
      return { value: typed(st, name) ?? String(saved ?? ''), attrs: e.attrs, after: e.after };
    };
    const choose = (form: string, name: string, value: string) => (typed(the(form), name) === value ? html` selected` : '');
    const personOptions = (form: string) =>
      people.map((p) => html`<option value="${p.id}"${choose(form, 'personId', p.id)}>${p.firstName} ${p.lastName}</option>`);
    const categories = [...new Set(['*', ...Object.keys(CATEGORY_WORDS), ...prices.map((p) => p.category)])];
    const consumables = [...new Set(prices.map((p) => p.consumable).filter((c): c is string => !!c))];
    const week = [1, 2, 3, 4, 5, 6, 0].map((d) => ({ d, slot: h.weekly.find((w) => w.weekday === d) }));
    const hoursNames = week.flatMap(({ d }) => [`opens${d}`, `closes${d}`]);
    const closure = { startsOn: input('closures', 'startsOn'), endsOn: input('closures', 'endsOn'), reason: input('closures', 'reason') };
    const price = Object.fromEntries(
      ['label', 'machineType', 'consumable', 'slotMinutes', 'unitEuros', 'vatPercent', 'fromTime', 'untilTime', 'validFrom', 'validUntil', 'freeMinutes'].map(
        (n) => [n, input('price', n, n === 'vatPercent' ? '20' : '')],
      ),
    );
    const block = Object.fromEntries(['date', 'from', 'to', 'note'].map((n) => [n, input('block', n)]));
    const cutoff = input('hours', 'changeCutoffMinutes', h.changeCutoffMinutes === null ? '' : String(h.changeCutoffMinutes));
    const body = html`<h1>${tr('ba.title', lang)}</h1>
${msg ? html`<p class="notice" role="status">${msg}</p>` : ''}
<section><h2>${tr('ba.hours', lang)}</h2><p>${tr('ba.hoursHint', lang)}</p><p class="notice">${tr(h.badgesAnyTime ? 'ba.badgesAnyTimeOn' : 'ba.badges', lang)}</p>
<form method="post" action="/bookings/admin/hours">${week.map(({ d, slot }) => {
      const opens = input('hours', `opens${d}`, slot?.opens);
      const closes = input('hours', `closes${d}`, slot?.closes);
      return html`<p><label>${DAYS[lang][d]} <input name="opens${d}" value="${opens.value}" placeholder="10:00" inputmode="numeric" size="5"${opens.attrs}></label> – <input aria-label="${tr('ba.closesOf', lang, { day: DAYS[lang][d] })}" name="closes${d}" value="${closes.value}" placeholder="19:00" inputmode="numeric" size="5"${closes.attrs}>${opens.after}${closes.after}</p>`;
    })}<p><label><input type="checkbox" name="badgesAnyTime" value="1"${(the('hours') ? !!typed(the('hours'), 'badgesAnyTime') : h.badgesAnyTime) ? html` checked` : ''}> ${tr('ba.badgesAnyTime', lang)}</label></p><p><label>${tr('ba.changeCutoff', lang)} <input type="number" name="changeCutoffMinutes" min="0" max="10080" value="${cutoff.value}"${cutoff.attrs}></label>${cutoff.after}</p>${formRefusal(the('hours'), [...hoursNames, 'badgesAnyTime', 'changeCutoffMinutes'])}<button type="submit">${tr('common.save' as never, lang)}</button></form></section>
<section><h2>${tr('ba.closures', lang)}</h2><ul>${h.closures.map(
      (c) =>
        html`<li data-closure="${c.id}">${c.startsOn === c.endsOn ? dayWords(c.startsOn, lang) : `${dayWords(c.startsOn, lang)} → ${dayWords(c.endsOn, lang)}`} ${c.reason} <form method="post" action="/bookings/admin/closures/${c.id}/remove" class="inline"><button type="submit" class="button secondary">${tr('ba.removeClosure', lang)}</button></form></li>`,
    )}</ul>
<form method="post" action="/bookings/admin/closures"><label>${tr('ba.from', lang)} <input type="date" name="startsOn" required value="${closure.startsOn.value}"${closure.startsOn.attrs}>${closure.startsOn.after}</label> <label>${tr('ba.to', lang)} <input type="date" name="endsOn" required value="${closure.endsOn.value}"${closure.endsOn.attrs}>${closure.endsOn.after}</label> <label>${tr('ba.reason', lang)} <input name="reason" value="${closure.reason.value}"${closure.reason.attrs}>${closure.reason.after}</label> ${formRefusal(the('closures'), ['startsOn', 'endsOn', 'reason'])}<button type="submit">${tr('ba.add', lang)}</button></form></section>
<section><h2>${tr('ba.machines', lang)}</h2>${machines.map((m) => {
      const b = bookable.find((x) => x.machineId === m.id);
      const form = `machine-${m.id}`;
      const field = (name: string, key: string, value: number | undefined) => {
        const i = input(form, name, value);
        return html`<label>${tr(key as never, lang)} <input type="number" name="${name}" value="${i.value}" min="0" size="5"${i.attrs}>${i.after}</label> `;
      };
      const checked = the(form) ? !!typed(the(form), 'bookable') : !!b;
      return html`<form method="post" action="/bookings/admin/machine" class="booking"><strong>${m.name}</strong> <input type="hidden" name="machineId" value="${m.id}">
<label><input type="checkbox" name="bookable" value="1"${checked ? html` checked` : ''}> ${tr('ba.bookable', lang)}</label><br>
${field('slotMinutes', 'ba.slot', b?.slotMinutes)}${field('minMinutes', 'ba.min', b?.minMinutes)}${field('maxMinutes', 'ba.max', b?.maxMinutes)}${field('horizonDays', 'ba.horizon', b?.horizonDays)}${field('cancelNoticeMinutes', 'ba.notice', b?.cancelNoticeMinutes)}${field('noShowMinutes', 'ba.noShow', b?.noShowMinutes)}${field('earlyMinutes', 'ba.early', b?.earlyMinutes)}
${formRefusal(the(form), [...MACHINE_FIELDS])}<button type="submit">${tr('common.save' as never, lang)}</button></form>`;
    })}</section>
<section><h2>${tr('ba.prices', lang)}</h2><table class="statement"><tbody>${prices.map(
      (p) =>
        html`<tr><td>${p.label}</td><td>${p.machineId ? (machines.find((m) => m.id === p.machineId)?.name ?? '') : (p.machineType ?? p.consumable ?? '')}</td><td>${categoryWord(p.category, lang)}</td><td class="num">${euros(p.unitCents, lang)} / ${unitWord(p.unit, lang)}${p.slotMinutes ? ` (${p.slotMinutes} min)` : ''}</td><td class="num">${tr('ba.vatShort', lang)} ${vatPercent(p.vatBasisPoints)} %</td><td>${periodWords(p, lang)}</td></tr>`,
    )}</tbody></table>
<form method="post" action="/bookings/admin/price" class="booking">
<label>${tr('ba.price.label', lang)} <input name="label" required value="${price.label.value}"${price.label.attrs}>${price.label.after}</label>
<label>${tr('ba.machine', lang)} <select name="machineId"><option value="">—</option>${machines.map((m) => html`<option value="${m.id}"${choose('price', 'machineId', m.id)}>${m.name}</option>`)}</select></label>
<label>${tr('ba.price.type', lang)} <input name="machineType" placeholder="laser" value="${price.machineType.value}"${price.machineType.attrs}>${price.machineType.after}</label>
<label>${tr('ba.price.consumable', lang)} <input name="consumable" placeholder="pla-1kg" value="${price.consumable.value}"${price.consumable.attrs}>${price.consumable.after}</label>
<label>${tr('ba.price.category', lang)} <select name="category">${categories.map((c) => html`<option value="${c}"${choose('price', 'category', c)}>${categoryWord(c, lang)}</option>`)}</select></label>
<label>${tr('ba.price.unit', lang)} <select name="unit">${PRICE_UNITS.map((u) => html`<option value="${u}"${choose('price', 'unit', u)}>${unitWord(u, lang)}</option>`)}</select></label>
<label>${tr('ba.price.slotMinutes', lang)} <input type="number" name="slotMinutes" min="1" value="${price.slotMinutes.value}"${price.slotMinutes.attrs}>${price.slotMinutes.after}</label>
<label>${tr('ba.price.euros', lang)} <input name="unitEuros" inputmode="decimal" pattern="${EUROS_PATTERN}" required value="${price.unitEuros.value}"${price.unitEuros.attrs}>${price.unitEuros.after}</label>
<label>${tr('ba.price.vat', lang)} <input name="vatPercent" inputmode="decimal" pattern="[0-9]+([,.][0-9]{1,2})?" required value="${price.vatPercent.value}"${price.vatPercent.attrs}>${price.vatPercent.after}</label>
<label><input type="checkbox" name="bookingIsMinimum" value="1"${typed(the('price'), 'bookingIsMinimum') ? html` checked` : ''}> ${tr('ba.price.minimum', lang)}</label>
<label>${tr('ba.price.fromTime', lang)} <input name="fromTime" placeholder="18:00" size="5" value="${price.fromTime.value}"${price.fromTime.attrs}>${price.fromTime.after}</label>
<label>${tr('ba.price.untilTime', lang)} <input name="untilTime" placeholder="22:00" size="5" value="${price.untilTime.value}"${price.untilTime.attrs}>${price.untilTime.after}</label>
<label>${tr('ba.price.validFrom', lang)} <input type="date" name="validFrom" value="${price.validFrom.value}"${price.validFrom.attrs}>${price.validFrom.after}</label>
<label>${tr('ba.price.validUntil', lang)} <input type="date" name="validUntil" value="${price.validUntil.value}"${price.validUntil.attrs}>${price.validUntil.after}</label>
<label>${tr('ba.price.freeMinutes', lang)} <input type="number" name="freeMinutes" min="0" max="1440" value="${price.freeMinutes.value}"${price.freeMinutes.attrs}>${price.freeMinutes.after}</label>
${formRefusal(the('price'), PRICE_FIELDS)}<button type="submit">${tr('ba.add', lang)}</button></form></section>
<section><h2>${tr('ba.block', lang)}</h2>
<form method="post" action="/bookings/admin/block" class="booking">
<label>${tr('ba.machine', lang)} <select name="machineId">${machines.filter((m) => bookable.some((b) => b.machineId === m.id)).map((m) => html`<option value="${m.id}"${choose('block', 'machineId', m.id)}>${m.name}</option>`)}</select></label>
<label>${tr('ba.day', lang)} <input type="date" name="date" required value="${block.date.value}"${block.date.attrs}>${block.date.after}</label>
<label>${tr('ba.from', lang)} <input name="from" placeholder="09:00" required size="5" value="${block.from.value}"${block.from.attrs}>${block.from.after}</label>
<label>${tr('ba.to', lang)} <input name="to" placeholder="12:00" required size="5" value="${block.to.value}"${block.to.attrs}>${block.to.after}</label>
<label>${tr('ba.blockKind', lang)} <select name="kind"><option value="maintenance">${tr('ba.maintenance', lang)}</option><option value="workshop"${choose('block', 'kind', 'workshop')}>${tr('ba.workshop', lang)}</option></select></label>
<label>${tr('ba.reason', lang)} <input name="note" value="${block.note.value}"${block.note.attrs}>${block.note.after}</label>
${formRefusal(the('block'), ['machineId', 'date', 'from', 'to', 'kind', 'note'])}<button type="submit">${tr('ba.add', lang)}</button></form></section>
<section><h2>${tr('ba.category', lang)}</h2>
<form method="post" action="/bookings/admin/category" class="booking">
<label>${tr('ba.person', lang)} <select name="personId">${personOptions('category')}</select></label>
<label>${tr('ba.categoryName', lang)} <select name="category" required>${categories.filter((c) => c !== '*').map((c) => html`<option value="${c}"${choose('category', 'category', c)}>${categoryWord(c, lang)}</option>`)}</select>${fieldError(the('category'), 'category').after}</label>
<label>${tr('ba.company', lang)} <input name="companyName" value="${input('category', 'companyName').value}"></label>
${formRefusal(the('category'), ['personId', 'category', 'companyName'])}<button type="submit">${tr('common.save' as never, lang)}</button></form></section>
<section><h2>${tr('ba.consumable', lang)}</h2>
<form method="post" action="/bookings/admin/consumable" class="booking">
<label>${tr('ba.person', lang)} <select name="personId">${personOptions('consumable')}</select></label>
<label>${tr('ba.material', lang)} <input name="consumable" list="consumables" required value="${input('consumable', 'consumable').value}"${input('consumable', 'consumable').attrs}>${input('consumable', 'consumable').after}</label>
<datalist id="consumables">${consumables.map((c) => html`<option value="${c}">`)}</datalist>
<label>${tr('ba.quantity', lang)} <input type="number" name="quantity" min="1" required value="${input('consumable', 'quantity').value}"${input('consumable', 'quantity').attrs}>${input('consumable', 'quantity').after}</label>
${formRefusal(the('consumable'), ['personId', 'consumable', 'quantity'])}<button type="submit">${tr('ba.add', lang)}</button></form></section>`;
    res
      .status(o.status ?? 200)
      .type('html')
      .send(
        layout({
          title: tr('ba.title', lang),
          lang,
          viewer,
          body: html`<div class="bookings-admin-page">${body}</div>`,
          path: req.originalUrl,
          current: '/bookings/admin',
          csrfToken: (req as Request & { csrfToken?: string }).csrfToken,
        }),
      );
  }

  /**
   * Saves a form, then back to the page (« Enregistré. »); a refusal shows the page again with what
   * was typed and each reason beside its field (a 404 or 403 stays an error answer).
   */
  private async act(viewer: Viewer, req: Request, res: Response, form: string, body: Record<string, unknown>, work: () => Promise<unknown>) {
    try {
      await work();
      res.redirect(303, `/bookings/admin?msg=${encodeURIComponent(tr('ba.saved', langOf(req)))}`);
    } catch (err) {
      if (!(err instanceof HttpException) || err.getStatus() === 404 || err.getStatus() === 403) throw err;
      await this.render(viewer, req, res, { state: refusedForm(form, body, err, langOf(req)), status: err.getStatus() });
    }
  }

  @Post('hours')
  hoursForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    const filled = [0, 1, 2, 3, 4, 5, 6].filter((d) => body[`opens${d}`] || body[`closes${d}`]);
    const weekly = filled.map((d) => ({ weekday: d, opens: hhmmOf(body[`opens${d}`]), closes: hhmmOf(body[`closes${d}`]) }));
    return this.act(viewer, req, res, 'hours', body, async () => {
      const bad = weekly.flatMap((w) => [
        ...(HHMM.test(w.opens) ? [] : [fieldReason(`opens${w.weekday}`, BAD_TIME)]),
        ...(HHMM.test(w.closes) ? [] : [fieldReason(`closes${w.weekday}`, BAD_TIME)]),
      ]);
      const cutoffSaid = String(body.changeCutoffMinutes ?? '').trim();
      if (cutoffSaid && (!/^\d{1,5}$/.test(cutoffSaid) || Number(cutoffSaid) > 10080)) bad.push(fieldReason('changeCutoffMinutes', WHOLE_MINUTES));
      if (bad.length) throw invalidInput(bad);
      await this.hours.setWeekly(viewer, viewer.siteId!, {
        weekly,
        badgesAnyTime: body.badgesAnyTime === '1',
        ...(cutoffSaid ? { changeCutoffMinutes: Number(cutoffSaid) } : {}),
      });
    });
  }

  @Post('closures')
  closureForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(viewer, req, res, 'closures', body, async () => {
      const bad = (['startsOn', 'endsOn'] as const).filter((n) => !isDay(body[n])).map((n) => fieldReason(n, BAD_DAY));
      if (bad.length) throw invalidInput(bad);
      await this.hours.addClosure(viewer, viewer.siteId!, {
        startsOn: String(body.startsOn),
        endsOn: String(body.endsOn),
        reason: String(body.reason ?? '').slice(0, 200),
      });
    });
  }

  /** Takes a closure away (a holiday entered by mistake); another site's is not found. */
  @Post('closures/:id/remove')
  removeClosure(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return this.act(viewer, req, res, 'closures', {}, () => this.hours.removeClosure(viewer, id));
  }

  @Post('machine')
  machineForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    const id = String(body.machineId);
    const form = `machine-${id}`;
    if (!body.bookable) return this.act(viewer, req, res, form, body, () => this.hours.unsetBookable(viewer, id));
    return this.act(viewer, req, res, form, body, async () => {
      const bad = MACHINE_FIELDS.filter((k) => body[k] && !/^\d{1,6}$/.test(body[k].trim())).map((k) => fieldReason(k, WHOLE_MINUTES));
      if (bad.length) throw invalidInput(bad);
      const dto = Object.fromEntries(MACHINE_FIELDS.map((k) => [k, int(body[k])]).filter(([, v]) => v !== undefined));
      await this.hours.setBookable(viewer, id, dto);
    });
  }

  @Post('price')
  priceForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    const unit = (PRICE_UNITS as readonly string[]).includes(body.unit) ? (body.unit as PriceUnit) : 'minute';
    const unitCents = centsFromTyped(body.unitEuros);
    // A percentage with two decimals at most is a whole number of basis points (5,5 % = 550).
    const vatBasisPoints = centsFromTyped(body.vatPercent ?? '20');
    return this.act(viewer, req, res, 'price', body, async () => {
      const bad = [
        ...(String(body.label ?? '').trim() ? [] : [fieldReason('label', REQUIRED)]),
        ...(unitCents === null ? [fieldReason('unitEuros', { fr: tr('ba.price.badEuros', 'fr'), en: tr('ba.price.badEuros', 'en') })] : []),
        ...(vatBasisPoints === null || vatBasisPoints > 10_000
          ? [fieldReason('vatPercent', { fr: tr('ba.price.badVat', 'fr'), en: tr('ba.price.badVat', 'en') })]
          : []),
        ...(body.slotMinutes && !/^[1-9]\d{0,5}$/.test(body.slotMinutes.trim()) ? [fieldReason('slotMinutes', WHOLE_MINUTES)] : []),
        ...(['fromTime', 'untilTime'] as const).filter((n) => body[n] && !HHMM.test(hhmmOf(body[n]))).map((n) => fieldReason(n, BAD_TIME)),
        ...(['validFrom', 'validUntil'] as const).filter((n) => body[n] && !isDay(body[n])).map((n) => fieldReason(n, BAD_DAY)),
        ...(body.freeMinutes && !/^\d{1,4}$/.test(body.freeMinutes.trim()) ? [fieldReason('freeMinutes', WHOLE_MINUTES)] : []),
      ];
      if (bad.length) throw invalidInput(bad);
      await this.charges.addPrice(viewer, {
        fromTime: body.fromTime ? hhmmOf(body.fromTime) : undefined,
        untilTime: body.untilTime ? hhmmOf(body.untilTime) : undefined,
        validFrom: body.validFrom || undefined,
        validUntil: body.validUntil || undefined,
        freeMinutes: int(body.freeMinutes),
        label: String(body.label).trim().slice(0, 200),
        machineId: body.machineId || undefined,
        machineType: body.machineType || undefined,
        consumable: body.consumable || undefined,
        category: body.category || '*',
        unit,
        slotMinutes: int(body.slotMinutes),
        unitCents: unitCents!,
        vatBasisPoints: vatBasisPoints!,
        bookingIsMinimum: !!body.bookingIsMinimum,
      });
    });
  }

  @Post('block')
  blockForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(viewer, req, res, 'block', body, async () => {
      const bad = [
        ...(isDay(body.date) ? [] : [fieldReason('date', BAD_DAY)]),
        ...(['from', 'to'] as const).filter((n) => !HHMM.test(hhmmOf(body[n]))).map((n) => fieldReason(n, BAD_TIME)),
      ];
      if (bad.length) throw invalidInput(bad);
      const { tz } = await this.hours.hoursOf(viewer.siteId!);
      await this.bookings.book(viewer, {
        machineId: String(body.machineId),
        startsAt: fromLocal(body.date, parseHhmm(hhmmOf(body.from)), tz).toISOString(),
        endsAt: fromLocal(body.date, parseHhmm(hhmmOf(body.to)), tz).toISOString(),
        kind: body.kind === 'workshop' ? 'workshop' : 'maintenance',
        note: String(body.note ?? '').slice(0, 300),
      });
    });
  }

  @Post('category')
  categoryForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(viewer, req, res, 'category', body, async () => {
      const category = String(body.category ?? '')
        .trim()
        .toLowerCase();
      if (!/^[a-z0-9_-]{1,40}$/.test(category))
        throw invalidInput([
          fieldReason('category', { fr: 'Catégorie inconnue : choisissez-la dans la liste.', en: 'Unknown category: pick one from the list.' }),
        ]);
      await this.charges.setCategory(viewer, String(body.personId), { category, companyName: String(body.companyName ?? '').slice(0, 200) || undefined });
    });
  }

  @Post('consumable')
  consumableForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(viewer, req, res, 'consumable', body, async () => {
      const quantity = Number(body.quantity);
      const bad = [
        ...(String(body.consumable ?? '').trim() ? [] : [fieldReason('consumable', REQUIRED)]),
        ...(Number.isInteger(quantity) && quantity >= 1
          ? []
          : [fieldReason('quantity', { fr: 'Un nombre entier positif, par exemple 120.', en: 'A whole positive number, for example 120.' })]),
      ];
      if (bad.length) throw invalidInput(bad);
      await this.charges.recordConsumable(viewer, { personId: String(body.personId), consumable: String(body.consumable ?? '').slice(0, 80), quantity });
    });
  }
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
/** « 9:30 » typed is « 09:30 ». */
const hhmmOf = (v: unknown) =>
  String(v ?? '')
    .trim()
    .padStart(5, '0');
const isDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T12:00:00Z`));
const BAD_TIME = { fr: 'Heure au format HH:MM, par exemple 09:30.', en: 'A time as HH:MM, for example 09:30.' };
const BAD_DAY = { fr: 'Un jour du calendrier, par exemple 14/07/2027.', en: 'A calendar day, for example 14/07/2027.' };
const REQUIRED = { fr: 'À remplir.', en: 'Required.' };
const WHOLE_MINUTES = { fr: 'Un nombre entier, par exemple 30.', en: 'A whole number, for example 30.' };
const MACHINE_FIELDS = ['slotMinutes', 'minMinutes', 'maxMinutes', 'horizonDays', 'cancelNoticeMinutes', 'noShowMinutes', 'earlyMinutes'] as const;
const PRICE_FIELDS = [
  'label',
  'machineId',
  'machineType',
  'consumable',
  'category',
  'unit',
  'slotMinutes',
  'unitEuros',
  'vatPercent',
  'bookingIsMinimum',
  'fromTime',
  'untilTime',
  'validFrom',
  'validUntil',
  'freeMinutes',
];

/** « 18:00–22:00, dès le 1 janv. 2027, 30 min offertes »: what limits a price line, in words. */
function periodWords(p: Pick<PriceLine, 'fromTime' | 'untilTime' | 'validFrom' | 'validUntil' | 'freeMinutes'>, lang: Lang): string {
  return [
    p.fromTime || p.untilTime ? `${p.fromTime ?? '00:00'}–${p.untilTime ?? '24:00'}` : '',
    p.validFrom ? tr('ba.price.from', lang, { day: dayWords(p.validFrom, lang) }) : '',
    p.validUntil ? tr('ba.price.until', lang, { day: dayWords(p.validUntil, lang) }) : '',
    p.freeMinutes ? tr('ba.price.free', lang, { n: p.freeMinutes }) : '',
  ]
    .filter(Boolean)
    .join(', ');
}
