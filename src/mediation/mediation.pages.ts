import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { addDays, dayWords, duration, localDate, localNumber } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { PageQuery } from '../common/query.dto';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { field, formMessage, todayIn } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageRequest, renderPage } from '../web/page';
import { ReportQuery } from './dto/mediation.dto';
import { FollowUp, FollowUpService } from './follow-up.service';
import { LOGGERS, personOfSite, REPORT_READERS } from './mediation-access';
import { reportFilter } from './mediation.controller';
import { MediationReportsService } from './mediation-reports.service';
import { MediationService } from './mediation.service';
import {
  ACTIVITY_TYPES,
  ADMIN_TOPICS,
  AGE_BANDS,
  AUTONOMY,
  EQUIPMENT,
  GENDERS,
  GENERAL_TOPICS,
  PLACE_TYPES,
  REDIRECTIONS,
  SOCIAL_STATUSES,
  TOPICS,
  WORKSHOP_LEVELS,
} from './national';
import { nationalWord, WordKind } from './national-words';

addNavLink({ href: '/mediation', key: 'nav.mediation', roles: LOGGERS, group: 'learning', order: 5 });
addNavLink({ href: '/mediation/reports', key: 'nav.mediationReports', roles: REPORT_READERS, group: 'admin', order: 50 });
addNavLink({ href: '/mediation/me', key: 'nav.myFollowUp', roles: ['maker', 'entrepreneur', 'volunteer'], group: 'learning', order: 55 });

