import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ChargesService } from '../bookings/charges.service';
import { CATEGORY_WORDS, categoryWord } from '../bookings/price-words';
import { euros, Lang, localDate } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { typeWord } from '../machines/machine-words';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { EUROS_PATTERN, field, formMessage, select } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { MembershipPageQuery } from './dto/memberships.dto';
import type { MembershipPlan } from './entities/membership-plan.entity';
import type { PackOffer } from './entities/pack-offer.entity';
import { MembershipStanding } from './membership-standing';
import { isMembershipStaff, membershipLabel, MembershipsService, MembershipView } from './memberships.service';
import { hoursText, PacksService, PackView } from './packs.service';
import { planPrice } from './periods';

export const tm = defineDictionary({
  'nav.adhesion': { fr: 'Adhésion et packs', en: 'Membership and packs' },
  'nav.membershipsAdmin': { fr: 'Adhésions et packs (gestion)', en: 'Memberships and packs (admin)' },
  'm.title': { fr: 'Adhésion et packs d’heures', en: 'Membership and prepaid hours' },
  'm.mine': { fr: 'Mon adhésion', en: 'My membership' },
  'm.none': { fr: 'Pas d’adhésion en cours.', en: 'No current membership.' },
  'm.current': { fr: 'En cours, du {from} au {to}', en: 'Current, from {from} to {to}' },
  'm.upcoming': { fr: 'À venir, du {from} au {to}', en: 'Upcoming, from {from} to {to}' },
  'm.ended': { fr: 'Terminée le {to}', en: 'Ended on {to}' },
  'm.pending': { fr: 'En attente de paiement : {price}', en: 'Waiting for payment: {price}' },
  'm.withdrawn': { fr: 'Remboursée', en: 'Refunded' },
  'm.pay': { fr: 'Payer', en: 'Pay' },
  'm.join': { fr: 'Adhérer', en: 'Join' },
  'm.plans': { fr: 'Formules d’adhésion', en: 'Membership plans' },
  'm.noPlans': { fr: 'Ce lieu ne propose pas encore d’adhésion en ligne.', en: 'This site offers no membership online yet.' },
  'm.calendar_year': { fr: 'année civile (1er janvier – 31 décembre)', en: 'calendar year (1 January – 31 December)' },
  'm.moving_year': { fr: 'un an à partir du paiement', en: 'one year from payment' },
  'm.yourPrice': { fr: 'Votre tarif ({category}) : {price}', en: 'Your price ({category}): {price}' },
  'm.noPriceForYou': { fr: 'Pas de tarif pour votre catégorie : demandez à l’accueil.', en: 'No price for your category: ask at the front desk.' },
  'm.company': { fr: 'Adhésion d’entreprise', en: 'Company membership' },
  'm.companyName': { fr: 'Nom de l’entreprise', en: 'Company name' },
  'm.upTo': { fr: 'jusqu’à {n} personnes', en: 'up to {n} people' },
  'm.year': { fr: 'Année', en: 'Year' },
  'm.members': { fr: 'Personnes couvertes', en: 'People covered' },
  'm.packs': { fr: 'Packs d’heures à acheter', en: 'Prepaid hours to buy' },
  'm.noPacks': { fr: 'Aucun pack proposé pour le moment.', en: 'No pack offered at the moment.' },
  'm.buy': { fr: 'Acheter', en: 'Buy' },
  'm.myPacks': { fr: 'Mes packs d’heures', en: 'My prepaid hours' },
  'm.noMyPacks': { fr: 'Aucun pack.', en: 'No pack.' },
  'm.left': { fr: '{left} restantes sur {total}', en: '{left} left of {total}' },
  'm.validUntil': { fr: 'valable jusqu’au {date}', en: 'valid until {date}' },
  'm.expired': { fr: 'expiré le {date}', en: 'expired on {date}' },
  'm.usedUp': { fr: 'épuisé', en: 'used up' },
  'm.packFor': { fr: '{hours} sur {what}, valable {days} jours', en: '{hours} on {what}, valid {days} days' },
  'm.anyOfType': { fr: 'toute machine « {type} »', en: 'any « {type} » machine' },
  'm.packHint': {
    fr: 'Les heures d’un pack sont utilisées avant tout autre tarif, le pack qui expire le premier d’abord.',
    en: 'A pack’s hours are used before any other price, the one expiring first first.',
  },
  'a.title': { fr: 'Adhésions et packs d’heures', en: 'Memberships and prepaid hours' },
  'a.rules': { fr: 'Règles du lieu', en: 'Site rules' },
  'a.requiredToBook': { fr: 'Adhésion en cours obligatoire pour réserver', en: 'Current membership required to book' },
  'a.requiredToUnlock': { fr: 'Adhésion en cours obligatoire pour ouvrir une machine au badge', en: 'Current membership required to unlock a machine' },
  'a.save': { fr: 'Enregistrer', en: 'Save' },
  'a.newPlan': { fr: 'Nouvelle formule', en: 'New plan' },
  'a.name': { fr: 'Nom', en: 'Name' },
  'a.period': { fr: 'Durée', en: 'Period' },
  'a.priceAll': { fr: 'Prix pour tout le monde, en euros (ex. 20,00)', en: 'Price for everyone, in euros (e.g. 20.00)' },
  'a.forCompany': { fr: 'Adhésion d’entreprise (plusieurs personnes)', en: 'Company membership (several people)' },
  'a.maxMembers': { fr: 'Nombre de personnes au plus (entreprise)', en: 'At most this many people (company)' },
  'a.create': { fr: 'Créer', en: 'Create' },
  'a.categoryPrice': { fr: 'Tarif d’une catégorie', en: 'Price of a category' },
  'a.category': { fr: 'Catégorie', en: 'Category' },
  'a.priceEuros': { fr: 'Prix en euros', en: 'Price in euros' },
  'a.stop': { fr: 'Ne plus proposer', en: 'Stop offering' },
  'a.restart': { fr: 'Proposer à nouveau', en: 'Offer again' },
  'a.closed': { fr: 'plus proposée', en: 'no longer offered' },
  'a.newPack': { fr: 'Nouveau pack d’heures', en: 'New prepaid pack' },
  'a.machine': { fr: 'Machine', en: 'Machine' },
  'a.orType': { fr: 'ou type de machine', en: 'or machine type' },
  'a.none': { fr: '—', en: '—' },
  'a.hours': { fr: 'Heures (ex. 10 ou 1,5)', en: 'Hours (e.g. 10 or 1.5)' },
  'a.packPrice': { fr: 'Prix TTC en euros (ex. 90,00)', en: 'Price incl. VAT, in euros (e.g. 90.00)' },
  'a.vat': { fr: 'TVA en % (0 sous la franchise)', en: 'VAT in % (0 under the franchise)' },
  'a.validity': { fr: 'Validité en jours', en: 'Validity in days' },
  'a.members': { fr: 'Adhésions en cours', en: 'Current memberships' },
  'a.noMembers': { fr: 'Aucune adhésion en cours.', en: 'No current membership.' },
  'a.ending': { fr: 'Se terminent dans les 30 jours', en: 'Ending within 30 days' },
  'a.noEnding': { fr: 'Aucune adhésion ne se termine dans les 30 jours.', en: 'No membership ends within 30 days.' },
  'a.waiting': { fr: 'En attente de paiement', en: 'Waiting for payment' },
  'a.soldPacks': { fr: 'Packs vendus', en: 'Packs sold' },
  'a.open': { fr: 'Ouvrir', en: 'Open' },
  'a.pickSite': { fr: 'Choisissez un lieu (?siteId=).', en: 'Pick a site (?siteId=).' },
  'd.title': { fr: 'Adhésion', en: 'Membership' },
  'd.holder': { fr: 'Contact', en: 'Contact' },
  'd.add': { fr: 'Ajouter une personne', en: 'Add a person' },
  'd.person': { fr: 'Personne', en: 'Person' },
  'd.remove': { fr: 'Retirer', en: 'Remove' },
});

