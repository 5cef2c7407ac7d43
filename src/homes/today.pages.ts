import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { BookingsService } from '../bookings/bookings.service';
import { SiteHoursService } from '../bookings/site-hours.service';
import { addDays, fromLocal, toLocal } from '../bookings/time';
import { Public } from '../common/public.decorator';
import { SitePageQuery } from '../common/query.dto';
import { siteOf } from '../common/viewer';
import { JobsReadService } from '../jobs/jobs-read.service';
import type { Machine } from '../machines/entities/machine.entity';
import { statusWord } from '../machines/machine-words';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { RepairsService } from '../repairs/repairs.service';
import { SitesService } from '../sites/sites.service';
import { html, SafeHtml } from '../web/html';
import { type Lang, t } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { PageContext, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { countText, dayText, hourText, tr } from './home-words';
import { card, empty } from './home-bits';
import { TodayAlerts } from './today-alerts';

addNavLink({ href: '/today', key: 'nav.today', roles: ['manager'], group: 'home', order: 10 });

/** Machines that need someone: checked after an incident, in maintenance, out of order, unreachable. */
const NEEDS_ATTENTION = ['to_check', 'maintenance', 'disabled', 'offline'];

/**
 * The manager's day: today's bookings in the site's time, what needs attention (machines, stock,
 * qualifications about to end), every machine's state and the work waiting. One site: a manager's
 * own; an admin picks one (?siteId=).
 */
@ApiExcludeController()
@Controller()
export class TodayPages {
  constructor(
    private readonly sites: SitesService,
    private readonly hours: SiteHoursService,
    private readonly bookings: BookingsService,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly alerts: TodayAlerts,
    private readonly jobs: JobsReadService,
    private readonly repairs: RepairsService,
  ) {}

  @Public()
  @Get('today')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    strictCsp(res);
    return renderPage(req, res, ['manager'], async (ctx) => {
      const siteId = siteOf(ctx.viewer, q.siteId);
      const body = siteId ? await this.day(ctx, siteId) : await this.sitePicker(ctx);
      return pageLayout(ctx, { title: tr('today.title', ctx.lang), body, wide: true, current: '/today' });
    });
  }

  private async sitePicker(ctx: PageContext): Promise<SafeHtml> {
    const sites = await this.sites.list(ctx.viewer);
    return html`<h1>${tr('today.title', ctx.lang)}</h1><section class="card"><h2>${tr('today.pickSite', ctx.lang)}</h2><ul class="list">${sites.map(
      (s) => html`<li><a class="title" href="/today?siteId=${s.id}">${s.name}</a></li>`,
    )}</ul></section>`;
  }

  private async day(ctx: PageContext, siteId: string): Promise<SafeHtml> {
    const { lang, viewer } = ctx;
    const site = await this.sites.get(viewer, siteId);
    const { tz } = await this.hours.hoursOf(siteId);
    const now = new Date();
    const today = toLocal(now, tz).date;
    const [bookings, machines, { low, expiring }, jobs, tickets] = await Promise.all([
      this.bookings.list(viewer, { siteId, from: fromLocal(today, 0, tz), to: fromLocal(addDays(today, 1), 0, tz) }),
      this.machines.list(viewer, siteId),
      this.alerts.runningOut(viewer, siteId, now, lang),
      this.jobs.ofSiteIn(siteId, ['queued', 'held']),
      this.repairs.bench(viewer, siteId),
    ]);
    const names = await this.people.displayNames(bookings.map((b) => b.personId));
    const machineName = new Map(machines.map((m) => [m.id, m.name]));

    const bookingItems = bookings.map((b) => {
      const who =
        b.kind === 'booking' ? (names.get(b.personId ?? '') ?? '') : b.kind === 'maintenance' ? tr('today.maintenance', lang) : tr('today.training', lang);
      return html`<li data-booking="${b.id}"><span><strong>${hourText(b.startsAt, lang, tz)} – ${hourText(b.endsAt, lang, tz)}</strong> ${machineName.get(b.machineId) ?? ''}</span><span>${who}</span></li>`;
    });
    const alerts: SafeHtml[] = [
      ...machines
        .filter((m) => NEEDS_ATTENTION.includes(m.status))
        .map(
          (m) =>
            html`<li class="alert-machine" data-machine="${m.id}"><span><strong>${m.name}</strong>${m.statusReason ? html`<br><span class="muted">${m.statusReason}</span>` : ''}</span><span class="pill s-${m.status}">${statusWord(m.status, lang)}</span></li>`,
        ),
      ...low.map(
        (l) =>
          html`<li class="alert-stock" data-part="${l.part.id}">${tr('today.lowStock', lang, { part: l.part.name, n: l.quantity, min: l.part.lowStockThreshold })}</li>`,
      ),
      ...expiring.map(
        (x) =>
          html`<li class="alert-expiring">${tr('today.expiring', lang, { training: x.training, person: x.person, date: dayText(x.expiresAt, lang, tz) })}</li>`,
      ),
    ];
    const waitingParts = tickets.filter((t) => t.status === 'waiting_parts');
    const adminQuery = viewer.role === 'admin' ? `?siteId=${encodeURIComponent(siteId)}` : '';
    const sections = [
      card(
        'today-bookings',
        tr('today.bookings', lang),
        bookingItems.length ? html`<ul class="list">${bookingItems}</ul>` : empty(tr('today.noBookings', lang)),
        html`<a href="/bookings/admin">${t('nav.bookingsAdmin', lang)}</a>`,
      ),
      card('today-alerts', tr('today.alerts', lang), alerts.length ? html`<ul class="list">${alerts}</ul>` : empty(tr('today.noAlerts', lang))),
      card(
        'today-machines',
        tr('today.machines', lang),
        machines.length ? html`<ul class="list">${machines.map((m) => machineItem(m, lang))}</ul>` : empty(tr('today.noMachines', lang)),
        html`<a href="/machines${adminQuery}">${t('nav.machines', lang)}</a>`,
      ),
      card(
        'today-pending',
        tr('today.pending', lang),
        html`<ul class="list"><li><span>${countText('today.jobsWaiting', jobs.length, lang)}</span><a class="button secondary" href="/jobs/queue${adminQuery}">${tr('today.seeQueue', lang)}</a></li>
<li><span>${countText('today.ticketsWaiting', waitingParts.length, lang)}</span><a class="button secondary" href="/bench">${tr('today.seeBench', lang)}</a></li></ul>`,
      ),
    ];
    return html`<div class="home-page today-page"><h1>${tr('today.of', lang, { site: site.name, date: dayText(now, lang, tz) })}</h1><div class="home-grid">${sections}</div></div>`;
  }
}

const machineItem = (m: Machine, lang: Lang) =>
  html`<li data-machine="${m.id}"><span><strong>${m.name}</strong></span><span class="pill s-${m.status}">${statusWord(m.status, lang)}</span></li>`;
