import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { dayWords, localDate } from '../common/local-format';
import { Public } from '../common/public.decorator';
import type { Person } from '../people/entities/person.entity';
import { PeopleService } from '../people/people.service';
import { field, formMessage, select, todayIn } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, formatDateTime, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { PageContext, pageLayout, PageRequest, renderPage } from '../web/page';
import { CredentialsService } from './credentials.service';
import { Need, NEEDS } from './entities/learner-profile.entity';
import { EvidenceService } from './evidence.service';
import { FrameworksService } from './frameworks.service';
import { needWord as needWordOf, themeWord, WORKSHOP_THEMES } from './needs';
import { PathsService } from './paths.service';
import { isMediator, visiblePerson } from './people-access';
import { WorkshopsService } from './workshops.service';
import { SitePageQuery } from '../common/query.dto';

addNavLink({ href: '/skills/me', key: 'nav.skills', group: 'learning', order: 50 });
addNavLink({ href: '/workshops', key: 'nav.workshops', group: 'learning', order: 40 });

const ts = defineDictionary({
  'nav.skills': { fr: 'Mon parcours', en: 'My path' },
  'nav.workshops': { fr: 'Ateliers', en: 'Workshops' },
  'skills.myTitle': { fr: 'Mon parcours', en: 'My path' },
  'skills.personTitle': { fr: 'Parcours de {name}', en: "{name}'s path" },
  'skills.need': { fr: 'Je viens pour…', en: 'I came to…' },
  'skills.saveNeed': { fr: 'Enregistrer', en: 'Save' },
  'skills.suggested': { fr: 'Chemin proposé', en: 'Suggested path' },
  'skills.forYou': { fr: 'Ateliers pour vous', en: 'Workshops for you' },
  'skills.targets': { fr: 'Mes objectifs', en: 'My targets' },
  'skills.noTargets': { fr: "Aucun objectif pour l'instant.", en: 'No target yet.' },
  'skills.missing': { fr: 'Il manque :', en: 'Missing:' },
  'skills.reached': { fr: 'Atteint !', en: 'Reached!' },
  'skills.hours': { fr: 'Environ {h} h de formation', en: 'About {h} h of training' },
  'skills.level': { fr: 'niveau {n}', en: 'level {n}' },
  'skills.evidence': { fr: 'Ce que j’ai appris', en: 'What I learned' },
  'skills.noEvidence': { fr: 'Rien encore : ça viendra !', en: 'Nothing yet: it will come!' },
  'skills.credentials': { fr: 'Mes attestations (Open Badges)', en: 'My credentials (Open Badges)' },
  'skills.download': { fr: 'Télécharger tout mon parcours', en: 'Download my whole path' },
  'skills.assess': { fr: 'Évaluer ou ajouter une preuve', en: 'Assess or add evidence' },
  'skills.skill': { fr: 'Compétence', en: 'Skill' },
  'skills.levelField': { fr: 'Niveau', en: 'Level' },
  'skills.date': { fr: 'Date', en: 'Date' },
  'skills.source': { fr: 'Origine', en: 'Source' },
  'skills.note': { fr: 'Remarque', en: 'Note' },
  'skills.add': { fr: 'Enregistrer', en: 'Save' },
  'skills.issue': { fr: 'Délivrer l’attestation', en: 'Issue the credential' },
  'skills.plan': { fr: 'Proposer un plan', en: 'Propose a plan' },
  'skills.hoursPerWeek': { fr: 'Heures par semaine', en: 'Hours a week' },
  'skills.startsOn': { fr: 'À partir du', en: 'Starting on' },
  'skills.employer': { fr: 'Employeur', en: 'Employer' },
  'skills.adviser': { fr: 'Conseiller·ère emploi', en: 'Employment adviser' },
  'skills.plans': { fr: 'Plans', en: 'Plans' },
  'skills.confirmed': { fr: 'accord de {who} le {date}', en: 'agreed by {who} on {date}' },
  'skills.notConfirmed': { fr: 'accord de {who} à recueillir', en: "{who}'s agreement pending" },
  'src.assessment': { fr: 'Évaluation', en: 'Assessment' },
  'src.manual': { fr: 'Autre preuve', en: 'Other evidence' },
  'src.repair': { fr: 'Réparation', en: 'Repair' },
  'src.workshop': { fr: 'Atelier', en: 'Workshop' },
  'src.training': { fr: 'Formation', en: 'Training' },
  'src.machine_sessions': { fr: 'Séances machine', en: 'Machine sessions' },
  'src.fab_jobs': { fr: 'Travaux de fabrication', en: 'Fabrication jobs' },
  'ws.title': { fr: 'Ateliers', en: 'Workshops' },
  'ws.none': { fr: 'Aucun atelier prévu.', en: 'No workshop planned.' },
  'ws.seats': { fr: '{left} place(s) libre(s) sur {cap}', en: '{left} seat(s) left of {cap}' },
  'ws.full': { fr: 'Complet — {n} en liste d’attente', en: 'Full — {n} waiting' },
  'ws.enrol': { fr: 'Je m’inscris', en: 'Enrol me' },
  'ws.waitlist': { fr: 'Liste d’attente', en: 'Join the waiting list' },
  'ws.enrolled': { fr: 'Vous êtes inscrit·e.', en: 'You are enrolled.' },
  'ws.waiting': { fr: 'Vous êtes en liste d’attente.', en: 'You are on the waiting list.' },
  'ws.cancel': { fr: 'Me désinscrire', en: 'Cancel my place' },
  'ws.create': { fr: 'Créer un atelier', en: 'Create a workshop' },
  'ws.titleField': { fr: 'Titre', en: 'Title' },
  'ws.theme': { fr: 'Thème', en: 'Theme' },
  'ws.startsAt': { fr: 'Début', en: 'Starts' },
  'ws.duration': { fr: 'Durée (minutes)', en: 'Duration (minutes)' },
  'ws.capacity': { fr: 'Places', en: 'Seats' },
});