const tr = defineDictionary({
  'nav.mediation': { fr: 'Journal de médiation', en: 'Mediation log' },
  'nav.mediationReports': { fr: 'Bilans de médiation', en: 'Mediation reports' },
  'nav.myFollowUp': { fr: 'Mon suivi', en: 'My follow-up' },
  'med.logTitle': { fr: 'Journal de médiation', en: 'Mediation log' },
  'med.newIndividual': { fr: 'Accompagnement individuel', en: 'Individual accompaniment' },
  'med.newWorkshop': { fr: 'Atelier collectif', en: 'Group workshop' },
  'med.followed': { fr: 'Personnes suivies', en: 'Followed people' },
  'med.done': { fr: 'Activité enregistrée.', en: 'Activity saved.' },
  'med.empty': { fr: 'Rien de noté ces 30 derniers jours.', en: 'Nothing logged in the last 30 days.' },
  'med.participants': { fr: '{n} participant(s)', en: '{n} participant(s)' },
  'med.mandate': { fr: 'mandat Aidants Connect', en: 'Aidants Connect mandate' },
  'med.formTitleIndividual': { fr: 'Noter un accompagnement', en: 'Log an accompaniment' },
  'med.formTitleWorkshop': { fr: 'Noter un atelier', en: 'Log a workshop' },
  'med.date': { fr: 'Date', en: 'Date' },
  'med.duration': { fr: 'Durée', en: 'Duration' },
  'med.minutes': { fr: '{n} min', en: '{n} min' },
  'med.place': { fr: 'Lieu', en: 'Place' },
  'med.commune': { fr: 'Commune', en: 'Town' },
  'med.postalCode': { fr: 'Code postal', en: 'Postcode' },
  'med.topics': { fr: 'Thématiques', en: 'Topics' },
  'med.adminDomains': { fr: 'Domaines de la démarche', en: 'Areas of the procedure' },
  'med.procedure': { fr: 'Nom de la démarche', en: 'Name of the procedure' },
  'med.noCredentials': {
    fr: 'Ne notez jamais d’identifiant ni de mot de passe. Pour faire une démarche à la place de la personne, il faut un mandat Aidants Connect.',
    en: 'Never write down a login or a password. To do a procedure on the person’s behalf, use an Aidants Connect mandate.',
  },
  'med.aidantsConnect': { fr: 'Ouvrir Aidants Connect', en: 'Open Aidants Connect' },
  'med.mandateUsed': { fr: 'Démarche faite avec un mandat Aidants Connect', en: 'Procedure done with an Aidants Connect mandate' },
  'med.equipment': { fr: 'Matériel utilisé', en: 'Equipment used' },
  'med.who': { fr: 'Personne accompagnée', en: 'Person' },
  'med.anonymous': { fr: 'Anonyme', en: 'Anonymous' },
  'med.anonymousHint': { fr: 'Pour une personne anonyme (facultatif) :', en: 'For an anonymous person (optional):' },
  'med.gender': { fr: 'Genre', en: 'Gender' },
  'med.birthYear': { fr: 'Année de naissance', en: 'Year of birth' },
  'med.birthYearHint': { fr: 'la tranche d’âge en est tirée', en: 'the age band is derived from it' },
  'med.status': { fr: 'Statut', en: 'Status' },
  'med.alreadyCame': { fr: 'Déjà accompagnée auparavant', en: 'Accompanied before' },
  'med.autonomy': { fr: 'Autonomie', en: 'Autonomy' },
  'med.redirected': { fr: 'Réorientée vers une autre structure', en: 'Referred to another structure' },
  'med.redirectedTo': { fr: 'Structure de redirection', en: 'Referred to' },
  'med.workshopTitle': { fr: 'Nom de l’atelier', en: 'Workshop name' },
  'med.level': { fr: 'Niveau', en: 'Level' },
  'med.followedParticipants': { fr: 'Participants suivis', en: 'Followed participants' },
  'med.anonymousParticipants': { fr: 'Participants anonymes', en: 'Anonymous participants' },
  'med.total': { fr: 'Nombre', en: 'Number' },
  'med.returning': { fr: 'dont déjà accompagnés', en: 'of whom accompanied before' },
  'med.details': { fr: 'Détail (genre, âge, statut)', en: 'Details (gender, age, status)' },
  'med.notes': { fr: 'Notes', en: 'Notes' },
  'med.save': { fr: 'Enregistrer', en: 'Save' },
  'med.none': { fr: '—', en: '—' },
  'med.reportsTitle': { fr: 'Bilans de médiation numérique', en: 'Digital mediation reports' },
  'med.from': { fr: 'Du', en: 'From' },
  'med.to': { fr: 'Au', en: 'To' },
  'med.all': { fr: 'Tous', en: 'All' },
  'med.type': { fr: 'Type', en: 'Type' },
  'med.topic': { fr: 'Thématique', en: 'Topic' },
  'med.ageBand': { fr: 'Tranche d’âge', en: 'Age band' },
  'med.show': { fr: 'Afficher', en: 'Show' },
  'med.figures': { fr: 'En chiffres', en: 'Figures' },
  'med.activities': { fr: 'Activités', en: 'Activities' },
  'med.individual': { fr: 'Accompagnements individuels', en: 'Individual accompaniments' },
  'med.collective': { fr: 'Ateliers collectifs', en: 'Group workshops' },
  'med.accompaniments': { fr: 'Accompagnements (une personne dans une activité)', en: 'Accompaniments (one person in one activity)' },
  'med.people': { fr: 'Personnes accompagnées', en: 'People accompanied' },
  'med.newcomers': { fr: 'dont venues pour la première fois', en: 'first time' },
  'med.returningPeople': { fr: 'dont déjà venues', en: 'returning' },
  'med.hours': { fr: 'Heures d’activité', en: 'Hours of activity' },
  'med.freeAccess': { fr: 'Postes en accès libre', en: 'Public computers' },
  'med.freeSessions': { fr: 'Sessions', en: 'Sessions' },
  'med.freeHours': { fr: 'Heures d’utilisation', en: 'Hours of use' },
  'med.freePeople': { fr: 'Personnes inscrites', en: 'Registered people' },
  'med.freeAnonymous': { fr: 'Sessions de visiteurs anonymes', en: 'Anonymous visitors’ sessions' },
  'med.freeNote': {
    fr: 'Par lieu et période seulement : les autres filtres ne s’y appliquent pas.',
    en: 'By site and period only: the other filters do not apply.',
  },
  'med.byPlace': { fr: 'Par lieu', en: 'By place' },
  'med.byTopic': { fr: 'Par thématique', en: 'By topic' },
  'med.public': { fr: 'Public (accompagnements)', en: 'Public (accompaniments)' },
  'med.export': { fr: 'Exporter (format national)', en: 'Export (national format)' },
  'med.followTitle': { fr: 'Suivi de {name}', en: "{name}'s follow-up" },
  'med.myTitle': { fr: 'Mon suivi', en: 'My follow-up' },
  'med.noPlan': {
    fr: 'Pas encore de plan hebdomadaire : il se fait après l’évaluation des compétences.',
    en: 'No weekly plan yet: it comes after the skills assessment.',
  },
  'med.planLine': {
    fr: 'Plan : {needed} h à raison de {perWeek} h par semaine, depuis le {start}',
    en: 'Plan: {needed} h at {perWeek} h a week, since {start}',
  },
  'med.attended': { fr: 'Heures suivies', en: 'Hours attended' },
  'med.attendedLine': {
    fr: '{total} h suivies ({acc} h d’accompagnement, {ws} h d’ateliers, {tr} h de formations machines), {pct} % du plan',
    en: '{total} h attended ({acc} h accompaniment, {ws} h workshops, {tr} h machine trainings), {pct}% of the plan',
  },
  'med.trainings': { fr: 'Sessions de formation machine suivies : {n}', en: 'Machine training sessions attended: {n}' },
  'med.skillsLink': { fr: 'Compétences, bilan et plan de formation', en: 'Skills, assessment and training plan' },
  'med.week': { fr: 'Semaine', en: 'Week' },
  'med.planned': { fr: 'Prévu', en: 'Planned' },
  'med.done.h': { fr: 'Suivi', en: 'Attended' },
  'med.consentTitle': { fr: 'Accord de la personne', en: 'Consent' },
  'med.consent': { fr: 'La personne accepte d’être suivie nominativement dans le journal', en: 'The person agrees to be followed by name in the log' },
  'med.consentSince': { fr: 'Suivie avec son accord depuis le {date}.', en: 'Followed with consent since {date}.' },
  'med.notFollowed': {
    fr: 'Pas suivie nominativement : ses accompagnements sont notés anonymes.',
    en: 'Not followed by name: accompaniments are logged anonymously.',
  },
  'med.prescriber': { fr: 'Prescripteur (conseiller emploi)', en: 'Prescriber (job-centre adviser)' },
  'med.prescriberName': { fr: 'Nom du prescripteur', en: 'Prescriber’s name' },
  'med.prescriberEmail': { fr: 'E-mail du prescripteur', en: 'Prescriber’s e-mail' },
  'med.prescriberConsent': {
    fr: 'La personne accepte que son prescripteur reçoive un e-mail à chaque étape de son plan (25, 50, 75, 100 %)',
    en: 'The person agrees that their prescriber gets an e-mail at each step of the plan (25, 50, 75, 100%)',
  },
  'med.prescriberOn': {
    fr: 'E-mails au prescripteur ({name}) : oui, dernière étape envoyée {m} %.',
    en: 'E-mails to the prescriber ({name}): yes, last step sent {m}%.',
  },
  'med.unfollow': { fr: 'Retirer l’accord (ne plus suivre)', en: 'Withdraw consent (stop following)' },
  'med.unfollowConfirm': { fr: 'Retirer l’accord de cette personne ?', en: 'Withdraw this person’s consent?' },
  'med.followSomeone': { fr: 'Suivre une personne du lieu', en: 'Follow a person of the site' },
});

