import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { duration, localDateTime } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { InventoryService } from '../inventory/inventory.service';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { html } from '../web/html';
import { defineDictionary, type Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { isManager, pageLayout, PageRequest, renderPage } from '../web/page';
import { MaintenanceForm, MaintenancePlanForm } from './dto/maintenance.dto';
import { MaintenanceService, PlanState } from './maintenance.service';

addNavLink({ href: '/maintenance', key: 'nav.maintenance', roles: ['manager', 'trainer'], group: 'machines', order: 60 });

const tm = defineDictionary({
  'nav.maintenance': { fr: 'Entretien des machines', en: 'Machine care' },
  'mt.title': { fr: 'Entretien des machines', en: 'Machine care' },
  'mt.machineTitle': { fr: 'Entretien : {name}', en: 'Care: {name}' },
  'mt.none': { fr: 'Aucune tâche d’entretien prévue.', en: 'No care task planned.' },
  'mt.due': { fr: 'À faire', en: 'Due' },
  'mt.ok': { fr: 'À jour', en: 'Up to date' },
  'mt.usage': { fr: '{used} h d’usage sur {every} h', en: '{used} h of use out of {every} h' },
  'mt.dueSince': { fr: 'à faire depuis le {when}', en: 'due since {when}' },
  'mt.plans': { fr: 'Tâches prévues (selon les heures d’usage)', en: 'Planned tasks (by hours of use)' },
  'mt.task': { fr: 'Tâche', en: 'Task' },
  'mt.every': { fr: 'Toutes les (heures d’usage)', en: 'Every (hours of use)' },
  'mt.addPlan': { fr: 'Prévoir cette tâche', en: 'Plan this task' },
  'mt.log': { fr: 'Noter un entretien', en: 'Log care' },
  'mt.what': { fr: 'Ce qui a été fait', en: 'What was done' },
  'mt.forPlan': { fr: 'Tâche prévue faite', en: 'Planned task done' },
  'mt.noPlan': { fr: '— aucune —', en: '— none —' },
  'mt.doneAt': { fr: 'Quand (vide : maintenant)', en: 'When (empty: now)' },
  'mt.downtime': { fr: 'Machine arrêtée (minutes)', en: 'Machine down (minutes)' },
  'mt.part': { fr: 'Pièce prise dans le stock', en: 'Part taken from stock' },
  'mt.location': { fr: 'Emplacement', en: 'Location' },
  'mt.quantity': { fr: 'Quantité', en: 'Quantity' },
  'mt.save': { fr: 'Enregistrer', en: 'Save' },
  'mt.history': { fr: 'Historique', en: 'History' },
  'mt.noHistory': { fr: 'Aucun entretien noté.', en: 'No care logged.' },
  'mt.by': { fr: 'par {name}', en: 'by {name}' },
  'mt.down': { fr: 'arrêt {d}', en: 'down {d}' },
  'mt.open': { fr: 'Voir et noter', en: 'See and log' },
  'mt.machine': { fr: 'Machine', en: 'Machine' },
});

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
const hours = (n: number, lang: Lang) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });

function planLine(p: PlanState, lang: Lang, zone: string) {
  const usage = fill(tm('mt.usage', lang), { used: hours(p.usedHours, lang), every: hours(p.everyHours, lang) });
  const when = p.dueAt ? ` — ${fill(tm('mt.dueSince', lang), { when: localDateTime(p.dueAt, zone, lang, 'short') })}` : '';
  return html`<li data-plan="${p.id}" data-due="${p.due ? '1' : '0'}"><strong class="${p.due ? 'badge warn' : 'badge'}">${tm(p.due ? 'mt.due' : 'mt.ok', lang)}</strong> ${p.task} : ${usage}${when}</li>`;
}

