import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { MACHINE_TYPES } from '../machines/machine-types';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from './trainings.service';
import { field, fieldId, formMessage, select, siteField } from '../web/form-bits';
import { html } from '../web/html';
import { defineDictionary, formatDate } from '../web/i18n';
import { statusWord, typeIcon, typeWord } from '../machines/machine-words';
import { isManager, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { trp } from '../people/people.pages';
import { SitePageQuery } from '../common/query.dto';

const tr = defineDictionary({
  'badges.title': { fr: 'Badges', en: 'Badges' },
  'badges.owner': { fr: 'Personne', en: 'Person' },
  'badges.number': { fr: 'Numéro', en: 'Number' },
  'badges.status': { fr: 'État', en: 'Status' },
  'badges.since': { fr: 'Depuis', en: 'Since' },
  'badges.empty': { fr: 'Aucun badge enregistré. Ajoutez-en depuis la fiche d\u2019une personne.', en: "No badge yet. Add them from a person's page." },
  'trainings.title': { fr: 'Formations', en: 'Trainings' },
  'trainings.empty': { fr: 'Aucune formation dans le catalogue.', en: 'No training in the catalogue.' },
  'trainings.qualifiesFor': { fr: 'Donne accès à : {what}', en: 'Gives access to: {what}' },
  'trainings.validity': { fr: 'Valable {n} mois', en: 'Valid for {n} months' },
  'trainings.forever': { fr: 'Sans limite de durée', en: 'Does not expire' },
  'trainings.create': { fr: 'Créer une formation', en: 'Create a training' },
  'trainings.name': { fr: 'Nom (français)', en: 'Name (French)' },
  'trainings.nameEn': { fr: 'Nom en anglais', en: 'Name in English' },
  'trainings.types': { fr: 'Types de machines', en: 'Machine types' },
  'trainings.machines': { fr: 'Ou des machines précises', en: 'Or specific machines' },
  'trainings.months': { fr: 'Durée de validité en mois', en: 'Validity in months' },
  'trainings.lapseMonths': {
    fr: 'S’éteint après N mois sans séance sur ses machines (vide : jamais)',
    en: 'Lapses after N months without a session on its machines (empty: never)',
  },
  'trainings.lapseWarnDays': { fr: 'Prévenir la personne N jours avant', en: 'Warn the person N days before' },
  'trainings.lapses': { fr: 'S’éteint après {n} mois sans usage', en: 'Lapses after {n} months unused' },
  'trainings.monthsHint': { fr: 'Laissez vide si elle n\u2019expire jamais.', en: 'Leave empty if it never expires.' },
  'trainings.needs': { fr: 'Demande d\u2019abord : {names}', en: 'First requires: {names}' },
  'trainings.prerequisites': { fr: 'Formations à avoir avant', en: 'Trainings required first' },
  'trainings.noRenewal': {
    fr: 'À renouveler : expire après la durée de validité (décochez si elle vaut pour toujours)',
    en: 'To renew: expires after the validity (untick if it is valid for good)',
  },
  'admin.history': { fr: 'Historique et état', en: 'History and status' },
  'admin.title': { fr: 'Gérer les machines', en: 'Manage machines' },
  'admin.create': { fr: 'Ajouter une machine', en: 'Add a machine' },
  'admin.name': { fr: 'Nom affiché', en: 'Display name' },
  'admin.slug': { fr: 'Identifiant court', en: 'Short id' },
  'admin.slugHint': {
    fr: 'minuscules, chiffres et tirets, ex. laser-1 (utilisé par le boîtier)',
    en: 'lower case, digits and dashes, e.g. laser-1 (used by the bridge)',
  },
  'admin.type': { fr: 'Type', en: 'Type' },
  'admin.maxMinutes': { fr: "Durée maximale d'une session (minutes)", en: 'Longest session (minutes)' },
  'admin.reason': { fr: 'Raison (affichée aux makers)', en: 'Reason (shown to makers)' },
  'admin.toMaintenance': { fr: 'Mettre en maintenance', en: 'Put in maintenance' },
  'admin.toDisabled': { fr: 'Mettre hors service', en: 'Put out of order' },
  'admin.toFree': { fr: 'Remettre en service', en: 'Put back in service' },
  'admin.empty': { fr: 'Aucune machine. Ajoutez la première ci-dessous.', en: 'No machine yet. Add the first one below.' },
});

/** Badges of a site, the trainings catalogue and the machines a manager runs. */
@ApiExcludeController()
@Controller()
export class CataloguePages {
  constructor(
    private readonly people: PeopleService,
    private readonly trainings: TrainingsService,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get('badges')
  badges(@Req() req: PageRequest, @Res() res: Response) {
    strictCsp(res);
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const { lang, zone } = ctx;
      const [badges, people] = await Promise.all([this.people.listBadges(ctx.viewer), this.people.list(ctx.viewer)]);
      const byId = new Map(people.map((p) => [p.id, p]));
      const body = html`<h1>${tr('badges.title', lang)}</h1>
${
  badges.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${tr('badges.number', lang)}</th><th>${tr('badges.owner', lang)}</th><th>${tr('badges.status', lang)}</th><th>${tr('badges.since', lang)}</th></tr></thead>
<tbody>${badges.map((b) => {
        const p = byId.get(b.personId);
        return html`<tr><td class="uid">${b.uid}${b.label ? html`<br><span class="muted">${b.label}</span>` : ''}</td>
<td>${p ? html`<a href="/people/${p.id}">${[p.firstName, p.lastName].filter(Boolean).join(' ')}</a>` : '?'}</td>
<td>${b.revokedAt ? html`<span class="pill s-revoked">${trp('people.revoked', lang, { date: formatDate(b.revokedAt, lang, zone) })}</span>` : html`<span class="pill s-active">${trp('people.badgeActive', lang)}</span>`}</td>
<td>${formatDate(b.createdAt, lang, zone)}</td></tr>`;
      })}</tbody></table></div>`
    : html`<p class="card">${tr('badges.empty', lang)}</p>`
}`;
      return pageLayout(ctx, { title: tr('badges.title', lang), body, wide: true, current: '/badges' });
    });
  }

  @Public()
  @Get('trainings')
  catalogue(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const siteId = q.siteId;
      const [trainings, machines, sites] = await Promise.all([
        this.trainings.list(viewer, siteId),
        this.machines.list(viewer, siteId),
        viewer.role === 'admin' ? this.sites.list(viewer) : Promise.resolve([]),
      ]);
      const machineName = new Map(machines.map((m) => [m.id, m.name]));
      const body = html`<h1>${tr('trainings.title', lang)}</h1>
${trainings.length ? '' : html`<p class="muted">${tr('trainings.empty', lang)}</p>`}
<ul class="list" id="trainings">${trainings.map((tn) => {
        const what = [...tn.machineTypes.map((ty) => typeWord(ty, lang)), ...tn.machineIds.map((id) => machineName.get(id) ?? '?')].join(', ');
        return html`<li><span><strong>${lang === 'en' && tn.nameEn ? tn.nameEn : tn.name}</strong><br>
<span class="muted">${tr('trainings.qualifiesFor', lang, { what })}</span>${tn.prerequisiteIds?.length ? html`<br><span class="muted">${tr('trainings.needs', lang, { names: tn.prerequisiteIds.map((id) => trainings.find((x) => x.id === id)?.name ?? '?').join(', ') })}</span>` : ''}</span>
<span class="pill ${tn.validityMonths && tn.requiresRenewal !== false ? 's-valid' : 's-unknown'}">${tn.validityMonths && tn.requiresRenewal !== false ? tr('trainings.validity', lang, { n: tn.validityMonths }) : tr('trainings.forever', lang)}</span>${tn.lapseMonths ? html` <span class="pill s-maintenance">${tr('trainings.lapses', lang, { n: tn.lapseMonths })}</span>` : ''}</li>`;
      })}</ul>
${
  isManager(viewer)
    ? html`<section class="card"><h2>${tr('trainings.create', lang)}</h2>
<form data-api="/api/trainings" data-method="POST" novalidate>
  ${siteField(ctx, sites, siteId)}
  ${field({ label: tr('trainings.name', lang), name: 'name', required: true, lang })}
  ${field({ label: tr('trainings.nameEn', lang), name: 'nameEn', lang })}
  <fieldset class="choices"><legend>${tr('trainings.types', lang)}</legend>
  ${MACHINE_TYPES.map((ty) => {
    const id = fieldId('type');
    return html`<label class="check" for="${id}"><input id="${id}" type="checkbox" name="machineTypes" value="${ty}" data-type="array"> ${typeWord(ty, lang)}</label>`;
  })}</fieldset>
  ${
    machines.length
      ? html`<fieldset class="choices"><legend>${tr('trainings.machines', lang)}</legend>${machines.map((m) => {
          const id = fieldId('machine');
          return html`<label class="check" for="${id}"><input id="${id}" type="checkbox" name="machineIds" value="${m.id}" data-type="array"> ${m.name}</label>`;
        })}</fieldset>`
      : ''
  }
  ${field({ label: tr('trainings.months', lang), name: 'validityMonths', type: 'number', value: 12, hint: tr('trainings.monthsHint', lang), lang, attrs: html`data-type="number" min="1" max="240" inputmode="numeric"` })}
  ${field({ label: tr('trainings.lapseMonths', lang), name: 'lapseMonths', type: 'number', lang, attrs: html`data-type="number" min="1" max="120" inputmode="numeric"` })}
  ${field({ label: tr('trainings.lapseWarnDays', lang), name: 'lapseWarnDays', type: 'number', value: 14, lang, attrs: html`data-type="number" min="1" max="90" inputmode="numeric"` })}
  <label class="check"><input type="checkbox" name="requiresRenewal" data-type="boolean" checked> ${tr('trainings.noRenewal', lang)}</label>
  ${
    trainings.length
      ? html`<fieldset class="choices"><legend>${tr('trainings.prerequisites', lang)}</legend>${trainings.map((tn) => {
          const id = fieldId('prereq');
          return html`<label class="check" for="${id}"><input id="${id}" type="checkbox" name="prerequisiteIds" value="${tn.id}" data-type="array"> ${tn.name}</label>`;
        })}</fieldset>`
      : ''
  }
  ${formMessage()}
  <div class="actions"><button type="submit">${tr('trainings.create', lang)}</button></div>
</form></section>`
    : ''
}`;
      return pageLayout(ctx, { title: tr('trainings.title', lang), body, current: '/trainings' });
    });
  }

  @Public()
  @Get('admin/machines')
  adminMachines(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    strictCsp(res);
    return renderPage(req, res, ['manager'], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const siteId = q.siteId;
      const [machines, sites] = await Promise.all([
        this.machines.list(viewer, siteId),
        viewer.role === 'admin' ? this.sites.list(viewer) : Promise.resolve([]),
      ]);
      const body = html`<h1>${tr('admin.title', lang)}</h1>
${machines.length ? '' : html`<p class="muted">${tr('admin.empty', lang)}</p>`}
<ul class="list" id="admin-machines">${machines.map(
        (m) => html`<li class="admin-machine" data-machine-id="${m.id}"><div class="grow">
  <p class="tile-head"><span class="tile-icon" title="${typeWord(m.type, lang)}">${typeIcon(m.type)}</span><strong class="tile-name">${m.name}</strong> <a href="/machines/${m.id}/history">${tr('admin.history', lang)}</a></p>
  <p><span class="pill s-${m.status}">${statusWord(m.status, lang)}</span> <span class="muted">${m.slug}${m.statusReason ? ` · ${m.statusReason}` : ''}</span></p>
  <form data-api="/api/machines/${m.id}/status" data-method="PUT" novalidate>
    ${field({ label: tr('admin.reason', lang), name: 'reason', lang, value: m.statusReason ?? '' })}
    <div class="actions">
      <button type="submit" name="status" value="maintenance" class="secondary">${tr('admin.toMaintenance', lang)}</button>
      <button type="submit" name="status" value="disabled" class="secondary">${tr('admin.toDisabled', lang)}</button>
      <button type="submit" name="status" value="free">${tr('admin.toFree', lang)}</button>
    </div>
    ${formMessage()}
  </form></div></li>`,
      )}</ul>
<section class="card"><h2>${tr('admin.create', lang)}</h2>
<form data-api="/api/machines" data-method="POST" novalidate>
  ${siteField(ctx, sites, siteId)}
  ${field({ label: tr('admin.name', lang), name: 'name', required: true, lang })}
  ${field({ label: tr('admin.slug', lang), name: 'slug', required: true, hint: tr('admin.slugHint', lang), lang, attrs: html`autocapitalize="none" spellcheck="false" pattern="[a-z0-9][a-z0-9-]*"` })}
  ${select({ label: tr('admin.type', lang), name: 'type', lang, options: MACHINE_TYPES.map((ty) => [ty, typeWord(ty, lang)]) })}
  ${field({ label: tr('admin.maxMinutes', lang), name: 'maxSessionMinutes', type: 'number', value: 480, lang, required: true, attrs: html`data-type="number" min="1" max="1440" inputmode="numeric"` })}
  ${formMessage()}
  <div class="actions"><button type="submit">${tr('admin.create', lang)}</button></div>
</form></section>`;
      return pageLayout(ctx, { title: tr('admin.title', lang), body, current: '/admin/machines' });
    });
  }
}