const MINUTE_PRESETS = [15, 30, 45, 60, 90, 120];

class NewActivityPageQuery extends PageQuery {
  @IsOptional() @IsIn(ACTIVITY_TYPES) type?: 'individuel' | 'collectif';
}
class LogPageQuery extends PageQuery {
  @IsOptional() @IsIn(['1']) done?: '1';
}
class ReportPageQuery extends ReportQuery {
  @IsOptional() @IsIn(['fr', 'en']) lang?: 'fr' | 'en';
}

const fullName = (p: { firstName: string; lastName: string }) => [p.firstName, p.lastName].filter(Boolean).join(' ');
const w = (kind: WordKind, code: string, lang: Lang) => nationalWord(kind, code, lang);

/** A group of checkboxes or radios sent by forms.js (`data-type="array"` for checkboxes). */
function choices(o: {
  legend: string;
  name: string;
  kind: WordKind;
  codes: readonly string[];
  lang: Lang;
  multiple: boolean;
  checked?: string;
  cls?: string;
}): SafeHtml {
  return html`<fieldset class="choices ${o.cls ?? ''}"><legend>${o.legend}</legend>${o.codes.map(
    (c) =>
      html`<label class="check"><input type="${o.multiple ? 'checkbox' : 'radio'}" name="${o.name}" value="${c}"${o.multiple ? html` data-type="array"` : ''}${
        c === o.checked ? html` checked` : ''
      }> ${w(o.kind, c, o.lang)}</label>`,
  )}</fieldset>`;
}

function selectOf(o: { label: string; name: string; options: Array<[string, string]>; lang: Lang; empty?: string }): SafeHtml {
  return html`<div class="field"><label for="m-${o.name}">${o.label}</label><select id="m-${o.name}" name="${o.name}">${
    o.empty !== undefined ? html`<option value="">${o.empty}</option>` : ''
  }${o.options.map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select></div>`;
}

const numberField = (label: string, name: string, attrs = html``) =>
  html`<div class="field"><label for="m-${name}">${label}</label><input id="m-${name}" name="${name}" type="number" inputmode="numeric" min="0" data-type="number" ${attrs}></div>`;

