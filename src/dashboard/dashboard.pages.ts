import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { DashboardService } from './dashboard.service';
import { SitesService } from '../sites/sites.service';
import { html, jsonIsland, SafeHtml } from '../web/html';
import { localTime } from '../common/local-format';
import { defineDictionary, Lang, t } from '../web/i18n';
import { addNavLink, withLang } from '../web/layout';
import { liveWords, STATUS_ORDER, svg, typeIcon } from '../machines/machine-words';
import { WALL_BANDS, wallBandClass } from './wall-layout';
import { isManager, PageContext, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { SitePageQuery } from '../common/query.dto';

addNavLink({ href: '/dashboard', key: 'nav.dashboard', roles: ['manager', 'trainer', 'volunteer'], group: 'machines', order: 40 });

/** Words of the wall screen; dashboard.js gets them all in the data island (dashboardWords). */
const td = defineDictionary({
  'nav.dashboard': { fr: 'Tableau de bord', en: 'Dashboard' },
  'dash.title': { fr: 'Tableau de bord', en: 'Dashboard' },
  'dash.backToMachines': { fr: 'Machines', en: 'Machines' },
  'dash.site': { fr: 'Lieu', en: 'Site' },
  'dash.noSite': { fr: "Aucun lieu pour l'instant : créez-en un d'abord.", en: 'No site yet: create one first.' },
  'dash.count.free': { fr: 'Libres', en: 'Free' },
  'dash.count.in_use': { fr: 'Occupées', en: 'In use' },
  'dash.count.reserved': { fr: 'Réservées', en: 'Booked' },
  'dash.count.to_check': { fr: 'À vérifier', en: 'To check' },
  'dash.count.maintenance': { fr: 'En maintenance', en: 'Maintenance' },
  'dash.count.disabled': { fr: 'Hors service', en: 'Out of order' },
  'dash.count.offline': { fr: 'Hors ligne', en: 'Offline' },
  'dash.counters': { fr: 'En un coup d’œil', en: 'At a glance' },
  'dash.machines': { fr: 'Machines', en: 'Machines' },
  'dash.none': { fr: "Aucune machine dans ce lieu pour l'instant.", en: 'No machines at this site yet.' },
  'dash.alerts': { fr: 'Alertes', en: 'Alerts' },
  'dash.alertsNone': { fr: 'Aucune alerte : tout va bien.', en: 'No alerts: all is well.' },
  'dash.alert.alarm': { fr: 'Alarme', en: 'Alarm' },
  'dash.alert.device_failed': { fr: 'Appareil en panne', en: 'Device failure' },
  'dash.alert.bridge_offline': { fr: 'Boîtier déconnecté', en: 'Bridge offline' },
  'dash.alert.bridge_silent': { fr: 'Boîtier muet', en: 'Bridge silent' },
  'dash.alert.silentWhy': {
    fr: 'dernier signe de vie {ago}, bien que sa connexion paraisse ouverte : redémarrez-le',
    en: 'last sign of life {ago} although its connection looks open: restart it',
  },
  'dash.alert.unattended': { fr: 'En marche sans personne inscrite', en: 'Running with nobody signed in' },
  'dash.alert.maintenance_due': { fr: 'Entretien à faire', en: 'Care due' },
  'dash.alert.machines': { fr: 'Machines : {names}', en: 'Machines: {names}' },
  'dash.ack': { fr: "J'ai vu", en: 'Seen' },
  'dash.acked': { fr: 'Alerte notée.', en: 'Alert noted.' },
  'dash.feed': { fr: 'Derniers passages de badge', en: 'Latest badge reads' },
  'dash.feedEmpty': { fr: "Aucun passage de badge pour l'instant.", en: 'No badge reads yet.' },
  'dash.offlineMark': { fr: 'hors ligne', en: 'offline' },
  'dash.actions': { fr: "Dernières actions de l'équipe", en: 'Latest staff actions' },
  'dash.actionsEmpty': { fr: "Aucune action pour l'instant.", en: 'No actions yet.' },
  'dash.action.machine.lock': { fr: 'a verrouillé', en: 'locked' },
  'dash.action.session.end': { fr: 'a terminé la session sur', en: 'ended the session on' },
  'dash.action.machine.maintenance': { fr: 'a mis en maintenance', en: 'put in maintenance' },
  'dash.action.machine.release': { fr: 'a remis en service', en: 'put back in service' },
  'dash.action.alert.ack': { fr: "a vu l'alerte", en: 'acknowledged the alert' },
  'dash.since': { fr: 'depuis {time}', en: 'since {time}' },
  'dash.ago.now': { fr: "à l'instant", en: 'just now' },
  'dash.ago.min': { fr: 'il y a {n} min', en: '{n} min ago' },
  'dash.ago.hour': { fr: 'il y a {h} h {m}', en: '{h} h {m} min ago' },
  'dash.ago.day': { fr: 'il y a {n} j', en: '{n} d ago' },
  'dash.activity': { fr: 'Dernière activité {ago}', en: 'Last activity {ago}' },
  'dash.activityNone': { fr: "Pas d'activité récente", en: 'No recent activity' },
  'dash.holderSince': { fr: 'depuis {time} ({ago})', en: 'since {time} ({ago})' },
  'dash.progress': { fr: '{n} %', en: '{n}%' },
  'dash.job.bridge_lost': { fr: 'passerelle injoignable', en: 'bridge unreachable' },
  'dash.job.paused': { fr: 'en pause', en: 'paused' },
  'dash.plug': { fr: 'Prise', en: 'Plug' },
  'dash.plug.on': { fr: 'allumée', en: 'on' },
  'dash.plug.off': { fr: 'éteinte', en: 'off' },
  'dash.plug.down': { fr: 'Prise connectée injoignable', en: 'Smart plug unreachable' },
  'dash.bridge.down': { fr: 'Boîtier déconnecté : badges et verrou hors service', en: 'Bridge offline: badges and lock not working' },
  'dash.setBy': { fr: 'par {name}', en: 'by {name}' },
  'dash.menu': { fr: 'Actions', en: 'Actions' },
  'dash.act.lock': { fr: 'Verrouiller', en: 'Lock' },
  'dash.act.end': { fr: 'Terminer la session', en: 'End the session' },
  'dash.act.maintenance': { fr: 'Mettre en maintenance', en: 'Put in maintenance' },
  'dash.act.release': { fr: 'Remettre en service', en: 'Put back in service' },
  'dash.reasonRequired': { fr: 'Raison (obligatoire)', en: 'Reason (required)' },
  'dash.reasonOptional': { fr: 'Raison (facultatif)', en: 'Reason (optional)' },
  'dash.confirm.lock': { fr: 'Verrouiller maintenant', en: 'Lock now' },
  'dash.confirm.end': { fr: 'Terminer maintenant', en: 'End it now' },
  'dash.confirm.maintenance': { fr: 'Confirmer la maintenance', en: 'Confirm maintenance' },
  'dash.endsSession': { fr: 'La session de {name} sera terminée.', en: "{name}'s session will be ended." },
  'dash.reasonNeeded': { fr: 'Indiquez la raison (2 caractères au moins).', en: 'Give the reason (2 characters at least).' },
  'dash.cancel': { fr: 'Annuler', en: 'Cancel' },
  'dash.done.lock': { fr: 'Machine verrouillée.', en: 'Machine locked.' },
  'dash.done.end': { fr: 'Session terminée.', en: 'Session ended.' },
  'dash.done.maintenance': { fr: 'Machine mise en maintenance.', en: 'Machine put in maintenance.' },
  'dash.done.release': { fr: 'Machine remise en service.', en: 'Machine back in service.' },
  'dash.sending': { fr: 'Envoi…', en: 'Sending…' },
  'dash.error': { fr: "Quelque chose n'a pas marché. Réessayez.", en: 'Something went wrong. Please try again.' },
  'dash.unreachable': { fr: 'Pas de connexion au serveur. Vérifiez le réseau et réessayez.', en: 'Cannot reach the server. Check the network and try again.' },
});

/** A counter per status, in the order of the machines list: none is left out (maintenance included). */
const COUNTED = STATUS_ORDER;

/** Everything dashboard.js says, in the page's language: the machine words plus the dashboard's own. */
function dashboardWords(lang: Lang): Record<string, string> {
  const own = [
    ...COUNTED.map((k) => `dash.count.${k}`),
    'dash.none',
    'dash.alertsNone',
    'dash.alert.alarm',
    'dash.alert.device_failed',
    'dash.alert.bridge_offline',
    'dash.alert.bridge_silent',
    'dash.alert.silentWhy',
    'dash.alert.unattended',
    'dash.alert.maintenance_due',
    'dash.alert.machines',
    'dash.ack',
    'dash.acked',
    'dash.feedEmpty',
    'dash.offlineMark',
    'dash.actionsEmpty',
    'dash.action.machine.lock',
    'dash.action.session.end',
    'dash.action.machine.maintenance',
    'dash.action.machine.release',
    'dash.action.alert.ack',
    'dash.since',
    'dash.ago.now',
    'dash.ago.min',
    'dash.ago.hour',
    'dash.ago.day',
    'dash.activity',
    'dash.activityNone',
    'dash.holderSince',
    'dash.progress',
    'dash.job.bridge_lost',
    'dash.job.paused',
    'dash.plug',
    'dash.plug.on',
    'dash.plug.off',
    'dash.plug.down',
    'dash.bridge.down',
    'dash.setBy',
    'dash.menu',
    'dash.act.lock',
    'dash.act.end',
    'dash.act.maintenance',
    'dash.act.release',
    'dash.reasonRequired',
    'dash.reasonOptional',
    'dash.confirm.lock',
    'dash.confirm.end',
    'dash.confirm.maintenance',
    'dash.endsSession',
    'dash.reasonNeeded',
    'dash.cancel',
    'dash.done.lock',
    'dash.done.end',
    'dash.done.maintenance',
    'dash.done.release',
    'dash.sending',
    'dash.error',
    'dash.unreachable',
  ];
  return { ...liveWords(lang), ...Object.fromEntries([...own, 'bridge.none'].map((k) => [k, t(k, lang)])) };
}

/** A shape per state, so state never rests on colour alone. */
const STATE_ICONS: Record<string, SafeHtml> = {
  free: svg('<circle cx="12" cy="12" r="9"/><path d="M8 12l3 3 5-6"/>'),
  in_use: svg('<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 4-6 8-6s8 2 8 6"/>'),
  reserved: svg('<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>'),
  to_check: svg('<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18h.01"/>'),
  maintenance: svg('<path d="M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z"/>'),
  disabled: svg('<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>'),
  offline: svg('<path d="M3 3l18 18"/><path d="M8.5 16.5a5 5 0 0 1 7 0"/><path d="M5 12.5a10 10 0 0 1 4-2.4M19 12.5a10 10 0 0 0-3-2"/><path d="M12 20h.01"/>'),
  granted: svg('<path d="M5 12l5 5 9-10"/>'),
  denied: svg('<path d="M6 6l12 12M18 6L6 18"/>'),
  alert: svg('<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18h.01"/>'),
  ok: svg('<circle cx="12" cy="12" r="9"/><path d="M8 12l3 3 5-6"/>'),
};

/**
 * Icons for dashboard.js to clone (no markup strings in the script): `data-icon="status-free"`,
 * `data-icon="type-laser"`…
 */
function iconTemplate(): SafeHtml {
  const types = ['laser', 'printer', 'cnc', 'other', 'public_computer'].map((ty) => html`<span data-icon="type-${ty}">${typeIcon(ty)}</span>`);
  const states = Object.entries(STATE_ICONS).map(([k, icon]) => html`<span data-icon="state-${k}">${icon}</span>`);
  return html`<template id="dash-icons">${types}${states}</template>`;
}

const clockText = (lang: Lang, zone: string) => localTime(new Date(), zone, lang);

/** The managers' wall screen: dashboard.js paints it from the snapshot in the page, then keeps it live. */
@ApiExcludeController()
@Controller()
export class DashboardPages {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get('dashboard')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    strictCsp(res);
    return renderPage(req, res, ['manager', 'trainer', 'volunteer'], async (ctx) => {
      const asked = q.siteId;
      const sites = ctx.viewer.role === 'admin' ? await this.sites.list(ctx.viewer) : [];
      // An admin sees one site at a time: the one asked for, else the first.
      const siteId = ctx.viewer.role === 'admin' ? (asked ?? sites[0]?.id) : asked;
      if (ctx.viewer.role === 'admin' && !siteId) {
        return pageLayout(ctx, { title: td('dash.title', ctx.lang), body: html`<p class="card">${td('dash.noSite', ctx.lang)}</p>`, wall: true });
      }
      const snapshot = await this.dashboard.snapshot(ctx.viewer, siteId);
      // The clock of the site on the wall (an admin's first site may not be the one the guard took).
      const zone = await this.sites.zoneOf(snapshot.siteId);
      const picker = sites.length > 1 ? sitePicker(ctx, sites, snapshot.siteId) : '';
      const island = {
        lang: ctx.lang,
        zone,
        words: dashboardWords(ctx.lang),
        siteId: snapshot.siteId,
        canAct: isManager(ctx.viewer),
        bands: WALL_BANDS,
        snapshot,
      };
      return pageLayout(ctx, {
        title: `${td('dash.title', ctx.lang)} · ${snapshot.siteName}`,
        body: html`${shell({ ...ctx, zone }, snapshot, picker, snapshot.tiles.length)}${iconTemplate()}${jsonIsland('dashboard-data', island)}`,
        wall: true,
        scripts: ['/socket.io/socket.io.js', '/assets/dashboard.js'],
      });
    });
  }
}

