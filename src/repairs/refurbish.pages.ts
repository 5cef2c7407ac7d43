import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { instantToLocalInput } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { EUROS_PATTERN, eurosTyped } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { pageLayout, PageRequest, renderPage } from '../web/page';
import { GRADES, STORAGE_KINDS } from './entities/device.entity';
import { ERASE_METHODS, NIST_LEVELS } from './entities/erasure.entity';
import { DEVICE_CATEGORIES } from './ords';
import { CHECKLIST_WORDS, ERASE_METHOD_WORDS, GRADE_WORDS, NIST_LEVEL_WORDS } from './refurbish';
import { RefurbishService } from './refurbish.service';

const tr = defineDictionary({
  'refurb.title': { fr: 'Reconditionnement', en: 'Refurbishment' },
  'refurb.intro': {
    fr: 'Un appareil « reconditionné » a toutes ses fonctions testées, a été réparé si besoin et ses données effacées (décret 2022-190). Il ne sort qu’avec un effacement vérifié.',
    en: 'A refurbished device has had all its functions tested, been repaired where needed and its data erased (décret 2022-190). It leaves only with a verified erasure.',
  },
  'refurb.none': { fr: 'Aucun appareil en reconditionnement.', en: 'No device being refurbished.' },
  'refurb.checklist': { fr: 'Contrôles', en: 'Checks' },
  'refurb.grade': { fr: 'Grade', en: 'Grade' },
  'refurb.price': { fr: 'Prix en euros (0 = don)', en: 'Price in euros (0 = donation)' },
  'refurb.priceHint': { fr: 'par exemple 45,00', en: 'for example 45.00' },
  'refurb.localTime': { fr: 'heure du lieu', en: 'local time' },
  'refurb.save': { fr: 'Enregistrer', en: 'Save' },
  'refurb.erasure': { fr: 'Effacement des données', en: 'Data erasure' },
  'refurb.erasureOk': { fr: 'Effacement vérifié', en: 'Erasure verified' },
  'refurb.erasureMissing': { fr: 'Pas d’effacement vérifié', en: 'No verified erasure' },
  'refurb.driveSerial': { fr: 'N° de série du disque', en: 'Drive serial' },
  'refurb.driveMake': { fr: 'Marque du disque', en: 'Drive make' },
  'refurb.driveModel': { fr: 'Modèle du disque', en: 'Drive model' },
  'refurb.passes': { fr: 'Nombre de passes', en: 'Passes' },
  'refurb.bus': { fr: 'Interface (SATA, NVMe, eMMC…)', en: 'Bus (SATA, NVMe, eMMC…)' },
  'refurb.nist': { fr: 'Niveau NIST SP 800-88', en: 'NIST SP 800-88 level' },
  'refurb.method': { fr: 'Méthode', en: 'Method' },
  'refurb.tool': { fr: 'Outil', en: 'Tool' },
  'refurb.verified': { fr: 'Vérification réussie', en: 'Verification passed' },
  'refurb.hpa': { fr: 'Zones cachées HPA/DCO vérifiées', en: 'Hidden areas HPA/DCO checked' },
  'refurb.start': { fr: 'Début', en: 'Start' },
  'refurb.end': { fr: 'Fin', en: 'End' },
  'refurb.record': { fr: 'Enregistrer l’effacement', en: 'Record the erasure' },
  'refurb.release': { fr: 'Remettre à un bénéficiaire', en: 'Release to a beneficiary' },
  'refurb.mode': { fr: 'Vente ou don', en: 'Sale or donation' },
  'refurb.sale': { fr: 'Vente', en: 'Sale' },
  'refurb.donation': { fr: 'Don', en: 'Donation' },
  'refurb.criterion': { fr: 'Critère d’éligibilité vérifié (aucun justificatif n’est gardé)', en: 'Eligibility criterion checked (no document is kept)' },
  'refurb.doRelease': { fr: 'Remettre', en: 'Release' },
  'refurb.certificate': { fr: 'Certificat d’effacement (PDF)', en: 'Erasure certificate (PDF)' },
  'refurb.specs': { fr: 'Caractéristiques (catalogue et reçu)', en: 'Specs (catalogue and receipt)' },
  'refurb.cpu': { fr: 'Processeur', en: 'Processor' },
  'refurb.ram': { fr: 'Mémoire vive en Go', en: 'Memory in GB' },
  'refurb.storage': { fr: 'Stockage en Go', en: 'Storage in GB' },
  'refurb.storageKind': { fr: 'Type de stockage', en: 'Storage kind' },
  'refurb.screen': { fr: 'Écran en pouces (15,6)', en: 'Screen in inches (15.6)' },
  'refurb.listed': { fr: 'Dans le catalogue public', en: 'In the public catalogue' },
  'refurb.reserved': { fr: 'Réservé pour une demande', en: 'Reserved for a request' },
  'refurb.list': { fr: 'Mettre au catalogue public', en: 'Put in the public catalogue' },
  'refurb.unlist': { fr: 'Retirer du catalogue', en: 'Take out of the catalogue' },
  'refurb.requests': { fr: 'Demandes d’appareils', en: 'Device requests' },
});

