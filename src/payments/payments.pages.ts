import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { statementRef } from '../bookings/booking-payables';
import { addDays, dayOf, euros, localDate, monthWords } from '../common/local-format';
import { PageQuery } from '../common/query.dto';
import { Public } from '../common/public.decorator';
import type { Invoice } from '../invoices/entities/invoice.entity';
import { InvoicesService } from '../invoices/invoices.service';
import { PeopleService } from '../people/people.service';
import { csrfField, field, formMessage, select } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { PageContext, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { PAYABLE_KINDS, PayableRefDto } from './dto/payments.dto';
import { DESK_METHODS, Payment } from './entities/payment.entity';
import type { PayableKind } from './payables';
import { PaymentsService } from './payments.service';

addNavLink({ href: '/me/payments', key: 'nav.myPayments', group: 'home', order: 35 });
addNavLink({ href: '/desk/checkout', key: 'nav.desk', roles: ['manager', 'trainer', 'volunteer'], group: 'admin', order: 15 });
addNavLink({ href: '/treasury', key: 'nav.treasury', roles: ['manager'], group: 'admin', order: 16 });

export const tr = defineDictionary({
  'nav.myPayments': { fr: 'Mes paiements et factures', en: 'My payments and invoices' },
  'nav.desk': { fr: 'Encaisser à l’accueil', en: 'Desk checkout' },
  'nav.treasury': { fr: 'Trésorerie', en: 'Treasury' },
  'pay.title': { fr: 'Mes paiements et factures', en: 'My payments and invoices' },
  'pay.toPay': { fr: 'À payer', en: 'To pay' },
  'pay.nothing': { fr: 'Rien à payer.', en: 'Nothing to pay.' },
  'pay.online': { fr: 'Payer en ligne (HelloAsso)', en: 'Pay online (HelloAsso)' },
  'pay.one': { fr: 'Payer', en: 'Pay' },
  'pay.due': { fr: 'Reste à payer : {amount}', en: 'Left to pay: {amount}' },
  'pay.paidAlready': { fr: 'C’est payé. Merci !', en: 'It is paid. Thank you!' },
  'pay.orDesk': {
    fr: 'Vous pouvez aussi payer à l’accueil (espèces, chèque, carte, virement).',
    en: 'You can also pay at the front desk (cash, cheque, card, transfer).',
  },
  'pay.payments': { fr: 'Mes paiements', en: 'My payments' },
  'pay.invoices': { fr: 'Mes factures et avoirs', en: 'My invoices and credit notes' },
  'pay.none': { fr: 'Aucun pour l’instant.', en: 'None yet.' },
  'pay.pdf': { fr: 'Télécharger (PDF)', en: 'Download (PDF)' },
  'pay.paid': { fr: 'Paiement reçu, merci !', en: 'Payment received, thank you!' },
  'pay.waiting': { fr: 'Paiement en cours de confirmation par HelloAsso.', en: 'HelloAsso is confirming the payment.' },
  'pay.error': { fr: 'Le paiement n’a pas abouti.', en: 'The payment did not go through.' },
  'status.pending': { fr: 'en attente', en: 'pending' },
  'status.settled': { fr: 'payé', en: 'paid' },
  'status.failed': { fr: 'refusé', en: 'refused' },
  'method.helloasso': { fr: 'en ligne (HelloAsso)', en: 'online (HelloAsso)' },
  'method.cash': { fr: 'espèces', en: 'cash' },
  'method.cheque': { fr: 'chèque', en: 'cheque' },
  'method.card_terminal': { fr: 'carte au terminal', en: 'card terminal' },
  'method.transfer': { fr: 'virement', en: 'bank transfer' },
  'kind.invoice': { fr: 'Facture', en: 'Invoice' },
  'kind.credit_note': { fr: 'Avoir', en: 'Credit note' },
  'payable.statement': { fr: 'Relevé mensuel', en: 'Monthly statement' },
  'payable.booking': { fr: 'Réservation', en: 'Booking' },
  'payable.membership': { fr: 'Adhésion', en: 'Membership' },
  'payable.pack': { fr: 'Forfait prépayé', en: 'Prepaid pack' },
  refunded: { fr: 'remboursé : {amount}', en: 'refunded: {amount}' },
  'desk.title': { fr: 'Encaisser à l’accueil', en: 'Desk checkout' },
  'desk.find': { fr: 'Que paie-t-on ?', en: 'What is being paid?' },
  'desk.kind': { fr: 'Nature', en: 'Kind' },
  'desk.ref': { fr: 'Référence (n° de réservation, d’adhésion…)', en: 'Reference (booking, membership… id)' },
  'desk.person': { fr: 'Personne', en: 'Person' },
  'desk.month': { fr: 'Mois du relevé', en: 'Statement month' },
  'desk.show': { fr: 'Afficher', en: 'Show' },
  'desk.due': { fr: 'Reste à payer : {amount}', en: 'Left to pay: {amount}' },
  'desk.method': { fr: 'Moyen de paiement', en: 'Payment method' },
  'desk.amount': { fr: 'Montant en euros (vide : tout le reste)', en: 'Amount in euros (empty: all that is left)' },
  'desk.reference': { fr: 'N° de chèque ou libellé du virement', en: 'Cheque number or transfer label' },
  'desk.company': { fr: 'Facture au nom d’une entreprise', en: 'Invoice in a company’s name' },
  'desk.companyName': { fr: 'Raison sociale', en: 'Company name' },
  'desk.companyAddress': { fr: 'Adresse', en: 'Address' },
  'desk.companySiren': { fr: 'SIREN ou SIRET', en: 'SIREN or SIRET' },
  'desk.companyVat': { fr: 'N° de TVA intracommunautaire', en: 'EU VAT number' },
  'desk.record': { fr: 'Enregistrer le paiement', en: 'Record the payment' },
  'desk.recorded': { fr: 'Paiement enregistré, facture émise.', en: 'Payment recorded, invoice issued.' },
});

class MyPaymentsQuery extends PageQuery {
  @IsOptional() @IsIn(['paid', 'waiting', 'error']) done?: string;
}
class ReturnQuery extends PageQuery {
  @IsUUID() payment: string;
  @IsOptional() @IsString() @MaxLength(50) checkoutIntentId?: string;
  @IsOptional() @IsString() @MaxLength(50) code?: string;
  @IsOptional() @IsString() @MaxLength(50) orderId?: string;
}
class DeskQuery extends PageQuery {
  @IsOptional() @IsIn(PAYABLE_KINDS) kind?: PayableKind;
  @IsOptional() @IsString() @MaxLength(300) ref?: string;
  @IsOptional() @IsUUID() personId?: string;
  @IsOptional() @IsString() @MaxLength(7) month?: string;
}
/** `/pay/:kind/:ref`: a statement's ref holds slashes, sent encoded (%2F). */
class PayPageParams {
  @IsIn(PAYABLE_KINDS) kind: PayableKind;
  @IsString() @MaxLength(300) ref: string;
}
class CheckoutForm extends PayableRefDto {
  @IsOptional() @IsString() _csrf?: string;
}

const money = (cents: number, lang: Lang) => euros(cents, lang);

export function invoiceItem(i: Invoice, lang: Lang, zone: string, extra: SafeHtml | '' = ''): SafeHtml {
  return html`<li data-invoice="${i.number}"><span><strong>${tr(`kind.${i.kind}`, lang)} n° ${i.number}</strong><br><span class="muted">${localDate(i.issuedAt, zone, lang)} · ${i.buyer.name}${
    i.correctsNumber ? ` · ${i.correctsNumber}` : ''
  }</span></span><span><strong>${money(i.grossCents, lang)}</strong><br><a href="/api/invoices/${i.id}/pdf">${tr('pay.pdf', lang)}</a></span>${extra}</li>`;
}

export function paymentItem(p: Payment, lang: Lang, zone: string, extra: SafeHtml | '' = ''): SafeHtml {
  const refunded = p.refundedCents ? html` · ${tr('refunded', lang, { amount: money(p.refundedCents, lang) })}` : '';
  return html`<li data-payment="${p.id}" data-status="${p.status}"><span><strong>${p.label}</strong><br><span class="muted">${localDate(p.settledAt ?? p.createdAt, zone, lang)} · ${tr(
    `method.${p.method}`,
    lang,
  )} · ${tr(`status.${p.status}`, lang)}${refunded}</span></span><strong>${money(p.amountCents, lang)}</strong>${extra}</li>`;
}

/** « Mes paiements et factures » in Mon espace, the desk's checkout. The treasurer's pages are in treasury.pages.ts. */
@ApiExcludeController()
@Controller()
export class PaymentsPages {
  constructor(
    private readonly payments: PaymentsService,
    private readonly invoices: InvoicesService,
    private readonly people: PeopleService,
  ) {}

  @Public()
  @Get('me/payments')
  mine(@Req() req: PageRequest, @Res() res: Response, @Query() q: MyPaymentsQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { lang, viewer } = ctx;
      const [payments, invoices, due] = await Promise.all([this.payments.mine(viewer), this.invoices.mine(viewer), this.dueStatements(ctx)]);
      const notice = q.done ? html`<p class="form-message ${q.done === 'error' ? '' : 'ok'}" role="status">${tr(`pay.${q.done}` as 'pay.paid', lang)}</p>` : '';
      const toPay = due.length
        ? html`<ul class="list">${due.map(
            (d) =>
              html`<li><span>${d.label}<br><strong>${money(d.dueCents, lang)}</strong></span><form method="post" action="/me/payments/checkout" class="inline">${csrfField(ctx.req.csrfToken)}<input type="hidden" name="kind" value="statement"><input type="hidden" name="ref" value="${d.ref}"><button type="submit" class="button">${tr('pay.online', lang)}</button></form></li>`,
          )}</ul>`
        : html`<p class="muted">${tr('pay.nothing', lang)}</p>`;
      const body = html`<div class="money-page"><h1>${tr('pay.title', lang)}</h1>${notice}
<section><h2>${tr('pay.toPay', lang)}</h2>${toPay}</section>
<section><h2>${tr('pay.invoices', lang)}</h2>${invoices.length ? html`<ul class="list">${invoices.map((i) => invoiceItem(i, lang, ctx.zone))}</ul>` : html`<p class="muted">${tr('pay.none', lang)}</p>`}</section>
<section><h2>${tr('pay.payments', lang)}</h2>${payments.length ? html`<ul class="list">${payments.map((p) => paymentItem(p, lang, ctx.zone))}</ul>` : html`<p class="muted">${tr('pay.none', lang)}</p>`}</section></div>`;
      return pageLayout(ctx, { title: tr('pay.title', lang), body, current: '/me/payments' });
    });
  }

  /** This month's and last month's statements of the viewer still to pay. */
  private async dueStatements(ctx: PageContext) {
    const { viewer } = ctx;
    if (!viewer.siteId) return [];
    const today = dayOf(new Date(), ctx.zone);
    const months = [today.slice(0, 7), addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)];
    const out = [];
    for (const month of months) {
      const ref = statementRef(viewer.siteId, month, { personId: viewer.id });
      const p = await this.payments.payable('statement', ref).catch(() => null);
      if (p && p.dueCents > 0) out.push({ ref, dueCents: p.dueCents, label: `${tr('payable.statement', ctx.lang)} — ${monthWords(month, ctx.lang)}` });
    }
    return out;
  }

  /**
   * One thing to pay (a membership, a pack, a booking, a statement), as the sellers link it:
   * what it is, what is left to pay, online or at the desk. Its person or the site's desk staff only.
   */
  @Public()
  @Get('pay/:kind/:ref')
  one(@Req() req: PageRequest, @Res() res: Response, @Param() params: PayPageParams) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { lang } = ctx;
      const p = await this.payments.preview(ctx.viewer, params.kind, params.ref);
      const due =
        p.dueCents > 0
          ? html`<p><strong>${tr('pay.due', lang, { amount: money(p.dueCents, lang) })}</strong></p><form method="post" action="/me/payments/checkout">${csrfField(ctx.req.csrfToken)}<input type="hidden" name="kind" value="${p.kind}"><input type="hidden" name="ref" value="${p.ref}"><button type="submit" class="button">${tr('pay.online', lang)}</button></form><p class="muted">${tr('pay.orDesk', lang)}</p>`
          : html`<p class="form-message ok" role="status">${tr('pay.paidAlready', lang)}</p>`;
      const body = html`<div class="money-page"><h1>${tr('pay.one', lang)} : ${p.label}</h1>${due}<p><a href="/me/payments">${tr('pay.title', lang)}</a></p></div>`;
      return pageLayout(ctx, { title: `${tr('pay.one', lang)} : ${p.label}`, body, current: '/me/payments' });
    });
  }

  /** A plain form (no script needed): starts the checkout and sends the payer to HelloAsso. */
  @Public()
  @Post('me/payments/checkout')
  checkout(@Req() req: PageRequest, @Res() res: Response, @Body() form: CheckoutForm) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { redirectUrl } = await this.payments.startCheckout(ctx.viewer, form.kind, form.ref);
      res.redirect(303, redirectUrl);
      return null;
    });
  }

  /** HelloAsso's returnUrl: the query is not believed, the intent is read back. */
  @Public()
  @Get('me/payments/return')
  back(@Req() req: PageRequest, @Res() res: Response, @Query() q: ReturnQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      await this.payments.get(ctx.viewer, q.payment);
      const p = await this.payments.confirm(q.payment);
      res.redirect(303, `/me/payments?done=${p.status === 'settled' ? 'paid' : p.status === 'failed' ? 'error' : 'waiting'}`);
      return null;
    });
  }

  @Public()
  @Get('desk/checkout')
  desk(@Req() req: PageRequest, @Res() res: Response, @Query() q: DeskQuery) {
    strictCsp(res);
    return renderPage(req, res, ['manager', 'trainer', 'volunteer'], async (ctx) => {
      const { lang, viewer } = ctx;
      const month = q.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month) ? q.month : dayOf(new Date(), ctx.zone).slice(0, 7);
      const kind = q.kind ?? (q.personId ? 'statement' : undefined);
      const ref = q.ref ?? (q.personId && viewer.siteId ? statementRef(viewer.siteId, month, { personId: q.personId }) : undefined);
      const people = viewer.siteId ? await this.people.list(viewer, viewer.siteId) : [];
      const finder = html`<section><h2>${tr('desk.find', lang)}</h2><form method="get" action="/desk/checkout" class="stack">${select({
        label: tr('desk.person', lang),
        name: 'personId',
        lang,
        value: q.personId,
        options: people.map((p) => [p.id, p.displayName]),
      })}${field({ label: tr('desk.month', lang), name: 'month', type: 'month', value: month, lang, required: true })}<button type="submit" class="button secondary">${tr('desk.show', lang)}</button></form>
<form method="get" action="/desk/checkout" class="stack">${select({ label: tr('desk.kind', lang), name: 'kind', lang, value: q.kind, options: PAYABLE_KINDS.map((k) => [k, tr(`payable.${k}`, lang)]) })}${field({ label: tr('desk.ref', lang), name: 'ref', value: q.ref ?? '', lang, required: true })}<button type="submit" class="button secondary">${tr('desk.show', lang)}</button></form></section>`;
      let payPart: SafeHtml | '' = '';
      if (kind && ref) {
        const p = await this.payments.preview(viewer, kind, ref);
        payPart = html`<section data-payable="${p.ref}"><h2>${p.label}</h2><ul class="list">${p.lines.map(
          (l) => html`<li><span>${l.label}</span><strong>${money(l.unitCents * l.quantity, lang)}</strong></li>`,
        )}</ul><p class="total"><strong>${tr('desk.due', lang, { amount: money(p.dueCents, lang) })}</strong></p>
<form data-api="/api/payments/desk" data-method="POST" data-ok="${tr('desk.recorded', lang)}" class="stack"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="ref" value="${ref}">
${select({ label: tr('desk.method', lang), name: 'method', lang, options: DESK_METHODS.map((m) => [m, tr(`method.${m}`, lang)]) })}
${field({ label: tr('desk.amount', lang), name: 'amountEuros', lang, attrs: html`inputmode="decimal" pattern="[0-9]+([,.][0-9]{1,2})?"` })}
${field({ label: tr('desk.reference', lang), name: 'reference', lang })}
<details><summary>${tr('desk.company', lang)}</summary>${field({ label: tr('desk.companyName', lang), name: 'companyName', lang })}${field({ label: tr('desk.companyAddress', lang), name: 'companyAddress', lang })}${field({ label: tr('desk.companySiren', lang), name: 'companySiren', lang, attrs: html`inputmode="numeric"` })}${field({ label: tr('desk.companyVat', lang), name: 'companyVatNumber', lang })}</details>
${formMessage()}<button type="submit" class="button">${tr('desk.record', lang)}</button></form></section>`;
      }
      const body = html`<div class="money-page"><h1>${tr('desk.title', lang)}</h1>${payPart}${finder}</div>`;
      return pageLayout(ctx, { title: tr('desk.title', lang), body, current: '/desk/checkout' });
    });
  }
}
