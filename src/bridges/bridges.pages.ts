import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { localDateTime } from '../common/local-format';
import { siteOf } from '../common/viewer';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { field, formMessage, select, siteField } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { BridgesService, BridgeView } from './bridges.service';
import { BridgeConfigService, BridgeConfigView } from './bridge-config.service';
import { BOARD_DISPLAYS, BRIDGE_DRIVERS } from './dto/bridge-config.dto';
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
  'bridges.settings': { fr: 'Réglages', en: 'Settings' },
  'bcfg.title': { fr: 'Passerelle {name}', en: 'Bridge {name}' },
  'bcfg.health': { fr: 'État', en: 'Health' },
  'bcfg.state': { fr: 'Connexion', en: 'Connection' },
  'bcfg.silent': {
    fr: 'muette : plus de signe de vie bien que sa connexion paraisse ouverte',
    en: 'silent: no sign of life although its connection looks open',
  },
  'bcfg.lastSeen': { fr: 'Dernier signe de vie', en: 'Last sign of life' },
  'bcfg.never': { fr: 'jamais', en: 'never' },
  'bcfg.version': { fr: 'Version du logiciel', en: 'Software version' },
  'bcfg.uptime': { fr: 'En marche depuis', en: 'Running for' },
  'bcfg.served': { fr: 'Configuration servie', en: 'Served configuration' },
  'bcfg.servedNone': { fr: 'aucune : la passerelle suit son propre config.yaml', en: 'none: the bridge follows its own config.yaml' },
  'bcfg.servedOf': { fr: 'celle du {when}', en: 'the one of {when}' },
  'bcfg.applied': { fr: 'appliquée par la passerelle', en: 'applied by the bridge' },
  'bcfg.notApplied': { fr: 'pas encore appliquée par la passerelle', en: 'not applied by the bridge yet' },
  'bcfg.machines': { fr: 'Machines servies', en: 'Machines served' },
  'bcfg.noMachine': {
    fr: 'Aucune machine n’est affectée à cette passerelle : un appareil ne peut servir qu’une de ses machines.',
    en: 'No machine is assigned to this bridge: a device can only serve one of its machines.',
  },
  'bcfg.edit': { fr: 'Appareils et réglages', en: 'Devices and settings' },
  'bcfg.editIntro': {
    fr: 'Enregistrer publie une nouvelle version signée de la configuration ; la passerelle l’applique aussitôt (après la fin d’un travail en cours). Une ligne laissée vide est ignorée ; videz une ligne pour retirer l’appareil.',
    en: 'Saving publishes a new signed version; the bridge applies it at once (after a running job ends). An empty row is ignored; empty a row to remove its device.',
  },
  'bcfg.devices': { fr: 'Appareils série', en: 'Serial devices' },
  'bcfg.device': { fr: 'Appareil n° {n}', en: 'Device {n}' },
  'bcfg.name': { fr: 'Nom (ex. lecteur-laser)', en: 'Name (e.g. lecteur-laser)' },
  'bcfg.driver': { fr: 'Pilote', en: 'Driver' },
  'bcfg.port': { fr: 'Port série (ex. /dev/serial/by-id/…)', en: 'Serial port (e.g. /dev/serial/by-id/…)' },
  'bcfg.baud': { fr: 'Vitesse (bauds)', en: 'Baud rate' },
  'bcfg.machine': { fr: 'Machine', en: 'Machine' },
  'bcfg.channel': { fr: 'Canal (relais USB)', en: 'Channel (USB relay)' },
  'bcfg.display': { fr: 'Afficheur (carte fablab-board)', en: 'Display (fablab-board)' },
  'bcfg.none': { fr: '—', en: '—' },
  'bcfg.settingsOf': { fr: 'Réglages de {machine}', en: 'Settings of {machine}' },
  'bcfg.relay': { fr: 'Appareil qui coupe l’alimentation (son nom)', en: 'Device switching the power (its name)' },
  'bcfg.idle': { fr: 'Fin de session après inactivité (secondes)', en: 'Session ends after inactivity (seconds)' },
  'bcfg.threshold': { fr: 'Seuil « machine au travail » (mA)', en: '“Machine working” threshold (mA)' },
  'bcfg.grace': { fr: 'Délai de grâce après le badge (secondes)', en: 'Grace period after badge-out (seconds)' },
  'bcfg.powerOff': { fr: 'Fin de session après coupure (secondes)', en: 'Session ends after power-off (seconds)' },
  'bcfg.badgeRemoved': { fr: 'Fin de session au retrait du badge', en: 'Session ends when the card is removed' },
  'bcfg.accessTimeout': { fr: 'Attente de la réponse du serveur avant la liste hors ligne (ms)', en: 'Wait for the server before the offline list (ms)' },
  'bcfg.save': { fr: 'Enregistrer et envoyer à la passerelle', en: 'Save and send to the bridge' },
  'bcfg.saved': { fr: 'Configuration enregistrée et envoyée.', en: 'Configuration saved and sent.' },
  'bcfg.back': { fr: 'Installation du lieu', en: 'Site installation' },
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
    private readonly configs: BridgeConfigService,
  ) {}

  /**
   * One bridge, for the site's managers: its health (last sign of life, version, uptime, silent)
   * and its served configuration — serial devices and machine settings — edited with forms.js
   * (PUT /api/bridges/:id/config, reasons in French). Another site's bridge is a 404.
   */
  @Public()
  @Get('bridges/:id')
  bridge(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      strictCsp(res);
      const view = await this.configs.view(ctx.viewer, id);
      const bridge = (await this.bridges.list(ctx.viewer)).find((b) => b.id === id)!;
      const zone = await this.sites.zoneOf(bridge.siteId);
      const lang = ctx.lang;
      const title = tr('bcfg.title', lang).replace('{name}', bridge.name);
      const body = html`<h1>${title}</h1>
<p><a href="/site${ctx.viewer.role === 'admin' ? `?siteId=${bridge.siteId}` : ''}">← ${tr('bcfg.back', lang)}</a></p>
${healthCard(view, zone, lang)}
${configForm(view, lang)}`;
      return pageLayout(ctx, { title, body, current: '/site' });
    });
  }

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
<td><p><a href="/bridges/${b.id}">${tr('bridges.settings', lang)}</a></p><form data-api="/api/bridges/${b.id}/secret" data-method="POST" data-confirm="${tr('bridges.resetConfirm', lang)}" data-result="#config-${b.id}" data-result-field="configYaml" novalidate>
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

