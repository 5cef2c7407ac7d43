import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dayWords } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { PageQuery, SitePageQuery } from '../common/query.dto';
import { InventoryService } from '../inventory/inventory.service';
import { outstandingOf } from '../inventory/stock-loans';
import { ACTIVITY_TYPES, EQUIPMENT, GENDERS, GENERAL_TOPICS, WORKSHOP_LEVELS } from '../mediation/national';
import { nationalWord, WordKind } from '../mediation/national-words';
import { SitesService } from '../sites/sites.service';
import { field, formMessage, siteField, todayIn } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang, langOf } from '../web/i18n';
import { addNavLink, layout } from '../web/layout';
import { pageLayout, PageRequest, renderPage, sendHtml } from '../web/page';
import { MAX_CAPACITY } from './dto/outreach.dto';
import type { OutreachStop } from './entities';
import { OUTREACH_STAFF } from './outreach-access';
import { OutreachSignups, PublicStop } from './outreach-signups';
import { OutreachService } from './outreach.service';
import { whenWords, whereWords } from './outreach-words';

addNavLink({ href: '/outreach', key: 'nav.outreach', roles: OUTREACH_STAFF, group: 'learning', order: 6 });

const tr = defineDictionary({
  'nav.outreach': { fr: 'Aller vers les publics', en: 'Outreach' },
  'out.title': { fr: 'Aller vers les publics', en: 'Outreach' },
  'out.intro': {
    fr: 'Les arrêts de l’itinéraire : permanences chez un partenaire ou passages du bus numérique.',
    en: 'The itinerary’s stops: sessions at a partner’s place or halts of the mobile unit.',
  },
  'out.none': { fr: 'Aucun arrêt prévu.', en: 'No stop planned.' },
  'out.publicPage': { fr: 'Page publique des prochains passages', en: 'Public page of the coming stops' },
  'out.plan': { fr: 'Prévoir un arrêt', en: 'Plan a stop' },
  'out.placeName': { fr: 'Nom du lieu', en: 'Place name' },
  'out.address': { fr: 'Adresse', en: 'Address' },
  'out.commune': { fr: 'Commune', en: 'Town' },
  'out.postalCode': { fr: 'Code postal', en: 'Postcode' },
  'out.inseeCode': { fr: 'Code Insee de la commune', en: 'INSEE code of the town' },
  'out.inseeHint': { fr: '5 caractères, ex. 29019 (Brest), 2A004 (Ajaccio)', en: '5 characters, e.g. 29019' },
  'out.date': { fr: 'Jour', en: 'Day' },
  'out.startsAt': { fr: 'De', en: 'From' },
  'out.endsAt': { fr: 'À', en: 'To' },
  'out.capacity': { fr: 'Places', en: 'Places' },
  'out.vehicle': { fr: 'Bus ou unité mobile', en: 'Mobile unit' },
  'out.vehicleHint': { fr: 'ex. Numéribus ; vide pour une permanence chez un partenaire', en: 'e.g. Numéribus' },
  'out.details': { fr: 'Pour le public', en: 'For the public' },
  'out.save': { fr: 'Enregistrer', en: 'Save' },
  'out.signed': { fr: '{n} / {cap} inscrits', en: '{n} / {cap} signed up' },
  'out.logged': { fr: '{n} activité(s) notée(s)', en: '{n} activit(y/ies) logged' },
  'out.logHere': { fr: 'Noter sur place', en: 'Log on the spot' },
  'out.signups': { fr: 'Inscriptions', en: 'Sign-ups' },
  'out.noSignup': { fr: 'Personne d’inscrit pour l’instant.', en: 'Nobody has signed up yet.' },
  'out.removeSignup': { fr: 'Retirer', en: 'Remove' },
  'out.removeSignupAsk': { fr: 'Retirer cette inscription ?', en: 'Remove this sign-up?' },
  'out.equipment': { fr: 'Matériel emporté', en: 'Equipment taken' },
  'out.noLoan': { fr: 'Aucun matériel prêté pour cet arrêt.', en: 'No equipment lent for this stop.' },
  'out.loanLine': { fr: '{q} × {part} — dehors : {out}', en: '{q} × {part} — still out: {out}' },
  'out.loanClosed': { fr: 'rendu', en: 'back' },
  'out.lost': { fr: 'perdu(s) : {n}', en: 'lost: {n}' },
  'out.returned': { fr: 'Revenus', en: 'Back' },
  'out.lostField': { fr: 'Perdus ou cassés', en: 'Lost or broken' },
  'out.checkIn': { fr: 'Rendre', en: 'Check in' },
  'out.lend': { fr: 'Emporter du matériel', en: 'Take equipment' },
  'out.part': { fr: 'Matériel', en: 'Item' },
  'out.inStock': { fr: '{n} en stock', en: '{n} in stock' },
  'out.from': { fr: 'Pris sur', en: 'Taken from' },
  'out.quantity': { fr: 'Quantité', en: 'Quantity' },
  'out.noParts': {
    fr: 'Le stock du lieu est vide : ajoutez le matériel dans l’inventaire (/inventory).',
    en: 'The site’s stock is empty: add equipment in the inventory (/inventory).',
  },
  'out.edit': { fr: 'Modifier l’arrêt', en: 'Edit the stop' },
  'out.delete': { fr: 'Supprimer l’arrêt', en: 'Delete the stop' },
  'out.deleteAsk': { fr: 'Supprimer cet arrêt de l’itinéraire ?', en: 'Delete this stop?' },
  'out.logTitle': { fr: 'Noter à {place}', en: 'Log at {place}' },
  'out.offlineNote': {
    fr: 'Cette page marche sans réseau : ce que vous notez est gardé sur le téléphone et part dès que la connexion revient, une seule fois.',
    en: 'This page works without a network: what you log stays on the phone and is sent once the connection is back, once.',
  },
  'out.type': { fr: 'Type', en: 'Type' },
  'out.duration': { fr: 'Durée (minutes)', en: 'Duration (minutes)' },
  'out.topics': { fr: 'Thématiques', en: 'Topics' },
  'out.gear': { fr: 'Matériel utilisé', en: 'Equipment used' },
  'out.individual': { fr: 'Pour un accompagnement individuel (facultatif)', en: 'For an individual accompaniment (optional)' },
  'out.gender': { fr: 'Genre', en: 'Gender' },
  'out.birthYear': { fr: 'Année de naissance', en: 'Year of birth' },
  'out.workshop': { fr: 'Pour un atelier', en: 'For a workshop' },
  'out.workshopTitle': { fr: 'Nom de l’atelier', en: 'Workshop name' },
  'out.level': { fr: 'Niveau', en: 'Level' },
  'out.attendance': { fr: 'Nombre de participants', en: 'Number of participants' },
  'out.pending': { fr: 'En attente d’envoi', en: 'Waiting to be sent' },
  'out.sent': { fr: 'Envoyées', en: 'Sent' },
  'out.sendNow': { fr: 'Envoyer maintenant', en: 'Send now' },
  'out.back': { fr: 'Retour à l’arrêt', en: 'Back to the stop' },
  'out.publicTitle': { fr: 'Prochains passages — {site}', en: 'Coming stops — {site}' },
  'out.publicIntro': {
    fr: 'Une médiatrice ou un médiateur numérique vient près de chez vous : aide aux démarches en ligne, au téléphone, à l’ordinateur. Gratuit, sur inscription.',
    en: 'A digital mediator comes near you: help with online procedures, phones and computers. Free, sign up below.',
  },
  'out.publicNone': { fr: 'Pas de passage prévu pour l’instant.', en: 'No stop planned for now.' },
  'out.placesLeft': { fr: '{n} place(s) libre(s)', en: '{n} place(s) left' },
  'out.full': { fr: 'Complet', en: 'Full' },
  'out.yourName': { fr: 'Votre nom', en: 'Your name' },
  'out.phone': { fr: 'Téléphone', en: 'Phone' },
  'out.email': { fr: 'E-mail', en: 'E-mail' },
  'out.contactHint': { fr: 'le téléphone ou l’e-mail suffit', en: 'phone or e-mail is enough' },
  'out.signup': { fr: 'S’inscrire', en: 'Sign up' },
  'out.privacy': {
    fr: 'Votre nom et votre contact ne servent qu’à vous prévenir pour ce passage ; seule l’équipe du lieu les voit.',
    en: 'Your name and contact are only used to reach you about this stop; only the site’s team sees them.',
  },
});