const needWord = (n: string, lang: Lang) => ((NEEDS as readonly string[]).includes(n) ? needWordOf(n as Need, lang) : n);

/** My path (/skills/me), a mediator's view of a person (/skills/people/:id), workshops (/workshops). */
@ApiExcludeController()
@Controller()
export class SkillsPages {
  constructor(
    private readonly people: PeopleService,
    private readonly paths: PathsService,
    private readonly evidence: EvidenceService,
    private readonly frameworks: FrameworksService,
    private readonly credentials: CredentialsService,
    private readonly workshops: WorkshopsService,
  ) {}

  @Public()
  @Get('skills/me')
  me(@Req() req: PageRequest, @Res() res: Response) {
    return renderPage(req, res, null, async (ctx) => {
      const person = await visiblePerson(this.people, ctx.viewer, ctx.viewer.id);
      return pageLayout(ctx, { title: ts('skills.myTitle', ctx.lang), body: await this.pathBody(ctx, person, false), current: '/skills/me' });
    });
  }

  @Public()
  @Get('skills/people/:id')
  person(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return renderPage(req, res, ['manager', 'trainer', 'mediator'], async (ctx) => {
      const person = await visiblePerson(this.people, ctx.viewer, id, { mediatorOnly: true });
      const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
      return pageLayout(ctx, { title: ts('skills.personTitle', ctx.lang, { name }), body: await this.pathBody(ctx, person, true) });
    });
  }

