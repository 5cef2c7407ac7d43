import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { Viewer } from '../common/viewer';
import { Person, Role, ROLES } from './entities/person.entity';
import { PeopleService } from './people.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';
import { field, formMessage, select, siteField, todayIn } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, formatDate, Lang, t } from '../web/i18n';
import { isManager, PageContext, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { PeoplePageQuery } from '../web/dto/pages-query.dto';

export const trp = defineDictionary({
  'people.title': { fr: 'Personnes', en: 'People' },
  'people.search': { fr: 'Chercher une personne', en: 'Find a person' },
  'people.searchHint': { fr: 'Nom, prénom ou e-mail', en: 'Name or e-mail' },
  'people.add': { fr: 'Ajouter une personne', en: 'Add a person' },
  'people.firstName': { fr: 'Prénom', en: 'First name' },
  'people.lastName': { fr: 'Nom', en: 'Last name' },
  'people.email': { fr: 'E-mail', en: 'E-mail' },
  'people.role': { fr: 'Rôle', en: 'Role' },
  'people.password': { fr: 'Mot de passe', en: 'Password' },
  'people.passwordHint': {
    fr: '10 caractères au moins ; seulement si la personne se connecte au site.',
    en: 'At least 10 characters; only if the person logs in.',
  },
  'people.empty': { fr: "Personne pour l'instant.", en: 'Nobody yet.' },
  'people.inactive': { fr: 'inactif', en: 'inactive' },
  'people.active': { fr: 'actif', en: 'active' },
  'people.deactivate': { fr: 'Désactiver le compte', en: 'Deactivate the account' },
  'people.reactivate': { fr: 'Réactiver le compte', en: 'Reactivate the account' },
  'people.deactivateConfirm': {
    fr: 'Désactiver ce compte ? Ses badges ne fonctionneront plus.',
    en: "Deactivate this account? Their badges won't work any more.",
  },
  'people.status': { fr: 'Compte', en: 'Account' },
  'people.trainings': { fr: 'Formations réussies', en: 'Trainings passed' },
  'people.qualsLink': { fr: 'Habilitations et suspensions', en: 'Qualifications and suspensions' },
  'people.historyLink': { fr: 'Historique d\u2019utilisation des machines', en: 'Machine use history' },
  'people.suspended': { fr: 'suspendue', en: 'suspended' },
  'people.noTrainings': { fr: 'Aucune formation enregistrée.', en: 'No training recorded.' },
  'people.passedOn': { fr: 'Réussie le {date}', en: 'Passed on {date}' },
  'people.expiresOn': { fr: "valable jusqu'au {date}", en: 'valid until {date}' },
  'people.noExpiry': { fr: 'sans limite de durée', en: 'does not expire' },
  'people.expired': { fr: 'expirée', en: 'expired' },
  'people.recordPass': { fr: 'Enregistrer une formation réussie', en: 'Record a training passed' },
  'people.training': { fr: 'Formation', en: 'Training' },
  'people.date': { fr: 'Date de la formation', en: 'Date of the training' },
  'people.noCatalogue': {
    fr: 'Aucune formation dans le catalogue : créez-en une dans « Formations ».',
    en: 'No training in the catalogue yet: create one under "Trainings".',
  },
  'people.badges': { fr: 'Badges', en: 'Badges' },
  'people.noBadges': { fr: 'Aucun badge.', en: 'No badge.' },
  'people.revoke': { fr: 'Désactiver ce badge', en: 'Deactivate this badge' },
  'people.revokeConfirm': {
    fr: 'Désactiver ce badge ? Il ne pourra plus ouvrir de machine.',
    en: 'Deactivate this badge? It will no longer open any machine.',
  },
  'people.revoked': { fr: 'désactivé le {date}', en: 'deactivated on {date}' },
  'people.badgeActive': { fr: 'actif', en: 'active' },
  'people.addBadge': { fr: 'Ajouter un badge', en: 'Add a badge' },
  'people.uid': { fr: 'Numéro du badge', en: 'Badge number' },
  'people.uidHint': { fr: 'Passez le badge sur le lecteur ou tapez son numéro', en: 'Hold the badge on the reader or type its number' },
  'people.label': { fr: 'Étiquette', en: 'Label' },
  'people.back': { fr: 'Toutes les personnes', en: 'All people' },
  'role.maker': { fr: 'Maker', en: 'Maker' },
  'role.volunteer': { fr: 'Bénévole', en: 'Volunteer' },
  'role.entrepreneur': { fr: 'Entrepreneur·e', en: 'Entrepreneur' },
  'role.trainer': { fr: 'Formateur·rice', en: 'Trainer' },
  'role.mediator': { fr: 'Médiateur·rice numérique', en: 'Digital mediator' },
  'role.manager': { fr: 'Responsable', en: 'Manager' },
  'role.admin': { fr: 'Administrateur·rice', en: 'Administrator' },
});

export const roleWord = (r: string, lang: Lang) => t(`role.${r}`, lang);
const fullName = (p: Pick<Person, 'firstName' | 'lastName'>) => [p.firstName, p.lastName].filter(Boolean).join(' ');

/** People of a site, one person's profile with trainings and badges. */
@ApiExcludeController()
@Controller()
export class PeoplePages {
  constructor(
    private readonly people: PeopleService,
    private readonly trainings: TrainingsService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get('people')
  list(@Req() req: PageRequest, @Res() res: Response, @Query() query: PeoplePageQuery) {
    strictCsp(res);
    return renderPage(req, res, ['manager', 'trainer', 'volunteer'], async (ctx) => {
      const siteId = query.siteId;
      const q = query.q?.trim() ?? '';
      const people = (await this.people.list(ctx.viewer, siteId)).filter((p) => matches(p, q));
      const { lang, zone } = ctx;
      const body = html`<h1>${trp('people.title', lang)}</h1>
<form class="card" method="get" action="/people" role="search">
  ${siteId ? html`<input type="hidden" name="siteId" value="${siteId}">` : ''}
  <div class="row">
    ${field({ label: trp('people.search', lang), name: 'q', type: 'search', value: q, hint: trp('people.searchHint', lang), required: true, lang, attrs: html`data-filter="#people" autocomplete="off"` })}
    <button type="submit" class="secondary">${t('common.search', lang)}</button>
  </div>
</form>
${people.length ? '' : html`<p class="muted">${trp('people.empty', lang)}</p>`}
<ul class="list" id="people">${people.map(
        (p) => html`<li><a class="title" href="/people/${p.id}">${fullName(p)}</a>
  <span>${roleWord(p.role, lang)}${p.active ? '' : html` · <span class="pill s-inactive">${trp('people.inactive', lang)}</span>`}</span>
  ${p.email ? html`<span class="muted">${p.email}</span>` : ''}</li>`,
      )}</ul>
${isManager(ctx.viewer) ? await this.addPersonForm(ctx, siteId) : ''}`;
      return pageLayout(ctx, { title: trp('people.title', lang), body, current: '/people' });
    });
  }

  private async addPersonForm(ctx: PageContext, siteId?: string): Promise<SafeHtml> {
    const { lang, zone } = ctx;
    const roles = ROLES.filter((r) => r !== 'admin' || ctx.viewer.role === 'admin');
    const sites = ctx.viewer.role === 'admin' ? await this.sites.list(ctx.viewer) : [];
    return html`<section class="card"><h2>${trp('people.add', lang)}</h2>
<form data-api="/api/people" data-method="POST" novalidate>
  ${siteField(ctx, sites, siteId)}
  <div class="row">
    ${field({ label: trp('people.firstName', lang), name: 'firstName', required: true, lang, attrs: html`autocomplete="off"` })}
    ${field({ label: trp('people.lastName', lang), name: 'lastName', lang, attrs: html`autocomplete="off"` })}
  </div>
  ${field({ label: trp('people.email', lang), name: 'email', type: 'email', lang, attrs: html`autocomplete="off" inputmode="email"` })}
  ${select({ label: trp('people.role', lang), name: 'role', value: 'maker', lang, options: roles.map((r) => [r, roleWord(r, lang)]) })}
  ${field({ label: trp('people.password', lang), name: 'password', type: 'password', hint: trp('people.passwordHint', lang), lang, attrs: html`autocomplete="new-password"` })}
  ${formMessage()}
  <div class="actions"><button type="submit">${trp('people.add', lang)}</button></div>
</form></section>`;
  }

  @Public()
  @Get('people/:id')
  profile(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const person = await this.people.get(viewer, id);
      const [qualifications, badges, catalogue] = await Promise.all([
        this.trainings.qualificationsOf(viewer, id),
        this.people.listBadges(viewer, id),
        canRecordPass(viewer) && person.siteId ? this.trainings.list(viewer, viewer.role === 'admin' ? person.siteId : undefined) : Promise.resolve([]),
      ]);
      const manager = isManager(viewer);
      const now = Date.now();
      const staff = ['admin', 'manager', 'trainer', 'volunteer'].includes(viewer.role);
      const body = html`${staff ? html`<p><a href="/people">← ${trp('people.back', lang)}</a></p>` : ''}
<h1>${fullName(person)}</h1>
<div class="card">
  <p><strong>${trp('people.role', lang)} :</strong> ${roleWord(person.role, lang)}</p>
  ${person.email ? html`<p><strong>${trp('people.email', lang)} :</strong> ${person.email}</p>` : ''}
  <p><strong>${trp('people.status', lang)} :</strong> <span class="pill ${person.active ? 's-active' : 's-inactive'}">${trp(person.active ? 'people.active' : 'people.inactive', lang)}</span></p>
  ${
    manager && person.id !== viewer.id
      ? html`<form data-api="/api/people/${person.id}" data-method="PATCH"${person.active ? html` data-confirm="${trp('people.deactivateConfirm', lang)}"` : ''}>
    <input type="hidden" name="active" value="${String(!person.active)}" data-type="boolean">
    ${formMessage()}
    <button type="submit" class="${person.active ? 'secondary' : ''}">${trp(person.active ? 'people.deactivate' : 'people.reactivate', lang)}</button>
  </form>`
      : ''
  }
</div>

<h2>${trp('people.trainings', lang)}</h2>
<p class="actions"><a class="button secondary" href="/people/${person.id}/qualifications">${trp('people.qualsLink', lang)}</a> <a class="button secondary" href="/people/${person.id}/history">${trp('people.historyLink', lang)}</a></p>
${qualifications.length ? '' : html`<p class="muted">${trp('people.noTrainings', lang)}</p>`}
<ul class="list" id="qualifications">${qualifications.map((q) => {
        const expired = !!q.expiresAt && q.expiresAt.getTime() < now;
        const name = q.training ? (lang === 'en' && q.training.nameEn ? q.training.nameEn : q.training.name) : '?';
        return html`<li><span><strong>${name}</strong><br><span class="muted">${trp('people.passedOn', lang, { date: formatDate(`${q.passedOn}T12:00:00Z`, lang, zone) })} ·
  ${q.expiresAt ? trp('people.expiresOn', lang, { date: formatDate(q.expiresAt, lang, zone) }) : trp('people.noExpiry', lang)}</span></span>
  ${expired ? html`<span class="pill s-expired">${trp('people.expired', lang)}</span>` : ''}${q.suspendedAt ? html`<span class="pill s-maintenance">${trp('people.suspended', lang)}</span>` : ''}</li>`;
      })}</ul>
${canRecordPass(viewer) ? recordPassForm(person, catalogue, lang, zone) : ''}

<h2>${trp('people.badges', lang)}</h2>
${badges.length ? '' : html`<p class="muted">${trp('people.noBadges', lang)}</p>`}
<ul class="list" id="badges">${badges.map(
        (b) => html`<li><span><strong class="uid">${b.uid}</strong>${b.label ? html` · ${b.label}` : ''}<br>
  ${b.revokedAt ? html`<span class="pill s-revoked">${trp('people.revoked', lang, { date: formatDate(b.revokedAt, lang, zone) })}</span>` : html`<span class="pill s-active">${trp('people.badgeActive', lang)}</span>`}</span>
  ${
    manager && !b.revokedAt
      ? html`<form data-api="/api/badges/${b.id}/revoke" data-method="POST" data-confirm="${trp('people.revokeConfirm', lang)}" class="inline">${formMessage()}<button type="submit" class="danger">${trp('people.revoke', lang)}</button></form>`
      : ''
  }</li>`,
      )}</ul>
${
  manager
    ? html`<section class="card"><h2>${trp('people.addBadge', lang)}</h2>
<form data-api="/api/badges" data-method="POST" novalidate>
  <input type="hidden" name="personId" value="${person.id}">
  ${field({ label: trp('people.uid', lang), name: 'uid', required: true, hint: trp('people.uidHint', lang), lang, attrs: html`autocomplete="off" autocapitalize="characters" spellcheck="false"` })}
  ${field({ label: trp('people.label', lang), name: 'label', lang })}
  ${formMessage()}
  <div class="actions"><button type="submit">${trp('people.addBadge', lang)}</button></div>
</form></section>`
    : ''
}`;
      return pageLayout(ctx, { title: fullName(person), body, current: staff ? '/people' : undefined });
    });
  }
}