addNavLink({ href: '/adhesion', key: 'nav.adhesion', group: 'home', order: 40 });
addNavLink({ href: '/memberships/admin', key: 'nav.membershipsAdmin', roles: ['manager'], group: 'admin', order: 25 });

/** The last day of a period, as people read it: [start, end) ends the day before `end`. */
const lastDay = (end: Date, zone: string, lang: Lang) => localDate(new Date(end.getTime() - 1), zone, lang);

export function membershipState(m: MembershipView, now: Date, zone: string, lang: Lang): { text: string; cls: string } {
  if (m.status === 'pending') return { text: tm('m.pending', lang, { price: euros(m.priceCents, lang) }), cls: 's-reserved' };
  if (m.status === 'withdrawn') return { text: tm('m.withdrawn', lang), cls: 's-disabled' };
  const vars = { from: localDate(m.startsAt!, zone, lang), to: lastDay(m.endsAt!, zone, lang) };
  if (m.endsAt! <= now) return { text: tm('m.ended', lang, vars), cls: 's-to_check' };
  if (m.startsAt! > now) return { text: tm('m.upcoming', lang, vars), cls: 's-free' };
  return { text: tm('m.current', lang, vars), cls: 's-free' };
}

export function packState(p: PackView, now: Date, zone: string, lang: Lang): string {
  if (p.status === 'pending') return tm('m.pending', lang, { price: euros(p.priceCents, lang) });
  const left = tm('m.left', lang, { left: hoursText(p.leftMinutes), total: hoursText(p.minutes) });
  if (!p.expiresAt) return left;
  if (p.expiresAt <= now) return `${left} · ${tm('m.expired', lang, { date: lastDay(p.expiresAt, zone, lang) })}`;
  if (!p.leftMinutes) return `${left} · ${tm('m.usedUp', lang)}`;
  return `${left} · ${tm('m.validUntil', lang, { date: lastDay(p.expiresAt, zone, lang) })}`;
}

