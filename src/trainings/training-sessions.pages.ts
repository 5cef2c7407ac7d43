import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { PeopleService } from '../people/people.service';
import { field, fieldId, formMessage, select, todayIn } from '../web/form-bits';
import { html } from '../web/html';
import { defineDictionary, formatDate, formatDateTime, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { isManager, pageLayout, PageRequest, renderPage } from '../web/page';
import { Training } from './entities/training.entity';
import { TrainingSessionsService } from './training-sessions.service';
import { TrainingsService } from './trainings.service';

const tr = defineDictionary({
  'nav.trainingSessions': { fr: 'Sessions de formation', en: 'Training sessions' },
  'tsessions.title': { fr: 'Sessions de formation', en: 'Training sessions' },
  'tsessions.record': { fr: 'Enregistrer une session', en: 'Record a session' },
  'tsessions.training': { fr: 'Formation', en: 'Training' },
  'tsessions.trainer': { fr: 'Formateur·rice qui a donné la session', en: 'Trainer who gave the session' },
  'tsessions.date': { fr: 'Date de la session', en: 'Date of the session' },
  'tsessions.notes': { fr: 'Notes', en: 'Notes' },
  'tsessions.duration': { fr: 'Durée', en: 'Duration' },
  'tsessions.who': { fr: 'Participants et résultat', en: 'Attendees and result' },
  'tsessions.search': { fr: 'Chercher une personne', en: 'Find a person' },
  'tsessions.none': { fr: '—', en: '—' },
  'tsessions.passed': { fr: 'Reçu·e', en: 'Passed' },
  'tsessions.failed': { fr: 'Non reçu·e', en: 'Not passed' },
  'tsessions.absent': { fr: 'Absent·e', en: 'Absent' },
  'tsessions.submit': { fr: 'Enregistrer la session', en: 'Save the session' },
  'tsessions.hint': {
    fr: 'Chaque personne « reçue » obtient l\u2019habilitation (si elle a les formations préalables).',
    en: 'Each person who passed gets the qualification (if they hold the prerequisites).',
  },
  'tsessions.recent': { fr: 'Dernières sessions', en: 'Latest sessions' },
  'tsessions.empty': { fr: 'Aucune session enregistrée.', en: 'No session recorded yet.' },
  'tsessions.by': { fr: 'par {name}', en: 'by {name}' },
  'tsessions.noCatalogue': { fr: 'Créez d\u2019abord une formation dans le catalogue.', en: 'Create a training in the catalogue first.' },
  'quals.title': { fr: 'Habilitations de {name}', en: 'Qualifications of {name}' },
  'quals.empty': { fr: 'Aucune habilitation.', en: 'No qualification.' },
  'quals.valid': { fr: 'Valide', en: 'Valid' },
  'quals.expired': { fr: 'Expirée', en: 'Expired' },
  'quals.suspended': { fr: 'Suspendue', en: 'Suspended' },
  'quals.lapsed': { fr: 'Éteinte faute d’usage', en: 'Lapsed (unused)' },
  'quals.lapsesOn': { fr: 'S’éteint le {date} sans séance d’ici là', en: 'Lapses on {date} without a session before' },
  'quals.lapsedOn': { fr: 'Éteinte le {date} faute d’usage : une remise à niveau la renouvelle', en: 'Lapsed on {date} from disuse: a check-up renews it' },
  'quals.checkedOn': { fr: 'Date de la remise à niveau', en: 'Date of the check-up' },
  'quals.checkNotes': { fr: 'Notes (ce qui a été revu)', en: 'Notes (what was checked)' },
  'quals.renew': { fr: 'Renouveler après remise à niveau', en: 'Renew after a check-up' },
  'quals.passedOn': { fr: 'Obtenue le {date}', en: 'Passed on {date}' },
  'quals.until': { fr: 'valable jusqu\u2019au {date}', en: 'valid until {date}' },
  'quals.forever': { fr: 'sans limite de durée', en: 'does not expire' },
  'quals.suspendedBy': { fr: 'Suspendue le {date} par {name} : {reason}', en: 'Suspended on {date} by {name}: {reason}' },
  'quals.reason': { fr: 'Raison de la suspension (montrée à la personne)', en: 'Reason for the suspension (shown to the person)' },
  'quals.suspend': { fr: 'Suspendre', en: 'Suspend' },
  'quals.suspendConfirm': {
    fr: 'Suspendre cette habilitation ? La machine refusera son badge.',
    en: 'Suspend this qualification? The machine will refuse their badge.',
  },
  'quals.reinstate': { fr: 'Lever la suspension', en: 'Lift the suspension' },
  'quals.history': { fr: 'Historique d\u2019utilisation des machines', en: 'Machine use history' },
});

addNavLink({ href: '/trainings/sessions', key: 'nav.trainingSessions', roles: ['manager', 'trainer'], group: 'learning', order: 20 });

const nameOf = (t: Training | undefined, lang: Lang) => (t ? (lang === 'en' && t.nameEn ? t.nameEn : t.name) : '?');
const RESULTS = ['none', 'passed', 'failed', 'absent'] as const;
/** Session lengths offered on the form (minutes); the API takes any from 15 to 720. */
const DURATIONS = [30, 60, 90, 120, 150, 180, 240, 300, 360, 420];
/** « 1 h 30 », « 2 h », « 30 min ». */
const durationLabel = (m: number) => (m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${String(m % 60).padStart(2, '0')}` : ''}`);

/** Trainers record sessions; managers suspend or reinstate a person's qualifications. */
@ApiExcludeController()
@Controller()
export class TrainingSessionsPages {
  constructor(
    private readonly sessions: TrainingSessionsService,
    private readonly trainings: TrainingsService,
    private readonly people: PeopleService,
  ) {}

  @Public()
  @Get('trainings/sessions')
  page(@Req() req: PageRequest, @Res() res: Response) {
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const [catalogue, people, recent] = await Promise.all([this.trainings.list(viewer), this.people.list(viewer), this.sessions.list(viewer, {})]);
      const personName = new Map(people.map((p) => [p.id, [p.firstName, p.lastName].filter(Boolean).join(' ')]));
      const form = catalogue.length
        ? html`<section class="card"><h2>${tr('tsessions.record', lang)}</h2>
<form data-api="/api/training-sessions/form" data-method="POST" novalidate id="session-form">
  ${select({ label: tr('tsessions.training', lang), name: 'trainingId', lang, options: catalogue.map((c) => [c.id, nameOf(c, lang)]) })}
  ${select({ label: tr('tsessions.trainer', lang), name: 'trainerId', lang, value: viewer.id, options: people.filter((p) => p.role === 'trainer' && p.active !== false).map((p) => [p.id, personName.get(p.id) ?? '']) })}
  ${field({ label: tr('tsessions.date', lang), name: 'date', type: 'date', value: todayIn(zone), required: true, lang })}
  ${select({ label: tr('tsessions.duration', lang), name: 'durationMinutes', lang, value: '120', options: DURATIONS.map((m) => [String(m), durationLabel(m)]) })}
  ${field({ label: tr('tsessions.notes', lang), name: 'notes', lang })}
  <fieldset class="choices"><legend>${tr('tsessions.who', lang)}</legend>
  <p class="muted">${tr('tsessions.hint', lang)}</p>
  ${field({ label: tr('tsessions.search', lang), name: 'q', type: 'search', lang, required: true, attrs: html`data-filter="#session-people" data-ignore autocomplete="off"` })}
  <ul class="list" id="session-people">${people
    .filter((p) => p.active !== false)
    .map(
      (p) =>
        html`<li><strong>${personName.get(p.id)}</strong><span class="row">${RESULTS.map((r) => {
          const id = fieldId('r');
          return html`<label class="check" for="${id}"><input id="${id}" type="radio" name="r_${p.id}" value="${r}"${r === 'none' ? html` checked` : ''}> ${tr(`tsessions.${r}`, lang)}</label>`;
        })}</span></li>`,
    )}</ul></fieldset>
  ${formMessage()}
  <div class="actions"><button type="submit">${tr('tsessions.submit', lang)}</button></div>
</form></section>`
        : html`<p class="card">${tr('tsessions.noCatalogue', lang)}</p>`;
      const list = recent.length
        ? html`<ul class="list" id="sessions">${recent.map((s) => {
            const training = catalogue.find((c) => c.id === s.trainingId);
            return html`<li><span><strong>${formatDate(`${s.date}T12:00:00Z`, lang, zone)} · ${nameOf(training, lang)}</strong>
<span class="muted">${tr('tsessions.by', lang, { name: personName.get(s.trainerId) ?? '?' })} · ${durationLabel(s.durationMinutes)}${s.notes ? ` · ${s.notes}` : ''}</span><br>
${s.attendees.map((a) => html`<span class="pill ${a.result === 'passed' ? 's-valid' : a.result === 'failed' ? 's-expired' : 's-unknown'}">${personName.get(a.personId) ?? '?'} : ${tr(`tsessions.${a.result}`, lang)}</span> `)}</span></li>`;
          })}</ul>`
        : html`<p class="muted">${tr('tsessions.empty', lang)}</p>`;
      const body = html`<h1>${tr('tsessions.title', lang)}</h1>${form}<h2>${tr('tsessions.recent', lang)}</h2>${list}`;
      return pageLayout(ctx, { title: tr('tsessions.title', lang), body, current: '/trainings/sessions' });
    });
  }

  @Public()
  @Get('people/:id/qualifications')
  qualifications(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return renderPage(req, res, null, async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const person = await this.people.get(viewer, id);
      const quals = await this.trainings.qualificationsOf(viewer, id);
      const suspenders = await Promise.all([...new Set(quals.map((q) => q.suspendedBy).filter((x): x is string => !!x))].map((p) => this.people.findPerson(p)));
      const now = Date.now();
      const manager = isManager(viewer);
      const title = tr('quals.title', lang, { name: [person.firstName, person.lastName].filter(Boolean).join(' ') });
      const body = html`<h1>${title}</h1>
<p><a href="/people/${person.id}/history">${tr('quals.history', lang)}</a></p>
${quals.length ? '' : html`<p class="card">${tr('quals.empty', lang)}</p>`}
<ul class="list" id="qualifications">${quals.map((q) => {
        const expired = !!q.expiresAt && q.expiresAt.getTime() <= now;
        const lapsed = !!q.lapsesAt && q.lapsesAt.getTime() <= now;
        const state = q.suspendedAt ? 'suspended' : expired ? 'expired' : lapsed ? 'lapsed' : 'valid';
        // A trainer's check-up renews a training that lapses when unused; never one's own (four eyes).
        const mayRenew =
          !!q.training?.lapseMonths && !q.suspendedAt && !expired && ['trainer', 'manager', 'admin'].includes(viewer.role) && viewer.id !== person.id;
        const by = suspenders.find((p) => p?.id === q.suspendedBy)?.displayName ?? '?';
        return html`<li data-qualification-id="${q.id}" data-state="${state}"><div class="grow"><strong>${nameOf(q.training, lang)}</strong>
<span class="pill ${state === 'valid' ? 's-valid' : state === 'expired' || state === 'lapsed' ? 's-expired' : 's-maintenance'}">${tr(`quals.${state}`, lang)}</span><br>
<span class="muted">${tr('quals.passedOn', lang, { date: formatDate(`${q.passedOn}T12:00:00Z`, lang, zone) })} · ${q.expiresAt ? tr('quals.until', lang, { date: formatDate(q.expiresAt, lang, zone) }) : tr('quals.forever', lang)}</span>
${q.lapsesAt && !expired && !q.suspendedAt ? html`<p>${tr(lapsed ? 'quals.lapsedOn' : 'quals.lapsesOn', lang, { date: formatDate(q.lapsesAt, lang, zone) })}</p>` : ''}
${
  mayRenew
    ? html`<form data-api="/api/qualifications/${q.id}/renew" data-method="POST" novalidate>
  ${field({ label: tr('quals.checkedOn', lang), name: 'checkedOn', type: 'date', value: todayIn(zone), required: true, lang })}
  ${field({ label: tr('quals.checkNotes', lang), name: 'notes', lang, attrs: html`maxlength="1000"` })}
  ${formMessage()}<button type="submit">${tr('quals.renew', lang)}</button></form>`
    : ''
}
${q.suspendedAt ? html`<p>${tr('quals.suspendedBy', lang, { date: formatDateTime(q.suspendedAt, lang, zone), name: by, reason: q.suspendedReason ?? '' })}</p>` : ''}
${
  !manager
    ? ''
    : q.suspendedAt
      ? html`<form data-api="/api/qualifications/${q.id}/reinstate" data-method="POST">${formMessage()}<button type="submit">${tr('quals.reinstate', lang)}</button></form>`
      : expired
        ? ''
        : html`<form data-api="/api/qualifications/${q.id}/suspend" data-method="POST" data-confirm="${tr('quals.suspendConfirm', lang)}" novalidate>
  ${field({ label: tr('quals.reason', lang), name: 'reason', required: true, lang, attrs: html`minlength="3" maxlength="300"` })}
  ${formMessage()}<button type="submit" class="danger">${tr('quals.suspend', lang)}</button></form>`
}</div></li>`;
      })}</ul>`;
      return pageLayout(ctx, { title, body });
    });
  }
}