const STORAGE_WORDS: Record<(typeof STORAGE_KINDS)[number], { fr: string; en: string }> = {
  ssd: { fr: 'SSD', en: 'SSD' },
  hdd: { fr: 'Disque dur', en: 'Hard disk' },
  emmc: { fr: 'eMMC', en: 'eMMC' },
};

@ApiExcludeController()
@Controller()
export class RefurbishPages {
  constructor(private readonly refurbish: RefurbishService) {}

  @Public()
  @Get('repairs/refurbished')
  page(@Req() req: PageRequest, @Res() res: Response) {
    return renderPage(req, res, ['volunteer', 'manager'], async (ctx) => {
      const l = ctx.lang;
      const devices = await this.refurbish.inWorkshop(ctx.viewer);
      const criteria = ctx.viewer.siteId ? (await this.refurbish.settings(ctx.viewer.siteId)).eligibilityCriteria : [];
      const body = html`<h1>${tr('refurb.title', l)}</h1><p>${tr('refurb.intro', l)}</p><p><a href="/repairs/requests">${tr('refurb.requests', l)}</a></p>
${devices.length ? devices.map((d) => this.card(d, l, ctx.zone, criteria)) : html`<p class="muted">${tr('refurb.none', l)}</p>`}
<script>${CHECKLIST_SCRIPT}</script>`;
      return pageLayout(ctx, { title: tr('refurb.title', l), body: html`<div class="refurb-page">${body}</div>`, current: '/repairs' });
    });
  }