function sitePicker(ctx: PageContext, sites: Array<{ id: string; name: string }>, current: string): SafeHtml {
  return html`<nav class="dash-sites" aria-label="${td('dash.site', ctx.lang)}"><ul>${sites.map(
    (s) => html`<li><a href="/dashboard?siteId=${encodeURIComponent(s.id)}"${s.id === current ? html` aria-current="page"` : ''}>${s.name}</a></li>`,
  )}</ul></nav>`;
}

/** The frame dashboard.js fills: header, counters, alerts, tiles, feed, actions. */
function shell(ctx: PageContext, site: { siteId: string; siteName: string }, picker: SafeHtml | '', machineCount: number): SafeHtml {
  const l = ctx.lang;
  const machinesHref = ctx.viewer.role === 'admin' ? `/machines?siteId=${encodeURIComponent(site.siteId)}` : '/machines';
  const other: Lang = l === 'fr' ? 'en' : 'fr';
  const counter = (status: string) =>
    html`<li class="dash-count s-${status}" data-count="${status}"><span class="n" data-role="n">0</span> <span class="what">${td(`dash.count.${status}` as 'dash.count.free', l)}</span></li>`;
  return html`<div class="dash-wall"><header class="dash-head">
  <h1><span class="dash-site">${site.siteName}</span> <span class="visually-hidden">— ${td('dash.title', l)}</span></h1>
  <p class="live-state" id="live-state" data-state="connecting" role="status">${t('live.connecting', l)}</p>
  <p class="clock" id="clock">${clockText(l, ctx.zone)}</p>
  <nav class="dash-links" aria-label="Navigation"><a href="${machinesHref}">← ${td('dash.backToMachines', l)}</a> <a href="${withLang(ctx.path, other)}" lang="${other}" hreflang="${other}">${other.toUpperCase()}</a></nav>
  ${picker}
</header>
<ul class="dash-counts" id="counts" aria-label="${td('dash.counters', l)}">${COUNTED.map(counter)}</ul>
<div class="dash">
  <section class="dash-alerts" id="alerts-panel" aria-labelledby="alerts-title"><h2 id="alerts-title">${td('dash.alerts', l)}</h2>
    <ul id="alerts" aria-live="polite"></ul><p class="dash-calm" id="alerts-none">${STATE_ICONS.ok} ${td('dash.alertsNone', l)}</p>
    <p class="dash-done" id="alerts-done" role="status"></p>
  </section>
  <section class="dash-machines" aria-labelledby="tiles-title"><h2 id="tiles-title" class="visually-hidden">${td('dash.machines', l)}</h2>
    <ul class="tiles dash-tiles ${wallBandClass(machineCount)}" id="tiles"></ul><p class="card" id="tiles-none" hidden>${td('dash.none', l)}</p>
  </section>
  <section class="dash-feed" aria-labelledby="feed-title"><h2 id="feed-title">${td('dash.feed', l)}</h2>
    <ol class="feed" id="feed"></ol><p class="muted" id="feed-empty">${td('dash.feedEmpty', l)}</p>
  </section>
  <section class="dash-actions" aria-labelledby="actions-title"><h2 id="actions-title">${td('dash.actions', l)}</h2>
    <ol class="feed" id="actions"></ol><p class="muted" id="actions-empty">${td('dash.actionsEmpty', l)}</p>
  </section>
</div></div>`;
}
