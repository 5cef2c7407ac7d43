import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { dayOf, dayWords } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { SitePageQuery } from '../common/query.dto';
import { siteOf } from '../common/viewer';
import { STRICT_CSP } from '../web/page';
import { SitesService } from '../sites/sites.service';
import { field, formMessage } from '../web/form-bits';
import { html, jsonIsland, SafeHtml } from '../web/html';
import { defineDictionary, Lang, langOf } from '../web/i18n';
import { addNavLink, layout } from '../web/layout';
import { pageLayout, PageContext, PageRequest, renderPage, strictCsp } from '../web/page';
import type { PlaceSettings } from './entities/place-settings.entity';
import type { WeeklyHours } from './opening-hours';
import { PlaceRecord } from './place-record';
import {
  ACCESS_MODES,
  COMMON_TYPOLOGIES,
  FEES,
  NATIONAL_PROGRAMMES,
  PLACE_COLUMNS,
  PUBLICS,
  ROAMING,
  SERVICES,
  SPECIFIC_SUPPORT,
  SUMMARY_MAX,
  SUPPORT_MODES,
  TRAINING_LABELS,
  TYPOLOGIES,
} from './places-standard';
import { PlacesService } from './places.service';

const tr = defineDictionary({
  'nav.places': { fr: 'Fiche publique du lieu', en: 'Public record of the site' },
  'places.title': { fr: 'Nos lieux', en: 'Our places' },
  'places.intro': {
    fr: 'Les lieux du réseau ouverts au public : fab labs, espaces publics numériques, ateliers de réparation. Venez !',
    en: 'The network’s places open to the public: fab labs, public digital spaces, repair workshops. Come along!',
  },
  'places.none': { fr: 'Aucun lieu publié pour le moment.', en: 'No place published yet.' },
  'places.map': { fr: 'Carte des lieux', en: 'Map of the places' },
  'places.list': { fr: 'Liste des lieux', en: 'List of the places' },
  'places.mapNote': {
    fr: 'Fond de carte © les contributeurs d’OpenStreetMap. Sans JavaScript, la liste ci-dessous suffit.',
    en: 'Map data © OpenStreetMap contributors. Without JavaScript, the list below has everything.',
  },
  'places.hours': { fr: 'Horaires', en: 'Opening hours' },
  'places.alwaysOpen': { fr: 'Ouvert tous les jours, à toute heure.', en: 'Open every day, at any time.' },
  'places.noHours': { fr: 'Horaires non communiqués.', en: 'Opening hours not given.' },
  'places.closedOn': { fr: 'Fermé le {day}', en: 'Closed on {day}' },
  'places.closedFrom': { fr: 'Fermé du {from} au {to}', en: 'Closed from {from} to {to}' },
  'places.services': { fr: 'Services', en: 'Services' },
  'places.publics': { fr: 'Publics', en: 'Publics' },
  'places.access': { fr: 'Comment venir', en: 'How to come' },
  'places.fees': { fr: 'Frais', en: 'Fees' },
  'places.labels': { fr: 'Labels', en: 'Labels' },
  'places.contact': { fr: 'Contact', en: 'Contact' },
  'places.book': { fr: 'Prendre rendez-vous', en: 'Book an appointment' },
  'places.accessLibre': { fr: 'Accessibilité (acceslibre)', en: 'Accessibility (acceslibre)' },
  'places.data': {
    fr: 'Données ouvertes (standard national des lieux de médiation numérique) :',
    en: 'Open data (national standard of digital mediation places):',
  },
  'settings.title': { fr: 'Fiche publique du lieu', en: 'Public record of the site' },
  'settings.pick': { fr: 'Choisissez un lieu :', en: 'Pick a site:' },
  'settings.intro': {
    fr: 'Ce que le lieu publie dans le standard national des lieux de médiation numérique (v1.0.2) : la carte nationale et data.gouv.fr le lisent. Le nom et les horaires viennent du lieu lui-même (horaires : page des réservations).',
    en: 'What the site publishes in the national standard of digital mediation places (v1.0.2), read by the national map and data.gouv.fr. The name and the hours are the site’s own (hours: bookings page).',
  },
  'settings.hoursLink': { fr: 'Régler les horaires', en: 'Set the hours' },
  'settings.publish': { fr: 'Publier la fiche (carte publique, fichiers CSV et JSON)', en: 'Publish the record (public map, CSV and JSON files)' },
  'settings.publishHint': {
    fr: 'Pour publier : SIRET ou RNA, adresse, code postal, commune et au moins un service.',
    en: 'To publish: SIRET or RNA, address, postal code, commune and at least one service.',
  },
  'settings.identity': { fr: 'Identité et adresse', en: 'Identity and address' },
  'settings.pivot': { fr: 'SIRET (ou RNA si l’association n’a pas de SIRET)', en: 'SIRET (or RNA for an association without one)' },
  'settings.address': { fr: 'Adresse (numéro et voie)', en: 'Address (number and street)' },
  'settings.complement': { fr: 'Complément d’adresse', en: 'Address complement' },
  'settings.postalCode': { fr: 'Code postal', en: 'Postal code' },
  'settings.commune': { fr: 'Commune', en: 'Commune' },
  'settings.insee': { fr: 'Code Insee de la commune', en: 'INSEE code of the commune' },
  'settings.latitude': { fr: 'Latitude (ex. 48,3904)', en: 'Latitude (e.g. 48.3904)' },
  'settings.longitude': { fr: 'Longitude (ex. -4,4861)', en: 'Longitude (e.g. -4.4861)' },
  'settings.coordsHint': {
    fr: 'Copiables depuis adresse.data.gouv.fr ; sans elles, le lieu n’est pas sur la carte.',
    en: 'From adresse.data.gouv.fr; without them the place is not on the map.',
  },
  'settings.typology': { fr: 'Type de lieu', en: 'Kind of place' },
  'settings.otherTypologies': { fr: 'Autres types (codes nationaux)', en: 'Other kinds (national codes)' },
  'settings.contact': { fr: 'Contact et présentation', en: 'Contact and presentation' },
  'settings.phone': { fr: 'Téléphone', en: 'Phone' },
  'settings.emails': { fr: 'Courriels (séparés par des virgules)', en: 'E-mails (comma-separated)' },
  'settings.websites': { fr: 'Sites web (séparés par des virgules)', en: 'Websites (comma-separated)' },
  'settings.summary': { fr: `Présentation courte (${SUMMARY_MAX} caractères au plus)`, en: `Short presentation (${SUMMARY_MAX} characters at most)` },
  'settings.details': { fr: 'Présentation détaillée', en: 'Detailed presentation' },
  'settings.parent': { fr: 'Réseau ou structure parente', en: 'Network or parent structure' },
  'settings.offer': { fr: 'Offre et accueil', en: 'Offer and welcome' },
  'settings.services': { fr: 'Services', en: 'Services' },
  'settings.publics': { fr: 'Publics spécifiquement accueillis', en: 'Publics specifically welcomed' },
  'settings.support': { fr: 'Prise en charge spécifique', en: 'Specific support' },
  'settings.fees': { fr: 'Frais à charge', en: 'Fees' },
  'settings.roaming': { fr: 'Itinérance', en: 'Roaming' },
  'settings.accessModes': { fr: 'Modalités d’accès', en: 'Access modes' },
  'settings.supportModes': { fr: 'Modalités d’accompagnement', en: 'Support modes' },
  'settings.labelsTitle': { fr: 'Labels et liens', en: 'Labels and links' },
  'settings.programmes': { fr: 'Dispositifs et programmes nationaux', en: 'National schemes and programmes' },
  'settings.trainingLabels': { fr: 'Formations et labels', en: 'Training and labels' },
  'settings.otherLabels': { fr: 'Autres formations et labels', en: 'Other training and labels' },
  'settings.accessLibre': { fr: 'Fiche acceslibre (adresse)', en: 'acceslibre page (address)' },
  'settings.booking': { fr: 'Prise de rendez-vous en ligne (adresse)', en: 'Online booking (address)' },
  'settings.save': { fr: 'Enregistrer', en: 'Save' },
  'settings.preview': { fr: 'La fiche telle qu’elle est publiée', en: 'The record as published' },
  'settings.published': { fr: 'Publiée', en: 'Published' },
  'settings.notPublished': { fr: 'Non publiée', en: 'Not published' },
  'settings.public': { fr: 'Voir la page publique des lieux', en: 'See the public page of places' },
});

