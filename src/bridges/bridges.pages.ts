import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { siteOf } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { field, formMessage, siteField } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { BridgesService, BridgeView } from './bridges.service';
import { SitePageQuery } from '../common/query.dto';

const tr = defineDictionary({
  'nav.bridges': { fr: 'Passerelles', en: 'Bridges' },
  'bridges.title': { fr: 'Passerelles des machines', en: 'Machine bridges' },
  'bridges.intro': {
    fr: 'Une passerelle (Raspberry Pi) relie les lecteurs de badge, relais et contrôleurs au serveur. En l\u2019appairant, vous obtenez son fichier config.yaml, mot de passe compris : il ne sera montré qu\u2019une fois.',
    en: 'A bridge (Raspberry Pi) links badge readers, relays and controllers to the server. Pairing gives its config.yaml, password included: it is shown only once.',
  },
  'bridges.pair': { fr: 'Appairer une passerelle', en: 'Pair a bridge' },
  'bridges.slug': { fr: 'Identifiant (ex. atelier-1)', en: 'Identifier (e.g. atelier-1)' },
  'bridges.name': { fr: 'Nom', en: 'Name' },
  'bridges.machines': { fr: 'Machines servies (identifiants séparés par des virgules)', en: 'Machines served (identifiers, comma-separated)' },
  'bridges.config': {
    fr: 'config.yaml à copier sur la passerelle (/etc/fablab-bridge/config.yaml)',
    en: 'config.yaml to copy to the bridge (/etc/fablab-bridge/config.yaml)',
  },
  'bridges.shownOnce': { fr: 'Copiez-le maintenant : le mot de passe ne sera plus affiché.', en: 'Copy it now: the password will not be shown again.' },
  'bridges.list': { fr: 'Passerelles appairées', en: 'Paired bridges' },
  'bridges.empty': { fr: 'Aucune passerelle appairée.', en: 'No bridge paired yet.' },
  'bridges.online': { fr: 'en ligne', en: 'online' },
  'bridges.offline': { fr: 'hors ligne', en: 'offline' },
  'bridges.reset': { fr: 'Nouveau mot de passe', en: 'New password' },
  'bridges.resetConfirm': {
    fr: 'L\u2019ancien mot de passe cessera aussitôt de marcher et la passerelle sera déconnectée. Continuer ?',
    en: 'The old password stops working at once and the bridge is disconnected. Go on?',
  },
  'bridges.remove': { fr: 'Retirer', en: 'Remove' },
  'bridges.removeConfirm': {
    fr: 'Retirer cette passerelle ? Elle sera déconnectée et ses machines libérées.',
    en: 'Remove this bridge? It is disconnected and its machines are released.',
  },
  'bridges.removed': { fr: 'Passerelle retirée.', en: 'Bridge removed.' },
  'bridges.site': { fr: 'Lieu', en: 'Site' },
  'bridges.state': { fr: 'État', en: 'State' },
  'bridges.served': { fr: 'Machines', en: 'Machines' },
  'bridges.sitePage': {
    fr: 'Installation du lieu : adresses à joindre, empreinte de la clé, état des passerelles',
    en: 'Site installation: addresses to reach, key fingerprint, bridge states',
  },
});

addNavLink({ href: '/bridges', key: 'nav.bridges', roles: [], group: 'admin', order: 40 });

/** The box a form writes its one-time answer (config.yaml) into. */
const resultBox = (
  id: string,
  lang: Lang,
): SafeHtml => html`<div class="card" hidden><p><strong>${tr('bridges.config', lang)}</strong><br>${tr('bridges.shownOnce', lang)}</p>
<pre id="${id}" class="config-yaml" hidden></pre></div>`;

/**
 * Pairing page (admin, as the pairing API): pair a bridge and get its ready-to-paste config.yaml,
 * give a lost bridge a new password, remove a bridge. Strict CSP: forms.js does the requests.
 */
@ApiExcludeController()
@Controller()
export class BridgesPages {
  constructor(
    private readonly bridges: BridgesService,
    private readonly sites: SitesService,
    private readonly machines: MachinesService,
  ) {}

  @Public()
  @Get('bridges')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, [], async (ctx) => {
      strictCsp(res);
      const { lang, viewer } = ctx;
      const siteId = siteOf(viewer, q.siteId);
      const [sites, bridges, machines] = await Promise.all([this.sites.list(viewer), this.bridges.list(viewer, siteId ?? undefined), this.machines.all()]);
      const siteName = new Map(sites.map((s) => [s.id, s.name]));
      const served = (b: BridgeView) =>
        machines
          .filter((m) => m.bridgeId === b.id)
          .map((m) => m.slug)
          .join(', ');
      const row = (b: BridgeView) => html`<tr data-bridge-id="${b.id}">
<td>${siteName.get(b.siteId) ?? '?'}</td><td><strong>${b.name}</strong><br><span class="muted">${b.slug}</span></td>
<td><span class="pill ${b.online ? 's-online' : 's-offline'}">${b.online ? tr('bridges.online', lang) : tr('bridges.offline', lang)}</span></td>
<td>${served(b)}</td>
<td><form data-api="/api/bridges/${b.id}/secret" data-method="POST" data-confirm="${tr('bridges.resetConfirm', lang)}" data-result="#config-${b.id}" data-result-field="configYaml" novalidate>
<button type="submit" class="secondary">${tr('bridges.reset', lang)}</button>${formMessage()}</form>
<form data-api="/api/bridges/${b.id}" data-method="DELETE" data-confirm="${tr('bridges.removeConfirm', lang)}" novalidate>
<button type="submit" class="danger">${tr('bridges.remove', lang)}</button>${formMessage()}</form>
${resultBox(`config-${b.id}`, lang)}</td></tr>`;
      const body = html`<h1>${tr('bridges.title', lang)}</h1>
<p class="muted">${tr('bridges.intro', lang)}</p>
<p><a href="/site${siteId ? `?siteId=${siteId}` : ''}">${tr('bridges.sitePage', lang)}</a></p>
<section class="card"><h2>${tr('bridges.pair', lang)}</h2>
<form data-api="/api/bridges" data-method="POST" data-result="#config-new" data-result-field="configYaml" novalidate>
${siteField(ctx, sites, siteId)}
${field({ label: tr('bridges.slug', lang), name: 'slug', required: true, lang, attrs: html`pattern="[a-z0-9][a-z0-9\\-]{0,62}" autocomplete="off"` })}
${field({ label: tr('bridges.name', lang), name: 'name', lang })}
${field({ label: tr('bridges.machines', lang), name: 'machines', lang, attrs: html`data-type="array"` })}
<div class="actions"><button type="submit">${tr('bridges.pair', lang)}</button></div>
${formMessage()}</form>
${resultBox('config-new', lang)}</section>
<section><h2>${tr('bridges.list', lang)}</h2>
${
  bridges.length
    ? html`<div class="table-wrap"><table id="bridges"><thead><tr><th>${tr('bridges.site', lang)}</th><th>${tr('bridges.name', lang)}</th><th>${tr('bridges.state', lang)}</th><th>${tr('bridges.served', lang)}</th><th></th></tr></thead>
<tbody>${bridges.map(row)}</tbody></table></div>`
    : html`<p class="card">${tr('bridges.empty', lang)}</p>`
}</section>`;
      return pageLayout(ctx, { title: tr('bridges.title', lang), body, wide: true, current: '/bridges' });
    });
  }
}