  private async pathBody(ctx: PageContext, person: Person, mediator: boolean): Promise<SafeHtml> {
    const { lang, zone } = ctx;
    const siteId = person.siteId!;
    const [progress, evidence, profile, creds, plans] = await Promise.all([
      this.paths.progress(siteId, person.id),
      this.evidence.ofPerson(person.id),
      this.paths.profile(person.id),
      this.credentials.ofPerson(person.id),
      this.paths.plansOf(person.id),
    ]);
    const path = profile?.need ? await this.paths.suggestedPath(siteId, profile.need) : null;
    const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
    const title = mediator ? ts('skills.personTitle', lang, { name }) : ts('skills.myTitle', lang);
    const skillName = (s?: { name: string; nameEn: string }) => (s ? (lang === 'en' && s.nameEn ? s.nameEn : s.name) : '?');
    return html`<h1>${title}</h1>
<section class="card"><h2>${ts('skills.need', lang)}</h2>
<form data-api="/api/skills/people/${person.id}/profile" data-method="PUT">
  ${select({ label: ts('skills.need', lang), name: 'need', value: profile?.need ?? undefined, lang, options: NEEDS.map((n) => [n, needWord(n, lang)]) })}
  ${formMessage()}<div class="actions"><button type="submit">${ts('skills.saveNeed', lang)}</button></div>
</form>
${
  path
    ? html`<h3>${ts('skills.suggested', lang)}</h3><ul class="list">${path.skills.map((s) => html`<li>${skillName(s)} — ${ts('skills.level', lang, { n: s.level })}</li>`)}</ul>
${path.workshops.length ? html`<h3>${ts('skills.forYou', lang)}</h3><ul class="list">${path.workshops.map((w) => html`<li><a href="/workshops">${w.title}</a> <span class="muted">${formatDateTime(w.startsAt, lang, zone)}</span></li>`)}</ul>` : ''}`
    : ''
}
</section>
<section class="card"><h2>${ts('skills.targets', lang)}</h2>
${progress.length ? '' : html`<p class="muted">${ts('skills.noTargets', lang)}</p>`}
<ul class="list">${progress.map(
      (p) => html`<li><strong>${p.certification.name}</strong>
  <progress class="progress-full" max="100" value="${p.percent}">${p.percent} %</progress> <span>${p.percent} %</span>
  ${
    p.achieved
      ? html`<span class="pill s-granted">${ts('skills.reached', lang)}</span>`
      : html`<span class="muted">${ts('skills.hours', lang, { h: p.hoursNeeded })}</span>
  <p>${ts('skills.missing', lang)}</p><ul>${p.missing.map((m) => html`<li>${lang === 'en' && m.nameEn ? m.nameEn : m.name} — ${m.needLabel ?? ts('skills.level', lang, { n: m.need })} (${m.have}/${m.need})</li>`)}</ul>`
  }
  ${mediator && p.achieved ? html`<form data-api="/api/skills/people/${person.id}/credentials" data-method="POST"><input type="hidden" name="kind" value="certification"><input type="hidden" name="refId" value="${p.certification.id}">${formMessage()}<button type="submit">${ts('skills.issue', lang)}</button></form>` : ''}
</li>`,
    )}</ul></section>
<section class="card"><h2>${ts('skills.evidence', lang)}</h2>
${evidence.length ? '' : html`<p class="muted">${ts('skills.noEvidence', lang)}</p>`}
<ul class="list">${evidence.map(
      (
        e,
      ) => html`<li><strong>${skillName(e.skill)}</strong> — ${e.skill?.levels.find((l) => l.level === e.level)?.[lang === 'en' ? 'labelEn' : 'label'] ?? e.level}
  <span class="muted">${dayWords(e.date, lang)} · ${ts(`src.${e.source}` as 'src.manual', lang)}</span></li>`,
    )}</ul></section>
<section class="card"><h2>${ts('skills.credentials', lang)}</h2>
<ul class="list">${creds.map((c) => html`<li><a href="/credentials/${c.id}">${String((c.document as { name?: string }).name ?? c.id)}</a></li>`)}</ul>
<div class="actions"><a class="button secondary" href="/api/skills/people/${person.id}/path.pdf">${ts('skills.download', lang)} (PDF)</a>
<a class="button secondary" href="/api/skills/people/${person.id}/path.json">${ts('skills.download', lang)} (JSON)</a></div></section>
${
  plans.length
    ? html`<section class="card"><h2>${ts('skills.plans', lang)}</h2><ul class="list">${plans.map(
        (p) => html`<li>${p.hoursNeeded} h · ${p.hoursPerWeek} h/sem. · ${p.weeks.length} sem. · ${dayWords(p.startsOn, lang)}<br>
  <span class="muted">${p.employerConfirmedAt ? ts('skills.confirmed', lang, { who: p.employerName ?? ts('skills.employer', lang), date: localDate(p.employerConfirmedAt, zone, lang) }) : ts('skills.notConfirmed', lang, { who: p.employerName ?? ts('skills.employer', lang) })}
  · ${p.adviserConfirmedAt ? ts('skills.confirmed', lang, { who: p.adviserName ?? ts('skills.adviser', lang), date: localDate(p.adviserConfirmedAt, zone, lang) }) : ts('skills.notConfirmed', lang, { who: p.adviserName ?? ts('skills.adviser', lang) })}</span></li>`,
      )}</ul></section>`
    : ''
}
${
  mediator
    ? await this.mediatorForms(
        ctx,
        person,
        progress.map((p) => p.certification),
      )
    : ''
}`;
  }

