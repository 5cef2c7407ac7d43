import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { euros } from '../common/local-format';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import QRCode from 'qrcode';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { html, SafeHtml } from '../web/html';
import { eurosTyped } from '../web/form-bits';
import { defineDictionary } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { isManager, pageLayout, PageRequest, renderPage } from '../web/page';
import { Lang } from '../web/i18n';
import { LOCATION_KINDS } from './entities/location.entity';
import { InventoryService } from './inventory.service';
import { InventoryPageQuery, LabelsPageQuery } from './dto/inventory-query.dto';

const tr = defineDictionary({
  'nav.inventory': { fr: 'Stock', en: 'Stock' },
  'inventory.title': { fr: 'Stock de pièces', en: 'Parts stock' },
  'inventory.low': { fr: 'Stock bas', en: 'Low stock' },
  'inventory.none': { fr: 'Aucune pièce.', en: 'No parts.' },
  'inventory.part': { fr: 'Pièce', en: 'Part' },
  'inventory.category': { fr: 'Catégorie', en: 'Category' },
  'inventory.models': { fr: 'Modèles compatibles', en: 'Compatible models' },
  'inventory.quantity': { fr: 'En stock', en: 'In stock' },
  'inventory.cost': { fr: 'Coût unitaire', en: 'Unit cost' },
  'inventory.where': { fr: 'Où', en: 'Where' },
  'inventory.locations': { fr: 'Emplacements', en: 'Locations' },
  'inventory.labels': { fr: 'Imprimer les étiquettes QR', en: 'Print QR labels' },
  'inventory.receive': { fr: 'Entrée en stock', en: 'Receive' },
  'inventory.count': { fr: 'Inventaire (compté)', en: 'Stock count' },
  'inventory.scrap': { fr: 'Mise au rebut', en: 'Scrapped' },
  'inventory.move': { fr: 'Mouvement', en: 'Move' },
  'inventory.record': { fr: 'Enregistrer', en: 'Record' },
  'inventory.print': { fr: 'Imprimer', en: 'Print' },
  'inventory.newLocation': { fr: 'Nouvel emplacement', en: 'New location' },
  'inventory.locName': { fr: "Nom de l'emplacement", en: 'Location name' },
  'inventory.kind': { fr: 'Sorte', en: 'Kind' },
  'inventory.kind.room': { fr: 'Pièce (salle)', en: 'Room' },
  'inventory.kind.shelf': { fr: 'Étagère', en: 'Shelf' },
  'inventory.kind.bin': { fr: 'Bac', en: 'Bin' },
  'inventory.parent': { fr: 'Rangé dans', en: 'Inside' },
  'inventory.noParent': { fr: '— nulle part (premier niveau)', en: '— nowhere (top level)' },
  'inventory.createLocation': { fr: "Créer l'emplacement", en: 'Create the location' },
  'inventory.newPart': { fr: 'Nouvelle pièce détachée', en: 'New spare part' },
  'inventory.partName': { fr: 'Nom de la pièce', en: 'Part name' },
  'inventory.modelsHint': { fr: 'séparés par des virgules', en: 'comma-separated' },
  'inventory.costEuros': { fr: 'Coût unitaire en euros', en: 'Unit cost in euros' },
  'inventory.costHint': { fr: 'par exemple 34,90', en: 'e.g. 34.90' },
  'inventory.threshold': { fr: 'Alerte de stock bas à (nombre de pièces)', en: 'Low-stock alert at (number of parts)' },
  'inventory.createPart': { fr: 'Créer la pièce', en: 'Create the part' },
  'inventory.edit': { fr: 'Modifier', en: 'Edit' },
  'inventory.save': { fr: 'Enregistrer les changements', en: 'Save the changes' },
});

addNavLink({ href: '/inventory', key: 'nav.inventory', roles: ['volunteer', 'manager'], group: 'repairs', order: 30 });

