import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { StockService } from '../inventory/stock.service';
import type { TicketView } from '../repairs/repairs.service';
import { RepairsService } from '../repairs/repairs.service';
import { DEVICE_CATEGORIES } from '../repairs/ords';
import { isFinished, statusWord } from '../repairs/ticket-flow';
import { html } from '../web/html';
import type { Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { countText, dayText, tr } from './home-words';
import { card, empty } from './home-bits';

addNavLink({ href: '/bench', key: 'nav.bench', roles: ['volunteer', 'manager'], group: 'home', order: 20 });

const HISTORY_SIZE = 8;

/**
 * The volunteer's bench: devices in progress, parts running low, labels to print for devices just
 * taken in, and the latest devices done. Read through the repairs and inventory services.
 */
@ApiExcludeController()
@Controller()
export class BenchPages {
  constructor(
    private readonly repairs: RepairsService,
    private readonly stock: StockService,
  ) {}

  @Public()
  @Get('bench')
  page(@Req() req: PageRequest, @Res() res: Response) {
    strictCsp(res);
    return renderPage(req, res, ['volunteer', 'manager'], async (ctx) => {
      const { lang, viewer } = ctx;
      const [all, low] = await Promise.all([this.repairs.bench(viewer, undefined, true), this.stock.lowStock(viewer)]);
      const tz = ctx.zone;
      const open = all.filter((t) => !isFinished(t.status));
      const done = all
        .filter((t) => isFinished(t.status))
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
        .slice(0, HISTORY_SIZE);
      const justIn = open.filter((t) => t.status === 'received');
      const ticket = (t: TicketView) =>
        html`<li data-ticket="${t.id}"><span><strong>${deviceName(t, lang)}</strong><br><span class="muted">${t.device.reportedFault}</span></span><span class="pill s-${pillOf(t.status)}">${statusWord(t.status, lang)}</span><a class="button secondary" href="/repairs/${t.id}">${tr('bench.openTicket', lang)}</a></li>`;
      const openPart = card(
        'bench-open',
        tr('bench.open', lang),
        open.length ? html`<ul class="list">${open.map(ticket)}</ul>` : empty(tr('bench.noOpen', lang)),
        html`<a href="/repairs">${tr('bench.intake', lang)}</a>`,
      );
      const lowPart = card(
        'bench-stock',
        tr('bench.lowStock', lang),
        low.length
          ? html`<ul class="list">${low.map((l) => html`<li data-part="${l.part.id}"><strong>${l.part.name}</strong><span class="pill s-to_check">${tr('bench.left', lang, { n: l.quantity, min: l.part.lowStockThreshold })}</span></li>`)}</ul>`
          : empty(tr('bench.noLowStock', lang)),
        html`<a href="/inventory">Stock</a>`,
      );
      const labels = justIn.length
        ? html`<p><a class="button" href="/inventory/labels?devices=${justIn.map((t) => t.deviceId).join(',')}">${countText('bench.labelsNew', justIn.length, lang)}</a></p>`
        : empty(tr('bench.noLabels', lang));
      const labelsPart = card('bench-labels', tr('bench.labels', lang), labels, html`<a href="/inventory/labels">${tr('bench.labelsBins', lang)}</a>`);
      const historyPart = card(
        'bench-history',
        tr('bench.history', lang),
        done.length
          ? html`<ul class="list">${done.map((t) => html`<li data-ticket="${t.id}"><span><a href="/repairs/${t.id}">${deviceName(t, lang)}</a><br><span class="muted">${dayText(t.updatedAt, lang, tz)}</span></span><span class="pill s-${pillOf(t.status)}">${statusWord(t.status, lang)}</span></li>`)}</ul>`
          : empty(tr('bench.noHistory', lang)),
      );
      const body = html`<div class="home-page bench-page"><h1>${tr('bench.title', lang)}</h1><div class="home-grid">${openPart}${lowPart}${labelsPart}${historyPart}</div></div>`;
      return pageLayout(ctx, { title: tr('bench.title', lang), body, wide: true, current: '/bench' });
    });
  }
}

const deviceName = (t: TicketView, lang: Lang) => [DEVICE_CATEGORIES[t.device.category]?.[lang], t.device.brand, t.device.model].filter(Boolean).join(' ');

/** The pill colours of machine states, reused for tickets: waiting is amber, done green, lost grey. */
function pillOf(status: TicketView['status']): string {
  if (status === 'repaired') return 'free';
  if (status === 'end_of_life') return 'disabled';
  if (status === 'waiting_parts' || status === 'repairable_later') return 'to_check';
  return 'in_use';
}