  private card(
    d: Awaited<ReturnType<RefurbishService['inWorkshop']>>[number],
    l: Lang,
    zone: string,
    criteria: Array<{ code: string; label: string }>,
  ): SafeHtml {
    const now = instantToLocalInput(new Date(), zone);
    const price = d.priceCents === null || d.priceCents === undefined ? '' : eurosTyped(d.priceCents);
    return html`<section class="card" data-device="${d.id}">
<h2>${DEVICE_CATEGORIES[d.category][l]} ${d.brand} ${d.model} <small class="muted">${d.serialNumber}</small></h2>
<p>${d.erasureOk ? html`<span class="status s-free">${tr('refurb.erasureOk', l)}</span> <a href="/api/repairs/devices/${d.id}/erasure-certificate.pdf">${tr('refurb.certificate', l)}</a>` : html`<span class="status s-to_check">${tr('refurb.erasureMissing', l)}</span>`}</p>
<form class="refurb-form" data-url="/api/repairs/devices/${d.id}/refurbishment">
  <fieldset><legend>${tr('refurb.checklist', l)}</legend>
  ${d.checklist.map((c) => html`<label class="check"><input type="checkbox" data-item="${c.item}"${c.ok ? html` checked` : ''}> ${CHECKLIST_WORDS[c.item]?.[l] ?? c.item}</label>`)}
  </fieldset>
  <div class="field"><label>${tr('refurb.grade', l)} <select name="grade"><option value="">—</option>${GRADES.map((g) => html`<option value="${g}"${d.grade === g ? html` selected` : ''}>${GRADE_WORDS[g][l]}</option>`)}</select></label></div>
  <div class="field"><label>${tr('refurb.price', l)} <input name="priceEuros" inputmode="decimal" pattern="${EUROS_PATTERN}" placeholder="${tr('refurb.priceHint', l)}" value="${price}"></label></div>
  <button type="submit">${tr('refurb.save', l)}</button><p class="form-message" role="alert"></p>
</form>
<details><summary>${tr('refurb.specs', l)}</summary>
<form data-api="/api/repairs/devices/${d.id}/refurbishment" data-method="PUT">
  <div class="field"><label>${tr('refurb.cpu', l)} <input name="cpu" maxlength="120" value="${d.cpu}"></label></div>
  <div class="field"><label>${tr('refurb.ram', l)} <input name="ramGb" inputmode="decimal" value="${d.ramGb ?? ''}"></label></div>
  <div class="field"><label>${tr('refurb.storage', l)} <input name="storageGb" type="number" min="1" max="100000" inputmode="numeric" data-type="number" value="${d.storageGb ?? ''}"></label></div>
  <div class="field"><label>${tr('refurb.storageKind', l)} <select name="storageKind"><option value="">—</option>${STORAGE_KINDS.map((k) => html`<option value="${k}"${d.storageKind === k ? html` selected` : ''}>${STORAGE_WORDS[k][l]}</option>`)}</select></label></div>
  <div class="field"><label>${tr('refurb.screen', l)} <input name="screenInches" inputmode="decimal" value="${d.screenInches ?? ''}"></label></div>
  <button type="submit">${tr('refurb.save', l)}</button>
</form></details>
<p>${d.reservedRequestId ? html`<span class="pill">${tr('refurb.reserved', l)}</span> <a href="/repairs/requests">${tr('refurb.requests', l)}</a>` : d.listedAt ? html`<span class="pill s-free">${tr('refurb.listed', l)}</span>` : ''}</p>
<form data-api="/api/repairs/devices/${d.id}/listing" data-method="PUT"><input type="hidden" name="listed" value="${d.listedAt ? 'false' : 'true'}" data-type="boolean"><button type="submit" class="secondary">${d.listedAt ? tr('refurb.unlist', l) : tr('refurb.list', l)}</button><p class="form-message" role="alert"></p></form>
${
  d.hasStorage
    ? html`<details><summary>${tr('refurb.erasure', l)}</summary>
<form data-api="/api/repairs/devices/${d.id}/erasures" data-method="POST">
  <div class="field"><label>${tr('refurb.driveSerial', l)} <input name="driveSerial" required maxlength="120"></label></div>
  <div class="field"><label>${tr('refurb.driveMake', l)} <input name="driveMake" maxlength="80"></label></div>
  <div class="field"><label>${tr('refurb.driveModel', l)} <input name="driveModel" maxlength="120"></label></div>
  <div class="field"><label>${tr('refurb.bus', l)} <input name="bus" required maxlength="20"></label></div>
  <div class="field"><label>${tr('refurb.nist', l)} <select name="nistLevel">${NIST_LEVELS.map((n) => html`<option value="${n}">${NIST_LEVEL_WORDS[n][l]}</option>`)}</select></label></div>
  <div class="field"><label>${tr('refurb.method', l)} <select name="method">${ERASE_METHODS.map((m) => html`<option value="${m}">${ERASE_METHOD_WORDS[m][l]}</option>`)}</select></label></div>
  <div class="field"><label>${tr('refurb.tool', l)} <input name="tool" required maxlength="120" value="nwipe"></label></div>
  <div class="field"><label>${tr('refurb.passes', l)} <input name="passes" type="number" min="0" max="100" value="1" data-type="number"></label></div>
  <div class="field"><label>${tr('refurb.start', l)} (${tr('refurb.localTime', l)}) <input name="startedAt" type="datetime-local" required value="${now}"></label></div>
  <div class="field"><label>${tr('refurb.end', l)} (${tr('refurb.localTime', l)}) <input name="endedAt" type="datetime-local" required value="${now}"></label></div>
  <label class="check"><input type="checkbox" name="verified" data-type="boolean"> ${tr('refurb.verified', l)}</label>
  <label class="check"><input type="checkbox" name="hiddenAreasChecked" data-type="boolean"> ${tr('refurb.hpa', l)}</label>
  <button type="submit">${tr('refurb.record', l)}</button>
</form></details>`
    : ''
}
<details><summary>${tr('refurb.release', l)}</summary>
<form data-api="/api/repairs/devices/${d.id}/release" data-method="POST">
  <div class="field"><label>${tr('refurb.mode', l)} <select name="mode"><option value="donation">${tr('refurb.donation', l)}</option><option value="sale">${tr('refurb.sale', l)}</option></select></label></div>
  <div class="field"><label>${tr('refurb.price', l)} <input name="priceEuros" inputmode="decimal" pattern="${EUROS_PATTERN}" value="${price || '0'}" required></label></div>
  ${criteria.length ? html`<div class="field"><label>${tr('refurb.criterion', l)} <select name="eligibilityCriterion">${criteria.map((c) => html`<option value="${c.code}">${c.label}</option>`)}</select></label></div>` : ''}
  <button type="submit">${tr('refurb.doRelease', l)}</button>
</form></details>
</section>`;
  }
}

/** The checklist form sends [{item, ok}] (forms.js sends flat fields only). Constant code. */
const CHECKLIST_SCRIPT =
  new SafeHtml(`document.addEventListener('submit',function(e){var f=e.target;if(!f.classList||!f.classList.contains('refurb-form'))return;e.preventDefault();
var body={checklist:Array.prototype.map.call(f.querySelectorAll('[data-item]'),function(c){return{item:c.getAttribute('data-item'),ok:c.checked};})};
if(f.grade.value)body.grade=f.grade.value;if(f.priceEuros.value!=='')body.priceEuros=f.priceEuros.value;var box=f.querySelector('.form-message');
var F=window.fablabForms;if(F)F.clearFieldErrors(f);
fetch(f.getAttribute('data-url'),{method:'PUT',headers:{'Content-Type':'application/json'},credentials:'same-origin',body:JSON.stringify(body)}).then(function(r){return r.json().then(function(j){if(r.ok)return location.reload();
var left=F&&j&&j.fields?F.placeFieldErrors(f,j.fields):null;if(left&&left.length===0)throw new Error(F.words.fields);throw new Error(left&&left.length?left.join(' '):(j&&j.message)||'Erreur');});}).catch(function(err){box.textContent=err.message;box.className='form-message error';});});`);
