import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { Response } from 'express';
import { localTime } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { PageQuery } from '../common/query.dto';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, type Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { isManager, pageLayout, PageContext, PageRequest, renderPage } from '../web/page';
import { DESK_ROLES } from './stations.controller';
import { FreeAccessSettingsDto, JoinQueueDto, OpenStationSessionDto } from './dto/stations.dto';
import { StationsBoard, StationsService, StationView } from './stations.service';

addNavLink({ href: '/stations', key: 'nav.stations', roles: [...DESK_ROLES], group: 'machines', order: 15 });

const ts = defineDictionary({
  'nav.stations': { fr: 'Postes en accès libre', en: 'Public computers' },
  'st.title': { fr: 'Postes en accès libre', en: 'Public computers' },
  'st.intro': {
    fr: 'Une session dure {minutes} min au plus ; le poste se verrouille tout seul à l’heure de fin.',
    en: 'A session lasts {minutes} min at most; the computer locks itself at the end time.',
  },
  'st.none': {
    fr: 'Aucun poste en accès libre : ajoutez une machine de type « Poste en accès libre ».',
    en: 'No public computer: add a machine of type « Public computer ».',
  },
  'st.free': { fr: 'Libre', en: 'Free' },
  'st.in_use': { fr: 'Occupé', en: 'In use' },
  'st.called': { fr: 'Attend {name}', en: 'Waiting for {name}' },
  'st.unavailable': { fr: 'Indisponible', en: 'Unavailable' },
  'st.until': { fr: '{name} jusqu’à {time}', en: '{name} until {time}' },
  'st.anonymous': { fr: 'Visiteur anonyme', en: 'Anonymous visitor' },
  'st.end': { fr: 'Terminer la session', en: 'End the session' },
  'st.open': { fr: 'Ouvrir une session', en: 'Open a session' },
  'st.station': { fr: 'Poste', en: 'Computer' },
  'st.person': { fr: 'Personne inscrite (vide : visiteur anonyme)', en: 'Registered person (empty: anonymous visitor)' },
  'st.visitor': { fr: 'Prénom du visiteur (facultatif, effacé à la fin)', en: 'Visitor’s first name (optional, erased at the end)' },
  'st.anyone': { fr: '— visiteur anonyme —', en: '— anonymous visitor —' },
  'st.queue': { fr: 'File d’attente', en: 'Waiting line' },
  'st.queueEmpty': { fr: 'Personne n’attend.', en: 'Nobody is waiting.' },
  'st.waiting': { fr: 'attend depuis {time}', en: 'waiting since {time}' },
  'st.calledTo': { fr: 'appelé(e) au poste {station} à {time}', en: 'called to {station} at {time}' },
  'st.start': { fr: 'Installer sur {station}', en: 'Seat at {station}' },
  'st.leave': { fr: 'Retirer de la file', en: 'Remove from the line' },
  'st.join': { fr: 'Ajouter à la file', en: 'Add to the line' },
  'st.joinVisitor': { fr: 'ou prénom du visiteur, pour l’appeler', en: 'or the visitor’s first name, to call them' },
  'st.settings': { fr: 'Durée d’une session (minutes)', en: 'Session length (minutes)' },
  'st.save': { fr: 'Enregistrer', en: 'Save' },
  'st.pickSite': { fr: 'Choisissez un lieu :', en: 'Pick a site:' },
});

class StationsPageQuery extends PageQuery {
  /** Lieu (admin seulement). Site (admin only). */
  @IsOptional() @IsUUID() siteId?: string;
}

const nameOr = (name: string | null, lang: Lang) => name ?? ts('st.anonymous', lang);

function stationCard(s: StationView, ctx: PageContext, siteQ: string): SafeHtml {
  const { lang, zone } = ctx;
  const state =
    s.state === 'in_use' && s.session
      ? ts('st.until', lang, { name: nameOr(s.session.name, lang), time: localTime(s.session.until, zone, lang) })
      : s.state === 'called'
        ? ts('st.called', lang, { name: nameOr(s.calledFor?.name ?? null, lang) })
        : ts(`st.${s.state}`, lang);
  return html`<li class="card" data-station="${s.machineId}" data-state="${s.state}"><strong>${s.name}</strong> — <span>${state}</span>${
    s.session
      ? html`<form method="post" action="/stations/${s.machineId}/end${siteQ}"><button type="submit" class="button secondary">${ts('st.end', lang)}</button></form>`
      : ''
  }</li>`;
}