@ApiExcludeController()
@Controller()
export class MediationPages {
  constructor(
    private readonly mediation: MediationService,
    private readonly followUps: FollowUpService,
    private readonly reports: MediationReportsService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
  ) {}

  /** The site's last 30 days, and the two buttons a mediator taps. */
  @Public()
  @Get('mediation')
  log(@Req() req: PageRequest, @Res() res: Response, @Query() q: LogPageQuery) {
    return renderPage(req, res, LOGGERS, async (ctx) => {
      const { lang, zone } = ctx;
      const siteId = ctx.viewer.siteId;
      if (!siteId) return pageLayout(ctx, { title: tr('med.logTitle', lang), body: html`<h1>${tr('med.logTitle', lang)}</h1>`, current: '/mediation' });
      const today = todayIn(zone);
      const rows = await this.mediation.log(siteId, addDays(today, -30), today, { limit: 100 });
      const names = await this.people.displayNames(rows.map((r) => r.mediatorId));
      const body = html`<h1>${tr('med.logTitle', lang)}</h1>
${q.done ? html`<p class="form-message ok" role="status">${tr('med.done', lang)}</p>` : ''}
<div class="actions med-start"><a class="button" href="/mediation/new?type=individuel">${tr('med.newIndividual', lang)}</a>
<a class="button" href="/mediation/new?type=collectif">${tr('med.newWorkshop', lang)}</a>
<a class="button secondary" href="/mediation/people">${tr('med.followed', lang)}</a></div>
<section class="card">${rows.length ? '' : html`<p class="muted">${tr('med.empty', lang)}</p>`}
<ul class="list med-log">${rows.map(
        (r) =>
          html`<li><strong>${w('type', r.type, lang)}</strong> · ${dayWords(r.date, lang)} · ${duration(r.durationMinutes)} · ${w('place', r.placeType, lang)}${
            r.placeCommune ? html` (${r.placeCommune})` : ''
          }<br><span class="muted">${r.topics.map((t) => w('topic', t, lang)).join(', ')} · ${tr('med.participants', lang, { n: r.participantsCount })}${
            r.mandateUsed ? html` · ${tr('med.mandate', lang)}` : ''
          } · ${names.get(r.mediatorId) ?? ''}</span></li>`,
      )}</ul></section>`;
      return pageLayout(ctx, { title: tr('med.logTitle', lang), body, current: '/mediation' });
    });
  }

  /** The phone form: one screen, the national report's fields, sent once whatever the retries (its id is fixed here). */
  @Public()
  @Get('mediation/new')
  newActivity(@Req() req: PageRequest, @Res() res: Response, @Query() q: NewActivityPageQuery) {
    return renderPage(req, res, LOGGERS, async (ctx) => {
      const { lang } = ctx;
      const type = q.type ?? 'individuel';
      const siteId = ctx.viewer.siteId;
      const followed = siteId ? await this.mediation.followedOfSite(siteId) : [];
      const names = await this.people.displayNames(followed.map((f) => f.personId));
      const people = followed.map((f): [string, string] => [f.personId, names.get(f.personId) ?? '']).sort((a, b) => a[1].localeCompare(b[1]));
      const title = type === 'individuel' ? tr('med.formTitleIndividual', lang) : tr('med.formTitleWorkshop', lang);
      const body = html`<h1>${title}</h1>
<form class="card med-form" data-api="/api/mediation/activities" data-method="POST" data-redirect="/mediation?done=1">
<input type="hidden" name="id" value="${randomUUID()}"><input type="hidden" name="type" value="${type}">
${field({ label: tr('med.date', lang), name: 'date', type: 'date', value: todayIn(ctx.zone), required: true, lang })}
<div class="field"><label for="m-duration">${tr('med.duration', lang)}</label><select id="m-duration" name="durationMinutes" data-type="number">${MINUTE_PRESETS.map(
        (m) => html`<option value="${m}"${m === (type === 'individuel' ? 30 : 120) ? html` selected` : ''}>${duration(m)}</option>`,
      )}</select></div>
${choices({ legend: tr('med.place', lang), name: 'placeType', kind: 'place', codes: PLACE_TYPES, lang, multiple: false, checked: 'lieu_activite', cls: 'med-place' })}
<div class="med-commune">${field({ label: tr('med.commune', lang), name: 'placeCommune', lang })}${field({
        label: tr('med.postalCode', lang),
        name: 'placePostalCode',
        lang,
        attrs: html`inputmode="numeric" pattern="[0-9]{5}" maxlength="5"`,
      })}</div>
${choices({ legend: tr('med.topics', lang), name: 'topics', kind: 'topic', codes: GENERAL_TOPICS, lang, multiple: true, cls: 'med-topics' })}
<div class="med-admin card">
${choices({ legend: tr('med.adminDomains', lang), name: 'topics', kind: 'topic', codes: ADMIN_TOPICS, lang, multiple: true })}
${field({ label: tr('med.procedure', lang), name: 'procedureName', lang })}
<p class="form-message">${tr('med.noCredentials', lang)} <a href="https://aidantsconnect.beta.gouv.fr/" rel="noopener" target="_blank">${tr('med.aidantsConnect', lang)}</a></p>
<label class="check"><input type="checkbox" name="mandateUsed" data-type="boolean"> ${tr('med.mandateUsed', lang)}</label>
</div>
${choices({ legend: tr('med.equipment', lang), name: 'equipment', kind: 'equipment', codes: EQUIPMENT, lang, multiple: true })}
${type === 'individuel' ? this.individualFields(lang, people) : this.workshopFields(lang, people)}
<div class="field"><label for="m-notes">${tr('med.notes', lang)}</label><textarea id="m-notes" name="notes" rows="2" maxlength="2000"></textarea></div>
${formMessage()}<div class="actions"><button type="submit">${tr('med.save', lang)}</button></div>
</form>`;
      return pageLayout(ctx, { title, body, current: '/mediation' });
    });
  }

