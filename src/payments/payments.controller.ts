import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { csvDocument } from '../common/csv';
import { centsOf } from '../common/input-rules';
import { Public } from '../common/public.decorator';
import { SiteQuery } from '../common/query.dto';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { entriesOf, fecFileName, fecText } from '../invoices/accounting';
import { InvoicesService } from '../invoices/invoices.service';
import { DeskPaymentDto, ExportQuery, InvoicePayableDto, PayableQuery, PayableRefDto, RefundDto } from './dto/payments.dto';
import { PaymentsService } from './payments.service';
import { dayOf } from '../common/local-format';
import { SitesService } from '../sites/sites.service';

@ApiTags('payments')
@Controller('api/payments')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly invoices: InvoicesService,
    private readonly sites: SitesService,
  ) {}

  /** What is to pay for a payable (its person, or the site's desk staff). */
  @Get('payable')
  payable(@CurrentViewer() viewer: Viewer, @Query() q: PayableQuery) {
    return this.payments.preview(viewer, q.kind, q.ref);
  }

  @Get('mine')
  mine(@CurrentViewer() viewer: Viewer) {
    return this.payments.mine(viewer);
  }

  /** A payment at the desk (cash, cheque, card terminal, transfer), settled and invoiced at once. */
  @Post('desk')
  @Roles('manager', 'trainer', 'volunteer')
  desk(@CurrentViewer() viewer: Viewer, @Body() dto: DeskPaymentDto) {
    const buyer = dto.companyName
      ? { name: dto.companyName, address: dto.companyAddress ?? '', siren: dto.companySiren || null, vatNumber: dto.companyVatNumber || null }
      : null;
    return this.payments.recordDesk(viewer, {
      kind: dto.kind,
      ref: dto.ref,
      method: dto.method,
      amountCents: dto.amountEuros === undefined ? undefined : centsOf(dto.amountEuros),
      reference: dto.reference,
      buyer,
    });
  }

  /** Starts a HelloAsso checkout; the answer's redirectUrl is where the payer goes. */
  @Post('checkout')
  checkout(@CurrentViewer() viewer: Viewer, @Body() dto: PayableRefDto) {
    return this.payments.startCheckout(viewer, dto.kind, dto.ref);
  }

  /**
   * HelloAsso's notification URL (Mon compte > Intégrations et API). Public: HelloAsso signs
   * nothing for an association, so the body is never believed, only used to know which checkout
   * to read back through the API. Always 200, so HelloAsso does not retry what was understood.
   */
  @Public()
  @Post('helloasso/notifications')
  @HttpCode(200)
  async notified(@Req() req: Request) {
    await this.payments.notified(req.body);
    return { ok: true };
  }

  /** A company's statement invoiced before payment (due date, €40 indemnity, Factur-X). */
  @Post('invoice-payable')
  @Roles('manager')
  async invoicePayable(@CurrentViewer() viewer: Viewer, @Body() dto: InvoicePayableDto) {
    const p = await this.payments.preview(viewer, dto.kind, dto.ref);
    return this.invoices.issueForPayable(viewer, p, {
      name: dto.companyName,
      address: dto.companyAddress,
      siren: dto.companySiren,
      vatNumber: dto.companyVatNumber || null,
    });
  }

  @Get('unpaid')
  @Roles('manager')
  unpaid(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.payments.unpaid(viewer, q.siteId);
  }

  /** The year's accounting entries as a FEC (18 columns, tab-separated). */
  @Get('exports/fec')
  @Roles('manager')
  async fec(@CurrentViewer() viewer: Viewer, @Query() q: ExportQuery, @Res() res: Response) {
    const { siteId, entries } = await this.entries(viewer, q);
    const profile = await this.invoices.profileOf(siteId);
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fecFileName(profile.siren, `${q.year}-12-31`)}"`);
    res.send(fecText(entries));
  }

  /** The same entries as a CSV most accounting packages import (« ; », dates JJ/MM/AAAA, decimal comma). */
  @Get('exports/entries.csv')
  @Roles('manager')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async csv(@CurrentViewer() viewer: Viewer, @Query() q: ExportQuery) {
    const { entries } = await this.entries(viewer, q);
    const d = (day: string) => day.split('-').reverse().join('/');
    const eur = (c: number) => (c / 100).toFixed(2).replace('.', ',');
    return csvDocument(
      ['journal', 'date', 'compte', 'libelle_compte', 'compte_auxiliaire', 'libelle_auxiliaire', 'piece', 'libelle', 'debit', 'credit'],
      entries.map((e) => [e.journal, d(e.day), e.account, e.accountLabel, e.aux, e.auxLabel, e.piece, e.label, eur(e.debitCents), eur(e.creditCents)]),
    );
  }

  private async entries(viewer: Viewer, q: ExportQuery) {
    const siteId = this.invoices.assertTreasurer(viewer, q.siteId);
    const zone = await this.sites.zoneOf(siteId);
    const invoices = await this.invoices.siteInvoices(siteId, `${q.year}-01-01`, `${q.year}-12-31`);
    const paid = (await this.payments.ofSite(siteId)).filter((p) => p.settledAt && dayOf(p.settledAt, zone).startsWith(String(q.year)));
    const numbers = new Map((await this.invoices.byIds(paid.map((p) => p.invoiceId!).filter(Boolean))).map((i) => [i.id, i]));
    const settlements = paid.map((p) => ({
      id: p.id,
      method: p.method,
      amountCents: p.amountCents,
      refundedCents: p.refundedCents,
      settledDay: dayOf(p.settledAt!, zone),
      invoiceNumber: numbers.get(p.invoiceId ?? '')?.number ?? '',
      payer: numbers.get(p.invoiceId ?? '')?.buyer.name ?? p.label,
    }));
    return { siteId, entries: entriesOf(invoices, settlements) };
  }

  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.payments.get(viewer, id);
  }

  /** Back from HelloAsso, or by hand: reads the checkout again and settles it if paid. */
  @Post(':id/confirm')
  async confirm(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    await this.payments.get(viewer, id);
    return this.payments.confirm(id);
  }

  @Post(':id/refund')
  @Roles('manager')
  refund(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RefundDto) {
    return this.payments.refund(viewer, id, dto.amountEuros === undefined ? null : centsOf(dto.amountEuros));
  }
}