@ApiExcludeController()
@Controller()
export class InventoryPages {
  constructor(
    private readonly inventory: InventoryService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('inventory')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: InventoryPageQuery) {
    return renderPage(req, res, ['volunteer', 'manager'], async (ctx) => {
      const l = ctx.lang;
      const parts = await this.inventory.listParts(ctx.viewer);
      const locations = await this.inventory.listLocations(ctx.viewer);
      const where = new Map(locations.map((x) => [x.id, x.path]));
      const low = parts.filter((p) => p.low);
      const manager = isManager(ctx.viewer);
      const body = html`<h1>${tr('inventory.title', l)}</h1>
${low.length ? html`<section class="card" role="status"><h2>${tr('inventory.low', l)}</h2><ul>${low.map((p) => html`<li><strong>${p.name}</strong> : ${p.quantity}</li>`)}</ul></section>` : ''}
${
  parts.length
    ? html`<table><thead><tr><th>${tr('inventory.part', l)}</th><th>${tr('inventory.quantity', l)}</th><th>${tr('inventory.where', l)}</th><th>${tr('inventory.models', l)}</th><th>${tr('inventory.cost', l)}</th>${manager ? html`<th><span class="visually-hidden">${tr('inventory.edit', l)}</span></th>` : ''}</tr></thead>
<tbody>${parts.map((p) => html`<tr${p.low ? html` class="s-to_check"` : ''}><td>${p.name}<br><span class="muted">${p.category}</span></td><td>${p.quantity}</td><td>${p.levels.filter((x) => x.quantity).map((x) => html`${where.get(x.locationId) ?? ''} : ${x.quantity}<br>`)}</td><td>${p.compatibleModels.join(', ')}</td><td>${euros(p.unitCostCents, l)}</td>${manager ? html`<td>${editPart(l, p)}</td>` : ''}</tr>`)}</tbody></table>`
    : html`<p class="muted">${tr('inventory.none', l)}</p>`
}
${
  parts.length && locations.length
    ? html`<section class="card"><h2>${tr('inventory.move', l)}</h2>
<form data-api="/api/inventory/moves" data-method="POST">
  <div class="field"><label for="m-part">${tr('inventory.part', l)}</label><select id="m-part" name="partId">${parts.map((p) => html`<option value="${p.id}">${p.name}</option>`)}</select></div>
  <div class="field"><label for="m-loc">${tr('inventory.where', l)}</label><select id="m-loc" name="locationId">${locations.map((x) => html`<option value="${x.id}"${x.id === q.location ? html` selected` : ''}>${x.path}</option>`)}</select></div>
  <div class="field"><label for="m-kind">${tr('inventory.move', l)}</label><select id="m-kind" name="kind"><option value="received">${tr('inventory.receive', l)}</option><option value="counted">${tr('inventory.count', l)}</option><option value="scrapped">${tr('inventory.scrap', l)}</option></select></div>
  <div class="field"><label for="m-q">${tr('inventory.quantity', l)}</label><input id="m-q" name="quantity" type="number" min="0" required inputmode="numeric" data-type="number"></div>
  <button type="submit">${tr('inventory.record', l)}</button>
</form></section>`
    : ''
}
<h2>${tr('inventory.locations', l)}</h2>
<ul>${locations.map((x) => html`<li>${x.path} <span class="muted">(${tr(`inventory.kind.${x.kind}`, l)})</span>${manager ? editLocation(l, x, locations) : ''}</li>`)}</ul>
${manager ? createForms(l, locations) : ''}
<p><a class="button secondary" href="/inventory/labels">${tr('inventory.labels', l)}</a></p>`;
      return pageLayout(ctx, { title: tr('inventory.title', l), body, wide: true, current: '/inventory' });
    });
  }

  /** Printable labels with a QR code: every bin, or the devices named in `?devices=id,id`. */
  @Public()
  @Get('inventory/labels')
  labels(@Req() req: PageRequest, @Res() res: Response, @Query() q: LabelsPageQuery) {
    return renderPage(req, res, ['volunteer', 'manager'], async (ctx) => {
      const base = this.config.publicUrl;
      // Devices' labels say what the device is: the repair pages know it (older links land there).
      if (q.devices) {
        res.redirect(303, `/repairs/labels?devices=${encodeURIComponent(q.devices)}`);
        return null;
      }
      const items = (await this.inventory.listLocations(ctx.viewer)).map((x) => ({ title: x.name, sub: x.path, url: `${base}/inventory?location=${x.id}` }));
      const labels = await Promise.all(
        items.map(
          async (it) =>
            html`<figure class="label">${new SafeHtml(await QRCode.toString(it.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))}<figcaption><strong>${it.title}</strong><br><small>${it.sub}</small></figcaption></figure>`,
        ),
      );
      const body = html`<h1>${tr('inventory.labels', ctx.lang)}</h1>
<p class="no-print"><button type="button" onclick="window.print()">${tr('inventory.print', ctx.lang)}</button></p>
<div class="labels">${labels}</div>`;
      return pageLayout(ctx, { title: tr('inventory.labels', ctx.lang), body: html`<div class="labels-page">${body}</div>`, wide: true });
    });
  }
}

/**
 * A manager's forms for a new location and a new spare part (through the inventory API, whose French
 * reasons show above the button; what was typed stays, the page is not reloaded on an error).
 * Kinds in French words, the cost in euros with a comma.
 */
