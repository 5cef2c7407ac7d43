import { Controller, Get, HttpException, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { localDateTime } from '../common/local-format';
import { PageQuery } from '../common/query.dto';
import { Public } from '../common/public.decorator';
import { field, formMessage } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang, langOf } from '../web/i18n';
import { layout } from '../web/layout';
import { errorPage, isManager, pageLayout, PageRequest, renderPage, sendHtml, strictCsp } from '../web/page';
import { CatalogueCard, CatalogueService, RequestView } from './catalogue.service';
import { RequestsPageQuery } from './dto/catalogue.dto';
import { RefurbishService } from './refurbish.service';
import type { EligibilityCriterion } from './entities/settings.entity';

const tr = defineDictionary({
  'catalogue.title': { fr: 'Ordinateurs reconditionnés', en: 'Refurbished computers' },
  'catalogue.intro': {
    fr: 'Des appareils donnés, réparés, testés et dont les données ont été effacées, à petit prix ou gratuits, pour les personnes qui en ont besoin. Choisissez-en un et faites votre demande : l’atelier vous rappelle.',
    en: 'Donated devices, repaired, tested and wiped, at a low price or free, for people who need them. Pick one and ask for it: the workshop calls you back.',
  },
  'catalogue.rule': { fr: 'Pour qui ? Il suffit de cocher au moins une de ces situations :', en: 'Who for? Tick at least one of these situations:' },
  'catalogue.none': { fr: 'Aucun appareil disponible pour le moment. Revenez bientôt !', en: 'No device available right now. Come back soon!' },
  'catalogue.grade': { fr: 'État', en: 'Condition' },
  'catalogue.warranty': { fr: '{n} mois', en: '{n} months' },
  'catalogue.ask': { fr: 'Voir et demander', en: 'See and ask for it' },
  'catalogue.back': { fr: 'Retour au catalogue', en: 'Back to the catalogue' },
  'catalogue.photo': { fr: 'Photo de l’appareil', en: 'Photo of the device' },
  'catalogue.form': { fr: 'Demander cet appareil', en: 'Ask for this device' },
  'catalogue.situation': { fr: 'Votre situation (cochez ce qui s’applique)', en: 'Your situation (tick what applies)' },
  'catalogue.noProof': {
    fr: 'Aucun justificatif ni numéro n’est demandé ici : l’atelier vérifie avec vous le jour de la remise.',
    en: 'No document or number is asked here: the workshop checks with you on the day.',
  },
  'catalogue.name': { fr: 'Votre prénom ou nom', en: 'Your name' },
  'catalogue.contact': { fr: 'Téléphone ou e-mail', en: 'Phone or e-mail' },
  'catalogue.contactHint': { fr: 'Pour vous prévenir quand l’appareil vous attend.', en: 'To tell you when the device is waiting for you.' },
  'catalogue.privacy': {
    fr: 'Votre nom et votre contact servent seulement à vous appeler ; ils sont effacés dès que la demande est close (appareil remis ou demande annulée).',
    en: 'Your name and contact are only used to call you; they are erased as soon as the request is closed (device handed over or request cancelled).',
  },
  'catalogue.send': { fr: 'Envoyer ma demande', en: 'Send my request' },
  'catalogue.sent': { fr: 'Demande envoyée. L’atelier vous recontacte.', en: 'Request sent. The workshop will contact you.' },
  'catalogue.reference': { fr: 'Le numéro de votre demande (à donner à l’atelier) :', en: 'Your request number (give it to the workshop):' },
  'requests.title': { fr: 'Demandes d’appareils reconditionnés', en: 'Requests for refurbished devices' },
  'requests.open': { fr: 'En attente et réservées', en: 'Waiting and reserved' },
  'requests.closed': { fr: 'Closes', en: 'Closed' },
  'requests.none': { fr: 'Aucune demande.', en: 'No request.' },
  'requests.catalogue': { fr: 'Le catalogue public du lieu', en: 'The site’s public catalogue' },
  'requests.status.waiting': { fr: 'en attente', en: 'waiting' },
  'requests.status.reserved': { fr: 'réservé', en: 'reserved' },
  'requests.status.released': { fr: 'remis', en: 'handed over' },
  'requests.status.cancelled': { fr: 'annulée', en: 'cancelled' },
  'requests.device': { fr: 'Appareil', en: 'Device' },
  'requests.situations': { fr: 'Situations cochées', en: 'Situations ticked' },
  'requests.noSituation': { fr: 'aucune (le lieu n’a pas de critère)', en: 'none (the site has no criterion)' },
  'requests.who': { fr: 'À rappeler', en: 'To call back' },
  'requests.reserve': { fr: 'Réserver l’appareil', en: 'Reserve the device' },
  'requests.cancel': { fr: 'Annuler la demande', en: 'Cancel the request' },
  'requests.cancelConfirm': {
    fr: 'Annuler cette demande ? Le nom et le contact seront effacés.',
    en: 'Cancel this request? The name and contact will be erased.',
  },
  'requests.release': { fr: 'Remettre l’appareil', en: 'Hand the device over' },
  'requests.criterion': { fr: 'Critère vérifié avec la personne', en: 'Criterion checked with the person' },
  'requests.receipt': { fr: 'Reçu (PDF)', en: 'Receipt (PDF)' },
  'requests.takenBy': { fr: 'réservé pour une autre demande', en: 'reserved for another request' },
  'requests.gone': { fr: 'déjà remis', en: 'already handed over' },
  'requests.publish': { fr: 'Publier le catalogue public du lieu', en: 'Publish the site’s public catalogue' },
  'requests.publishSave': { fr: 'Enregistrer', en: 'Save' },
});

