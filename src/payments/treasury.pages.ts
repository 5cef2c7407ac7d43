import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { dayOf, euros, localDate } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { SitePageQuery } from '../common/query.dto';
import { InvoicesService } from '../invoices/invoices.service';
import { field, formMessage, select } from '../web/form-bits';
import { html } from '../web/html';
import { defineDictionary } from '../web/i18n';
import { pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { invoiceItem, paymentItem } from './payments.pages';
import { PaymentsService } from './payments.service';

const tr = defineDictionary({
  'tr.title': { fr: 'Trésorerie', en: 'Treasury' },
  'tr.chainOk': { fr: 'Numérotation continue et chaînage intacts ({n} pièces).', en: 'Numbering continuous and chain intact ({n} documents).' },
  'tr.chainBad': { fr: 'Anomalie : pièces manquantes, en double ou altérées : {list}', en: 'Problem: missing, duplicated or altered documents: {list}' },
  'tr.unpaid': { fr: 'Factures impayées', en: 'Unpaid invoices' },
  'tr.due': { fr: 'reste {amount}, échéance {day}', en: '{amount} left, due {day}' },
  'tr.invoices': { fr: 'Factures et avoirs', en: 'Invoices and credit notes' },
  'tr.payments': { fr: 'Paiements reçus', en: 'Payments received' },
  'tr.none': { fr: 'Aucun.', en: 'None.' },
  'tr.credit': { fr: 'Émettre un avoir', en: 'Issue a credit note' },
  'tr.creditAmount': { fr: 'Montant en euros (vide : tout le reste)', en: 'Amount in euros (empty: all that is left)' },
  'tr.refund': { fr: 'Rembourser', en: 'Refund' },
  'tr.toRefund': { fr: 'à rembourser (payé deux fois)', en: 'to refund (paid twice)' },
  'tr.periods': { fr: 'Clôture des périodes', en: 'Closing periods' },
  'tr.closedUntil': { fr: 'Clos jusqu’au {day} inclus.', en: 'Closed up to {day}.' },
  'tr.closeDay': { fr: 'Dernier jour de la période à clore', en: 'Last day of the period to close' },
  'tr.close': { fr: 'Clore (définitif)', en: 'Close (final)' },
  'tr.confirmClose': {
    fr: 'Aucune facture ne pourra plus être datée dans cette période. Clore ?',
    en: 'No invoice can be dated in this period any more. Close?',
  },
  'tr.exports': { fr: 'Exports comptables', en: 'Accounting exports' },
  'tr.fec': { fr: 'FEC {year}', en: 'FEC {year}' },
  'tr.csv': { fr: 'Écritures {year} (CSV)', en: 'Entries {year} (CSV)' },
  'tr.profile': { fr: 'Mentions de l’émetteur', en: 'Seller details' },
  'tr.legalName': { fr: 'Raison sociale', en: 'Legal name' },
  'tr.address': { fr: 'Adresse', en: 'Address' },
  'tr.siren': { fr: 'SIREN ou SIRET', en: 'SIREN or SIRET' },
  'tr.vatNumber': { fr: 'N° de TVA intracommunautaire', en: 'EU VAT number' },
  'tr.regime': { fr: 'Régime de TVA', en: 'VAT regime' },
  'tr.subject': { fr: 'Assujetti (TVA facturée)', en: 'VAT charged' },
  'tr.franchise': { fr: 'Franchise en base (art. 293 B du CGI)', en: 'VAT franchise (art. 293 B CGI)' },
  'tr.exempt': { fr: 'Activité non lucrative exonérée', en: 'Exempt non-profit activity' },
  'tr.paymentDays': { fr: 'Délai de paiement (jours)', en: 'Payment term (days)' },
  'tr.save': { fr: 'Enregistrer', en: 'Save' },
  'tr.saved': { fr: 'Enregistré.', en: 'Saved.' },
  'tr.done': { fr: 'Fait.', en: 'Done.' },
  'tr.notCertified': {
    fr: 'Ce logiciel n’est pas un système de caisse certifié : un lieu assujetti à la TVA qui encaisse des particuliers en espèces doit en utiliser un.',
    en: 'This software is not a certified cash-register system: a VAT-registered place taking cash from private customers needs one.',
  },
});

/** The treasurer's page (managers and admins of the site): invoices, credit notes, refunds, unpaid, closing, exports, seller details. */
@ApiExcludeController()
@Controller()
export class TreasuryPages {
  constructor(
    private readonly payments: PaymentsService,
    private readonly invoices: InvoicesService,
  ) {}

  @Public()
  @Get('treasury')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    strictCsp(res);
    return renderPage(req, res, ['manager'], async (ctx) => {
      const { lang, viewer } = ctx;
      const siteId = this.invoices.assertTreasurer(viewer, q.siteId ?? viewer.siteId);
      const year = Number(dayOf(new Date(), ctx.zone).slice(0, 4));
      const [invoices, payments, unpaid, periods, chain, profile] = await Promise.all([
        this.invoices.list(viewer, { siteId }),
        this.payments.ofSite(siteId),
        this.payments.unpaid(viewer, siteId),
        this.invoices.listPeriods(viewer, siteId),
        this.invoices.verify(viewer, siteId),
        this.invoices.profileOf(siteId),
      ]);
      const site = viewer.role === 'admin' ? `&siteId=${siteId}` : '';
      const siteField = viewer.role === 'admin' ? html`<input type="hidden" name="siteId" value="${siteId}">` : '';
      const chainLine = chain.ok
        ? html`<p class="form-message ok" id="chain">${tr('tr.chainOk', lang, { n: chain.documents })}</p>`
        : html`<p class="form-message" id="chain" role="alert">${tr('tr.chainBad', lang, { list: [...chain.gaps, ...chain.duplicates, ...chain.broken].join(', ') })}</p>`;
      const creditForm = (id: string) =>
        html`<details><summary>${tr('tr.credit', lang)}</summary><form data-api="/api/invoices/${id}/credit-notes" data-method="POST" class="stack">${field({ label: tr('tr.creditAmount', lang), name: 'amountEuros', lang, attrs: html`inputmode="decimal"` })}${formMessage()}<button type="submit" class="button secondary">${tr('tr.credit', lang)}</button></form></details>`;
      const refundForm = (id: string) =>
        html`<details><summary>${tr('tr.refund', lang)}</summary><form data-api="/api/payments/${id}/refund" data-method="POST" class="stack">${field({ label: tr('tr.creditAmount', lang), name: 'amountEuros', lang, attrs: html`inputmode="decimal"` })}${formMessage()}<button type="submit" class="button secondary">${tr('tr.refund', lang)}</button></form></details>`;
      const body = html`<div class="money-page"><h1>${tr('tr.title', lang)}</h1>${chainLine}
<section><h2>${tr('tr.unpaid', lang)}</h2>${
        unpaid.length
          ? html`<ul class="list">${unpaid.map((u) =>
              invoiceItem(
                u.invoice,
                lang,
                ctx.zone,
                html`<span class="muted">${tr('tr.due', lang, { amount: euros(u.dueCents, lang), day: u.invoice.dueDay ? localDate(new Date(`${u.invoice.dueDay}T12:00:00Z`), 'UTC', lang) : '' })}</span>`,
              ),
            )}</ul>`
          : html`<p class="muted">${tr('tr.none', lang)}</p>`
      }</section>
<section><h2>${tr('tr.invoices', lang)}</h2>${
        invoices.length
          ? html`<ul class="list">${invoices.slice(0, 200).map((i) => invoiceItem(i, lang, ctx.zone, i.kind === 'invoice' ? creditForm(i.id) : ''))}</ul>`
          : html`<p class="muted">${tr('tr.none', lang)}</p>`
      }</section>
<section><h2>${tr('tr.payments', lang)}</h2>${
        payments.length
          ? html`<ul class="list">${payments
              .slice(0, 200)
              .map((p) =>
                paymentItem(
                  p,
                  lang,
                  ctx.zone,
                  html`${p.duplicate ? html`<span class="pill s-to_check">${tr('tr.toRefund', lang)}</span>` : ''}${p.refundedCents < p.amountCents ? refundForm(p.id) : ''}`,
                ),
              )}</ul>`
          : html`<p class="muted">${tr('tr.none', lang)}</p>`
      }</section>
<section><h2>${tr('tr.periods', lang)}</h2>${periods[0] ? html`<p>${tr('tr.closedUntil', lang, { day: localDate(new Date(`${periods[0].endDay}T12:00:00Z`), 'UTC', lang) })}</p>` : ''}
<form data-api="/api/invoices/periods" data-method="POST" data-confirm="${tr('tr.confirmClose', lang)}" class="stack">${siteField}${field({ label: tr('tr.closeDay', lang), name: 'endDay', type: 'date', lang, required: true })}${formMessage()}<button type="submit" class="button secondary">${tr('tr.close', lang)}</button></form></section>
<section><h2>${tr('tr.exports', lang)}</h2><p><a class="button secondary" href="/api/payments/exports/fec?year=${year}${site}">${tr('tr.fec', lang, { year })}</a> <a class="button secondary" href="/api/payments/exports/entries.csv?year=${year}${site}" download="ecritures-${year}.csv">${tr('tr.csv', lang, { year })}</a> <a class="button secondary" href="/api/payments/exports/fec?year=${year - 1}${site}">${tr('tr.fec', lang, { year: year - 1 })}</a></p></section>
<section><h2>${tr('tr.profile', lang)}</h2><form data-api="/api/invoices/profile" data-method="PUT" data-ok="${tr('tr.saved', lang)}" class="stack">${siteField}
${field({ label: tr('tr.legalName', lang), name: 'legalName', value: profile.legalName, lang, required: true })}
${field({ label: tr('tr.address', lang), name: 'address', value: profile.address, lang })}
${field({ label: tr('tr.siren', lang), name: 'siren', value: profile.siren ?? '', lang, attrs: html`inputmode="numeric"` })}
${field({ label: tr('tr.vatNumber', lang), name: 'vatNumber', value: profile.vatNumber ?? '', lang })}
${select({ label: tr('tr.regime', lang), name: 'vatRegime', value: profile.vatRegime, lang, options: (['franchise', 'exempt', 'subject'] as const).map((r) => [r, tr(`tr.${r}`, lang)]) })}
${field({ label: tr('tr.paymentDays', lang), name: 'paymentDays', type: 'number', value: profile.paymentDays, lang, attrs: html`data-type="number" min="0" max="60"` })}
${formMessage()}<button type="submit" class="button">${tr('tr.save', lang)}</button></form><p class="muted">${tr('tr.notCertified', lang)}</p></section></div>`;
      return pageLayout(ctx, { title: tr('tr.title', lang), body, current: '/treasury' });
    });
  }
}
