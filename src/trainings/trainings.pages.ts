import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { siteOf } from '../common/viewer';
import { PeopleService } from '../people/people.service';
import { html } from '../web/html';
import { defineDictionary, formatDate } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageRequest, renderPage } from '../web/page';
import { dayOf } from '../common/local-format';
import { TrainingsService } from './trainings.service';
import { SitePageQuery } from '../common/query.dto';

const tr = defineDictionary({
  'nav.expiring': { fr: 'Formations à renouveler', en: 'Trainings to renew' },
  'expiring.title': { fr: 'Formations qui expirent bientôt', en: 'Trainings expiring soon' },
  'expiring.intro': {
    fr: 'Habilitations qui arrivent à échéance dans les 60 prochains jours. Les personnes qui ont un e-mail reçoivent un rappel 30 jours et 7 jours avant.',
    en: 'Qualifications ending within the next 60 days. People with an e-mail get a reminder 30 days and 7 days before.',
  },
  'expiring.empty': { fr: 'Aucune formation n\u2019expire dans les 60 prochains jours.', en: 'No training expires in the next 60 days.' },
  'expiring.person': { fr: 'Personne', en: 'Person' },
  'expiring.training': { fr: 'Formation', en: 'Training' },
  'expiring.on': { fr: 'Expire le', en: 'Expires on' },
  'expiring.left': { fr: 'Dans', en: 'In' },
  'expiring.days': { fr: '{n} jours', en: '{n} days' },
  'expiring.today': { fr: 'aujourd\u2019hui', en: 'today' },
  'expiring.noEmail': { fr: 'pas d\u2019e-mail', en: 'no e-mail' },
});

addNavLink({ href: '/trainings/expiring', key: 'nav.expiring', roles: ['manager', 'trainer'], group: 'learning', order: 30 });

const DAY_MS = 86400_000;

/** Days between two Paris calendar days (YYYY-MM-DD). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Staff pages of the trainings feature (the catalogue itself is in catalogue.pages.ts). */
@ApiExcludeController()
@Controller()
export class TrainingsPages {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly people: PeopleService,
  ) {}

  @Public()
  @Get('trainings/expiring')
  expiring(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const siteId = siteOf(viewer, q.siteId);
      const now = new Date();
      const rows = await this.trainings.expiringBetween(now, new Date(now.getTime() + 60 * DAY_MS), siteId);
      const [trainings, people] = await Promise.all([
        this.trainings.trainingsByIds(rows.map((q) => q.trainingId)),
        Promise.all([...new Set(rows.map((q) => q.personId))].map((id) => this.people.findPerson(id))),
      ]);
      const today = dayOf(now, zone);
      const body = html`<h1>${tr('expiring.title', lang)}</h1>
<p class="muted">${tr('expiring.intro', lang)}</p>
${
  rows.length
    ? html`<div class="table-wrap"><table id="expiring"><thead><tr><th>${tr('expiring.person', lang)}</th><th>${tr('expiring.training', lang)}</th><th>${tr('expiring.on', lang)}</th><th>${tr('expiring.left', lang)}</th></tr></thead>
<tbody>${rows.map((q) => {
        const person = people.find((p) => p?.id === q.personId);
        const training = trainings.find((t) => t.id === q.trainingId);
        const left = daysBetween(today, dayOf(q.expiresAt!, zone));
        return html`<tr data-qualification-id="${q.id}">
<td>${person ? html`<a href="/people/${person.id}">${[person.firstName, person.lastName].filter(Boolean).join(' ')}</a>${person.email ? '' : html`<br><span class="muted">${tr('expiring.noEmail', lang)}</span>`}` : '?'}</td>
<td>${training ? (lang === 'en' && training.nameEn ? training.nameEn : training.name) : '?'}</td>
<td>${formatDate(q.expiresAt!, lang, zone)}</td>
<td><span class="pill ${left <= 7 ? 's-expired' : left <= 30 ? 's-maintenance' : 's-valid'}">${left === 0 ? tr('expiring.today', lang) : tr('expiring.days', lang, { n: left })}</span></td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="card">${tr('expiring.empty', lang)}</p>`
}`;
      return pageLayout(ctx, { title: tr('expiring.title', lang), body, wide: true, current: '/trainings/expiring' });
    });
  }
}
