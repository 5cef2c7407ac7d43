import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditLog } from '../access/audit-log';
import { UsageSessions } from '../access/usage-sessions';
import type { AccessDecision } from '../access/entities/access-decision.entity';
import { BridgesService } from '../bridges/bridges.service';
import { Public } from '../common/public.decorator';
import { siteOf } from '../common/viewer';
import { Machine } from './entities/machine.entity';
import { MachineLive, MachineLiveService } from './machine-live.service';
import { MachinesService } from './machines.service';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { html, jsonIsland, SafeHtml } from '../web/html';
import { localTime } from '../common/local-format';
import { defineDictionary, formatTime, Lang } from '../web/i18n';
import { bridgeWord, liveWords, statusWord, telemetryText, trm, typeIcon, typeWord } from './machine-words';
import { canWatchLive, PageContext, pageLayout, PageRequest, renderPage, sendHtml, strictCsp } from '../web/page';
import { MachinesPageQuery } from '../web/dto/pages-query.dto';

const tr = defineDictionary({
  'machines.title': { fr: 'Machines en direct', en: 'Live machines' },
  'machines.feed': { fr: 'Derniers passages de badge', en: 'Latest badge reads' },
  'machines.feedEmpty': { fr: "Aucun passage de badge pour l'instant.", en: 'No badge reads yet.' },
  'machines.none': { fr: "Aucune machine dans ce lieu pour l'instant.", en: 'No machines at this site yet.' },
  'machines.wall': { fr: 'Écran mural', en: 'Wall screen' },
  'machines.allSites': { fr: 'Tous les lieux', en: 'All sites' },
  'machines.site': { fr: 'Lieu', en: 'Site' },
  'machines.noLive': { fr: 'Actualisez la page pour voir les derniers changements.', en: 'Reload the page to see the latest changes.' },
});

/** What a tile shows, gathered from the services once per page (or per reconnect). */
interface Tile {
  machine: Machine;
  live?: MachineLive;
  holder: string | null;
  bridgeOnline: boolean | null;
}

interface FeedItem {
  decision: string;
  machineName: string;
  displayName?: string | null;
  message: string;
  at: Date | string;
  offline?: boolean;
}

/** The live machines page: tiles per machine and the latest decisions; live.js keeps it current. */
@ApiExcludeController()
@Controller()
export class MachinesPages {
  constructor(
    private readonly machines: MachinesService,
    private readonly live: MachineLiveService,
    private readonly auditLog: AuditLog,
    private readonly sessions: UsageSessions,
    private readonly people: PeopleService,
    private readonly bridges: BridgesService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get('machines')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: MachinesPageQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const siteId = q.siteId;
      const wall = q.wall === '1';
      const watch = canWatchLive(ctx.viewer);
      const root = await this.liveRoot(ctx, siteId, watch);
      if (q.fragment === '1') {
        sendHtml(res, 200, root.value);
        return null;
      }
      const query = new URLSearchParams({ fragment: '1', ...(siteId ? { siteId } : {}) });
      const sitePicker = ctx.viewer.role === 'admin' ? await this.sitePicker(ctx, siteId) : '';
      // The wall screen is the managers' dashboard (dashboard.pages.ts), for those who may watch live.
      const wallHref = `/dashboard${siteId ? `?${new URLSearchParams({ siteId })}` : ''}`;
      const body = html`<div class="page-head row">
  <h1>${tr('machines.title', ctx.lang)}</h1>
  ${watch ? html`<p class="live-state" id="live-state" data-state="connecting" role="status">${trm('live.connecting', ctx.lang)}</p>` : ''}
  ${wall ? html`<p class="clock" id="clock">${formatClock(new Date(), ctx.lang, ctx.zone)}</p>` : watch ? html`<a class="button secondary" href="${wallHref}">${tr('machines.wall', ctx.lang)}</a>` : ''}
</div>
${sitePicker}
${watch ? '' : html`<p class="muted">${tr('machines.noLive', ctx.lang)}</p>`}
<div id="live-root">${root}</div>
${watch ? jsonIsland('live-data', { lang: ctx.lang, zone: ctx.zone, words: liveWords(ctx.lang), fragmentUrl: `/machines?${query}` }) : ''}`;
      return pageLayout(ctx, {
        title: tr('machines.title', ctx.lang),
        body,
        wide: true,
        wall,
        current: '/machines',
        scripts: watch ? ['/socket.io/socket.io.js', '/assets/live.js'] : [],
      });
    });
  }

  private async sitePicker(ctx: PageContext, current?: string): Promise<SafeHtml> {
    const sites = await this.sites.list(ctx.viewer);
    if (sites.length < 2) return html``;
    const link = (id: string | undefined, name: string) =>
      html`<li><a class="button secondary" href="${id ? `/machines?siteId=${encodeURIComponent(id)}` : '/machines'}"${
        id === current ? html` aria-current="page"` : ''
      }>${name}</a></li>`;
    return html`<nav aria-label="${tr('machines.site', ctx.lang)}"><ul class="actions list-inline">${link(undefined, tr('machines.allSites', ctx.lang))}${sites.map(
      (s) => link(s.id, s.name),
    )}</ul></nav>`;
  }

  /** Tiles and feed: rendered here on first load and again by live.js after a reconnect. */
  private async liveRoot(ctx: PageContext, requested: string | undefined, watch: boolean): Promise<SafeHtml> {
    const site = siteOf(ctx.viewer, requested);
    const machines = await this.machines.list(ctx.viewer, requested);
    if (!machines.length) return html`<p class="card">${tr('machines.none', ctx.lang)}</p>`;
    if (!watch)
      return html`<ul class="tiles">${machines.map((m) => tileHtml({ machine: m, holder: null, bridgeOnline: null }, ctx.lang, false, ctx.zone))}</ul>`;

    const [decisions, sessions, bridges] = await Promise.all([
      this.auditLog.recent(site, 20),
      this.sessions.openSessions(site),
      this.bridges.list(ctx.viewer, requested),
    ]);
    const names = await this.namesOf([...decisions.map((d) => d.personId), ...sessions.flatMap((s) => (s.personId ? [s.personId] : []))]);
    const online = new Map(bridges.map((b) => [b.id, b.online]));
    const tiles: Tile[] = machines.map((machine) => {
      const live = this.live.get(machine.id);
      const session = sessions.find((s) => s.machineId === machine.id);
      const holder = live && live.holder !== undefined ? (live.holder?.displayName ?? null) : session?.personId ? (names.get(session.personId) ?? null) : null;
      return { machine, live, holder, bridgeOnline: machine.bridgeId ? (online.get(machine.bridgeId) ?? false) : null };
    });
    const byId = new Map(machines.map((m) => [m.id, m]));
    const feed = decisions
      .filter((d) => byId.has(d.machineId))
      .map((d) => feedFromAudit(d, byId.get(d.machineId)!.name, d.personId ? names.get(d.personId) : null));
    return html`<div class="columns">
  <section aria-labelledby="tiles-title"><h2 id="tiles-title" class="visually-hidden">${tr('machines.title', ctx.lang)}</h2>
    <ul class="tiles" id="tiles">${tiles.map((tile) => tileHtml(tile, ctx.lang, true, ctx.zone))}</ul>
  </section>
  <section aria-labelledby="feed-title"><h2 id="feed-title">${tr('machines.feed', ctx.lang)}</h2>
    <ol class="feed" id="feed" aria-live="polite">${feed.map((f) => feedHtml(f, ctx.lang, ctx.zone))}</ol>
    <p class="muted feed-empty" id="feed-empty"${feed.length ? html` hidden` : ''}>${tr('machines.feedEmpty', ctx.lang)}</p>
  </section>
</div>`;
  }

  private async namesOf(ids: Array<string | null>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    const people = await Promise.all(unique.map((id) => this.people.findPerson(id)));
    return new Map(people.filter((p) => !!p).map((p) => [p.id, p.displayName]));
  }
}