/** /maintenance (every machine's care at a glance) and /machines/:id/maintenance (a machine's tasks, log form and history). */
@ApiExcludeController()
@Controller()
export class MaintenancePages {
  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly machines: MachinesService,
    private readonly inventory: InventoryService,
    private readonly people: PeopleService,
  ) {}

  @Public()
  @Get('maintenance')
  overview(@Req() req: PageRequest, @Res() res: Response) {
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const machines = await this.machines.list(viewer);
      const plans = await Promise.all(machines.map((m) => this.maintenance.plansOf(viewer, m.id)));
      const title = tm('mt.title', lang);
      const body = html`<h1>${title}</h1>
${machines.map(
  (m, i) => html`<section class="card" data-machine="${m.id}"><h2>${m.name}</h2>
${plans[i].length ? html`<ul>${plans[i].map((p) => planLine(p, lang, zone))}</ul>` : html`<p class="muted">${tm('mt.none', lang)}</p>`}
<p><a class="button secondary" href="/machines/${m.id}/maintenance">${tm('mt.open', lang)}</a></p></section>`,
)}`;
      return pageLayout(ctx, { title, body });
    });
  }

  @Public()
  @Get('machines/:id/maintenance')
  machine(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const machine = await this.machines.get(viewer, id);
      const [plans, records, parts, locations] = await Promise.all([
        this.maintenance.plansOf(viewer, id),
        this.maintenance.history(viewer, id),
        this.inventory.listParts(viewer, machine.siteId),
        this.inventory.listLocations(viewer, machine.siteId),
      ]);
      const names = await this.people.displayNames(records.map((r) => r.doneById));
      const title = fill(tm('mt.machineTitle', lang), { name: machine.name });
      const body = html`<h1>${title}</h1>
<section class="card"><h2>${tm('mt.plans', lang)}</h2>
${plans.length ? html`<ul>${plans.map((p) => planLine(p, lang, zone))}</ul>` : html`<p class="muted">${tm('mt.none', lang)}</p>`}
${
  isManager(viewer)
    ? html`<form method="post" action="/machines/${machine.id}/maintenance/plans">
  <p><label>${tm('mt.task', lang)}<br><input name="task" required minlength="2" maxlength="200" placeholder="Nettoyer la lentille"></label></p>
  <p><label>${tm('mt.every', lang)}<br><input name="everyHours" required inputmode="decimal" placeholder="40"></label></p>
  <p><button type="submit" class="button secondary">${tm('mt.addPlan', lang)}</button></p></form>`
    : ''
}</section>
<section class="card"><h2>${tm('mt.log', lang)}</h2>
<form method="post" action="/machines/${machine.id}/maintenance">
  <p><label>${tm('mt.what', lang)}<br><textarea name="what" required minlength="2" maxlength="1000" rows="3"></textarea></label></p>
  <p><label>${tm('mt.forPlan', lang)}<br><select name="planId"><option value="">${tm('mt.noPlan', lang)}</option>${plans.map((p) => html`<option value="${p.id}">${p.task}</option>`)}</select></label></p>
  <p><label>${tm('mt.doneAt', lang)}<br><input type="datetime-local" name="doneAt"></label></p>
  <p><label>${tm('mt.downtime', lang)}<br><input type="number" name="downtimeMinutes" min="0" inputmode="numeric"></label></p>
  <p><label>${tm('mt.part', lang)}<br><select name="partId"><option value="">${tm('mt.noPlan', lang)}</option>${parts.map((p) => html`<option value="${p.id}">${p.name} (${p.quantity})</option>`)}</select></label></p>
  <p><label>${tm('mt.location', lang)}<br><select name="locationId"><option value="">${tm('mt.noPlan', lang)}</option>${locations.map((l) => html`<option value="${l.id}">${l.path}</option>`)}</select></label></p>
  <p><label>${tm('mt.quantity', lang)}<br><input type="number" name="quantity" min="1" max="1000" inputmode="numeric"></label></p>
  <p><button type="submit" class="button">${tm('mt.save', lang)}</button></p>
</form></section>
<section><h2>${tm('mt.history', lang)}</h2>
${
  records.length
    ? html`<ul class="history">${records.map(
        (r) =>
          html`<li data-record="${r.id}"><strong>${localDateTime(r.doneAt, zone, lang, 'short')}</strong> — ${r.what} ${fill(tm('mt.by', lang), {
            name: names.get(r.doneById) ?? '?',
          })}${r.downtimeMinutes ? html` · ${fill(tm('mt.down', lang), { d: duration(r.downtimeMinutes) })}` : ''}${
            r.partsUsed.length ? html` · ${r.partsUsed.map((p) => `${p.quantity} × ${p.name}`).join(', ')}` : ''
          }</li>`,
      )}</ul>`
    : html`<p class="muted">${tm('mt.noHistory', lang)}</p>`
}</section>`;
      return pageLayout(ctx, { title, body });
    });
  }

  @Public()
  @Post('machines/:id/maintenance')
  log(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() form: MaintenanceForm) {
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const parts = form.partId && form.locationId ? [{ partId: form.partId, locationId: form.locationId, quantity: form.quantity ?? 1 }] : [];
      await this.maintenance.record(ctx.viewer, id, {
        what: form.what,
        planId: form.planId,
        doneAt: form.doneAt,
        downtimeMinutes: form.downtimeMinutes,
        parts,
      });
      res.redirect(303, `/machines/${id}/maintenance`);
      return null;
    });
  }

  @Public()
  @Post('machines/:id/maintenance/plans')
  plan(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() form: MaintenancePlanForm) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      await this.maintenance.addPlan(ctx.viewer, id, { task: form.task, everyHours: form.everyHours });
      res.redirect(303, `/machines/${id}/maintenance`);
      return null;
    });
  }
}