  private individualFields(lang: Lang, people: Array<[string, string]>): SafeHtml {
    return html`<fieldset class="choices"><legend>${tr('med.who', lang)}</legend>
${selectOf({ label: tr('med.who', lang), name: 'personId', options: people, lang, empty: tr('med.anonymous', lang) })}
<div class="med-anonymous"><p class="muted">${tr('med.anonymousHint', lang)}</p>
${choices({ legend: tr('med.gender', lang), name: 'gender', kind: 'gender', codes: GENDERS.filter((g) => g !== 'non_communique'), lang, multiple: false })}
${field({ label: tr('med.birthYear', lang), name: 'birthYear', type: 'number', hint: tr('med.birthYearHint', lang), lang, attrs: html`inputmode="numeric" min="1900" max="2100" data-type="number"` })}
${selectOf({ label: tr('med.status', lang), name: 'socialStatus', options: SOCIAL_STATUSES.filter((s) => s !== 'non_communique').map((s) => [s, w('status', s, lang)]), lang, empty: tr('med.none', lang) })}
${field({ label: tr('med.commune', lang), name: 'beneficiaryCommune', lang })}
${field({ label: tr('med.postalCode', lang), name: 'beneficiaryPostalCode', lang, attrs: html`inputmode="numeric" pattern="[0-9]{5}" maxlength="5"` })}
<label class="check"><input type="checkbox" name="alreadyAccompanied" value="true" data-type="boolean"> ${tr('med.alreadyCame', lang)}</label></div>
</fieldset>
${choices({ legend: tr('med.autonomy', lang), name: 'autonomy', kind: 'autonomy', codes: AUTONOMY, lang, multiple: false })}
<label class="check"><input type="checkbox" name="redirected" data-type="boolean" class="med-redirected"> ${tr('med.redirected', lang)}</label>
<div class="med-redirection">${selectOf({ label: tr('med.redirectedTo', lang), name: 'redirectedTo', options: REDIRECTIONS.map((r) => [r, w('redirection', r, lang)]), lang, empty: tr('med.none', lang) })}</div>`;
  }

  private workshopFields(lang: Lang, people: Array<[string, string]>): SafeHtml {
    return html`${field({ label: tr('med.workshopTitle', lang), name: 'workshopTitle', lang })}
${selectOf({ label: tr('med.level', lang), name: 'workshopLevel', options: WORKSHOP_LEVELS.map((l) => [l, w('level', l, lang)]), lang, empty: tr('med.none', lang) })}
${
  people.length
    ? html`<fieldset class="choices"><legend>${tr('med.followedParticipants', lang)}</legend>${people.map(
        ([id, name]) => html`<label class="check"><input type="checkbox" name="participantIds" value="${id}" data-type="array"> ${name}</label>`,
      )}</fieldset>`
    : ''
}
<fieldset class="choices"><legend>${tr('med.anonymousParticipants', lang)}</legend>
${numberField(tr('med.total', lang), 'anonymous.total')}${numberField(tr('med.returning', lang), 'anonymous.alreadyAccompanied')}
<details><summary>${tr('med.details', lang)}</summary>
${GENDERS.filter((g) => g !== 'non_communique').map((g) => numberField(w('gender', g, lang), `anonymous.genders.${g}`))}
${AGE_BANDS.filter((b) => b !== 'non_communique').map((b) => numberField(w('ageBand', b, lang), `anonymous.ageBands.${b}`))}
${SOCIAL_STATUSES.filter((s) => s !== 'non_communique').map((s) => numberField(w('status', s, lang), `anonymous.statuses.${s}`))}
</details></fieldset>`;
  }

