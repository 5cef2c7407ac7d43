import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { InventoryService } from '../inventory/inventory.service';
import { html, jsonIsland, SafeHtml } from '../web/html';
import { dayWords, localDateTime, localNumber } from '../common/local-format';
import { Lang, t as words } from '../web/i18n';
import { addNavLink, layout } from '../web/layout';
import { langOf } from '../web/i18n';
import { PageContext, pageLayout, PageRequest, renderPage, sendHtml } from '../web/page';
import { OrdsService } from './ords.service';
import { BARRIER_WORDS, DEVICE_CATEGORIES, DEVICE_CATEGORY_CODES, ORDS_BARRIERS } from './ords';
import { RepairsService, TicketView } from './repairs.service';
import { tr } from './repairs.words';
import { NEXT_STATUSES, statusWord as ticketStatusWord, TicketStatus } from './ticket-flow';
import { SitePageQuery } from '../common/query.dto';
import { BenchPageQuery, DeviceLabelsPageQuery, MAX_DEVICE_LABELS } from './dto/repairs-pages-query.dto';
import QRCode from 'qrcode';
import { AppConfig } from '../config/app-config';
import { RefurbishService } from './refurbish.service';
import type { Device } from './entities/device.entity';

addNavLink({ href: '/repairs', key: 'nav.repairs', roles: ['volunteer', 'manager'], group: 'repairs', order: 10 });

const WORKSHOP = ['volunteer', 'manager'] as const;
const when = (d: Date | string, lang: Lang, zone: string) => localDateTime(d, zone, lang, 'short');
const statusWord = (s: TicketStatus | null, lang: Lang) => (s ? ticketStatusWord(s, lang) : '—');
const categoryWord = (c: keyof typeof DEVICE_CATEGORIES, lang: Lang) => DEVICE_CATEGORIES[c][lang];

/** « En cours » / « Terminés »: the bench, or what left it. */
function viewSwitch(current: 'open' | 'done', l: Lang): SafeHtml {
  const link = (view: 'open' | 'done', href: string) =>
    html`<li><a href="${href}"${view === current ? html` aria-current="page"` : ''}>${tr(`repairs.view.${view}`, l)}</a></li>`;
  return html`<nav class="repairs-views" aria-label="${tr('repairs.views', l)}"><ul class="list-inline">${link('open', '/repairs')}${link('done', '/repairs?view=done')}</ul></nav>`;
}

/** What a person reads on a label or a list: « Ordinateur portable Lenovo T440 ». */
const deviceTitle = (d: Device, l: Lang) => [categoryWord(d.category, l), d.brand, d.model].filter(Boolean).join(' ');

/** A ticket's number as said at the counter: the start of its id, in capitals (« 3E823824 »). */
const ticketNo = (id: string) => id.slice(0, 8).toUpperCase();

const CIVILITIES = new Set(['m', 'm.', 'mr', 'mr.', 'mme', 'mme.', 'mlle', 'madame', 'monsieur', 'mademoiselle']);

/** The owner's first name only (a label is seen by anyone), or « don » for a donated device. */
function ownerWord(d: Device, l: Lang): string {
  if (d.purpose === 'refurbish') return tr('repairs.donation', l);
  return d.broughtBy.split(/\s+/).find((w) => w && !CIVILITIES.has(w.toLowerCase())) ?? '';
}

/** Big buttons, one per next status; end of life asks for a barrier, so it lives on the ticket page. */
function stepButtons(t: { id: string; status: TicketStatus }, lang: Lang, withEndOfLife: boolean): SafeHtml {
  const next = NEXT_STATUSES[t.status].filter((s) => withEndOfLife || s !== 'end_of_life');
  if (!next.length) return html`<p class="muted">${tr('repairs.closed', lang)}</p>`;
  return html`<form class="row step-buttons" data-api="/api/repairs/tickets/${t.id}/steps" data-method="POST" aria-label="${tr('repairs.moveTo', lang)}">
  <span>${tr('repairs.moveTo', lang)}</span>
  ${next.map((s) => html`<button type="submit" name="to" value="${s}" class="big">${statusWord(s, lang)}</button>`)}
</form>`;
}

