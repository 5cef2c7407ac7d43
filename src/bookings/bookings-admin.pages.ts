import { Body, Controller, Get, HttpException, Post, Query, Req, Res } from '@nestjs/common';
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
import { PRICE_UNITS, PriceUnit } from './entities/price-line.entity';
import { vatPercent } from './pricing';
import { CATEGORY_WORDS, categoryWord, unitWord } from './price-words';
import { centsFromTyped } from '../common/input-rules';
import { dayWords, euros } from '../common/local-format';
import { EUROS_PATTERN } from '../web/form-bits';
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
  'ba.price.badEuros': {
    fr: 'Prix : un montant en euros avec deux décimales au plus, par exemple 7,50.',
    en: 'Price: an amount in euros with two decimals at most, e.g. 7.50.',
  },
  'ba.price.badVat': { fr: 'TVA : un pourcentage entre 0 et 100, par exemple 20 ou 5,5.', en: 'VAT: a percentage between 0 and 100, e.g. 20 or 5.5.' },
  'ba.add': { fr: 'Ajouter', en: 'Add' },
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
  async page(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Query() query: BookingsAdminPageQuery) {
    const { msg } = query;
    const lang = langOf(req, res);
    const siteId = viewer.siteId;
    if (!siteId) {
      res.type('html').send(
        layout({
          title: tr('ba.title', lang),
          lang,
          viewer,
          body: html`<h1>${tr('ba.title', lang)}</h1><p>Admin : choisissez un lieu via l’API.</p>`,
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
    const personOptions = people.map((p) => html`<option value="${p.id}">${p.firstName} ${p.lastName}</option>`);
    const categories = [...new Set(['*', ...Object.keys(CATEGORY_WORDS), ...prices.map((p) => p.category)])];
    const consumables = [...new Set(prices.map((p) => p.consumable).filter((c): c is string => !!c))];
    const week = [1, 2, 3, 4, 5, 6, 0].map((d) => ({ d, slot: h.weekly.find((w) => w.weekday === d) }));
    const body = html`<h1>${tr('ba.title', lang)}</h1>
${msg ? html`<p class="notice" role="status">${msg}</p>` : ''}
<section><h2>${tr('ba.hours', lang)}</h2><p>${tr('ba.hoursHint', lang)}</p>
<form method="post" action="/bookings/admin/hours">${week.map(
      ({ d, slot }) =>
        html`<p><label>${DAYS[lang][d]} <input name="opens${d}" value="${slot?.opens ?? ''}" placeholder="10:00" inputmode="numeric" size="5"></label> – <input aria-label="${DAYS[lang][d]} fin" name="closes${d}" value="${slot?.closes ?? ''}" placeholder="19:00" inputmode="numeric" size="5"></p>`,
    )}<button type="submit">${tr('common.save' as never, lang)}</button></form></section>
<section><h2>${tr('ba.closures', lang)}</h2><ul>${h.closures.map((c) => html`<li>${c.startsOn === c.endsOn ? dayWords(c.startsOn, lang) : `${dayWords(c.startsOn, lang)} → ${dayWords(c.endsOn, lang)}`} ${c.reason}</li>`)}</ul>
<form method="post" action="/bookings/admin/closures"><label>${tr('ba.from', lang)} <input type="date" name="startsOn" required></label> <label>${tr('ba.to', lang)} <input type="date" name="endsOn" required></label> <label>${tr('ba.reason', lang)} <input name="reason"></label> <button type="submit">${tr('ba.add', lang)}</button></form></section>
<section><h2>${tr('ba.machines', lang)}</h2>${machines.map((m) => {
      const b = bookable.find((x) => x.machineId === m.id);
      const field = (name: string, key: string, value: number | undefined) =>
        html`<label>${tr(key as never, lang)} <input type="number" name="${name}" value="${value ?? ''}" min="0" size="5"></label> `;
      return html`<form method="post" action="/bookings/admin/machine" class="booking"><strong>${m.name}</strong> <input type="hidden" name="machineId" value="${m.id}">
<label><input type="checkbox" name="bookable" value="1"${b ? html` checked` : ''}> ${tr('ba.bookable', lang)}</label><br>
${field('slotMinutes', 'ba.slot', b?.slotMinutes)}${field('minMinutes', 'ba.min', b?.minMinutes)}${field('maxMinutes', 'ba.max', b?.maxMinutes)}${field('horizonDays', 'ba.horizon', b?.horizonDays)}${field('cancelNoticeMinutes', 'ba.notice', b?.cancelNoticeMinutes)}${field('noShowMinutes', 'ba.noShow', b?.noShowMinutes)}${field('earlyMinutes', 'ba.early', b?.earlyMinutes)}
<button type="submit">${tr('common.save' as never, lang)}</button></form>`;
    })}</section>
<section><h2>${tr('ba.prices', lang)}</h2><table class="statement"><tbody>${prices.map(
      (p) =>
        html`<tr><td>${p.label}</td><td>${p.machineId ? (machines.find((m) => m.id === p.machineId)?.name ?? '') : (p.machineType ?? p.consumable ?? '')}</td><td>${categoryWord(p.category, lang)}</td><td class="num">${euros(p.unitCents, lang)} / ${unitWord(p.unit, lang)}${p.slotMinutes ? ` (${p.slotMinutes} min)` : ''}</td><td class="num">TVA ${vatPercent(p.vatBasisPoints)} %</td></tr>`,
    )}</tbody></table>
<form method="post" action="/bookings/admin/price" class="booking">
<label>${tr('ba.price.label', lang)} <input name="label" required></label>
<label>Machine <select name="machineId"><option value="">—</option>${machines.map((m) => html`<option value="${m.id}">${m.name}</option>`)}</select></label>
<label>${tr('ba.price.type', lang)} <input name="machineType" placeholder="laser"></label>
<label>${tr('ba.price.consumable', lang)} <input name="consumable" placeholder="pla-1kg"></label>
<label>${tr('ba.price.category', lang)} <select name="category">${categories.map((c) => html`<option value="${c}">${categoryWord(c, lang)}</option>`)}</select></label>
<label>${tr('ba.price.unit', lang)} <select name="unit">${PRICE_UNITS.map((u) => html`<option value="${u}">${unitWord(u, lang)}</option>`)}</select></label>
<label>${tr('ba.price.slotMinutes', lang)} <input type="number" name="slotMinutes" min="1"></label>
<label>${tr('ba.price.euros', lang)} <input name="unitEuros" inputmode="decimal" pattern="${EUROS_PATTERN}" required></label>
<label>${tr('ba.price.vat', lang)} <input name="vatPercent" inputmode="decimal" pattern="[0-9]+([,.][0-9]{1,2})?" value="20" required></label>
<label><input type="checkbox" name="bookingIsMinimum" value="1"> ${tr('ba.price.minimum', lang)}</label>
<button type="submit">${tr('ba.add', lang)}</button></form></section>
<section><h2>${tr('ba.block', lang)}</h2>
<form method="post" action="/bookings/admin/block" class="booking">
<label>Machine <select name="machineId">${machines.filter((m) => bookable.some((b) => b.machineId === m.id)).map((m) => html`<option value="${m.id}">${m.name}</option>`)}</select></label>
<label>${tr('ba.day', lang)} <input type="date" name="date" required></label>
<label>${tr('ba.from', lang)} <input name="from" placeholder="09:00" required size="5"></label>
<label>${tr('ba.to', lang)} <input name="to" placeholder="12:00" required size="5"></label>
<label><select name="kind"><option value="maintenance">${tr('ba.maintenance', lang)}</option><option value="workshop">${tr('ba.workshop', lang)}</option></select></label>
<label>${tr('ba.reason', lang)} <input name="note"></label>
<button type="submit">${tr('ba.add', lang)}</button></form></section>
<section><h2>${tr('ba.category', lang)}</h2>
<form method="post" action="/bookings/admin/category" class="booking">
<label>${tr('ba.person', lang)} <select name="personId">${personOptions}</select></label>
<label>${tr('ba.categoryName', lang)} <select name="category" required>${categories.filter((c) => c !== '*').map((c) => html`<option value="${c}">${categoryWord(c, lang)}</option>`)}</select></label>
<label>${tr('ba.company', lang)} <input name="companyName"></label>
<button type="submit">${tr('common.save' as never, lang)}</button></form></section>
<section><h2>${tr('ba.consumable', lang)}</h2>
<form method="post" action="/bookings/admin/consumable" class="booking">
<label>${tr('ba.person', lang)} <select name="personId">${personOptions}</select></label>
<label>${tr('ba.material', lang)} <input name="consumable" list="consumables" required></label>
<datalist id="consumables">${consumables.map((c) => html`<option value="${c}">`)}</datalist>
<label>${tr('ba.quantity', lang)} <input type="number" name="quantity" min="1" required></label>
<button type="submit">${tr('ba.add', lang)}</button></form></section>`;
    res.type('html').send(
      layout({
        title: tr('ba.title', lang),
        lang,
        viewer,
        body: html`<div class="bookings-admin-page">${body}</div>`,
        path: req.originalUrl,
        current: '/bookings/admin',
      }),
    );
  }

  private async act(res: Response, work: () => Promise<unknown>) {
    try {
      await work();
      res.redirect(303, `/bookings/admin?msg=${encodeURIComponent(tr('ba.saved'))}`);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const r = err.getResponse() as { message?: unknown };
      res.redirect(303, `/bookings/admin?msg=${encodeURIComponent(String(Array.isArray(r.message) ? r.message.join(' ; ') : (r.message ?? '')))}`);
    }
  }

  @Post('hours')
  hoursForm(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Body() body: Record<string, string>) {
    const weekly = [0, 1, 2, 3, 4, 5, 6]
      .filter((d) => body[`opens${d}`] && body[`closes${d}`])
      .map((d) => ({ weekday: d, opens: body[`opens${d}`].trim().padStart(5, '0'), closes: body[`closes${d}`].trim().padStart(5, '0') }));
    return this.act(res, async () => {
      if (weekly.some((w) => !/^\d{2}:\d{2}$/.test(w.opens) || !/^\d{2}:\d{2}$/.test(w.closes)))
        throw new HttpException({ message: 'Heures au format HH:MM (ex. 09:30). Times as HH:MM.' }, 400);
      await this.hours.setWeekly(viewer, viewer.siteId!, { weekly });
    });
  }

  @Post('closures')
  closureForm(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(res, () =>
      this.hours.addClosure(viewer, viewer.siteId!, {
        startsOn: String(body.startsOn),
        endsOn: String(body.endsOn),
        reason: String(body.reason ?? '').slice(0, 200),
      }),
    );
  }

  @Post('machine')
  machineForm(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Body() body: Record<string, string>) {
    const id = String(body.machineId);
    if (!body.bookable) return this.act(res, () => this.hours.unsetBookable(viewer, id));
    const keys = ['slotMinutes', 'minMinutes', 'maxMinutes', 'horizonDays', 'cancelNoticeMinutes', 'noShowMinutes', 'earlyMinutes'] as const;
    const dto = Object.fromEntries(keys.map((k) => [k, int(body[k])]).filter(([, v]) => v !== undefined && Number.isInteger(v) && (v as number) >= 0));
    return this.act(res, () => this.hours.setBookable(viewer, id, dto));
  }

  @Post('price')
  priceForm(@CurrentViewer() viewer: Viewer, @Req() req: Request, @Res() res: Response, @Body() body: Record<string, string>) {
    const lang = langOf(req, res);
    const unit = (PRICE_UNITS as readonly string[]).includes(body.unit) ? (body.unit as PriceUnit) : 'minute';
    const unitCents = centsFromTyped(body.unitEuros);
    // A percentage with two decimals at most is a whole number of basis points (5,5 % = 550).
    const vatBasisPoints = centsFromTyped(body.vatPercent ?? '20');
    return this.act(res, async () => {
      if (unitCents === null) throw new HttpException({ message: tr('ba.price.badEuros', lang) }, 400);
      if (vatBasisPoints === null || vatBasisPoints > 10_000) throw new HttpException({ message: tr('ba.price.badVat', lang) }, 400);
      await this.charges.addPrice(viewer, {
        label: String(body.label ?? '').slice(0, 200) || 'Tarif',
        machineId: body.machineId || undefined,
        machineType: body.machineType || undefined,
        consumable: body.consumable || undefined,
        category: body.category || '*',
        unit,
        slotMinutes: int(body.slotMinutes),
        unitCents,
        vatBasisPoints,
        bookingIsMinimum: !!body.bookingIsMinimum,
      });
    });
  }

  @Post('block')
  async blockForm(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(res, async () => {
      const hhmm = /^\d{1,2}:\d{2}$/;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(body.date ?? '') || !hhmm.test(body.from ?? '') || !hhmm.test(body.to ?? '')) {
        throw new HttpException({ message: 'Jour et heures au format HH:MM. Day and times as HH:MM.' }, 400);
      }
      const { tz } = await this.hours.hoursOf(viewer.siteId!);
      await this.bookings.book(viewer, {
        machineId: String(body.machineId),
        startsAt: fromLocal(body.date, parseHhmm(body.from), tz).toISOString(),
        endsAt: fromLocal(body.date, parseHhmm(body.to), tz).toISOString(),
        kind: body.kind === 'workshop' ? 'workshop' : 'maintenance',
        note: String(body.note ?? '').slice(0, 300),
      });
    });
  }

  @Post('category')
  categoryForm(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(res, async () => {
      const category = String(body.category ?? '')
        .trim()
        .toLowerCase();
      if (!/^[a-z0-9_-]{1,40}$/.test(category)) throw new HttpException({ message: 'Catégorie inconnue : choisissez-la dans la liste.' }, 400);
      await this.charges.setCategory(viewer, String(body.personId), { category, companyName: String(body.companyName ?? '').slice(0, 200) || undefined });
    });
  }

  @Post('consumable')
  consumableForm(@CurrentViewer() viewer: Viewer, @Res() res: Response, @Body() body: Record<string, string>) {
    return this.act(res, async () => {
      const quantity = Number(body.quantity);
      if (!Number.isInteger(quantity) || quantity < 1)
        throw new HttpException({ message: 'Quantité : un nombre entier positif. Quantity must be a positive integer.' }, 400);
      await this.charges.recordConsumable(viewer, { personId: String(body.personId), consumable: String(body.consumable ?? '').slice(0, 80), quantity });
    });
  }
}