function createForms(l: Lang, locations: Array<{ id: string; path: string }>): SafeHtml {
  return html`<div class="inventory-forms">
<section class="card" aria-labelledby="new-location"><h2 id="new-location">${tr('inventory.newLocation', l)}</h2>
<form data-api="/api/inventory/locations" data-method="POST">
  <div class="field"><label for="l-name">${tr('inventory.locName', l)}</label><input id="l-name" name="name" required maxlength="120" autocomplete="off"></div>
  <div class="field"><label for="l-kind">${tr('inventory.kind', l)}</label><select id="l-kind" name="kind">${LOCATION_KINDS.map((k) => html`<option value="${k}"${k === 'bin' ? html` selected` : ''}>${tr(`inventory.kind.${k}`, l)}</option>`)}</select></div>
  <div class="field"><label for="l-parent">${tr('inventory.parent', l)}</label><select id="l-parent" name="parentId"><option value="">${tr('inventory.noParent', l)}</option>${locations.map((x) => html`<option value="${x.id}">${x.path}</option>`)}</select></div>
  <button type="submit">${tr('inventory.createLocation', l)}</button>
</form></section>
<section class="card" aria-labelledby="new-part"><h2 id="new-part">${tr('inventory.newPart', l)}</h2>
<form data-api="/api/inventory/parts" data-method="POST">
  <div class="field"><label for="p-name">${tr('inventory.partName', l)}</label><input id="p-name" name="name" required maxlength="200" autocomplete="off"></div>
  <div class="field"><label for="p-cat">${tr('inventory.category', l)}</label><input id="p-cat" name="category" required maxlength="60"></div>
  <div class="field"><label for="p-models">${tr('inventory.models', l)} <span class="hint">${tr('inventory.modelsHint', l)}</span></label><input id="p-models" name="compatibleModels" data-type="array"></div>
  <div class="field"><label for="p-cost">${tr('inventory.costEuros', l)} <span class="hint">${tr('inventory.costHint', l)}</span></label><input id="p-cost" name="unitCostEuros" inputmode="decimal" pattern="[0-9]+([,.][0-9]{1,2})?" autocomplete="off"></div>
  <div class="field"><label for="p-low">${tr('inventory.threshold', l)}</label><input id="p-low" name="lowStockThreshold" type="number" min="0" max="100000" inputmode="numeric" data-type="number"></div>
  <button type="submit">${tr('inventory.createPart', l)}</button>
</form></section>
</div>`;
}

/** « 34,90 »: a cost as typed in the form (euros, a comma, never cents). */

/** A part's description and cost, corrected in place (stock only moves through the form above). */
function editPart(
  l: Lang,
  p: { id: string; name: string; category: string; compatibleModels: string[]; unitCostCents: number; lowStockThreshold: number },
): SafeHtml {
  const id = (f: string) => `e-${f}-${p.id}`;
  return html`<details class="inventory-edit"><summary>${tr('inventory.edit', l)}</summary>
<form data-api="/api/inventory/parts/${p.id}" data-method="PUT">
  <div class="field"><label for="${id('name')}">${tr('inventory.partName', l)}</label><input id="${id('name')}" name="name" required maxlength="200" value="${p.name}"></div>
  <div class="field"><label for="${id('cat')}">${tr('inventory.category', l)}</label><input id="${id('cat')}" name="category" required maxlength="60" value="${p.category}"></div>
  <div class="field"><label for="${id('models')}">${tr('inventory.models', l)} <span class="hint">${tr('inventory.modelsHint', l)}</span></label><input id="${id('models')}" name="compatibleModels" data-type="array" value="${p.compatibleModels.join(', ')}"></div>
  <div class="field"><label for="${id('cost')}">${tr('inventory.costEuros', l)}</label><input id="${id('cost')}" name="unitCostEuros" inputmode="decimal" pattern="[0-9]+([,.][0-9]{1,2})?" value="${eurosTyped(p.unitCostCents)}"></div>
  <div class="field"><label for="${id('low')}">${tr('inventory.threshold', l)}</label><input id="${id('low')}" name="lowStockThreshold" type="number" min="0" max="100000" inputmode="numeric" data-type="number" value="${p.lowStockThreshold}"></div>
  <button type="submit">${tr('inventory.save', l)}</button>
</form></details>`;
}

/** A location renamed, its kind changed, or put elsewhere (never inside itself: the API refuses it in French). */
function editLocation(l: Lang, x: { id: string; name: string; kind: string; parentId: string | null }, all: Array<{ id: string; path: string }>): SafeHtml {
  const id = (f: string) => `e-${f}-${x.id}`;
  return html`<details class="inventory-edit"><summary>${tr('inventory.edit', l)}</summary>
<form data-api="/api/inventory/locations/${x.id}" data-method="PUT">
  <div class="field"><label for="${id('name')}">${tr('inventory.locName', l)}</label><input id="${id('name')}" name="name" required maxlength="120" value="${x.name}"></div>
  <div class="field"><label for="${id('kind')}">${tr('inventory.kind', l)}</label><select id="${id('kind')}" name="kind">${LOCATION_KINDS.map((k) => html`<option value="${k}"${k === x.kind ? html` selected` : ''}>${tr(`inventory.kind.${k}`, l)}</option>`)}</select></div>
  <div class="field"><label for="${id('parent')}">${tr('inventory.parent', l)}</label><select id="${id('parent')}" name="parentId" data-empty="null"><option value="">${tr('inventory.noParent', l)}</option>${all
    .filter((o) => o.id !== x.id)
    .map((o) => html`<option value="${o.id}"${o.id === x.parentId ? html` selected` : ''}>${o.path}</option>`)}</select></div>
  <button type="submit">${tr('inventory.save', l)}</button>
</form></details>`;
}