addNavLink({ href: '/places/settings', key: 'nav.places', roles: ['manager'], group: 'admin', order: 35 });

/** The public map page draws tiles from OpenStreetMap's tile server: the one outside source it lets in, as images only. */
export const OSM_TILES = 'https://tile.openstreetmap.org';
const MAP_CSP = STRICT_CSP.replace("img-src 'self' data: blob:", `img-src 'self' data: blob: ${OSM_TILES}`);

/** Leaflet's files, served from node_modules by name (never a CDN): only these two. */
const LEAFLET_FILES = { js: require.resolve('leaflet/dist/leaflet.js'), css: require.resolve('leaflet/dist/leaflet.css') };

const DAY_NAMES: Record<Lang, string[]> = {
  fr: ['Dimanche', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/** The hours in words, Monday first, and the next closed days (three at most). */
function hoursWords(hours: WeeklyHours, today: string, lang: Lang): SafeHtml {
  const closures = hours.closures
    .filter((c) => c.endsOn >= today)
    .slice(0, 3)
    .map((c) =>
      c.startsOn === c.endsOn
        ? tr('places.closedOn', lang, { day: dayWords(c.startsOn, lang) })
        : tr('places.closedFrom', lang, { from: dayWords(c.startsOn, lang), to: dayWords(c.endsOn, lang) }),
    );
  const days = [1, 2, 3, 4, 5, 6, 0].flatMap((d) => {
    const spans = hours.weekly
      .filter((w) => w.weekday === d)
      .map((w) => `${w.opens}–${w.closes}`)
      .join(', ');
    return spans ? [html`<li><span class="hours-day">${DAY_NAMES[lang][d]}</span> ${spans}</li>`] : [];
  });
  const weekly = hours.weekly.length === 0 ? html`<p>${tr('places.alwaysOpen', lang)}</p>` : html`<ul class="hours">${days}</ul>`;
  return html`${weekly}${closures.map((c) => html`<p class="muted">${c}</p>`)}`;
}

const typologyWord = (code: string, lang: Lang) => COMMON_TYPOLOGIES[code]?.[lang] ?? code;
const values = (v: string) => (v ? v.split('|') : []);

/** One place in the plain list: everything readable without a script. */
function placeItem(record: PlaceRecord, s: PlaceSettings, hours: WeeklyHours, today: string, lang: Lang): SafeHtml {
  const line = (label: string, v: string) => (v ? html`<div><dt>${label}</dt><dd>${values(v).join(' · ')}</dd></div>` : '');
  const link = (href: string, text: string) => html`<a href="${href}" rel="noopener">${text}</a>`;
  const contact = [
    s.phone ? link(`tel:${s.phone}`, s.phone) : '',
    ...s.emails.map((e) => link(`mailto:${e}`, e)),
    ...s.websites.map((w) => link(w, w.replace(/^https?:\/\//, ''))),
  ].filter(Boolean);
  return html`<li class="place" id="lieu-${record.id}" data-place-id="${record.id}">
<h3>${record.nom}</h3>
${s.typologies.length ? html`<p class="muted">${s.typologies.map((c) => typologyWord(c, lang)).join(' · ')}</p>` : ''}
<p class="place-address">${record.adresse}${record.complement_adresse ? html`, ${record.complement_adresse}` : ''}<br>${record.code_postal} ${record.commune}</p>
${record.presentation_resume ? html`<p>${record.presentation_resume}</p>` : ''}
<dl class="site-facts">
<div><dt>${tr('places.hours', lang)}</dt><dd>${hoursWords(hours, today, lang)}</dd></div>
${line(tr('places.services', lang), record.services)}
${line(tr('places.publics', lang), record.publics_specifiquement_adresses)}
${line(tr('places.access', lang), record.modalites_acces)}
${line(tr('places.fees', lang), record.frais_a_charge)}
${line(tr('places.labels', lang), [record.dispositif_programmes_nationaux, record.formations_labels].filter(Boolean).join('|'))}
${contact.length ? html`<div><dt>${tr('places.contact', lang)}</dt><dd>${contact.map((c, i) => html`${i ? ' · ' : ''}${c}`)}</dd></div>` : ''}
</dl>
${
  s.bookingUrl || s.accessLibreUrl
    ? html`<p class="actions">${s.bookingUrl ? html`<a class="button secondary" href="${s.bookingUrl}" rel="noopener">${tr('places.book', lang)}</a>` : ''}${
        s.accessLibreUrl ? html` <a class="button secondary" href="${s.accessLibreUrl}" rel="noopener">${tr('places.accessLibre', lang)}</a>` : ''
      }</p>`
    : ''
}
</li>`;
}

/** A group of checkboxes sent as a list by forms.js; the values are the standard's own words. */
function choices(legend: string, name: string, options: ReadonlyArray<readonly [string, string]>, checked: readonly string[]): SafeHtml {
  return html`<fieldset class="choices"><legend>${legend}</legend>${options.map(
    ([value, label]) =>
      html`<label class="check"><input type="checkbox" name="${name}" value="${value}" data-type="array"${checked.includes(value) ? html` checked` : ''}> ${label}</label>`,
  )}</fieldset>`;
}
const same = (list: readonly string[]) => list.map((v) => [v, v] as const);

/**
 * The public page of the federation's places (`/lieux`): a map (Leaflet, OpenStreetMap tiles) and
 * the same places as a plain list that needs no script; the site's manager fills its record on
 * `/places/settings`. Leaflet's files are served from node_modules here.
 */
@ApiExcludeController()
@Controller()
export class PlacesPages {
  constructor(
    private readonly places: PlacesService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get('lieux')
  async publicPage(@Req() req: PageRequest, @Res() res: Response) {
    const lang = langOf(req, res);
    const places = await this.places.published();
    const today = new Date();
    const onMap = places.filter((p) => p.settings.latitude !== null && p.settings.longitude !== null);
    const mapData = {
      tiles: `${OSM_TILES}/{z}/{x}/{y}.png`,
      attribution: '© OpenStreetMap',
      places: onMap.map((p) => ({ id: p.record.id, name: p.record.nom, commune: p.record.commune, lat: p.settings.latitude, lon: p.settings.longitude })),
    };
    const body = html`<h1>${tr('places.title', lang)}</h1>
<p>${tr('places.intro', lang)}</p>
${
  onMap.length
    ? html`<section aria-label="${tr('places.map', lang)}"><div id="places-map" class="places-map" role="region" aria-label="${tr('places.map', lang)}"></div>
<p class="muted">${tr('places.mapNote', lang)}</p>${jsonIsland('places-data', mapData)}</section>`
    : ''
}
<section><h2>${tr('places.list', lang)}</h2>
${
  places.length
    ? html`<ul class="list places">${places.map((p) => placeItem(p.record, p.settings, p.hours, dayOf(today, p.zone), lang))}</ul>`
    : html`<p class="card">${tr('places.none', lang)}</p>`
}
</section>
<p class="muted">${tr('places.data', lang)} <a href="/api/places.csv">CSV</a> · <a href="/api/places.json">JSON</a></p>`;
    res.setHeader('Content-Security-Policy', onMap.length ? MAP_CSP : STRICT_CSP);
    res
      .status(200)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(
        layout({
          title: tr('places.title', lang),
          lang,
          viewer: req.viewer ?? null,
          body,
          path: req.originalUrl,
          csrfToken: req.csrfToken,
          wide: true,
          styles: onMap.length ? ['/vendor/leaflet/leaflet.css'] : [],
          scripts: onMap.length ? ['/vendor/leaflet/leaflet.js', '/assets/places-map.js'] : [],
        }),
      );
  }

  @Public()
  @Get('vendor/leaflet/leaflet.js')
  leafletJs(@Res() res: Response) {
    res.type('application/javascript').setHeader('Cache-Control', 'public, max-age=86400').sendFile(LEAFLET_FILES.js);
  }

  @Public()
  @Get('vendor/leaflet/leaflet.css')
  leafletCss(@Res() res: Response) {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=86400').sendFile(LEAFLET_FILES.css);
  }

  @Public()
  @Get('places/settings')
  settingsPage(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      strictCsp(res);
      const siteId = siteOf(ctx.viewer, q.siteId);
      if (!siteId) return this.pickSite(ctx);
      const site = await this.sites.get(ctx.viewer, siteId);
      const [settings, record] = await Promise.all([this.places.settingsOf(ctx.viewer, site.id), this.places.recordOf(ctx.viewer, site.id)]);
      return this.settingsForm(ctx, site, settings, record);
    });
  }

  private async pickSite(ctx: PageContext): Promise<string> {
    const { lang } = ctx;
    const sites = await this.sites.list(ctx.viewer);
    const body = html`<h1>${tr('settings.title', lang)}</h1><p>${tr('settings.pick', lang)}</p>
<ul class="list">${sites.map((s) => html`<li><a class="title" href="/places/settings?siteId=${s.id}">${s.name}</a><span class="muted">${s.slug}</span></li>`)}</ul>`;
    return pageLayout(ctx, { title: tr('settings.title', lang), body, current: '/places/settings' });
  }

  private settingsForm(ctx: PageContext, site: { id: string; name: string }, s: PlaceSettings, record: PlaceRecord): string {
    const { lang } = ctx;
    // The four fields the standard requires are marked so (no « facultatif »): without them, the record cannot be published.
    const text = (label: string, name: string, value: string | number | null, extra: { hint?: string; attrs?: SafeHtml; required?: boolean } = {}) =>
      field({ label, name, value: value ?? '', lang, hint: extra.hint, attrs: extra.attrs, required: extra.required });
    const common = Object.keys(COMMON_TYPOLOGIES);
    const others = TYPOLOGIES.filter((c) => !common.includes(c));
    const preview = PLACE_COLUMNS.filter((c) => record[c] !== '').map((c) => html`<tr><th scope="row"><code>${c}</code></th><td>${record[c]}</td></tr>`);
    const body = html`<h1>${tr('settings.title', lang)} · ${site.name}</h1>
<p class="muted">${tr('settings.intro', lang)} <a href="/bookings/admin">${tr('settings.hoursLink', lang)}</a></p>
<p><span class="pill ${s.published ? 's-granted' : 's-unknown'}" id="place-state">${s.published ? tr('settings.published', lang) : tr('settings.notPublished', lang)}</span>
<a href="/lieux">${tr('settings.public', lang)}</a></p>
<form class="card" data-api="/api/places/sites/${site.id}" data-method="PUT" novalidate>
<label class="check"><input type="checkbox" name="published" data-type="boolean"${s.published ? html` checked` : ''}> <strong>${tr('settings.publish', lang)}</strong></label>
<p class="muted">${tr('settings.publishHint', lang)}</p>
<h2>${tr('settings.identity', lang)}</h2>
${text(tr('settings.pivot', lang), 'pivot', s.pivot, { attrs: html`autocomplete="off"`, required: true })}
${text(tr('settings.address', lang), 'address', s.address, { attrs: html`autocomplete="street-address"`, required: true })}
${text(tr('settings.complement', lang), 'addressComplement', s.addressComplement)}
${text(tr('settings.postalCode', lang), 'postalCode', s.postalCode, { attrs: html`inputmode="numeric" autocomplete="postal-code"`, required: true })}
${text(tr('settings.commune', lang), 'commune', s.commune, { required: true })}
${text(tr('settings.insee', lang), 'inseeCode', s.inseeCode)}
${text(tr('settings.latitude', lang), 'latitude', s.latitude, { hint: tr('settings.coordsHint', lang), attrs: html`inputmode="decimal"` })}
${text(tr('settings.longitude', lang), 'longitude', s.longitude, { attrs: html`inputmode="decimal"` })}
${choices(
  tr('settings.typology', lang),
  'typologies',
  common.map((c) => [c, typologyWord(c, lang)] as const),
  s.typologies,
)}
<details${s.typologies.some((c) => others.includes(c as never)) ? html` open` : ''}><summary>${tr('settings.otherTypologies', lang)}</summary>
${choices(tr('settings.otherTypologies', lang), 'typologies', same(others), s.typologies)}</details>
<h2>${tr('settings.contact', lang)}</h2>
${text(tr('settings.phone', lang), 'phone', s.phone, { attrs: html`type="tel" autocomplete="tel"` })}
${text(tr('settings.emails', lang), 'emails', s.emails.join(', '), { attrs: html`data-type="array"` })}
${text(tr('settings.websites', lang), 'websites', s.websites.join(', '), { attrs: html`data-type="array"` })}
${text(tr('settings.summary', lang), 'summary', s.summary, { attrs: html`maxlength="${SUMMARY_MAX}"` })}
<div class="field"><label for="place-details">${tr('settings.details', lang)}</label><textarea id="place-details" name="details" rows="4">${s.details}</textarea></div>
${text(tr('settings.parent', lang), 'parent', s.parent)}
<h2>${tr('settings.offer', lang)}</h2>
${choices(tr('settings.services', lang), 'services', same(SERVICES), s.services)}
${choices(tr('settings.publics', lang), 'publics', same(PUBLICS), s.publics)}
${choices(tr('settings.support', lang), 'specificSupport', same(SPECIFIC_SUPPORT), s.specificSupport)}
${choices(tr('settings.fees', lang), 'fees', same(FEES), s.fees)}
${choices(tr('settings.roaming', lang), 'roaming', same(ROAMING), s.roaming)}
${choices(tr('settings.accessModes', lang), 'accessModes', same(ACCESS_MODES), s.accessModes)}
${choices(tr('settings.supportModes', lang), 'supportModes', same(SUPPORT_MODES), s.supportModes)}
<h2>${tr('settings.labelsTitle', lang)}</h2>
${choices(tr('settings.programmes', lang), 'programmes', same(NATIONAL_PROGRAMMES), s.programmes)}
${choices(tr('settings.trainingLabels', lang), 'trainingLabels', same(TRAINING_LABELS), s.trainingLabels)}
${text(tr('settings.otherLabels', lang), 'otherLabels', s.otherLabels)}
${text(tr('settings.accessLibre', lang), 'accessLibreUrl', s.accessLibreUrl, { attrs: html`type="url"` })}
${text(tr('settings.booking', lang), 'bookingUrl', s.bookingUrl, { attrs: html`type="url"` })}
<div class="actions"><button type="submit">${tr('settings.save', lang)}</button></div>${formMessage()}
</form>
<section><h2>${tr('settings.preview', lang)}</h2>
<div class="table-wrap"><table class="place-record"><tbody>${preview}</tbody></table></div>
<p class="muted"><a href="/api/places.csv">CSV</a> · <a href="/api/places.json">JSON</a></p></section>`;
    return pageLayout(ctx, { title: `${tr('settings.title', lang)} · ${site.name}`, body, current: '/places/settings' });
  }
}
