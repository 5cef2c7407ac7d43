import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { whenOf } from '../bookings/booking-words';
import { BookingsService } from '../bookings/bookings.service';
import { Public } from '../common/public.decorator';
import { word as jobWord } from '../jobs/jobs.pages';
import { JobsService } from '../jobs/jobs.service';
import { MachinesService } from '../machines/machines.service';
import { CredentialsService } from '../skills/credentials.service';
import { EvidenceService } from '../skills/evidence.service';
import { TrainingsService } from '../trainings/trainings.service';
import { csrfField } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import type { Lang } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { PageContext, pageLayout, PageRequest, renderPage, strictCsp } from '../web/page';
import { dayText, tr } from './home-words';
import { card, empty } from './home-bits';
import { MeDoneQuery } from './homes.dto';
import { MeMoneyParts } from './me-money.parts';

addNavLink({ href: '/me', key: 'nav.me', group: 'home', order: 30 });

type Qualified = Awaited<ReturnType<TrainingsService['qualificationsOf']>>[number];
type MyJob = Awaited<ReturnType<JobsService['mine']>>[number];

/**
 * « Mon espace »: what a person needs about themself on one page — trainings and when they end,
 * skills and credentials, next bookings, fabrication jobs (withdraw a waiting one), this month's
 * charges. Every logged-in person has one; it shows only the viewer's own rows.
 */
@ApiExcludeController()
@Controller()
export class MePages {
  constructor(
    private readonly trainings: TrainingsService,
    private readonly evidence: EvidenceService,
    private readonly credentials: CredentialsService,
    private readonly bookings: BookingsService,
    private readonly machines: MachinesService,
    private readonly jobs: JobsService,
    private readonly money: MeMoneyParts,
  ) {}

