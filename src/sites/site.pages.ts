import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { localDateTime } from '../common/local-format';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { siteOf } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { BridgesService, BridgeView } from '../bridges/bridges.service';
import { MonitorsService } from '../bridges/monitors.service';
import type { Machine } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { PlugsService } from '../plugs/plugs.service';
import { Site } from './entities/site.entity';
import { publicKeyFingerprint, SiteKeysService } from './site-keys.service';
import { SitesService } from './sites.service';
import { field, formMessage } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageContext, PageRequest, renderPage, strictCsp } from '../web/page';
import { SitePageQuery } from '../common/query.dto';

const tr = defineDictionary({
  'nav.site': { fr: 'Installation du lieu', en: 'Site installation' },
  'sitepage.title': { fr: 'Installation du lieu', en: 'Site installation' },
  'sitepage.hoursBadges': {
    fr: 'Horaires d’ouverture et fermetures : quand ils sont réglés, ils valent aussi pour les badges, sauf si « Les badges ouvrent les machines à toute heure » est coché. En dehors, chaque machine refuse tout badge (motif : « Le lieu est fermé à cette heure-ci ») et une session en cours s’arrête à l’heure de fermeture. Sans horaires, le lieu est toujours ouvert.',
    en: 'Opening hours and closures, when set, also apply to badges, unless “Badges open machines at any time” is ticked. Outside them, every machine refuses any badge (reason: “The lab is closed at this time”) and a running session stops at closing time. Without hours, the site is always open.',
  },
  'sitepage.hoursLink': { fr: 'Régler les horaires', en: 'Set the hours' },
  'sitepage.pick': { fr: 'Choisissez un lieu :', en: 'Pick a site:' },
  'sitepage.intro': {
    fr: 'Ce qu\u2019il faut pour installer ou vérifier les passerelles, prises et comptes de supervision de ce lieu.',
    en: 'What it takes to install or check this site\u2019s bridges, plugs and monitoring accounts.',
  },
  'sitepage.name': { fr: 'Nom', en: 'Name' },
  'sitepage.slug': { fr: 'Identifiant (dans les topics MQTT)', en: 'Identifier (in MQTT topics)' },
  'sitepage.zone': { fr: 'Fuseau horaire (heures affichées ici)', en: 'Time zone (times shown here)' },
  'sitepage.mqtt': { fr: 'Adresse MQTT que les passerelles et prises doivent joindre', en: 'MQTT address bridges and plugs must reach' },
  'sitepage.http': { fr: 'Adresse du serveur (téléchargement des travaux)', en: 'Server address (job downloads)' },
  'sitepage.key': {
    fr: 'Empreinte de la clé publique du lieu (signe les listes hors ligne)',
    en: 'Fingerprint of the site\u2019s public key (signs offline allow-lists)',
  },
  'sitepage.keyHow': {
    fr: 'Sur la passerelle : openssl pkey -pubin -in cle.pem -outform DER | sha256sum doit donner les mêmes chiffres.',
    en: 'On the bridge: openssl pkey -pubin -in key.pem -outform DER | sha256sum must give the same digits.',
  },
  'sitepage.bridges': { fr: 'Passerelles', en: 'Bridges' },
  'sitepage.bridgeSettings': { fr: 'État, appareils et réglages', en: 'Health, devices and settings' },
  'sitepage.noBridge': { fr: 'Aucune passerelle appairée.', en: 'No bridge paired.' },
  'sitepage.pair': { fr: 'Appairer une passerelle', en: 'Pair a bridge' },
  'sitepage.pairByAdmin': {
    fr: 'L\u2019appairage, le nouveau mot de passe et le retrait d\u2019une passerelle sont faits par un administrateur.',
    en: 'Pairing, new passwords and removal of bridges are done by an administrator.',
  },
  'sitepage.online': { fr: 'en ligne', en: 'online' },
  'sitepage.offline': { fr: 'hors ligne', en: 'offline' },
  'sitepage.unknown': { fr: 'pas de nouvelles', en: 'not heard from' },
  'sitepage.lastSeen': { fr: 'Dernier signe', en: 'Last seen' },
  'sitepage.never': { fr: 'jamais', en: 'never' },
  'sitepage.version': { fr: 'Version', en: 'Version' },
  'sitepage.machines': { fr: 'Machines', en: 'Machines' },
  'sitepage.noMachine': { fr: 'aucune', en: 'none' },
  'sitepage.reset': { fr: 'Nouveau mot de passe', en: 'New password' },
  'sitepage.resetConfirm': {
    fr: 'L\u2019ancien mot de passe cessera aussitôt de marcher et l\u2019appareil sera déconnecté. Continuer ?',
    en: 'The old password stops working at once and the device is disconnected. Go on?',
  },
  'sitepage.remove': { fr: 'Retirer', en: 'Remove' },
  'sitepage.removeConfirm': { fr: 'Le retirer ? Son compte MQTT cessera aussitôt de marcher.', en: 'Remove it? Its MQTT account stops working at once.' },
  'sitepage.shownOnce': { fr: 'À copier maintenant : le mot de passe ne sera plus affiché.', en: 'Copy it now: the password will not be shown again.' },
  'sitepage.monitors': { fr: 'Comptes de supervision MQTT (lecture seule)', en: 'MQTT monitoring accounts (read-only)' },
  'sitepage.noMonitor': { fr: 'Aucun compte de supervision.', en: 'No monitoring account.' },
  'sitepage.username': { fr: 'Identifiant MQTT', en: 'MQTT username' },
  'sitepage.newMonitor': { fr: 'Créer un compte de supervision', en: 'Create a monitoring account' },
  'sitepage.monitorSlug': { fr: 'Identifiant (ex. grafana)', en: 'Identifier (e.g. grafana)' },
  'sitepage.plugs': { fr: 'Prises connectées', en: 'Smart plugs' },
  'sitepage.noPlug': { fr: 'Aucune prise connectée.', en: 'No smart plug.' },
  'sitepage.plugHow': {
    fr: 'Une prise se pose, ou reçoit un nouveau mot de passe, par l\u2019API PUT /api/machines/{id}/plug.',
    en: 'A plug is fitted, or given a new password, through the API PUT /api/machines/{id}/plug.',
  },
  'sitepage.topic': { fr: 'Topic', en: 'Topic' },
  'sitepage.busyWatts': { fr: 'Occupée au-delà de', en: 'Busy above' },
});