  /** Followed people of the site, and following one more (consent asked). */
  @Public()
  @Get('mediation/people')
  followedPeople(@Req() req: PageRequest, @Res() res: Response, @Query() _q: PageQuery) {
    return renderPage(req, res, LOGGERS, async (ctx) => {
      const { lang, zone } = ctx;
      const siteId = ctx.viewer.siteId;
      const [followed, everyone] = siteId ? await Promise.all([this.mediation.followedOfSite(siteId), this.people.activeOfSite(siteId)]) : [[], []];
      const byId = new Map(everyone.map((p) => [p.id, p]));
      const notYet = everyone.filter((p) => !followed.some((f) => f.personId === p.id)).sort((a, b) => fullName(a).localeCompare(fullName(b)));
      const body = html`<h1>${tr('med.followed', lang)}</h1>
<section class="card"><ul class="list">${followed.map((f) => {
        const p = byId.get(f.personId);
        return html`<li><a href="/mediation/people/${f.personId}">${p ? fullName(p) : f.personId}</a> <span class="muted">${tr('med.consentSince', lang, {
          date: localDate(f.consentAt, zone, lang),
        })}</span></li>`;
      })}</ul></section>
<section class="card"><h2>${tr('med.followSomeone', lang)}</h2>
<ul class="list">${notYet.slice(0, 50).map((p) => html`<li><a href="/mediation/people/${p.id}">${fullName(p)}</a></li>`)}</ul>
</section>`;
      return pageLayout(ctx, { title: tr('med.followed', lang), body, current: '/mediation' });
    });
  }

  /** A person's follow-up for their mediator: hours against the plan, consent and prescriber. */
  @Public()
  @Get('mediation/people/:id')
  person(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query() _q: PageQuery) {
    return renderPage(req, res, LOGGERS, async (ctx) => {
      const { lang, zone } = ctx;
      const person = await personOfSite(this.people, ctx.viewer, id);
      const [follow, followed] = await Promise.all([this.followUps.of(person.id, person.siteId!), this.mediation.followedPerson(person.id)]);
      const name = fullName(person);
      const body = html`<h1>${tr('med.followTitle', lang, { name })}</h1>
${this.followUpCards(follow, lang)}
<p class="actions"><a class="button secondary" href="/skills/people/${person.id}">${tr('med.skillsLink', lang)}</a></p>
<section class="card"><h2>${tr('med.consentTitle', lang)}</h2>
<p>${followed ? tr('med.consentSince', lang, { date: localDate(followed.consentAt, zone, lang) }) : tr('med.notFollowed', lang)}</p>
${
  follow.prescriber.consent
    ? html`<p>${tr('med.prescriberOn', lang, { name: follow.prescriber.name ?? '', m: follow.prescriber.lastMilestoneMailed })}</p>`
    : ''
}
<form data-api="/api/mediation/followed/${person.id}" data-method="PUT">
<label class="check"><input type="checkbox" name="consent" data-type="boolean"${followed ? html` checked` : ''} required> ${tr('med.consent', lang)}</label>
${field({ label: tr('med.birthYear', lang), name: 'birthYear', type: 'number', value: followed?.birthYear ?? '', hint: tr('med.birthYearHint', lang), lang, attrs: html`inputmode="numeric" min="1900" max="2100" data-type="number"` })}
${selectOf({ label: tr('med.gender', lang), name: 'gender', options: GENDERS.map((g) => [g, w('gender', g, lang)]), lang })}
${selectOf({ label: tr('med.status', lang), name: 'socialStatus', options: SOCIAL_STATUSES.map((s) => [s, w('status', s, lang)]), lang })}
${field({ label: tr('med.commune', lang), name: 'commune', value: followed?.commune ?? '', lang })}
${field({ label: tr('med.postalCode', lang), name: 'postalCode', value: followed?.postalCode ?? '', lang, attrs: html`inputmode="numeric" pattern="[0-9]{5}" maxlength="5"` })}
<fieldset class="choices"><legend>${tr('med.prescriber', lang)}</legend>
${field({ label: tr('med.prescriberName', lang), name: 'prescriberName', value: followed?.prescriberName ?? '', lang })}
${field({ label: tr('med.prescriberEmail', lang), name: 'prescriberEmail', type: 'email', value: followed?.prescriberEmail ?? '', lang })}
<label class="check"><input type="checkbox" name="prescriberConsent" data-type="boolean"${follow.prescriber.consent ? html` checked` : ''}> ${tr('med.prescriberConsent', lang)}</label>
</fieldset>
${formMessage()}<div class="actions"><button type="submit">${tr('med.save', lang)}</button></div></form>
${
  followed
    ? html`<form data-api="/api/mediation/followed/${person.id}" data-method="DELETE" data-confirm="${tr('med.unfollowConfirm', lang)}">${formMessage()}<button type="submit" class="button danger">${tr('med.unfollow', lang)}</button></form>`
    : ''
}
</section>`;
      return pageLayout(ctx, { title: tr('med.followTitle', lang, { name }), body, current: '/mediation' });
    });
  }

