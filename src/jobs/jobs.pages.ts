import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { html } from '../web/html';
import { addNavLink } from '../web/layout';
import { defineDictionary, type Lang } from '../web/i18n';
import { pageLayout, PageRequest, renderPage } from '../web/page';
import { JobFileInterceptor } from './jobs.controller';
import { JOBS_LIVE_SCRIPT } from './jobs-live';
import { JobsService } from './jobs.service';
import type { UploadedDiskFile } from '../infra/files/disk-upload';
import { SitePageQuery } from '../common/query.dto';

addNavLink({ href: '/jobs', key: 'nav.jobs', group: 'machines', order: 30 });
addNavLink({ href: '/jobs/queue', key: 'nav.jobsQueue', roles: ['manager'], group: 'machines', order: 50 });
defineDictionary({
  'nav.jobs': { fr: 'Mes travaux', en: 'My jobs' },
  'nav.jobsQueue': { fr: 'File des travaux', en: 'Job queue' },
});

const LIVE = ['/socket.io/socket.io.js', '/jobs/live.js'];

const L = (lang: Lang, fr: string, en: string) => (lang === 'en' ? en : fr);
const STATUS: Record<string, [string, string]> = {
  analysing: ['Analyse en cours', 'Analysing'], rejected: ['Refusé', 'Refused'], queued: ['En file', 'Queued'], held: ['En pause (responsable)', 'On hold'],
  dispatched: ['Envoyé à la machine', 'Sent to the machine'], running: ['En cours', 'Running'], completed: ['Terminé', 'Finished'],
  failed: ['Échoué', 'Failed'], interrupted: ['Interrompu', 'Interrupted'], bridge_lost: ['Passerelle injoignable', 'Bridge unreachable'], cancelled: ['Annulé', 'Cancelled'],
};
/** A job's status in words (« En file »), for the pages of other modules too (« Mon espace »). */
export const word = (s: string, lang: Lang) => (STATUS[s] ? L(lang, STATUS[s][0], STATUS[s][1]) : s);
const time = (iso: string | null, lang: Lang) =>
  iso ? new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }) : '';
const duration = (s: number | null) => (s == null ? '' : s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : `${Math.round(s / 60)} min`);

/** /jobs (my jobs, upload) and /jobs/queue (manager); live through socket.io (`job.update`). */
@ApiExcludeController()
@Controller()
export class JobsPages {
  constructor(private readonly jobs: JobsService) {}

  @Public()
  @Get('jobs')
  mine(@Req() req: PageRequest, @Res() res: Response) {
    return renderPage(req, res, null, async (ctx) => {
      const { lang, viewer } = ctx;
      const rows = await this.jobs.mine(viewer);
      const title = L(lang, 'Mes travaux (impression, découpe, fraisage)', 'My jobs (print, cut, mill)');
      const body = html`<h1>${title}</h1>
<form class="card" method="post" action="/jobs" enctype="multipart/form-data">
  <h2>${L(lang, 'Envoyer un fichier', 'Send a file')}</h2>
  <p><label>${L(lang, 'Fichier G-code (.gcode, .nc)', 'G-code file (.gcode, .nc)')}<br><input type="file" name="file" required accept=".gcode,.gco,.gc,.nc,.ngc,.txt"></label></p>
  <p><label>${L(lang, 'Type de machine', 'Machine type')}<br><select name="machineType">
    <option value="printer">${L(lang, 'Imprimante 3D', '3D printer')}</option><option value="laser">${L(lang, 'Découpeuse laser', 'Laser cutter')}</option><option value="cnc">${L(lang, 'Fraiseuse CNC', 'CNC mill')}</option>
  </select></label></p>
  <p><label>${L(lang, 'Matériau', 'Material')}<br><input name="material" placeholder="PLA"></label></p>
  <p><label>${L(lang, 'Quantité', 'Quantity')}<br><input type="number" name="quantity" min="1" max="1000" value="1"></label></p>
  <p><button type="submit" class="button">${L(lang, 'Envoyer', 'Send')}</button></p>
</form>
<div id="jobs" data-jobs-live="mine" data-socket="${['manager', 'trainer', 'admin'].includes(viewer.role) ? '1' : ''}">${rows.map(
        (j) => html`<article class="card job" data-job="${j.id}" data-status="${j.status}" data-position="${j.queuePosition ?? ''}">
  ${j.thumbnailUrl ? html`<img src="${j.thumbnailUrl}?size=small" alt="" width="96" height="96">` : ''}
  <h2>${j.fileName}${j.quantity > 1 ? html` × ${j.quantity}` : ''}</h2>
  <p><strong class="status">${word(j.status, lang)}</strong>${['running', 'bridge_lost'].includes(j.status) ? html` — <span data-role="progress">${Math.round(j.progress * 100)} %</span>` : ''}</p>
  ${j.queuePosition ? html`<p>${L(lang, 'Place dans la file', 'Place in the queue')} : <strong>${j.queuePosition}</strong> · ${L(lang, 'début estimé', 'estimated start')} ${time(j.estimatedStartAt, lang)}</p>` : ''}
  ${j.estimatedSeconds ? html`<p>${L(lang, 'Durée estimée', 'Estimated time')} : ${duration(j.estimatedSeconds)}</p>` : ''}
  ${j.reason ? html`<p class="form-message error">${j.reason}</p>` : ''}
</article>`,
      )}</div>
`;
      return pageLayout(ctx, { title, body, scripts: LIVE });
    });
  }