/** The search without JavaScript: every word must appear in the name or e-mail, accents ignored. */
function matches(p: Pick<Person, 'firstName' | 'lastName' | 'email'>, q: string): boolean {
  if (!q) return true;
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
  const hay = fold([p.firstName, p.lastName, p.email ?? ''].join(' '));
  return fold(q)
    .split(/\s+/)
    .every((w) => hay.includes(w));
}

const canRecordPass = (v: Viewer) => ['admin', 'manager', 'trainer'].includes(v.role);

function recordPassForm(person: Person, catalogue: Array<{ id: string; name: string; nameEn: string; siteId: string }>, lang: Lang, zone: string): SafeHtml {
  const options = catalogue.filter((c) => c.siteId === person.siteId);
  if (!options.length) return html`<p class="muted">${trp('people.noCatalogue', lang)}</p>`;
  return html`<section class="card"><h2>${trp('people.recordPass', lang)}</h2>
<form data-api="/api/qualifications" data-method="POST" novalidate>
  <input type="hidden" name="personId" value="${person.id}">
  ${select({ label: trp('people.training', lang), name: 'trainingId', lang, options: options.map((c) => [c.id, lang === 'en' && c.nameEn ? c.nameEn : c.name]) })}
  ${field({ label: trp('people.date', lang), name: 'passedOn', type: 'date', value: todayIn(zone), required: true, lang, attrs: html`max="${todayIn(zone)}"` })}
  ${formMessage()}
  <div class="actions"><button type="submit">${trp('people.recordPass', lang)}</button></div>
</form></section>`;
}

export type { Role };