/** The desk's page of free-access computers: stations, the waiting line, sessions opened and ended. */
@ApiExcludeController()
@Controller()
export class StationsPages {
  constructor(
    private readonly stations: StationsService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get('stations')
  desk(@Req() req: PageRequest, @Res() res: Response, @Query() q: StationsPageQuery) {
    return renderPage(req, res, [...DESK_ROLES], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const title = ts('st.title', lang);
      if (viewer.role === 'admin' && !q.siteId) {
        const sites = await this.sites.list(viewer);
        const body = html`<h1>${title}</h1><p>${ts('st.pickSite', lang)}</p><ul>${sites.map((s) => html`<li><a href="/stations?siteId=${s.id}">${s.name}</a></li>`)}</ul>`;
        return pageLayout(ctx, { title, body });
      }
      const board: StationsBoard = await this.stations.board(viewer, q.siteId);
      const people = (await this.people.list(viewer, board.siteId)).filter((p) => p.active);
      const siteQ = viewer.role === 'admin' ? `?siteId=${board.siteId}` : '';
      const free = board.stations.filter((s) => s.state === 'free');
      const personOptions = html`<option value="">${ts('st.anyone', lang)}</option>${people.map((p) => html`<option value="${p.id}">${p.displayName}</option>`)}`;
      const body = html`<h1>${title}</h1>
<p class="muted">${ts('st.intro', lang, { minutes: board.minutes })}</p>
${board.stations.length ? html`<ul class="stations">${board.stations.map((s) => stationCard(s, ctx, siteQ))}</ul>` : html`<p class="card">${ts('st.none', lang)}</p>`}
${
  free.length
    ? html`<section class="card"><h2>${ts('st.open', lang)}</h2>
<form method="post" action="/stations/sessions${siteQ}">
  <p><label>${ts('st.station', lang)}<br><select name="machineId" required>${free.map((s) => html`<option value="${s.machineId}">${s.name}</option>`)}</select></label></p>
  <p><label>${ts('st.person', lang)}<br><select name="personId">${personOptions}</select></label></p>
  <p><label>${ts('st.visitor', lang)}<br><input name="visitorName" maxlength="80" autocomplete="off"></label></p>
  <p><button type="submit" class="button">${ts('st.open', lang)}</button></p>
</form></section>`
    : ''
}
<section class="card" id="queue"><h2>${ts('st.queue', lang)}</h2>
${
  board.queue.length
    ? html`<ol>${board.queue.map(
        (e) =>
          html`<li data-entry="${e.id}" data-status="${e.status}"><strong>${nameOr(e.name, lang)}</strong> — ${
            e.status === 'called'
              ? ts('st.calledTo', lang, { station: e.machineName ?? '?', time: localTime(e.calledAt!, zone, lang) })
              : ts('st.waiting', lang, { time: localTime(e.addedAt, zone, lang) })
          }${
            e.status === 'called' && e.machineId
              ? html`<form method="post" action="/stations/sessions${siteQ}"><input type="hidden" name="machineId" value="${e.machineId}"><input type="hidden" name="queueEntryId" value="${e.id}"><button type="submit" class="button">${ts('st.start', lang, { station: e.machineName ?? '?' })}</button></form>`
              : ''
          }<form method="post" action="/stations/queue/${e.id}/leave${siteQ}"><button type="submit" class="button secondary">${ts('st.leave', lang)}</button></form></li>`,
      )}</ol>`
    : html`<p class="muted">${ts('st.queueEmpty', lang)}</p>`
}
<form method="post" action="/stations/queue${siteQ}">
  ${viewer.role === 'admin' ? html`<input type="hidden" name="siteId" value="${board.siteId}">` : ''}
  <p><label>${ts('st.person', lang)}<br><select name="personId">${personOptions}</select></label></p>
  <p><label>${ts('st.joinVisitor', lang)}<br><input name="visitorName" maxlength="80" autocomplete="off"></label></p>
  <p><button type="submit" class="button secondary">${ts('st.join', lang)}</button></p>
</form></section>
${
  isManager(viewer)
    ? html`<section class="card"><h2>${ts('st.settings', lang)}</h2>
<form method="post" action="/stations/settings${siteQ}">
  ${viewer.role === 'admin' ? html`<input type="hidden" name="siteId" value="${board.siteId}">` : ''}
  <p><label>${ts('st.settings', lang)}<br><input name="minutes" type="number" min="5" max="720" inputmode="numeric" required value="${board.minutes}"></label></p>
  <p><button type="submit" class="button secondary">${ts('st.save', lang)}</button></p>
</form></section>`
    : ''
}`;
      return pageLayout(ctx, { title, body });
    });
  }

  @Public()
  @Post('stations/sessions')
  open(@Req() req: PageRequest, @Res() res: Response, @Body() form: OpenStationSessionDto, @Query() q: StationsPageQuery) {
    return renderPage(req, res, [...DESK_ROLES], async (ctx) => {
      await this.stations.open(ctx.viewer, form);
      return this.back(res, q);
    });
  }

  @Public()
  @Post('stations/:machineId/end')
  end(@Req() req: PageRequest, @Res() res: Response, @Param('machineId', ParseUUIDPipe) machineId: string, @Query() q: StationsPageQuery) {
    return renderPage(req, res, [...DESK_ROLES], async (ctx) => {
      await this.stations.end(ctx.viewer, machineId);
      return this.back(res, q);
    });
  }

  @Public()
  @Post('stations/queue')
  join(@Req() req: PageRequest, @Res() res: Response, @Body() form: JoinQueueDto, @Query() q: StationsPageQuery) {
    return renderPage(req, res, [...DESK_ROLES], async (ctx) => {
      await this.stations.join(ctx.viewer, form);
      return this.back(res, q);
    });
  }

  @Public()
  @Post('stations/queue/:id/leave')
  leave(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() q: StationsPageQuery) {
    return renderPage(req, res, [...DESK_ROLES], async (ctx) => {
      await this.stations.leave(ctx.viewer, id);
      return this.back(res, q);
    });
  }

  @Public()
  @Post('stations/settings')
  settings(@Req() req: PageRequest, @Res() res: Response, @Body() form: FreeAccessSettingsDto, @Query() q: StationsPageQuery) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      await this.stations.setMinutes(ctx.viewer, form);
      return this.back(res, q);
    });
  }

  private back(res: Response, q: StationsPageQuery): null {
    res.redirect(303, q.siteId ? `/stations?siteId=${q.siteId}` : '/stations');
    return null;
  }
}
