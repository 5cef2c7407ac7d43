import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { centsOf } from '../common/input-rules';
import { SiteQuery } from '../common/query.dto';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { ClosePeriodDto, CreditNoteDto, InvoicesQuery, SetBillingProfileDto } from './dto/invoices.dto';
import { InvoicesService } from './invoices.service';

/** Invoices, credit notes, the chain check and the closing of periods (treasurers: managers and admins). */
@ApiTags('invoices')
@Controller('api/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @Roles('manager')
  list(@CurrentViewer() viewer: Viewer, @Query() q: InvoicesQuery) {
    return this.invoices.list(viewer, q);
  }

  /** Whether every document of the site is numbered without gap and chained by its hash. */
  @Get('verify')
  @Roles('manager')
  verify(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.invoices.verify(viewer, q.siteId);
  }

  @Get('profile')
  @Roles('manager')
  async profile(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.invoices.profileOf(this.invoices.assertTreasurer(viewer, q.siteId));
  }

  @Put('profile')
  @Roles('manager')
  setProfile(@CurrentViewer() viewer: Viewer, @Body() dto: SetBillingProfileDto) {
    return this.invoices.setProfile(viewer, dto);
  }

  @Get('periods')
  @Roles('manager')
  periods(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.invoices.listPeriods(viewer, q.siteId);
  }

  @Post('periods')
  @Roles('manager')
  close(@CurrentViewer() viewer: Viewer, @Body() dto: ClosePeriodDto) {
    return this.invoices.closePeriod(viewer, dto.siteId, dto.endDay);
  }

  /** The person invoiced, or the site's treasurers. */
  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.invoices.get(viewer, id);
  }

  @Get(':id/pdf')
  async pdf(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { invoice, pdf } = await this.invoices.pdf(viewer, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${invoice.kind === 'credit_note' ? 'avoir' : 'facture'}-${invoice.number}.pdf"`);
    res.send(pdf);
  }

  /** A credit note on an invoice (all that is left, or `amountEuros` of it). Refunds of payments go through /api/payments/:id/refund. */
  @Post(':id/credit-notes')
  @Roles('manager')
  creditNote(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreditNoteDto) {
    return this.invoices.creditNote(viewer, id, dto.amountEuros === undefined ? null : centsOf(dto.amountEuros));
  }
}