const payLink = (url: string | null, lang: Lang) => (url ? html` <a class="button" href="${url}">${tm('m.pay', lang)}</a>` : '');

/**
 * Memberships' pages: « Adhésion et packs » for everyone (their membership, plans and packs to buy,
 * the « Payer » link to the payments feature's `/pay/:kind/:id`), the managers' page (rules, plans,
 * packs, members, memberships ending soon) and one membership with its people.
 */
@ApiExcludeController()
@Controller()
export class MembershipsPages {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly packs: PacksService,
    private readonly standing: MembershipStanding,
    private readonly charges: ChargesService,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
  ) {}

  @Public()
  @Get('adhesion')
  mine(@Req() req: PageRequest, @Res() res: Response, @Query() _q: MembershipPageQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { viewer, lang, zone } = ctx;
      const now = new Date();
      const [mine, plans, offers, packs, category, machines] = await Promise.all([
        this.memberships.mine(viewer),
        viewer.siteId ? this.memberships.listPlans(viewer) : [],
        viewer.siteId ? this.packs.listOffers(viewer) : [],
        this.packs.mine(viewer),
        this.charges.categoryOf(viewer.id),
        viewer.siteId ? this.machines.list(viewer) : [],
      ]);
      const machineName = new Map(machines.map((m) => [m.id, m.name]));
      const state = mine.length
        ? html`<ul class="list">${mine.slice(0, 6).map((m) => this.membershipItem(m, now, zone, lang))}</ul>`
        : html`<p class="muted">${tm('m.none', lang)}</p>`;
      const body = html`<div class="home-page"><h1>${tm('m.title', lang)}</h1><div class="home-grid">
<section class="card" id="my-membership"><h2>${tm('m.mine', lang)}</h2>${state}</section>
<section class="card" id="plans"><h2>${tm('m.plans', lang)}</h2>${plans.length ? plans.map((p) => planCard(p, category, lang)) : html`<p class="muted">${tm('m.noPlans', lang)}</p>`}</section>
<section class="card" id="my-packs"><h2>${tm('m.myPacks', lang)}</h2>${
        packs.length
          ? html`<ul class="list">${packs.map((p) => html`<li data-pack="${p.id}"><span><strong>${p.name}</strong><br><span class="muted">${packState(p, now, zone, lang)}</span></span>${payLink(p.payUrl, lang)}</li>`)}</ul>`
          : html`<p class="muted">${tm('m.noMyPacks', lang)}</p>`
      }<p class="muted">${tm('m.packHint', lang)}</p></section>
<section class="card" id="packs"><h2>${tm('m.packs', lang)}</h2>${offers.length ? offers.map((o) => offerCard(o, machineName, lang)) : html`<p class="muted">${tm('m.noPacks', lang)}</p>`}</section>
</div></div>`;
      return pageLayout(ctx, { title: tm('m.title', lang), body, wide: true, current: '/adhesion' });
    });
  }

  private membershipItem(m: MembershipView, now: Date, zone: string, lang: Lang): SafeHtml {
    const s = membershipState(m, now, zone, lang);
    const who = m.companyName ? html`<br><span class="muted">${tm('m.members', lang)} : ${m.members.map((x) => x.name).join(', ')}</span>` : '';
    return html`<li data-membership="${m.id}" data-status="${m.status}"><span><strong>${membershipLabel(m, m.planName)}</strong><br><span class="pill ${s.cls}">${s.text}</span>${who}</span>${payLink(m.payUrl, lang)}</li>`;
  }

  @Public()
  @Get('memberships/admin')
  admin(@Req() req: PageRequest, @Res() res: Response, @Query() q: MembershipPageQuery) {
    strictCsp(res);
    return renderPage(req, res, ['manager'], async (ctx) => {
      const { viewer, lang, zone } = ctx;
      const siteId = viewer.role === 'admin' ? q.siteId : viewer.siteId;
      if (!siteId) return pageLayout(ctx, { title: tm('a.title', lang), body: html`<h1>${tm('a.title', lang)}</h1><p>${tm('a.pickSite', lang)}</p>` });
      const now = new Date();
      const [rules, plans, offers, all, ending, sold, prices, machines] = await Promise.all([
        this.standing.rulesOf(siteId),
        this.memberships.listPlans(viewer, siteId),
        this.packs.listOffers(viewer, siteId),
        this.memberships.list(viewer, { siteId }),
        this.memberships.list(viewer, { siteId, endingWithinDays: 30 }),
        this.packs.list(viewer, siteId),
        this.charges.listPrices(viewer, siteId),
        this.machines.list(viewer, siteId),
      ]);
      const categories = [...new Set(['*', ...Object.keys(CATEGORY_WORDS), ...prices.map((p) => p.category)])];
      const current = all.filter((m) => m.status === 'active' && m.startsAt! <= now && now < m.endsAt!);
      const waiting = all.filter((m) => m.status === 'pending');
      const siteField = viewer.role === 'admin' ? html`<input type="hidden" name="siteId" value="${siteId}">` : '';
      const item = (m: MembershipView) => {
        const s = membershipState(m, now, zone, lang);
        return html`<li data-membership="${m.id}"><span><strong>${m.companyName ?? m.personName}</strong> · ${membershipLabel(m, m.planName)}<br><span class="pill ${s.cls}">${s.text}</span></span><a class="button secondary" href="/memberships/${m.id}">${tm('a.open', lang)}</a></li>`;
      };
      const list = (rows: MembershipView[], none: string) => (rows.length ? html`<ul class="list">${rows.map(item)}</ul>` : html`<p class="muted">${none}</p>`);
      const body = html`<h1>${tm('a.title', lang)}</h1><div class="home-grid">
<section class="card" id="rules"><h2>${tm('a.rules', lang)}</h2>
<form data-api="/api/memberships/rules" data-method="PUT">${siteField}
<p><label><input type="checkbox" name="requiredToBook" data-type="boolean"${rules.requiredToBook ? html` checked` : ''}> ${tm('a.requiredToBook', lang)}</label></p>
<p><label><input type="checkbox" name="requiredToUnlock" data-type="boolean"${rules.requiredToUnlock ? html` checked` : ''}> ${tm('a.requiredToUnlock', lang)}</label></p>
${formMessage()}<button type="submit">${tm('a.save', lang)}</button></form></section>
<section class="card" id="ending"><h2>${tm('a.ending', lang)}</h2>${list(ending, tm('a.noEnding', lang))}</section>
<section class="card" id="current"><h2>${tm('a.members', lang)} (${current.length})</h2>${list(current, tm('a.noMembers', lang))}
${waiting.length ? html`<h3>${tm('a.waiting', lang)}</h3>${list(waiting, '')}` : ''}</section>
<section class="card" id="admin-plans"><h2>${tm('m.plans', lang)}</h2>${plans.map((p) => this.planAdmin(p, categories, lang))}
<h3>${tm('a.newPlan', lang)}</h3>
<form data-api="/api/memberships/plans" data-method="POST">${siteField}
${field({ label: tm('a.name', lang), name: 'name', required: true, lang })}
${select({
  label: tm('a.period', lang),
  name: 'period',
  lang,
  options: [
    ['calendar_year', tm('m.calendar_year', lang)],
    ['moving_year', tm('m.moving_year', lang)],
  ],
})}
${field({ label: tm('a.priceAll', lang), name: 'priceEuros', required: true, lang, attrs: html`inputmode="decimal" pattern="${EUROS_PATTERN}"` })}
<p><label><input type="checkbox" name="forCompany" data-type="boolean"> ${tm('a.forCompany', lang)}</label></p>
${field({ label: tm('a.maxMembers', lang), name: 'maxMembers', type: 'number', lang, attrs: html`min="1" data-type="number"` })}
${formMessage()}<button type="submit">${tm('a.create', lang)}</button></form></section>
<section class="card" id="admin-packs"><h2>${tm('m.packs', lang)}</h2><ul class="list">${offers.map(
        (o) =>
          html`<li data-offer="${o.id}"><span><strong>${o.name}</strong> · ${euros(o.priceCents, lang)}${o.active ? '' : html` <span class="pill s-disabled">${tm('a.closed', lang)}</span>`}<br><span class="muted">${packWhat(o, new Map(machines.map((m) => [m.id, m.name])), lang)}</span></span>
<form data-api="/api/packs/offers/${o.id}" data-method="PATCH"><input type="hidden" name="active" data-type="boolean" value="${o.active ? 'false' : 'true'}">${formMessage()}<button type="submit" class="secondary">${tm(o.active ? 'a.stop' : 'a.restart', lang)}</button></form></li>`,
      )}</ul>
<h3>${tm('a.newPack', lang)}</h3>
<form data-api="/api/packs/offers" data-method="POST">${siteField}
${field({ label: tm('a.name', lang), name: 'name', required: true, lang })}
${select({ label: tm('a.machine', lang), name: 'machineId', lang, options: [['', tm('a.none', lang)], ...machines.map((m): [string, string] => [m.id, m.name])] })}
${select({ label: tm('a.orType', lang), name: 'machineType', lang, options: [['', tm('a.none', lang)], ...['laser', 'printer', 'cnc', 'other'].map((t): [string, string] => [t, typeWord(t, lang)])] })}
${field({ label: tm('a.hours', lang), name: 'hours', required: true, lang, attrs: html`inputmode="decimal"` })}
${field({ label: tm('a.packPrice', lang), name: 'priceEuros', required: true, lang, attrs: html`inputmode="decimal" pattern="${EUROS_PATTERN}"` })}
${field({ label: tm('a.vat', lang), name: 'vatPercent', lang, attrs: html`inputmode="decimal"` })}
${field({ label: tm('a.validity', lang), name: 'validityDays', type: 'number', value: 365, required: true, lang, attrs: html`min="1" data-type="number"` })}
${formMessage()}<button type="submit">${tm('a.create', lang)}</button></form></section>
<section class="card" id="sold-packs"><h2>${tm('a.soldPacks', lang)}</h2>${
        sold.length
          ? html`<ul class="list">${sold.map((p) => html`<li data-pack="${p.id}"><span><strong>${p.personName}</strong> · ${p.name}<br><span class="muted">${packState(p, now, zone, lang)}</span></span></li>`)}</ul>`
          : html`<p class="muted">${tm('m.noMyPacks', lang)}</p>`
      }</section></div>`;
      return pageLayout(ctx, { title: tm('a.title', lang), body, wide: true, current: '/memberships/admin' });
    });
  }

  private planAdmin(p: MembershipPlan, categories: string[], lang: Lang): SafeHtml {
    const prices = Object.entries(p.prices).map(([c, cents]) => html`<li><span>${categoryWord(c, lang)}</span><strong>${euros(cents, lang)}</strong></li>`);
    return html`<article class="plan" data-plan="${p.id}"><h3>${p.name}${p.active ? '' : html` <span class="pill s-disabled">${tm('a.closed', lang)}</span>`}</h3>
<p class="muted">${tm(`m.${p.period}`, lang)}${p.forCompany ? html` · ${tm('m.company', lang)}${p.maxMembers ? html`, ${tm('m.upTo', lang, { n: p.maxMembers })}` : ''}` : ''}</p>
<ul class="list">${prices}</ul>
<form data-api="/api/memberships/plans/${p.id}/prices" data-method="PUT"><h4>${tm('a.categoryPrice', lang)}</h4>
${select({ label: tm('a.category', lang), name: 'category', lang, options: categories.map((c): [string, string] => [c, categoryWord(c, lang)]) })}
${field({ label: tm('a.priceEuros', lang), name: 'priceEuros', required: true, lang, attrs: html`inputmode="decimal" pattern="${EUROS_PATTERN}"` })}
${formMessage()}<button type="submit">${tm('a.save', lang)}</button></form>
<form data-api="/api/memberships/plans/${p.id}" data-method="PATCH"><input type="hidden" name="active" data-type="boolean" value="${p.active ? 'false' : 'true'}">${formMessage()}<button type="submit" class="secondary">${tm(p.active ? 'a.stop' : 'a.restart', lang)}</button></form></article>`;
  }

  @Public()
  @Get('memberships/:id')
  one(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() _q: MembershipPageQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { viewer, lang, zone } = ctx;
      const m = await this.memberships.get(viewer, id);
      const staff = isMembershipStaff(viewer);
      const s = membershipState(m, new Date(), zone, lang);
      const people = staff && m.companyName ? await this.people.list(viewer, m.siteId) : [];
      const members = m.members.map(
        (x) =>
          html`<li data-member="${x.personId}"><span>${x.name}</span>${
            staff && x.personId !== m.personId
              ? html`<form data-api="/api/memberships/${m.id}/members/${x.personId}" data-method="DELETE">${formMessage()}<button type="submit" class="secondary">${tm('d.remove', lang)}</button></form>`
              : ''
          }</li>`,
      );
      const add =
        staff && m.companyName
          ? html`<form data-api="/api/memberships/${m.id}/members" data-method="POST"><h3>${tm('d.add', lang)}</h3>
${select({ label: tm('d.person', lang), name: 'personId', lang, options: people.map((p): [string, string] => [p.id, p.displayName]) })}${formMessage()}<button type="submit">${tm('d.add', lang)}</button></form>`
          : '';
      const body = html`<div class="card" id="membership"><h1>${m.companyName ?? m.personName}</h1>
<p><strong>${membershipLabel(m, m.planName)}</strong> · ${euros(m.priceCents, lang)} (${categoryWord(m.category, lang)})</p>
<p><span class="pill ${s.cls}">${s.text}</span>${payLink(m.payUrl, lang)}</p>
<p>${tm('d.holder', lang)} : ${m.personName}</p>
${m.companyName ? html`<h2>${tm('m.members', lang)}</h2><ul class="list">${members}</ul>${add}` : ''}</div>`;
      return pageLayout(ctx, { title: tm('d.title', lang), body });
    });
  }
}