  private async mediatorForms(ctx: PageContext, person: Person, certs: { id: string; name: string }[]): Promise<SafeHtml> {
    const { lang, zone } = ctx;
    const skills = await this.frameworks.currentSkills(person.siteId!);
    const skillOptions = skills.map((s): [string, string] => [
      s.id,
      `${s.code.startsWith('machine:') || s.code.startsWith('custom:') ? '' : s.code + ' '}${lang === 'en' && s.nameEn ? s.nameEn : s.name}`,
    ]);
    return html`<section class="card"><h2>${ts('skills.assess', lang)}</h2>
<form data-api="/api/skills/evidence" data-method="POST">
  <input type="hidden" name="personId" value="${person.id}">
  ${select({ label: ts('skills.skill', lang), name: 'skillId', lang, options: skillOptions })}
  ${select({ label: ts('skills.levelField', lang), name: 'level', lang, options: [1, 2, 3, 4, 5, 6, 7, 8].map((n): [string, string] => [String(n), String(n)]), attrs: html`data-type="number"` })}
  ${field({ label: ts('skills.date', lang), name: 'date', type: 'date', value: todayIn(zone), required: true, lang })}
  ${select({ label: ts('skills.source', lang), name: 'source', lang, options: (['assessment', 'manual', 'repair'] as const).map((s): [string, string] => [s, ts(`src.${s}`, lang)]) })}
  ${field({ label: ts('skills.note', lang), name: 'note', lang })}
  ${formMessage()}<div class="actions"><button type="submit">${ts('skills.add', lang)}</button></div>
</form></section>
${
  certs.length
    ? html`<section class="card"><h2>${ts('skills.plan', lang)}</h2>
<form data-api="/api/skills/people/${person.id}/plans" data-method="POST">
  ${select({ label: ts('skills.targets', lang), name: 'certificationId', lang, options: certs.map((c): [string, string] => [c.id, c.name]) })}
  ${field({ label: ts('skills.hoursPerWeek', lang), name: 'hoursPerWeek', type: 'number', value: 4, required: true, lang, attrs: html`data-type="number" min="1" max="40" inputmode="numeric"` })}
  ${field({ label: ts('skills.startsOn', lang), name: 'startsOn', type: 'date', value: todayIn(zone), required: true, lang })}
  ${field({ label: ts('skills.employer', lang), name: 'employerName', lang })}
  ${field({ label: ts('skills.adviser', lang), name: 'adviserName', lang })}
  ${formMessage()}<div class="actions"><button type="submit">${ts('skills.plan', lang)}</button></div>
</form></section>`
    : ''
}`;
  }

  @Public()
  @Get('workshops')
  list(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, null, async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const siteId = viewer.role === 'admin' ? (q.siteId ?? null) : viewer.siteId;
      const list = await this.workshops.list(siteId);
      const mine = new Map((await this.workshops.enrolmentsOf(viewer.id)).map((e) => [e.workshopId, e.status]));
      const body = html`<h1>${ts('ws.title', lang)}</h1>
${list.length ? '' : html`<p class="muted">${ts('ws.none', lang)}</p>`}
<ul class="list">${list.map((w) => {
        const left = Math.max(0, w.capacity - w.enrolled);
        const status = mine.get(w.id);
        return html`<li class="card"><strong>${w.title}</strong>
  <span>${formatDateTime(w.startsAt, lang, zone)} · ${w.durationMinutes} min</span>
  <span class="${left ? 'pill s-free' : 'pill s-in'}">${left ? ts('ws.seats', lang, { left, cap: w.capacity }) : ts('ws.full', lang, { n: w.waiting })}</span>
  ${status === 'enrolled' ? html`<p>${ts('ws.enrolled', lang)}</p>` : status === 'waiting' ? html`<p>${ts('ws.waiting', lang)}</p>` : ''}
  ${
    status
      ? html`<form data-api="/api/workshops/${w.id}/enrolment" data-method="DELETE">${formMessage()}<button type="submit" class="secondary">${ts('ws.cancel', lang)}</button></form>`
      : html`<form data-api="/api/workshops/${w.id}/enrol" data-method="POST">${formMessage()}<button type="submit">${left ? ts('ws.enrol', lang) : ts('ws.waitlist', lang)}</button></form>`
  }
</li>`;
      })}</ul>
${
  isMediator(viewer) && siteId
    ? html`<section class="card"><h2>${ts('ws.create', lang)}</h2>
<form data-api="/api/workshops" data-method="POST">
  <input type="hidden" name="siteId" value="${siteId}">
  ${field({ label: ts('ws.titleField', lang), name: 'title', required: true, lang })}
  ${select({ label: ts('ws.theme', lang), name: 'theme', value: 'computer_basics', lang, options: WORKSHOP_THEMES.map((code) => [code, themeWord(code, lang)]) })}
  ${field({ label: ts('ws.startsAt', lang), name: 'startsAt', type: 'datetime-local', required: true, lang })}
  <div class="row">
  ${field({ label: ts('ws.duration', lang), name: 'durationMinutes', type: 'number', value: 120, required: true, lang, attrs: html`data-type="number" min="15" inputmode="numeric"` })}
  ${field({ label: ts('ws.capacity', lang), name: 'capacity', type: 'number', value: 12, required: true, lang, attrs: html`data-type="number" min="1" inputmode="numeric"` })}
  </div>
  ${formMessage()}<div class="actions"><button type="submit">${ts('ws.create', lang)}</button></div>
</form></section>`
    : ''
}`;
      return pageLayout(ctx, { title: ts('ws.title', lang), body, current: '/workshops' });
    });
  }
}