  @Public()
  @Get('jobs/live.js')
  live(@Res() res: Response) {
    res.type('application/javascript').set('Cache-Control', 'public, max-age=300').send(JOBS_LIVE_SCRIPT);
  }

  @Public()
  @Post('jobs')
  @UseInterceptors(JobFileInterceptor)
  send(@Req() req: PageRequest, @Res() res: Response, @UploadedFile() file: UploadedDiskFile | undefined, @Body() body: Record<string, string>) {
    return renderPage(req, res, null, async (ctx) => {
      await this.jobs.upload(ctx.viewer, file, {
        machineType: body.machineType, material: body.material, quantity: body.quantity ? Math.max(1, Math.min(1000, Number(body.quantity) || 1)) : 1,
      });
      res.redirect(303, '/jobs');
      return null;
    });
  }

  @Public()
  @Get('jobs/queue')
  queue(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      const { lang, viewer } = ctx;
      const machines = await this.jobs.siteQueue(viewer, q.siteId);
      const title = L(lang, 'File des travaux', 'Job queue');
      const act = (id: string, action: string, label: string, extra = '') =>
        html`<form method="post" action="/jobs/${id}/${action}" class="inline">${extra ? html`<input type="hidden" name="position" value="${extra}">` : ''}<button class="button secondary" type="submit">${label}</button></form>`;
      const body = html`<h1>${title}</h1><div data-jobs-live="all" data-socket="1"></div>${machines.length === 0 ? html`<p>${L(lang, 'Aucun travail en attente.', 'No job waiting.')}</p>` : ''}
${machines.map(
        (m) => html`<section class="card" data-machine="${m.machine.id}"><h2>${m.machine.name}</h2>
${m.active.map((j) => html`<p data-job="${j.id}" data-status="${j.status}"><strong>${word(j.status, lang)}</strong> : ${j.fileName} — <span data-role="progress">${Math.round(j.progress * 100)} %</span></p>`)}
<ol>${m.waiting.map(
          (j, i) => html`<li data-job="${j.id}" data-status="${j.status}" data-position="${j.queuePosition ?? ''}">${j.fileName} (${word(j.status, lang)}, ${duration(j.estimatedSeconds)})
  ${i > 0 ? act(j.id, 'move', L(lang, 'Monter', 'Up'), String(i)) : ''}
  ${i < m.waiting.length - 1 ? act(j.id, 'move', L(lang, 'Descendre', 'Down'), String(i + 2)) : ''}
  ${j.status === 'queued' ? act(j.id, 'hold', L(lang, 'Suspendre', 'Hold')) : act(j.id, 'release', L(lang, 'Reprendre', 'Release'))}
  ${j.status === 'queued' && i === 0 ? act(j.id, 'start', L(lang, 'Démarrer', 'Start')) : ''}
  ${act(j.id, 'cancel', L(lang, 'Annuler', 'Cancel'))}</li>`,
        )}</ol></section>`,
      )}
`;
      return pageLayout(ctx, { title, body, wide: true, scripts: LIVE });
    });
  }

  @Public()
  @Post('jobs/:id/:action')
  action(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('action') action: string, @Body() body: Record<string, string>) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      const v = ctx.viewer;
      if (action === 'move') await this.jobs.move(v, id, Number(body.position) || 1);
      else if (action === 'hold') await this.jobs.hold(v, id);
      else if (action === 'release') await this.jobs.release(v, id);
      else if (action === 'cancel') await this.jobs.cancel(v, id);
      else if (action === 'start') await this.jobs.start(v, id);
      res.redirect(303, '/jobs/queue');
      return null;
    });
  }
}