const statusWord = (s: string, l: Lang) => tr(`requests.status.${s}` as Parameters<typeof tr>[0], l);

/**
 * The public catalogue of a site (`/catalogue/<slug>`), a device with its request form, and the
 * workshop's page of requests (`/repairs/requests`). Public pages are plain and phone-first.
 */
@ApiExcludeController()
@Controller()
export class CataloguePages {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly refurbish: RefurbishService,
  ) {}

  @Public()
  @Get('catalogue/:slug')
  async list(@Req() req: PageRequest, @Res() res: Response, @Param('slug') slug: string, @Query() _q: PageQuery) {
    const lang = langOf(req, res);
    await this.publicPage(req, res, lang, async () => {
      const c = await this.catalogue.catalogue(slug, lang);
      const body = html`<h1>${tr('catalogue.title', lang)} — ${c.site.name}</h1>
<p>${tr('catalogue.intro', lang)}</p>
${rule(c.eligibilityCriteria, lang)}
${c.devices.length ? html`<ul class="list catalogue">${c.devices.map((d) => this.cardItem(c.site.slug, d, lang))}</ul>` : html`<p class="muted">${tr('catalogue.none', lang)}</p>`}`;
      return { title: `${tr('catalogue.title', lang)} — ${c.site.name}`, body };
    });
  }

  @Public()
  @Get('catalogue/:slug/:deviceId')
  async device(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('slug') slug: string,
    @Param('deviceId', ParseUUIDPipe) deviceId: string,
    @Query() _q: PageQuery,
  ) {
    const lang = langOf(req, res);
    await this.publicPage(req, res, lang, async () => {
      const c = await this.catalogue.catalogueDevice(slug, deviceId, lang);
      const d = c.device;
      const body = html`<p><a href="/catalogue/${c.site.slug}">${tr('catalogue.back', lang)}</a></p>
<article class="card catalogue-device">
<h1>${d.title}</h1>
${d.photoId ? html`<img src="/api/catalogue/photos/${d.photoId}" alt="${tr('catalogue.photo', lang)}" class="catalogue-photo">` : ''}
${facts(d, lang)}
</article>
<section class="card" aria-labelledby="ask-title">
<h2 id="ask-title">${tr('catalogue.form', lang)}</h2>
<form data-api="/api/catalogue/${c.site.slug}/requests" data-method="POST" data-result="#request-ref" data-result-field="reference" data-ok="${tr('catalogue.sent', lang)}" novalidate>
<input type="hidden" name="deviceId" value="${d.id}">
${
  c.eligibilityCriteria.length
    ? html`<fieldset class="field"><legend>${tr('catalogue.situation', lang)}</legend>
${c.eligibilityCriteria.map((cr) => html`<label class="check"><input type="checkbox" name="eligibility" value="${cr.code}" data-type="array"> ${cr.label}</label>`)}
<p class="hint">${tr('catalogue.noProof', lang)}</p></fieldset>`
    : ''
}
${field({ label: tr('catalogue.name', lang), name: 'name', required: true, lang, attrs: html`maxlength="120" autocomplete="given-name"` })}
${field({ label: tr('catalogue.contact', lang), name: 'contact', required: true, hint: tr('catalogue.contactHint', lang), lang, attrs: html`maxlength="200" autocomplete="tel" inputmode="tel"` })}
<p class="hint">${tr('catalogue.privacy', lang)}</p>
${formMessage()}<div class="actions"><button type="submit" class="big">${tr('catalogue.send', lang)}</button></div>
</form>
<div class="card" hidden><p>${tr('catalogue.reference', lang)}</p><p><strong id="request-ref" class="figure" hidden></strong></p></div>
</section>`;
      return { title: d.title, body };
    });
  }

  @Public()
  @Get('repairs/requests')
  requests(@Req() req: PageRequest, @Res() res: Response, @Query() q: RequestsPageQuery) {
    return renderPage(req, res, ['volunteer', 'manager'], async (ctx) => {
      const l = ctx.lang;
      const view = q.view ?? 'open';
      const rows = await this.catalogue.list(ctx.viewer, undefined, view, l);
      const slug = ctx.viewer.siteId ? await this.catalogue.slugOf(ctx.viewer.siteId) : null;
      // The site's manager opens or closes the public catalogue (the setting `catalogueOpen`).
      const open = ctx.viewer.siteId && isManager(ctx.viewer) ? (await this.refurbish.settings(ctx.viewer.siteId)).catalogueOpen : null;
      const publish =
        open === null
          ? ''
          : html`<form class="card" data-api="/api/repairs/settings" data-method="PUT"><label class="check"><input type="checkbox" name="catalogueOpen" data-type="boolean"${open ? html` checked` : ''}> ${tr('requests.publish', l)}</label> <button type="submit" class="secondary">${tr('requests.publishSave', l)}</button>${formMessage()}</form>`;
      const tab = (v: 'open' | 'closed') =>
        html`<li><a href="/repairs/requests${v === 'closed' ? '?view=closed' : ''}"${v === view ? html` aria-current="page"` : ''}>${tr(`requests.${v}`, l)}</a></li>`;
      const body = html`<h1>${tr('requests.title', l)}</h1>
<nav aria-label="${tr('requests.title', l)}"><ul class="list-inline">${tab('open')}${tab('closed')}</ul></nav>
${slug ? html`<p><a href="/catalogue/${slug}">${tr('requests.catalogue', l)}</a></p>` : ''}
${publish}
${rows.length ? html`<ul class="list requests">${rows.map((r) => this.requestItem(r, l, ctx.zone))}</ul>` : html`<p class="muted">${tr('requests.none', l)}</p>`}`;
      return pageLayout(ctx, { title: tr('requests.title', l), body: html`<div class="requests-page">${body}</div>`, current: '/repairs' });
    });
  }

  private cardItem(slug: string, d: CatalogueCard, lang: Lang): SafeHtml {
    return html`<li class="card" data-device="${d.id}">
${d.photoId ? html`<img src="/api/catalogue/photos/${d.photoId}?thumb=1" alt="${tr('catalogue.photo', lang)}" class="catalogue-thumb" loading="lazy">` : ''}
<h2>${d.title}</h2>
${facts(d, lang)}
<p><a class="button" href="/catalogue/${slug}/${d.id}">${tr('catalogue.ask', lang)}</a></p>
</li>`;
  }

  private requestItem(r: RequestView, l: Lang, zone: string): SafeHtml {
    const d = r.device;
    const situations = r.eligibilityWords.length ? r.eligibilityWords.join(' ; ') : tr('requests.noSituation', l);
    const deviceNote =
      d && r.status === 'waiting' && d.releasedAt
        ? html` <span class="muted">(${tr('requests.gone', l)})</span>`
        : d && r.status === 'waiting' && d.reservedRequestId
          ? html` <span class="muted">(${tr('requests.takenBy', l)})</span>`
          : '';
    const criterionChoice = r.eligibility.length
      ? html`<div class="field"><label>${tr('requests.criterion', l)} <select name="eligibilityCriterion">${r.eligibility.map(
          (code, i) => html`<option value="${code}">${r.eligibilityWords[i]}</option>`,
        )}</select></label></div>`
      : '';
    return html`<li data-request="${r.id}">
<p><strong>${r.reference}</strong> — <span class="pill">${statusWord(r.status, l)}</span> · ${localDateTime(r.createdAt, zone, l, 'short')}</p>
<p>${tr('requests.device', l)} : ${d ? d.title : '—'}${d ? html` · ${d.price}` : ''}${deviceNote}</p>
<p>${tr('requests.situations', l)} : ${situations}</p>
${r.name || r.contact ? html`<p>${tr('requests.who', l)} : ${r.name} — ${r.contact}</p>` : ''}
<div class="row">
${r.status === 'waiting' ? html`<form data-api="/api/repairs/requests/${r.id}/reserve" data-method="POST"><button type="submit">${tr('requests.reserve', l)}</button>${formMessage()}</form>` : ''}
${r.status === 'reserved' ? html`<form data-api="/api/repairs/requests/${r.id}/release" data-method="POST">${criterionChoice}<button type="submit" class="big">${tr('requests.release', l)}</button>${formMessage()}</form>` : ''}
${r.status === 'waiting' || r.status === 'reserved' ? html`<form data-api="/api/repairs/requests/${r.id}/cancel" data-method="POST" data-confirm="${tr('requests.cancelConfirm', l)}"><button type="submit" class="secondary">${tr('requests.cancel', l)}</button>${formMessage()}</form>` : ''}
${r.releaseId ? html`<p><a href="/api/repairs/releases/${r.releaseId}/receipt.pdf">${tr('requests.receipt', l)}</a></p>` : ''}
</div>
</li>`;
  }

  /** A public page: no login, strict CSP; a site without a published catalogue is a 404 page. */
  private async publicPage(req: PageRequest, res: Response, lang: Lang, build: () => Promise<{ title: string; body: SafeHtml }>): Promise<void> {
    strictCsp(res);
    const path = req.originalUrl;
    try {
      const { title, body } = await build();
      sendHtml(res, 200, layout({ title, lang, viewer: req.viewer, path, csrfToken: req.csrfToken, body: html`<div class="catalogue-page">${body}</div>` }));
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const message = (err.getResponse() as { message?: string }).message ?? '';
      sendHtml(res, err.getStatus(), errorPage({ lang, viewer: req.viewer, path, csrfToken: req.csrfToken }, err.getStatus(), message));
    }
  }
}

/** Grade, price (or free), specs and warranty of a device, as a list of facts. */
function facts(d: CatalogueCard, lang: Lang): SafeHtml {
  return html`<dl class="facts">
<div><dt>${tr('catalogue.grade', lang)}</dt><dd>${d.gradeWords}</dd></div>
<div><dt>${lang === 'fr' ? 'Prix' : 'Price'}</dt><dd><strong>${d.price}</strong></dd></div>
${d.specs.map((s) => html`<div><dt>${s.label}</dt><dd>${s.value}</dd></div>`)}
<div><dt>${lang === 'fr' ? 'Garantie' : 'Warranty'}</dt><dd>${tr('catalogue.warranty', lang, { n: d.warrantyMonths })}</dd></div>
</dl>`;
}

function rule(criteria: EligibilityCriterion[], lang: Lang): SafeHtml {
  if (!criteria.length) return html``;
  return html`<section class="card"><p>${tr('catalogue.rule', lang)}</p><ul>${criteria.map((c) => html`<li>${c.label}</li>`)}</ul></section>`;
}