addNavLink({ href: '/site', key: 'nav.site', roles: ['manager'], group: 'admin', order: 30 });

/** A moment in the site's own zone (a bridge in La Réunion is read in its local time, never UTC). */
function when(d: Date | string | null, site: Site, lang: Lang): string {
  if (!d) return tr('sitepage.never', lang);
  return localDateTime(d, site.timezone, lang, 'medium');
}

const state = (online: boolean | null, lang: Lang): SafeHtml =>
  online === null
    ? html`<span class="pill s-unknown">${tr('sitepage.unknown', lang)}</span>`
    : html`<span class="pill ${online ? 's-online' : 's-offline'}">${online ? tr('sitepage.online', lang) : tr('sitepage.offline', lang)}</span>`;

const fact = (label: string, value: SafeHtml | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;

/** A button that asks the API for a new password and shows the answer once, in the box after it. */
function resetForm(api: string, boxId: string, lang: Lang, resultField?: string): SafeHtml {
  return html`<form data-api="${api}" data-method="POST" data-confirm="${tr('sitepage.resetConfirm', lang)}" data-result="#${boxId}"${
    resultField ? html` data-result-field="${resultField}"` : ''
  } novalidate><button type="submit" class="secondary">${tr('sitepage.reset', lang)}</button>${formMessage()}</form>`;
}

const removeForm = (api: string, lang: Lang) =>
  html`<form data-api="${api}" data-method="DELETE" data-confirm="${tr('sitepage.removeConfirm', lang)}" novalidate><button type="submit" class="danger">${tr('sitepage.remove', lang)}</button>${formMessage()}</form>`;

const resultBox = (id: string, lang: Lang) =>
  html`<div class="card" hidden><p>${tr('sitepage.shownOnce', lang)}</p><pre id="${id}" class="config-yaml" hidden></pre></div>`;

/**
 * The site page (issue 22): everything a site's installation needs on one page, readable on a
 * phone beside the Raspberry Pi — addresses to reach, the key fingerprint, each bridge's state,
 * monitoring accounts and plugs. Admins and the site's own manager; each service checks the site.
 */
@ApiExcludeController()
@Controller()
export class SitePages {
  constructor(
    private readonly sites: SitesService,
    private readonly keys: SiteKeysService,
    private readonly bridges: BridgesService,
    private readonly monitors: MonitorsService,
    private readonly plugs: PlugsService,
    private readonly machines: MachinesService,
    private readonly mqtt: MqttService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('site')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      strictCsp(res);
      const siteId = siteOf(ctx.viewer, q.siteId);
      if (!siteId) return this.pickSite(ctx);
      return this.sitePage(ctx, await this.sites.get(ctx.viewer, siteId));
    });
  }

  /** An admin with no site named: the list of sites. */
  private async pickSite(ctx: PageContext): Promise<string> {
    const { lang } = ctx;
    const sites = await this.sites.list(ctx.viewer);
    const body = html`<h1>${tr('sitepage.title', lang)}</h1><p>${tr('sitepage.pick', lang)}</p>
<ul class="list">${sites.map((s) => html`<li><a class="title" href="/site?siteId=${s.id}">${s.name}</a><span class="muted">${s.slug}</span></li>`)}</ul>`;
    return pageLayout(ctx, { title: tr('sitepage.title', lang), body, current: '/site' });
  }

  private async sitePage(ctx: PageContext, site: Site): Promise<string> {
    const { lang, viewer } = ctx;
    const [keys, bridges, monitors, plugs, machines] = await Promise.all([
      this.keys.keyPairFor(site.id),
      this.bridges.list(viewer, site.id),
      this.monitors.list(viewer, site.id),
      this.plugs.list(viewer, site.id),
      this.machines.list(viewer, site.id),
    ]);
    const admin = viewer.role === 'admin';
    const body = html`<h1>${tr('sitepage.title', lang)} · ${site.name}</h1>
<p class="muted">${tr('sitepage.intro', lang)}</p>
<section class="card"><dl class="site-facts">
${fact(tr('sitepage.name', lang), site.name)}
${fact(tr('sitepage.slug', lang), html`<code>${site.slug}</code>`)}
${fact(tr('sitepage.zone', lang), site.timezone)}
${fact(tr('sitepage.mqtt', lang), html`<code id="mqtt-url">${this.mqtt.brokerUrl}</code>`)}
${fact(tr('sitepage.http', lang), html`<code id="http-url">${this.config.publicUrl}</code>`)}
${fact(tr('sitepage.key', lang), html`<code id="key-fingerprint" class="fingerprint">${publicKeyFingerprint(keys.publicKey)}</code><br><span class="muted">${tr('sitepage.keyHow', lang)}</span>`)}
</dl>
<p id="site-hours-badges">${tr('sitepage.hoursBadges', lang)} <a href="/bookings/admin">${tr('sitepage.hoursLink', lang)}</a></p></section>
${this.bridgesSection(site, bridges, machines, admin, lang)}
${this.monitorsSection(ctx, site, monitors)}
${this.plugsSection(site, plugs, machines, lang)}`;
    return pageLayout(ctx, { title: `${tr('sitepage.title', lang)} · ${site.name}`, body, current: '/site' });
  }

  private bridgesSection(site: Site, bridges: BridgeView[], machines: Machine[], admin: boolean, lang: Lang): SafeHtml {
    const served = (b: BridgeView) =>
      machines
        .filter((m) => m.bridgeId === b.id)
        .map((m) => m.slug)
        .join(', ') || tr('sitepage.noMachine', lang);
    const item = (b: BridgeView) => html`<li class="site-item" data-bridge-id="${b.id}">
<div class="site-item-head"><strong>${b.name}</strong> <code>${b.slug}</code> ${state(b.online, lang)} <a href="/bridges/${b.id}">${tr('sitepage.bridgeSettings', lang)}</a></div>
<dl class="site-facts">
${fact(tr('sitepage.lastSeen', lang), html`<time datetime="${b.lastSeenAt ? new Date(b.lastSeenAt).toISOString() : ''}">${when(b.lastSeenAt, site, lang)}</time>`)}
${fact(tr('sitepage.version', lang), b.version ?? '—')}
${fact(tr('sitepage.machines', lang), served(b))}
${fact(tr('sitepage.username', lang), html`<code>${b.username}</code>`)}
</dl>
${admin ? html`<div class="actions">${resetForm(`/api/bridges/${b.id}/secret`, `config-${b.id}`, lang, 'configYaml')}${removeForm(`/api/bridges/${b.id}`, lang)}</div>${resultBox(`config-${b.id}`, lang)}` : ''}
</li>`;
    return html`<section><h2>${tr('sitepage.bridges', lang)}</h2>
${bridges.length ? html`<ul class="list site-list">${bridges.map(item)}</ul>` : html`<p class="card">${tr('sitepage.noBridge', lang)}</p>`}
${admin ? html`<p><a class="button" href="/bridges?siteId=${site.id}">${tr('sitepage.pair', lang)}</a></p>` : html`<p class="muted">${tr('sitepage.pairByAdmin', lang)}</p>`}
</section>`;
  }

  private monitorsSection(ctx: PageContext, site: Site, monitors: Awaited<ReturnType<MonitorsService['list']>>): SafeHtml {
    const { lang } = ctx;
    const item = (m: (typeof monitors)[number]) => html`<li class="site-item" data-monitor-id="${m.id}">
<div class="site-item-head"><strong>${m.name}</strong> <code>${m.username}</code></div>
<div class="actions">${resetForm(`/api/monitors/${m.id}/secret`, `monitor-${m.id}`, lang)}${removeForm(`/api/monitors/${m.id}`, lang)}</div>
${resultBox(`monitor-${m.id}`, lang)}</li>`;
    const siteInput = ctx.viewer.role === 'admin' ? html`<input type="hidden" name="siteId" value="${site.id}">` : '';
    return html`<section><h2>${tr('sitepage.monitors', lang)}</h2>
${monitors.length ? html`<ul class="list site-list">${monitors.map(item)}</ul>` : html`<p class="card">${tr('sitepage.noMonitor', lang)}</p>`}
<details class="card"><summary>${tr('sitepage.newMonitor', lang)}</summary>
<form data-api="/api/monitors" data-method="POST" data-result="#monitor-new" novalidate>${siteInput}
${field({ label: tr('sitepage.monitorSlug', lang), name: 'slug', required: true, lang, attrs: html`pattern="[a-z0-9][a-z0-9\\-]{0,62}" autocomplete="off"` })}
${field({ label: tr('sitepage.name', lang), name: 'name', lang })}
<div class="actions"><button type="submit">${tr('sitepage.newMonitor', lang)}</button></div>${formMessage()}</form>
${resultBox('monitor-new', lang)}</details>
</section>`;
  }

  private plugsSection(site: Site, plugs: Awaited<ReturnType<PlugsService['list']>>, machines: Machine[], lang: Lang): SafeHtml {
    const machineOf = new Map(machines.map((m) => [m.id, m]));
    const item = (p: (typeof plugs)[number]) => html`<li class="site-item" data-plug-id="${p.id}">
<div class="site-item-head"><strong>${machineOf.get(p.machineId)?.name ?? '?'}</strong> <code>${machineOf.get(p.machineId)?.slug ?? ''}</code> ${state(p.online, lang)}</div>
<dl class="site-facts">
${fact('Type', p.kind === 'shelly' ? 'Shelly' : 'Tasmota')}
${fact(tr('sitepage.topic', lang), html`<code>${p.topic}</code>`)}
${fact(tr('sitepage.username', lang), html`<code>${p.username}</code>`)}
${fact(tr('sitepage.busyWatts', lang), `${p.busyWatts} W`)}
</dl></li>`;
    return html`<section><h2>${tr('sitepage.plugs', lang)}</h2>
${plugs.length ? html`<ul class="list site-list">${plugs.map(item)}</ul>` : html`<p class="card">${tr('sitepage.noPlug', lang)}</p>`}
<p class="muted">${tr('sitepage.plugHow', lang)}</p>
</section>`;
  }
}