@ApiExcludeController()
@Controller()
export class RepairsPages {
  constructor(
    private readonly repairs: RepairsService,
    private readonly ords: OrdsService,
    private readonly inventory: InventoryService,
    private readonly refurbish: RefurbishService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('repairs')
  bench(@Req() req: PageRequest, @Res() res: Response, @Query() q: BenchPageQuery) {
    return renderPage(req, res, [...WORKSHOP], async (ctx) => {
      if (q.view === 'done') return this.donePage(ctx);
      const l = ctx.lang;
      const tickets = await this.repairs.bench(ctx.viewer);
      const events = await this.repairs.listEvents(ctx.viewer);
      // From a repair café's page (?event=): that event is chosen, and saving leads back to it.
      const chosen = events.find((e) => e.id === q.event);
      const body = html`<h1>${tr('repairs.title', l)}</h1>
${viewSwitch('open', l)}
<section class="card" aria-labelledby="intake-title">
<h2 id="intake-title">${tr('repairs.intake', l)}</h2>
${chosen ? html`<p><a href="/repairs/events/${chosen.id}">${tr('events.forEvent', l, { name: chosen.name })}</a></p>` : ''}
<form id="intake-form" data-api="/api/repairs/intake" data-method="POST"${chosen ? html` data-redirect="/repairs/events/${chosen.id}"` : ''}>
  <fieldset class="field"><legend>${tr('repairs.purpose', l)}</legend>
    <label class="choice"><input type="radio" name="purpose" value="repair" checked> ${tr('repairs.purpose.repair', l)}</label>
    <label class="choice"><input type="radio" name="purpose" value="refurbish"> ${tr('repairs.purpose.refurbish', l)}</label>
  </fieldset>
  <div class="field"><label for="i-category">${tr('repairs.category', l)}</label>
    <select id="i-category" name="category" required>${DEVICE_CATEGORY_CODES.map((c) => html`<option value="${c}">${categoryWord(c, l)}</option>`)}</select></div>
  <div class="field"><label for="i-fault">${tr('repairs.fault', l)}</label><textarea id="i-fault" name="reportedFault" required rows="2" maxlength="1000"></textarea></div>
  <div class="field"><label for="i-brand">${tr('repairs.brand', l)}</label><input id="i-brand" name="brand" maxlength="80" autocomplete="off"></div>
  <div class="field"><label for="i-model">${tr('repairs.model', l)}</label><input id="i-model" name="model" maxlength="120" autocomplete="off"></div>
  <div class="field"><label for="i-serial">${tr('repairs.serial', l)}</label><input id="i-serial" name="serialNumber" maxlength="120" autocomplete="off"></div>
  <div class="field"><label for="i-year">${tr('repairs.year', l)}</label><input id="i-year" name="yearOfManufacture" type="number" inputmode="numeric" min="1950" max="2100" data-type="number"></div>
  <div class="field"><label for="i-weight">${tr('repairs.weight', l)}<span class="hint">${tr('repairs.weightHint', l)}</span></label><input id="i-weight" name="weightKg" type="number" step="any" min="0.001" max="150" inputmode="decimal" data-type="number"></div>
  <div class="field"><label for="i-condition">${tr('repairs.condition', l)}</label><input id="i-condition" name="condition" maxlength="500"></div>
  <div class="field"><label for="i-acc">${tr('repairs.accessories', l)}</label><input id="i-acc" name="accessories" maxlength="500"></div>
  <div class="field"><label for="i-by">${tr('repairs.broughtBy', l)}</label><input id="i-by" name="broughtBy" maxlength="120" autocomplete="off"></div>
  <div class="field"><label for="i-contact">${tr('repairs.contact', l)}</label><input id="i-contact" name="contact" maxlength="200" autocomplete="off"></div>
  <label class="choice"><input type="checkbox" name="contactConsent" data-type="boolean"> ${tr('repairs.consent', l)} <span class="hint">${tr('repairs.consentHint', l)}</span></label>
  ${events.length ? html`<div class="field"><label for="i-event">${tr('repairs.event', l)}</label><select id="i-event" name="eventId"><option value="">${tr('repairs.noEvent', l)}</option>${events.map((e) => html`<option value="${e.id}"${e === chosen ? html` selected` : ''}>${dayWords(e.date, l, 'short')} — ${e.name}</option>`)}</select></div>` : ''}
  <button type="submit" class="big">${tr('repairs.save', l)}</button>
</form>
</section>
<section aria-labelledby="bench-title">
<h2 id="bench-title">${tr('repairs.bench', l)}</h2>
${tickets.length ? html`<ul class="list bench" id="bench">${tickets.map((t) => this.benchItem(t, l))}</ul>` : html`<p class="muted">${tr('repairs.empty', l)}</p>`}
</section>
<p><a href="/repairs/events">${tr('events.title', l)}</a> · <a href="/repairs/refurbished">${words('refurb.title', l)}</a> · <a href="/repairs/requests">${words('requests.title', l)}</a> · <a href="/repairs/impact">${tr('impact.title', l)}</a> · <a href="/inventory">Stock</a></p>`;
      return pageLayout(ctx, { title: tr('repairs.title', l), body: html`<div class="repairs-page">${body}</div>`, current: '/repairs' });
    });
  }

  /** « Terminés »: what left the bench, with its erasure certificate and its label. */
  private async donePage(ctx: PageContext): Promise<string> {
    const l = ctx.lang;
    const tickets = await this.repairs.finished(ctx.viewer);
    const erased = new Set<string>();
    for (const t of tickets) if ((await this.refurbish.erasuresOf(ctx.viewer, t.deviceId)).length) erased.add(t.deviceId);
    const item = (t: TicketView) => {
      const d = t.device;
      return html`<li data-ticket="${t.id}">
  <p><strong>${deviceTitle(d, l)}</strong> — <span class="status s-${t.status}">${statusWord(t.status, l)}</span> · ${tr('repairs.ticketNo', l, { n: ticketNo(t.id) })}</p>
  ${d.releasedAt ? html`<p class="muted">${tr('repairs.releasedOn', l, { when: when(d.releasedAt, l, ctx.zone) })}</p>` : ''}
  <p><a href="/repairs/${t.id}">${tr('repairs.open', l)}</a> · <a href="/repairs/labels?devices=${d.id}">${tr('repairs.label', l)}</a>${erased.has(d.id) ? html` · <a href="/api/repairs/devices/${d.id}/erasure-certificate.pdf">${tr('repairs.certificate', l)}</a>` : ''}</p>
</li>`;
    };
    const body = html`<h1>${tr('repairs.title', l)}</h1>
${viewSwitch('done', l)}
<section aria-labelledby="done-title"><h2 id="done-title">${tr('repairs.done', l)}</h2>
${tickets.length ? html`<ul class="list bench" id="done">${tickets.map(item)}</ul>` : html`<p class="muted">${tr('repairs.doneEmpty', l)}</p>`}
</section>`;
    return pageLayout(ctx, {
      title: `${tr('repairs.view.done', l)} · ${tr('repairs.title', l)}`,
      body: html`<div class="repairs-page">${body}</div>`,
      current: '/repairs',
    });
  }

  /** Printable QR labels that say what the device is: brand, model, ticket number, owner's first name or « don ». */
  @Public()
  @Get('repairs/labels')
  labels(@Req() req: PageRequest, @Res() res: Response, @Query() q: DeviceLabelsPageQuery) {
    return renderPage(req, res, [...WORKSHOP], async (ctx) => {
      const l = ctx.lang;
      const ids = [...new Set(q.devices.split(','))].slice(0, MAX_DEVICE_LABELS);
      const labels: SafeHtml[] = [];
      for (const id of ids) {
        const device = await this.repairs.device(ctx.viewer, id);
        const ticket = await this.repairs.latestTicketOf(ctx.viewer, id);
        const qr = await QRCode.toString(`${this.config.publicUrl}/repairs/device/${id}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        const sub = [tr('repairs.ticketNo', l, { n: ticketNo(ticket.id) }), ownerWord(device, l)].filter(Boolean).join(' · ');
        labels.push(
          html`<figure class="label">${new SafeHtml(qr)}<figcaption><strong>${deviceTitle(device, l)}</strong><br><small>${sub}</small></figcaption></figure>`,
        );
      }
      const body = html`<h1>${tr('repairs.labelsTitle', l)}</h1><div class="labels">${labels}</div>`;
      return pageLayout(ctx, { title: tr('repairs.labelsTitle', l), body: html`<div class="labels-page">${body}</div>`, wide: true });
    });
  }

  private benchItem(t: TicketView, l: Lang): SafeHtml {
    const d = t.device;
    return html`<li data-ticket="${t.id}">
  <p><strong>${categoryWord(d.category, l)} ${d.brand} ${d.model}</strong> — <span class="status s-${t.status}">${statusWord(t.status, l)}</span></p>
  <p class="muted">${d.reportedFault}</p>
  ${stepButtons(t, l, false)}
  <p><a href="/repairs/${t.id}">${tr('repairs.open', l)}</a></p>
</li>`;
  }

  /** Public figures for funders and the public. */
  @Public()
  @Get('repairs/impact')
  async impact(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    const lang = langOf(req, res);
    const i = await this.ords.impact(q.siteId);
    const fmt = (n: number) => localNumber(n, lang, 1);
    const body = html`<h1>${tr('impact.title', lang)}</h1>
<div class="row impact">
  <p class="card"><strong class="figure">${fmt(i.fixed)}</strong> ${tr('impact.fixed', lang)}</p>
  <p class="card"><strong class="figure">${fmt(i.wastePreventedKg)}</strong> ${tr('impact.kg', lang)}</p>
  <p class="card"><strong class="figure">${fmt(i.co2eAvoidedKg)}</strong> ${tr('impact.co2', lang)}</p>
</div>
<p>${tr('impact.method', lang, { d: i.source.displacement })}</p>
<table><thead><tr><th>${tr('impact.category', lang)}</th><th>${tr('impact.fixed', lang)}</th><th>${tr('impact.weight', lang)}</th><th>${tr('impact.footprint', lang)}</th></tr></thead>
<tbody>${i.byCategory.map((c) => html`<tr><td>${categoryWord(c.category, lang)} (${c.ordsCategory})</td><td>${c.fixed}</td><td>${c.weightKg ?? tr('impact.none', lang)}</td><td>${c.footprintKg ?? tr('impact.none', lang)}</td></tr>`)}</tbody></table>
<p class="muted">${tr('impact.source', lang)} : <a href="${i.source.url}">${i.source.name}</a></p>`;
    sendHtml(
      res,
      200,
      layout({ title: tr('impact.title', lang), lang, viewer: req.viewer, path: req.originalUrl, body: html`<div class="repairs-impact-page">${body}</div>` }),
    );
  }

  /** Where a device's QR label leads: its latest ticket. */
  @Public()
  @Get('repairs/device/:id')
  deviceLabel(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return renderPage(req, res, [...WORKSHOP], async (ctx) => {
      res.redirect(303, `/repairs/${(await this.repairs.latestTicketOf(ctx.viewer, id)).id}`);
      return null;
    });
  }

  @Public()
  @Get('repairs/:id')
  ticket(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return renderPage(req, res, [...WORKSHOP], async (ctx) => this.ticketPage(ctx, id));
  }

  private async ticketPage(ctx: PageContext, id: string): Promise<string> {
    const l = ctx.lang;
    const t = await this.repairs.detail(ctx.viewer, id);
    const d = t.device;
    const fits = (models: string[]) => !!d.model && models.some((m) => m.toLowerCase() === d.model.toLowerCase());
    // Parts known to fit this model come first.
    const parts = (await this.inventory.listParts(ctx.viewer, t.siteId)).sort((a, b) => Number(fits(b.compatibleModels)) - Number(fits(a.compatibleModels)));
    const locations = await this.inventory.listLocations(ctx.viewer, t.siteId);
    const partName = new Map(parts.map((p) => [p.id, p.name]));
    const open = NEXT_STATUSES[t.status].length > 0;
    const body = html`<h1>${categoryWord(d.category, l)} ${d.brand} ${d.model}</h1>
<p><span class="status s-${t.status}" id="ticket-status">${statusWord(t.status, l)}</span></p>
<div class="card"><p>${tr('repairs.fault', l)} : ${d.reportedFault}</p>
<p class="muted">${tr('repairs.serial', l)} : ${d.serialNumber || '—'} · ${tr('repairs.accessories', l)} : ${d.accessories || '—'} · ${tr('repairs.condition', l)} : ${d.condition || '—'}</p>
<p><a href="/repairs/labels?devices=${d.id}">${tr('repairs.label', l)}</a>${d.purpose === 'refurbish' ? html` · <a href="/api/repairs/devices/${d.id}/erasure-certificate.pdf">${tr('repairs.certificate', l)}</a>` : ''}</p></div>
${stepButtons(t, l, false)}
${
  open
    ? html`<section class="card"><h2>${tr('repairs.next', l)}</h2>
<form data-api="/api/repairs/tickets/${t.id}/steps" data-method="POST">
  <div class="field"><label for="s-to">${tr('repairs.next', l)}</label><select id="s-to" name="to">${NEXT_STATUSES[t.status].map((s) => html`<option value="${s}">${statusWord(s, l)}</option>`)}</select></div>
  <div class="field"><label for="s-problem">${tr('repairs.problem', l)}</label><input id="s-problem" name="problem" value="${t.problem}" maxlength="1000"></div>
  <div class="field"><label for="s-barrier">${tr('repairs.barrier', l)}</label><select id="s-barrier" name="barrier"><option value="">—</option>${ORDS_BARRIERS.map((b) => html`<option value="${b}">${BARRIER_WORDS[b][l]}</option>`)}</select></div>
  <div class="field"><label for="s-min">${tr('repairs.minutes', l)}</label><input id="s-min" name="minutesSpent" type="number" min="0" max="1440" inputmode="numeric" data-type="number"></div>
  <div class="field"><label for="s-notes">${tr('repairs.notes', l)}</label><textarea id="s-notes" name="notes" rows="2" maxlength="1000"></textarea></div>
  <button type="submit" class="big">${tr('repairs.doStep', l)}</button>
</form></section>`
    : ''
}
<section class="card"><h2>${tr('repairs.time', l)} : ${t.totalMinutes} min</h2>
<ul>${Object.values(t.timeByVolunteer).map((v) => html`<li>${v.name} : ${v.minutes} min</li>`)}</ul>
<form class="row" data-api="/api/repairs/tickets/${t.id}/time" data-method="POST">
  <label for="t-min">${tr('repairs.minutes', l)}</label><input id="t-min" name="minutesSpent" type="number" min="1" max="1440" required inputmode="numeric" data-type="number">
  <button type="submit">${tr('repairs.logTime', l)}</button>
</form></section>
<section class="card"><h2>${tr('repairs.parts', l)}</h2>
<ul>${t.partsUsed.map((p) => html`<li>${p.quantity} × ${partName.get(p.partId) ?? p.partId}</li>`)}</ul>
${
  open && parts.length
    ? html`<form data-api="/api/repairs/tickets/${t.id}/parts" data-method="POST">
  <div class="field"><label for="p-part">${tr('repairs.part', l)}</label><select id="p-part" name="partId">${parts.map((p) => html`<option value="${p.id}">${fits(p.compatibleModels) ? '✓ ' : ''}${p.name} (${p.quantity})</option>`)}</select></div>
  <div class="field"><label for="p-loc">${tr('repairs.location', l)}</label><select id="p-loc" name="locationId">${locations.map((x) => html`<option value="${x.id}">${x.path}</option>`)}</select></div>
  <div class="field"><label for="p-q">${tr('repairs.quantity', l)}</label><input id="p-q" name="quantity" type="number" min="1" value="1" data-type="number"></div>
  <button type="submit">${tr('repairs.take', l)}</button>
</form>`
    : ''
}</section>
<section class="card"><h2>${tr('repairs.photos', l)}</h2>
<div class="row">${t.photos.map((p) => html`<a href="/api/repairs/photos/${p.id}"><img src="/api/repairs/photos/${p.id}?thumb=1" alt="" width="160" loading="lazy"></a>`)}</div>
<form id="photo-form" enctype="multipart/form-data">
  <div class="field"><label for="ph">${tr('repairs.addPhoto', l)}</label><input id="ph" name="photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" required></div>
  <button type="submit">${tr('repairs.send', l)}</button><p class="form-message" role="alert"></p>
</form></section>
<section class="card"><h2>${tr('repairs.steps', l)}</h2>
<table><thead><tr><th>${tr('repairs.when', l)}</th><th>${tr('repairs.who', l)}</th><th>${tr('repairs.what', l)}</th><th>${tr('repairs.notes', l)}</th></tr></thead>
<tbody>${t.steps.map((s) => html`<tr><td>${when(s.at, l, ctx.zone)}</td><td>${s.personName}</td><td>${s.toStatus ? statusWord(s.toStatus, l) : tr('repairs.time', l)}${s.minutesSpent ? ` (${s.minutesSpent} min)` : ''}</td><td>${s.notes}</td></tr>`)}</tbody></table></section>
${jsonIsland('photo-data', { url: `/api/repairs/devices/${d.id}/photos` })}
<script>${PHOTO_SCRIPT}</script>`;
    return pageLayout(ctx, {
      title: `${categoryWord(d.category, l)} ${d.brand}`,
      body: html`<div class="repairs-page repair-ticket-page">${body}</div>`,
      current: '/repairs',
    });
  }
}

/** Sends the chosen photo as multipart (forms.js speaks JSON only). Constant code, no data. */
const PHOTO_SCRIPT =
  new SafeHtml(`(function(){var f=document.getElementById('photo-form');if(!f)return;var url=JSON.parse(document.getElementById('photo-data').textContent).url;
f.addEventListener('submit',function(e){e.preventDefault();var box=f.querySelector('.form-message');var b=f.querySelector('button');b.disabled=true;
fetch(url,{method:'POST',body:new FormData(f),credentials:'same-origin'}).then(function(r){return r.json().then(function(j){if(!r.ok)throw new Error(j&&j.message||'Erreur');location.reload();});})
.catch(function(err){box.textContent=err.message;box.className='form-message error';b.disabled=false;});});})();`);