  /** The person's own follow-up (their hours against their plan). */
  @Public()
  @Get('mediation/me')
  me(@Req() req: PageRequest, @Res() res: Response, @Query() _q: PageQuery) {
    return renderPage(req, res, null, async (ctx) => {
      const { lang } = ctx;
      const person = await personOfSite(this.people, ctx.viewer, ctx.viewer.id, { self: true });
      const follow = await this.followUps.of(person.id, person.siteId!);
      return pageLayout(ctx, {
        title: tr('med.myTitle', lang),
        body: html`<h1>${tr('med.myTitle', lang)}</h1>${this.followUpCards(follow, lang)}`,
        current: '/mediation/me',
      });
    });
  }

  private followUpCards(f: FollowUp, lang: Lang): SafeHtml {
    const n = (v: number) => localNumber(v, lang);
    return html`<section class="card"><h2>${tr('med.attended', lang)}</h2>
${
  f.plan
    ? html`<p>${tr('med.planLine', lang, { needed: f.plan.hoursNeeded, perWeek: f.plan.hoursPerWeek, start: dayWords(f.plan.startsOn, lang) })}</p>
<progress class="progress-full" max="100" value="${f.percent}">${f.percent} %</progress>`
    : html`<p class="muted">${tr('med.noPlan', lang)}</p>`
}
<p>${tr('med.attendedLine', lang, { total: n(f.hours.total), acc: n(f.hours.accompaniments), ws: n(f.hours.workshops), tr: n(f.hours.trainings), pct: f.percent })}</p>
<p class="muted">${tr('med.trainings', lang, { n: f.trainingSessions })}</p>
${
  f.weeks.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${tr('med.week', lang)}</th><th>${tr('med.planned', lang)}</th><th>${tr('med.done.h', lang)}</th></tr></thead><tbody>${f.weeks.map(
        (wk) => html`<tr><td>${wk.week} · ${dayWords(wk.startsOn, lang, 'short')}</td><td>${n(wk.plannedHours)} h</td><td>${n(wk.attendedHours)} h</td></tr>`,
      )}</tbody></table></div>`
    : ''
}</section>`;
  }

  /** Figures by period, site, public, topic and place, and the national export of the same filter. */
  @Public()
  @Get('mediation/reports')
  reportPage(@Req() req: PageRequest, @Res() res: Response, @Query() q: ReportPageQuery) {
    return renderPage(req, res, REPORT_READERS, async (ctx) => {
      const { lang } = ctx;
      const { lang: _lang, ...query } = q;
      const f = await reportFilter(this.sites, ctx.viewer, query);
      const r = await this.reports.report(f);
      const sites = ctx.viewer.role === 'admin' ? await this.sites.list(ctx.viewer) : [];
      const params = new URLSearchParams(Object.entries({ ...query, from: f.from, to: f.to }).filter(([, v]) => v) as Array<[string, string]>).toString();
      const filterSelect = (label: string, name: keyof ReportQuery, kind: WordKind, codes: readonly string[]) =>
        html`<div class="field"><label for="r-${name}">${label}</label><select id="r-${name}" name="${name}"><option value="">${tr('med.all', lang)}</option>${codes.map(
          (c) => html`<option value="${c}"${query[name] === c ? html` selected` : ''}>${w(kind, c, lang)}</option>`,
        )}</select></div>`;
      const counts = (kind: WordKind, rows: Record<string, number>) =>
        html`<ul class="list">${Object.entries(rows)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => html`<li>${w(kind, k, lang)} : <strong>${n(v)}</strong></li>`)}</ul>`;
      const n = (v: number) => localNumber(v, lang, 1);
      const t = r.totals;
      const body = html`<h1>${tr('med.reportsTitle', lang)}</h1>