function planCard(p: MembershipPlan, category: string, lang: Lang): SafeHtml {
  const price = planPrice(p.prices, category);
  const priced =
    price === null
      ? html`<p class="muted">${tm('m.noPriceForYou', lang)}</p>`
      : html`<p>${tm('m.yourPrice', lang, { category: categoryWord(category, lang), price: euros(price, lang) })}</p>`;
  const company = p.forCompany ? field({ label: tm('m.companyName', lang), name: 'companyName', required: true, lang }) : '';
  return html`<article class="plan" data-plan="${p.id}"><h3>${p.name}</h3><p class="muted">${tm(`m.${p.period}`, lang)}${p.forCompany ? html` · ${tm('m.company', lang)}` : ''}</p>${priced}
${price === null ? '' : html`<form data-api="/api/memberships" data-method="POST"><input type="hidden" name="planId" value="${p.id}">${company}${formMessage()}<button type="submit">${tm('m.join', lang)}</button></form>`}</article>`;
}

function packWhat(o: Pick<PackOffer, 'minutes' | 'machineId' | 'machineType' | 'validityDays'>, machineName: Map<string, string>, lang: Lang): string {
  const what = o.machineId ? (machineName.get(o.machineId) ?? '') : tm('m.anyOfType', lang, { type: typeWord(o.machineType ?? 'other', lang) });
  return tm('m.packFor', lang, { hours: hoursText(o.minutes), what, days: o.validityDays });
}

function offerCard(o: PackOffer, machineName: Map<string, string>, lang: Lang): SafeHtml {
  return html`<article class="pack" data-offer="${o.id}"><h3>${o.name} · ${euros(o.priceCents, lang)}</h3><p class="muted">${packWhat(o, machineName, lang)}</p>
<form data-api="/api/packs" data-method="POST"><input type="hidden" name="offerId" value="${o.id}">${formMessage()}<button type="submit">${tm('m.buy', lang)}</button></form></article>`;
}