  @Public()
  @Get('me')
  page(@Req() req: PageRequest, @Res() res: Response, @Query() q: MeDoneQuery) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      const { viewer, lang } = ctx;
      const tz = ctx.zone;
      const sections = await Promise.all([
        this.trainingsPart(ctx, tz),
        this.skillsPart(ctx),
        this.bookingsPart(ctx, tz),
        this.jobsPart(ctx),
        this.money.membershipPart(ctx, tz),
        this.money.chargesPart(ctx, tz),
      ]);
      const done = q.done === 'job-cancelled' ? html`<p class="form-message ok" role="status">${tr('me.jobCancelled', lang)}</p>` : '';
      const body = html`<div class="home-page me-page"><h1>${tr('me.hello', lang, { name: viewer.displayName })}</h1>${done}<div class="home-grid">${sections}</div></div>`;
      return pageLayout(ctx, { title: tr('me.title', lang), body, wide: true, current: '/me' });
    });
  }

  /** Withdraws one of the viewer's own jobs that waits for its machine; a plain form with the CSRF token. */
  @Public()
  @Post('me/jobs/:id/cancel')
  cancelJob(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    strictCsp(res);
    return renderPage(req, res, null, async (ctx) => {
      await this.jobs.cancelMine(ctx.viewer, id);
      res.redirect(303, '/me?done=job-cancelled');
      return null;
    });
  }

  private async trainingsPart(ctx: PageContext, tz: string): Promise<SafeHtml> {
    const { lang, viewer } = ctx;
    const rows = latestPerTraining(await this.trainings.qualificationsOf(viewer, viewer.id));
    const now = new Date();
    const item = (q: Qualified) => {
      const name = q.training ? (lang === 'en' && q.training.nameEn ? q.training.nameEn : q.training.name) : '?';
      const [state, cls] = qualificationState(q, now, lang, tz);
      return html`<li data-training="${q.trainingId}"><span><strong>${name}</strong><br><span class="muted">${tr('me.passedOn', lang, { date: dayText(new Date(`${q.passedOn}T12:00:00Z`), lang, 'UTC') })}</span></span><span class="pill ${cls}">${state}</span></li>`;
    };
    return card(
      'me-trainings',
      tr('me.trainings', lang),
      rows.length ? html`<ul class="list">${rows.map(item)}</ul>` : empty(tr('me.noTrainings', lang)),
      html`<a href="/trainings">${tr('me.catalogue', lang)}</a>`,
    );
  }

  private async skillsPart(ctx: PageContext): Promise<SafeHtml> {
    const { lang, viewer } = ctx;
    const [evidence, creds] = await Promise.all([this.evidence.ofPerson(viewer.id), this.credentials.ofPerson(viewer.id)]);
    const best = new Map<string, { name: string; level: number }>();
    for (const e of evidence) {
      const name = e.skill ? (lang === 'en' && e.skill.nameEn ? e.skill.nameEn : e.skill.name) : '?';
      if ((best.get(e.skillId)?.level ?? 0) < e.level) best.set(e.skillId, { name, level: e.level });
    }
    const skills = [...best.values()].map((s) => html`<li><span>${s.name}</span><span class="pill s-free">${tr('me.level', lang, { n: s.level })}</span></li>`);
    const badges = creds
      .filter((c) => !c.revokedAt)
      .map(
        (c) =>
          html`<li><span>🏅 ${credentialName(c.document) ?? tr('me.credential', lang)}</span><span class="muted">${dayText(c.issuedAt, lang, ctx.zone)}</span></li>`,
      );
    const list = skills.length || badges.length ? html`<ul class="list">${skills}${badges}</ul>` : empty(tr('me.noSkills', lang));
    return card('me-skills', tr('me.skills', lang), list, html`<a href="/skills/me">${tr('me.path', lang)}</a>`);
  }

  private async bookingsPart(ctx: PageContext, tz: string): Promise<SafeHtml> {
    const { lang, viewer } = ctx;
    const now = new Date();
    const next = (await this.bookings.mine(viewer, now)).filter((b) => b.status === 'active' && b.endsAt > now).slice(0, 8);
    const names = new Map((await this.machines.byIds(next.map((b) => b.machineId))).map((m) => [m.id, m.name]));
    const items = next.map(
      (b) =>
        html`<li data-booking="${b.id}"><span><strong>${names.get(b.machineId) ?? ''}</strong><br>${whenOf(b.startsAt, b.endsAt, lang, tz)}</span><a class="button secondary" href="/bookings/${b.id}/change">${tr('me.change', lang)}</a></li>`,
    );
    return card(
      'me-bookings',
      tr('me.bookings', lang),
      items.length ? html`<ul class="list">${items}</ul>` : empty(tr('me.noBookings', lang)),
      html`<a href="/bookings">${tr('me.book', lang)}</a>`,
    );
  }

  private async jobsPart(ctx: PageContext): Promise<SafeHtml> {
    const { lang, viewer } = ctx;
    const rows = (await this.jobs.mine(viewer)).slice(0, 8);
    const item = (j: MyJob) => {
      const cancel = JobsService.OWNER_CANCELLABLE.includes(j.status)
        ? html`<form method="post" action="/me/jobs/${j.id}/cancel" class="inline">${csrfField(ctx.req.csrfToken)}<button type="submit" class="button secondary">${tr('me.cancelJob', lang)}</button></form>`
        : '';
      const where = j.queuePosition ? html` · ${tr('me.queuePosition', lang, { n: j.queuePosition })}` : '';
      return html`<li data-job="${j.id}" data-status="${j.status}"><span><strong>${j.fileName}</strong><br><span class="muted">${jobWord(j.status, lang)}${where}</span></span>${cancel}</li>`;
    };
    return card(
      'me-jobs',
      tr('me.jobs', lang),
      rows.length ? html`<ul class="list">${rows.map(item)}</ul>` : empty(tr('me.noJobs', lang)),
      html`<a href="/jobs">${tr('me.allJobs', lang)}</a>`,
    );
  }
}

/** Rows come newest pass first: the first of each training is the one that counts. */
function latestPerTraining(rows: Qualified[]): Qualified[] {
  const seen = new Set<string>();
  return rows.filter((q) => !seen.has(q.trainingId) && seen.add(q.trainingId));
}

function qualificationState(q: Qualified, now: Date, lang: Lang, tz: string): [string, string] {
  if (q.suspendedAt) return [tr('me.suspended', lang), 's-disabled'];
  if (!q.expiresAt) return [tr('me.noEnd', lang), 's-free'];
  if (q.expiresAt <= now) return [tr('me.expired', lang), 's-to_check'];
  return [tr('me.expiresOn', lang, { date: dayText(q.expiresAt, lang, tz) }), 's-free'];
}

/** The achievement's name in a signed Open Badges document (`credentialSubject.achievement.name`). */
function credentialName(doc: Record<string, unknown>): string | null {
  const subject = doc.credentialSubject as { achievement?: { name?: unknown } } | undefined;
  return typeof subject?.achievement?.name === 'string' ? subject.achievement.name : null;
}