const w = (kind: WordKind, code: string, lang: Lang) => nationalWord(kind, code, lang);
const DURATIONS = [15, 30, 45, 60, 90, 120, 180];

/** The offline page's service worker, read once (it lives with the other browser scripts). */
let workerSource: string | undefined;
const serviceWorker = () => (workerSource ??= readFileSync(path.join(__dirname, '..', 'web', 'assets', 'outreach-sw.js'), 'utf8'));

@ApiExcludeController()
@Controller()
export class OutreachPages {
  constructor(
    private readonly outreach: OutreachService,
    private readonly signups: OutreachSignups,
    private readonly inventory: InventoryService,
    private readonly sites: SitesService,
  ) {}

  /** The itinerary and the form to plan a stop. */
  @Public()
  @Get('outreach')
  list(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, OUTREACH_STAFF, async (ctx) => {
      const { lang, viewer } = ctx;
      const stops = await this.outreach.list(viewer, { siteId: q.siteId });
      const counts = await this.outreach.activityCounts(stops.map((s) => s.id));
      const siteId = viewer.role === 'admin' ? (q.siteId ?? null) : viewer.siteId;
      const site = siteId ? await this.sites.findById(siteId) : null;
      const sites = viewer.role === 'admin' ? await this.sites.list(viewer) : [];
      const body = html`<h1>${tr('out.title', lang)}</h1><p class="muted">${tr('out.intro', lang)}</p>
${site ? html`<p><a href="/outreach/public/${site.slug}">${tr('out.publicPage', lang)}</a></p>` : ''}
<section class="card">${stops.length ? '' : html`<p class="muted">${tr('out.none', lang)}</p>`}
<ul class="list outreach-stops">${stops.map(
        (s) => html`<li><a class="title" href="/outreach/stops/${s.id}">${s.placeName} · ${s.commune}</a>
<span>${whenWords(s, lang)}${s.vehicle ? html` · ${s.vehicle}` : ''}</span>
<span class="muted">${tr('out.signed', lang, { n: s.signupsCount, cap: s.capacity })} · ${tr('out.logged', lang, { n: counts.get(s.id) ?? 0 })}</span></li>`,
      )}</ul></section>
<section class="card"><h2>${tr('out.plan', lang)}</h2>
<form data-api="/api/outreach/stops" data-method="POST">
${siteField(ctx, sites, siteId)}
${stopFields(lang, undefined, todayIn(ctx.zone))}
${formMessage()}<div class="actions"><button type="submit">${tr('out.save', lang)}</button></div></form></section>`;
      return pageLayout(ctx, { title: tr('out.title', lang), body, current: '/outreach' });
    });
  }

  /** One stop: its sign-ups, the equipment taken and brought back, the way to the logging page. */
  @Public()
  @Get('outreach/stops/:id')
  stop(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() _q: PageQuery) {
    return renderPage(req, res, OUTREACH_STAFF, async (ctx) => {
      const { lang, viewer } = ctx;
      const stop = await this.outreach.get(viewer, id);
      const [signups, loans, activities, parts, locations] = await Promise.all([
        this.signups.of(stop.id),
        this.outreach.loansOf(stop),
        this.outreach.activitiesOf(stop.id),
        this.inventory.listParts(viewer, stop.siteId),
        this.inventory.listLocations(viewer, stop.siteId),
      ]);
      const partName = new Map(parts.map((p) => [p.id, p.name]));
      const body = html`<h1>${stop.placeName} · ${stop.commune}</h1>
<p>${whereWords(stop)}<br><strong>${whenWords(stop, lang)}</strong>${stop.vehicle ? html` · ${stop.vehicle}` : ''}</p>
<p class="muted">${tr('out.signed', lang, { n: stop.signupsCount, cap: stop.capacity })} · ${tr('out.logged', lang, { n: activities.length })}</p>
<div class="actions"><a class="button" href="/outreach/stops/${stop.id}/log">${tr('out.logHere', lang)}</a></div>
<section class="card"><h2>${tr('out.signups', lang)}</h2>
${signups.length ? '' : html`<p class="muted">${tr('out.noSignup', lang)}</p>`}
<ul class="list outreach-signups">${signups.map(
        (s) => html`<li><strong>${s.name}</strong> <span>${[s.phone, s.email].filter(Boolean).join(' · ')}</span>
<form data-api="/api/outreach/stops/${stop.id}/signups/${s.id}" data-method="DELETE" data-confirm="${tr('out.removeSignupAsk', lang)}">${formMessage()}<button type="submit" class="secondary">${tr(
          'out.removeSignup',
          lang,
        )}</button></form></li>`,
      )}</ul></section>
<section class="card"><h2>${tr('out.equipment', lang)}</h2>
${loans.length ? '' : html`<p class="muted">${tr('out.noLoan', lang)}</p>`}
<ul class="list outreach-loans">${loans.map((l) => {
        const out = outstandingOf(l);
        return html`<li><span>${tr('out.loanLine', lang, { q: l.quantity, part: partName.get(l.partId) ?? l.partId, out })}${
          l.lostQuantity ? html` · ${tr('out.lost', lang, { n: l.lostQuantity })}` : ''
        }${l.closedAt ? html` · <strong>${tr('out.loanClosed', lang)}</strong>` : ''}</span>
${
  out > 0
    ? html`<form data-api="/api/outreach/stops/${stop.id}/loans/${l.id}/return" data-method="POST" class="row">
${field({ label: tr('out.returned', lang), name: 'returned', type: 'number', value: out, required: true, lang, attrs: html`data-type="number" min="0" max="${out}" inputmode="numeric"` })}
${field({ label: tr('out.lostField', lang), name: 'lost', type: 'number', value: 0, required: true, lang, attrs: html`data-type="number" min="0" max="${out}" inputmode="numeric"` })}
${formMessage()}<div class="actions"><button type="submit">${tr('out.checkIn', lang)}</button></div></form>`
    : ''
}</li>`;
      })}</ul>
<h3>${tr('out.lend', lang)}</h3>
${
  parts.length && locations.length
    ? html`<form data-api="/api/outreach/stops/${stop.id}/loans" data-method="POST">
<div class="field"><label for="o-part">${tr('out.part', lang)}</label><select id="o-part" name="partId">${parts.map(
        (p) => html`<option value="${p.id}">${p.name} (${tr('out.inStock', lang, { n: p.quantity })})</option>`,
      )}</select></div>
<div class="field"><label for="o-location">${tr('out.from', lang)}</label><select id="o-location" name="locationId">${locations.map(
        (l) => html`<option value="${l.id}">${l.path}</option>`,
      )}</select></div>
${field({ label: tr('out.quantity', lang), name: 'quantity', type: 'number', value: 1, required: true, lang, attrs: html`data-type="number" min="1" inputmode="numeric"` })}
${formMessage()}<div class="actions"><button type="submit">${tr('out.lend', lang)}</button></div></form>`
    : html`<p class="muted">${tr('out.noParts', lang)}</p>`
}</section>
<details class="card"><summary>${tr('out.edit', lang)}</summary>
<form data-api="/api/outreach/stops/${stop.id}" data-method="PATCH">${stopFields(lang, stop)}
${formMessage()}<div class="actions"><button type="submit">${tr('out.save', lang)}</button></div></form>
<form data-api="/api/outreach/stops/${stop.id}" data-method="DELETE" data-confirm="${tr('out.deleteAsk', lang)}" data-redirect="/outreach">${formMessage()}
<div class="actions"><button type="submit" class="secondary">${tr('out.delete', lang)}</button></div></form></details>`;
      return pageLayout(ctx, { title: `${stop.placeName} · ${stop.commune}`, body, current: '/outreach' });
    });
  }

  /**
   * The phone page used at the stop. Its script keeps each activity in IndexedDB under the id chosen
   * on the phone and sends the queue whenever the network is there; the service worker keeps this
   * page and its scripts so it opens again without a network.
   */
  @Public()
  @Get('outreach/stops/:id/log')
  logPage(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() _q: PageQuery) {
    return renderPage(req, res, OUTREACH_STAFF, async (ctx) => {
      const { lang, viewer } = ctx;
      const stop = await this.outreach.get(viewer, id);
      const title = tr('out.logTitle', lang, { place: stop.placeName });
      const choice = (kind: WordKind, name: string, codes: readonly string[], multiple: boolean, checked?: string) =>
        html`${codes.map(
          (c) =>
            html`<label class="check"><input type="${multiple ? 'checkbox' : 'radio'}" name="${name}" value="${c}"${c === checked ? html` checked` : ''}> ${w(kind, c, lang)}</label>`,
        )}`;
      const body = html`<h1>${title}</h1>
<p>${whereWords(stop)} · ${dayWords(stop.date, lang)}</p>
<p class="muted">${tr('out.offlineNote', lang)}</p>
<p class="form-message" id="outreach-status" role="status" aria-live="polite"></p>
<form class="card" id="outreach-log" data-stop="${stop.id}" data-date="${stop.date}">
<fieldset class="choices"><legend>${tr('out.type', lang)}</legend>${choice('type', 'type', ACTIVITY_TYPES, false, 'individuel')}</fieldset>
<div class="field"><label for="o-duration">${tr('out.duration', lang)}</label><select id="o-duration" name="durationMinutes">${DURATIONS.map(
        (m) => html`<option value="${m}"${m === 30 ? html` selected` : ''}>${m}</option>`,
      )}</select></div>
<fieldset class="choices"><legend>${tr('out.topics', lang)}</legend>${choice('topic', 'topics', GENERAL_TOPICS, true)}</fieldset>
<fieldset class="choices"><legend>${tr('out.gear', lang)}</legend>${choice('equipment', 'equipment', EQUIPMENT, true)}</fieldset>
<fieldset class="choices"><legend>${tr('out.individual', lang)}</legend>
${choice('gender', 'gender', GENDERS, false)}
<div class="field"><label for="o-birth">${tr('out.birthYear', lang)}</label><input id="o-birth" name="birthYear" type="number" inputmode="numeric" min="1900" max="2100"></div>
</fieldset>
<fieldset class="choices"><legend>${tr('out.workshop', lang)}</legend>
<div class="field"><label for="o-wtitle">${tr('out.workshopTitle', lang)}</label><input id="o-wtitle" name="workshopTitle" maxlength="200"></div>
<div class="field"><label for="o-level">${tr('out.level', lang)}</label><select id="o-level" name="workshopLevel"><option value=""></option>${WORKSHOP_LEVELS.map(
        (l) => html`<option value="${l}">${w('level', l, lang)}</option>`,
      )}</select></div>
<div class="field"><label for="o-total">${tr('out.attendance', lang)}</label><input id="o-total" name="attendance" type="number" inputmode="numeric" min="1" max="10000"></div>
</fieldset>
<div class="actions"><button type="submit">${tr('out.save', lang)}</button></div>
</form>
<section class="card"><h2>${tr('out.pending', lang)} (<span id="outreach-pending-count">0</span>)</h2>
<ul class="list" id="outreach-pending"></ul>
<div class="actions"><button type="button" class="secondary" id="outreach-send">${tr('out.sendNow', lang)}</button></div></section>
<section class="card"><h2>${tr('out.sent', lang)} (<span id="outreach-sent-count">0</span>)</h2><ul class="list" id="outreach-sent"></ul></section>
<p><a href="/outreach/stops/${stop.id}">${tr('out.back', lang)}</a></p>`;
      return pageLayout(ctx, { title, body, current: '/outreach', scripts: ['/assets/outreach-log.js'] });
    });
  }

  /** The service worker of the offline page (scope /outreach/): static code, no data. */
  @Public()
  @Get('outreach/sw.js')
  worker(@Res() res: Response) {
    res.status(200).type('application/javascript').setHeader('Cache-Control', 'no-cache').send(serviceWorker());
  }

  /** Public: a site's coming stops and the sign-up form of each. */
  @Public()
  @Get('outreach/public/:siteSlug')
  async publicPage(@Req() req: PageRequest, @Res() res: Response, @Param('siteSlug') siteSlug: string, @Query() _q: PageQuery) {
    const lang = langOf(req, res);
    const { site, stops } = await this.signups.upcoming(siteSlug);
    const title = tr('out.publicTitle', lang, { site: site.name });
    const body = html`<h1>${title}</h1><p>${tr('out.publicIntro', lang)}</p>
${stops.length ? '' : html`<p class="muted">${tr('out.publicNone', lang)}</p>`}
<ul class="list outreach-public">${stops.map((s) => publicStopItem(s, lang))}</ul>
<p class="muted">${tr('out.privacy', lang)}</p>`;
    sendHtml(res, 200, layout({ title, lang, viewer: req.viewer ?? null, body, path: req.originalUrl, csrfToken: req.csrfToken }));
  }
}