<form class="card med-filters" method="get" action="/mediation/reports">
${
  sites.length
    ? html`<div class="field"><label for="r-site">${tr('med.place', lang)}</label><select id="r-site" name="siteId"><option value="">${tr('med.all', lang)}</option>${sites.map(
        (s) => html`<option value="${s.id}"${query.siteId === s.id ? html` selected` : ''}>${s.name}</option>`,
      )}</select></div>`
    : ''
}
${field({ label: tr('med.from', lang), name: 'from', type: 'date', value: f.from, lang, required: true })}
${field({ label: tr('med.to', lang), name: 'to', type: 'date', value: f.to, lang, required: true })}
${filterSelect(tr('med.type', lang), 'type', 'type', ACTIVITY_TYPES)}
${filterSelect(tr('med.place', lang), 'placeType', 'place', PLACE_TYPES)}
${filterSelect(tr('med.topic', lang), 'topic', 'topic', TOPICS)}
${filterSelect(tr('med.gender', lang), 'gender', 'gender', GENDERS)}
${filterSelect(tr('med.ageBand', lang), 'ageBand', 'ageBand', AGE_BANDS)}
${filterSelect(tr('med.status', lang), 'socialStatus', 'status', SOCIAL_STATUSES)}
<div class="actions"><button type="submit">${tr('med.show', lang)}</button></div></form>
<section class="card"><h2>${tr('med.figures', lang)}</h2><ul class="list med-totals">
<li>${tr('med.activities', lang)} : <strong data-figure="activities">${n(t.activities)}</strong> (${tr('med.individual', lang)} : ${n(t.individual)}, ${tr('med.collective', lang)} : ${n(t.collective)})</li>
<li>${tr('med.accompaniments', lang)} : <strong data-figure="accompaniments">${n(t.accompaniments)}</strong></li>
<li>${tr('med.people', lang)} : <strong data-figure="people">${n(t.people)}</strong> — ${tr('med.newcomers', lang)} : <strong data-figure="newcomers">${n(t.newcomers)}</strong>, ${tr('med.returningPeople', lang)} : <strong data-figure="returning">${n(t.returning)}</strong></li>
<li>${tr('med.hours', lang)} : <strong data-figure="hours">${n(t.minutes / 60)}</strong></li></ul>
<div class="actions"><a class="button secondary" href="/api/mediation/exports/activities.xlsx?${params}">${tr('med.export', lang)} (XLSX)</a>
<a class="button secondary" href="/api/mediation/exports/activities.csv?${params}">${tr('med.export', lang)} (CSV)</a></div></section>
<section class="card" id="free-access"><h2>${tr('med.freeAccess', lang)}</h2><ul class="list">
<li>${tr('med.freeSessions', lang)} : <strong data-figure="free-sessions">${n(r.freeAccess.sessions)}</strong></li>
<li>${tr('med.freeHours', lang)} : <strong data-figure="free-hours">${n(r.freeAccess.minutes / 60)}</strong></li>
<li>${tr('med.freePeople', lang)} : <strong data-figure="free-people">${n(r.freeAccess.people)}</strong></li>
<li>${tr('med.freeAnonymous', lang)} : <strong data-figure="free-anonymous">${n(r.freeAccess.anonymousSessions)}</strong></li></ul>
<p class="muted">${tr('med.freeNote', lang)}</p></section>
<section class="card"><h2>${tr('med.byPlace', lang)}</h2><ul class="list">${r.byPlace.map(
        (p) =>
          html`<li>${w('place', p.placeType, lang)} : <strong>${n(p.activities)}</strong> ${tr('med.activities', lang).toLowerCase()}, ${n(p.accompaniments)} acc., ${n(p.minutes / 60)} h</li>`,
      )}</ul></section>
<section class="card"><h2>${tr('med.byTopic', lang)}</h2><ul class="list">${r.byTopic.map(
        (p) => html`<li>${w('topic', p.topic, lang)} : <strong>${n(p.activities)}</strong> (${n(p.accompaniments)} acc.)</li>`,
      )}</ul></section>
<section class="card"><h2>${tr('med.public', lang)}</h2>
<h3>${tr('med.gender', lang)}</h3>${counts('gender', r.byGender)}
<h3>${tr('med.ageBand', lang)}</h3>${counts('ageBand', r.byAgeBand)}
<h3>${tr('med.status', lang)}</h3>${counts('status', r.bySocialStatus)}</section>`;
      return pageLayout(ctx, { title: tr('med.reportsTitle', lang), body, current: '/mediation/reports' });
    });
  }
}