const fact = (label: string, value: SafeHtml | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;

/** « 3 j 4 h », « 2 h 05 », « 12 min »: how long the bridge's process has been running. */
export function uptimeWords(seconds: number, lang: Lang): string {
  const min = Math.floor(seconds / 60);
  const h = Math.floor(min / 60);
  const d = Math.floor(h / 24);
  if (d > 0) return lang === 'fr' ? `${d} j ${h % 24} h` : `${d} d ${h % 24} h`;
  if (h > 0) return `${h} h ${String(min % 60).padStart(2, '0')}`;
  return `${min} min`;
}

function healthCard(v: BridgeConfigView, zone: string, lang: Lang): SafeHtml {
  const state = v.silentSince
    ? html`<span class="pill s-offline" id="bridge-state" data-state="silent">${tr('bcfg.silent', lang)}</span>`
    : html`<span class="pill ${v.online ? 's-online' : 's-offline'}" id="bridge-state" data-state="${v.online ? 'online' : 'offline'}">${
        v.online ? tr('bridges.online', lang) : tr('bridges.offline', lang)
      }</span>`;
  const served = v.version
    ? html`${tr('bcfg.servedOf', lang).replace('{when}', localDateTime(v.issuedAt!, zone, lang, 'medium'))} · ${
        v.applied === v.version ? tr('bcfg.applied', lang) : tr('bcfg.notApplied', lang)
      }`
    : tr('bcfg.servedNone', lang);
  return html`<section class="card" id="bridge-health"><h2>${tr('bcfg.health', lang)}</h2><dl class="site-facts">
${fact(tr('bcfg.state', lang), state)}
${fact(tr('bcfg.lastSeen', lang), v.lastSeenAt ? html`<time datetime="${v.lastSeenAt}">${localDateTime(v.lastSeenAt, zone, lang, 'medium')}</time>` : tr('bcfg.never', lang))}
${fact(tr('bcfg.version', lang), v.firmwareVersion ?? '—')}
${fact(tr('bcfg.uptime', lang), v.uptimeSeconds === null ? '—' : uptimeWords(v.uptimeSeconds, lang))}
${fact(tr('bcfg.machines', lang), v.bridgeMachines.join(', ') || '—')}
${fact(tr('bcfg.served', lang), html`<span id="config-served">${served}</span>`)}
</dl></section>`;
}

/** The devices already served, then two empty rows for new ones; one fieldset of settings per machine. */
function configForm(v: BridgeConfigView, lang: Lang): SafeHtml {
  if (!v.bridgeMachines.length) return html`<section class="card"><h2>${tr('bcfg.edit', lang)}</h2><p>${tr('bcfg.noMachine', lang)}</p></section>`;
  const none: [string, string] = ['', tr('bcfg.none', lang)];
  const str = (x: unknown) => (x === undefined || x === null ? '' : String(x));
  const rows = [...v.devices, {}, {}];
  const device = (
    d: Record<string, unknown>,
    i: number,
  ) => html`<fieldset class="card" data-device-row="${i}"><legend>${tr('bcfg.device', lang).replace('{n}', String(i + 1))}</legend>
${field({ label: tr('bcfg.name', lang), name: `devices.${i}.name`, value: str(d.name), lang, attrs: html`autocomplete="off"` })}
${select({ label: tr('bcfg.driver', lang), name: `devices.${i}.driver`, value: str(d.driver), lang, options: [none, ...BRIDGE_DRIVERS.map((x): [string, string] => [x, x])] })}
${field({ label: tr('bcfg.port', lang), name: `devices.${i}.port`, value: str(d.port), lang, attrs: html`autocomplete="off"` })}
${select({ label: tr('bcfg.machine', lang), name: `devices.${i}.machine`, value: str(d.machine), lang, options: [none, ...v.bridgeMachines.map((m): [string, string] => [m, m])] })}
${field({ label: tr('bcfg.baud', lang), name: `devices.${i}.baudRate`, type: 'number', value: str(d.baudRate), lang, attrs: html`data-type="number" min="300" inputmode="numeric"` })}
${field({ label: tr('bcfg.channel', lang), name: `devices.${i}.channel`, type: 'number', value: str(d.channel), lang, attrs: html`data-type="number" min="1" max="255" inputmode="numeric"` })}
${select({ label: tr('bcfg.display', lang), name: `devices.${i}.display`, value: str(d.display), lang, options: [none, ...BOARD_DISPLAYS.map((x): [string, string] => [x, x])] })}
</fieldset>`;
  const settingsOf = new Map(v.machines.map((m) => [String(m.machine), m]));
  const number = (name: string, label: string, value: unknown) =>
    field({ label, name, type: 'number', value: str(value), lang, attrs: html`data-type="number" min="0" inputmode="numeric"` });
  const machine = (slug: string, i: number) => {
    const m = settingsOf.get(slug) ?? {};
    const p = `machines.${i}`;
    return html`<fieldset class="card" data-machine-row="${slug}"><legend>${tr('bcfg.settingsOf', lang).replace('{machine}', slug)}</legend>
<input type="hidden" name="${p}.machine" value="${slug}">
${field({ label: tr('bcfg.relay', lang), name: `${p}.relay`, value: str(m.relay), lang, attrs: html`autocomplete="off"` })}
${number(`${p}.idleTimeoutSeconds`, tr('bcfg.idle', lang), m.idleTimeoutSeconds)}
${number(`${p}.powerThresholdMa`, tr('bcfg.threshold', lang), m.powerThresholdMa)}
${number(`${p}.graceSeconds`, tr('bcfg.grace', lang), m.graceSeconds)}
${number(`${p}.powerOffSeconds`, tr('bcfg.powerOff', lang), m.powerOffSeconds)}
<div class="field"><label><input type="checkbox" name="${p}.endSessionOnBadgeRemoved" data-type="boolean"${m.endSessionOnBadgeRemoved === false ? '' : html` checked`}> ${tr(
      'bcfg.badgeRemoved',
      lang,
    )}</label></div>
</fieldset>`;
  };
  return html`<section><h2>${tr('bcfg.edit', lang)}</h2><p class="muted">${tr('bcfg.editIntro', lang)}</p>
<form id="bridge-config" data-api="/api/bridges/${v.bridgeId}/config" data-method="PUT" data-ok="${tr('bcfg.saved', lang)}" novalidate>
<h3>${tr('bcfg.devices', lang)}</h3>
${rows.map(device)}
${v.bridgeMachines.map(machine)}
${field({ label: tr('bcfg.accessTimeout', lang), name: 'accessTimeoutMs', type: 'number', value: str(v.accessTimeoutMs), lang, attrs: html`data-type="number" min="200" inputmode="numeric"` })}
<div class="actions"><button type="submit">${tr('bcfg.save', lang)}</button></div>
${formMessage()}</form></section>`;
}