function publicStopItem(s: PublicStop, lang: Lang): SafeHtml {
  return html`<li class="card"><h2>${s.placeName} · ${s.commune}</h2>
<p>${whereWords(s)}<br><strong>${whenWords(s, lang)}</strong>${s.vehicle ? html` · ${s.vehicle}` : ''}</p>
${s.details ? html`<p>${s.details}</p>` : ''}
<p class="${s.placesLeft ? 'pill s-free' : 'pill s-in'}">${s.placesLeft ? tr('out.placesLeft', lang, { n: s.placesLeft }) : tr('out.full', lang)}</p>
${
  s.placesLeft
    ? html`<form data-api="/api/outreach/public/stops/${s.id}/signups" data-method="POST" data-result="#ok-${s.id}" data-result-field="confirmation">
${field({ label: tr('out.yourName', lang), name: 'name', required: true, lang, attrs: html`autocomplete="name"` })}
${field({ label: tr('out.phone', lang), name: 'phone', type: 'tel', hint: tr('out.contactHint', lang), lang, attrs: html`autocomplete="tel"` })}
${field({ label: tr('out.email', lang), name: 'email', type: 'email', lang, attrs: html`autocomplete="email"` })}
${formMessage()}<div class="actions"><button type="submit">${tr('out.signup', lang)}</button></div></form>
<p class="form-message ok" id="ok-${s.id}" role="status" hidden></p>`
    : ''
}</li>`;
}