const feedFromAudit = (d: AccessDecision, machineName: string, displayName?: string | null): FeedItem => ({
  decision: d.decision,
  machineName,
  displayName,
  message: d.messageFr,
  at: d.decidedAt,
  offline: d.source === 'offline',
});

export function tileHtml(tile: Tile, lang: Lang, watch: boolean, zone: string): SafeHtml {
  const { machine: m, live } = tile;
  const last = live?.lastDecision;
  const bridge =
    tile.bridgeOnline === null
      ? trm('bridge.none', lang)
      : `${trm('bridge.label', lang)} : ${trm(tile.bridgeOnline ? 'bridge.online' : 'bridge.down', lang)}${live?.bridgeState ? ` · ${bridgeWord(live.bridgeState, lang)}` : ''}`;
  return html`<li class="tile" id="machine-${m.id}" data-machine-id="${m.id}" data-bridge-id="${m.bridgeId ?? ''}" data-status="${m.status}">
  <div class="tile-head"><span class="tile-icon" title="${typeWord(m.type, lang)}">${typeIcon(m.type)}</span><h3 class="tile-name">${m.name}</h3></div>
  <div><span class="pill s-${m.status} tile-status" data-role="status">${statusWord(m.status, lang)}</span>
    <span class="tile-reason muted" data-role="reason">${m.statusReason ?? ''}</span></div>
  ${
    watch
      ? html`<div class="tile-holder" data-role="holder">${tile.holder ? trm('holder.on', lang, { name: tile.holder }) : ''}</div>
  <div class="tile-last ${last?.decision ?? ''}" data-role="last">${last ? lastText(last, lang, zone) : ''}</div>
  <div class="tile-bridge" data-role="bridge" data-bridge-online="${tile.bridgeOnline === null ? '' : String(tile.bridgeOnline)}" data-bridge-state="${live?.bridgeState ?? ''}">${bridge}</div>
  <div class="tile-telemetry" data-role="telemetry">${telemetryText(live?.telemetry, lang)}</div>
  <div class="tile-alarm" data-role="alarm" hidden></div>`
      : ''
  }
</li>`;
}

const lastText = (d: NonNullable<MachineLive['lastDecision']>, lang: Lang, zone: string) =>
  `${formatTime(d.at, lang, zone)} · ${trm(d.decision === 'granted' ? 'decision.granted' : 'decision.denied', lang)}${d.displayName ? ` · ${d.displayName}` : ''} · ${d.message}`;

export function feedHtml(f: FeedItem, lang: Lang, zone: string): SafeHtml {
  const at = f.at instanceof Date ? f.at : new Date(f.at);
  const what = `${trm(f.decision === 'granted' ? 'decision.granted' : 'decision.denied', lang)}${f.offline ? ` ${trm('decision.offline', lang)}` : ''} — ${f.machineName}`;
  return html`<li class="${f.decision}"><time datetime="${at.toISOString()}">${formatTime(at, lang, zone)}</time><span class="what">${what}</span><span class="msg">${[f.displayName, f.message].filter(Boolean).join(' · ')}</span></li>`;
}

/** The wall screen's clock (hours and minutes, the site's); live.js keeps it ticking. */
const formatClock = (d: Date, lang: Lang, zone: string) => localTime(d, zone, lang);