/** The fields of a stop, empty or filled with the stop's values. */
function stopFields(lang: Lang, s?: OutreachStop, today?: string): SafeHtml {
  const req = !s;
  return html`${field({ label: tr('out.placeName', lang), name: 'placeName', value: s?.placeName, required: req, lang })}
${field({ label: tr('out.address', lang), name: 'address', value: s?.address, required: req, lang })}
<div class="row">${field({ label: tr('out.commune', lang), name: 'commune', value: s?.commune, required: req, lang })}
${field({ label: tr('out.postalCode', lang), name: 'postalCode', value: s?.postalCode, required: req, lang, attrs: html`inputmode="numeric" pattern="[0-9]{5}" maxlength="5"` })}
${field({ label: tr('out.inseeCode', lang), name: 'inseeCode', value: s?.inseeCode, required: req, hint: tr('out.inseeHint', lang), lang, attrs: html`maxlength="5"` })}</div>
<div class="row">${field({ label: tr('out.date', lang), name: 'date', type: 'date', value: s?.date ?? today, required: req, lang })}
${field({ label: tr('out.startsAt', lang), name: 'startsAt', type: 'time', value: s?.startsAt ?? '09:30', required: req, lang })}
${field({ label: tr('out.endsAt', lang), name: 'endsAt', type: 'time', value: s?.endsAt ?? '12:00', required: req, lang })}
${field({
  label: tr('out.capacity', lang),
  name: 'capacity',
  type: 'number',
  value: s?.capacity ?? 8,
  required: req,
  lang,
  attrs: html`data-type="number" min="1" max="${MAX_CAPACITY}" inputmode="numeric"`,
})}</div>
${field({ label: tr('out.vehicle', lang), name: 'vehicle', value: s?.vehicle, hint: tr('out.vehicleHint', lang), lang })}
<div class="field"><label for="o-details-${s?.id ?? 'new'}">${tr('out.details', lang)}</label><textarea id="o-details-${s?.id ?? 'new'}" name="details" rows="2" maxlength="1000">${
    s?.details ?? ''
  }</textarea></div>`;
}
