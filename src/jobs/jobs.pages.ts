import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { duration as minutesInWords, localDateTime } from '../common/local-format';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { html } from '../web/html';
import { addNavLink } from '../web/layout';
import { defineDictionary, type Lang } from '../web/i18n';
import { PageContext, pageLayout, PageRequest, renderPage, sendHtml } from '../web/page';
import { fieldError, FormState, formMessage, formRefusal, refusedForm, typed } from '../web/form-bits';
import { JobFileInterceptor } from './jobs.controller';
import { JOBS_LIVE_SCRIPT } from './jobs-live';
import { JobsService } from './jobs.service';
import { MACHINE_TYPES } from '../machines/machine-types';
import { typeWord } from '../machines/machine-words';
import type { UploadedDiskFile } from '../infra/files/disk-upload';
import { SitePageQuery } from '../common/query.dto';
import { RestartJobForm, ReviewJobForm, ReviewNoteDto } from './dto/jobs.dto';

addNavLink({ href: '/jobs', key: 'nav.jobs', group: 'machines', order: 30 });
addNavLink({ href: '/jobs/queue', key: 'nav.jobsQueue', roles: ['manager'], group: 'machines', order: 50 });
addNavLink({ href: '/jobs/approvals', key: 'nav.jobsApprovals', roles: ['manager', 'trainer'], group: 'machines', order: 51 });
defineDictionary({
  'nav.jobs': { fr: 'Mes travaux', en: 'My jobs' },
  'nav.jobsApprovals': { fr: 'Travaux à approuver', en: 'Jobs to approve' },
  'nav.jobsQueue': { fr: 'File des travaux', en: 'Job queue' },
});

const LIVE = ['/socket.io/socket.io.js', '/jobs/live.js'];

/** The words of the job pages (one dictionary per feature: docs/ARCHITECTURE.md, "Words, times and money"). */
const tj = defineDictionary({
  'jobs.title': { fr: 'Mes travaux (impression, découpe, fraisage)', en: 'My jobs (print, cut, mill)' },
  'jobs.send': { fr: 'Envoyer un fichier', en: 'Send a file' },
  'jobs.file': { fr: 'Fichier G-code (.gcode, .nc)', en: 'G-code file (.gcode, .nc)' },
  'jobs.machineType': { fr: 'Type de machine', en: 'Machine type' },
  'jobs.printer': { fr: 'Imprimante 3D', en: '3D printer' },
  'jobs.laser': { fr: 'Découpeuse laser', en: 'Laser cutter' },
  'jobs.cnc': { fr: 'Fraiseuse CNC', en: 'CNC mill' },
  'jobs.material': { fr: 'Matériau', en: 'Material' },
  'jobs.quantity': { fr: 'Quantité', en: 'Quantity' },
  'jobs.submit': { fr: 'Envoyer', en: 'Send' },
  'jobs.place': { fr: 'Place dans la file', en: 'Place in the queue' },
  'jobs.estimatedStart': { fr: 'début estimé', en: 'estimated start' },
  'jobs.estimatedTime': { fr: 'Durée estimée', en: 'Estimated time' },
  'jobs.queueTitle': { fr: 'File des travaux', en: 'Job queue' },
  'jobs.noneWaiting': { fr: 'Aucun travail en attente.', en: 'No job waiting.' },
  'jobs.up': { fr: 'Monter', en: 'Up' },
  'jobs.down': { fr: 'Descendre', en: 'Down' },
  'jobs.hold': { fr: 'Suspendre', en: 'Hold' },
  'jobs.release': { fr: 'Reprendre', en: 'Release' },
  'jobs.start': { fr: 'Démarrer', en: 'Start' },
  'jobs.cancel': { fr: 'Annuler', en: 'Cancel' },
  'jobs.pause': { fr: 'Mettre en pause', en: 'Pause' },
  'jobs.resume': { fr: 'Reprendre l’impression', en: 'Resume' },
  'jobs.awaitingHelp': {
    fr: 'Ce lieu fait vérifier ce type de travail par un·e formateur·rice ou un·e responsable avant la file. Vous recevrez un e-mail.',
    en: 'This site has a trainer or a manager check this kind of job before the queue. You will get an e-mail.',
  },
  'jobs.reviewNote': { fr: 'Ce qui est demandé', en: 'What is asked' },
  'jobs.yourAnswer': { fr: 'Votre réponse', en: 'Your answer' },
  'jobs.answer': { fr: 'Répondre', en: 'Answer' },
  'jobs.newVersion': { fr: 'Envoyer une nouvelle version du fichier', en: 'Send a new version of the file' },
  'jobs.version': { fr: 'version {n}', en: 'version {n}' },
  'jobs.approvalsTitle': { fr: 'Travaux à approuver', en: 'Jobs to approve' },
  'jobs.rulesTitle': { fr: 'Ce qui passe par une approbation', en: 'What needs approval' },
  'jobs.rulesHelp': {
    fr: 'Cochez les machines dont les travaux doivent être approuvés par un·e formateur·rice ou un·e responsable avant d’entrer dans la file. Les travaux déjà dans la file y restent.',
    en: 'Tick the machines whose jobs a trainer or a manager must approve before they enter the queue. Jobs already queued stay queued.',
  },
  'jobs.rulesSave': { fr: 'Enregistrer', en: 'Save' },
  'jobs.rulesNone': { fr: 'Aucune approbation demandée : les travaux vont directement dans la file.', en: 'No approval asked: jobs go straight to the queue.' },
  'jobs.rulesOn': { fr: 'Approbation demandée pour : {types}.', en: 'Approval asked for: {types}.' },
  'jobs.noneToApprove': { fr: 'Aucun travail n’attend d’approbation.', en: 'No job awaits approval.' },
  'jobs.by': { fr: 'de {owner}, pour {machine}', en: 'by {owner}, for {machine}' },
  'jobs.makerAnswered': { fr: 'Réponse de la personne', en: 'Answer from the maker' },
  'jobs.approve': { fr: 'Approuver', en: 'Approve' },
  'jobs.refuse': { fr: 'Refuser', en: 'Refuse' },
  'jobs.askChanges': { fr: 'Demander des changements', en: 'Ask for changes' },
  'jobs.reviewMessage': { fr: 'Raison ou changements à faire (lus par la personne)', en: 'Reason or changes to make (read by the maker)' },
  'jobs.ownJob': {
    fr: 'Votre propre travail : un·e autre formateur·rice ou responsable l’approuve.',
    en: 'Your own job: another trainer or manager approves it.',
  },
  'jobs.waitingMaker': { fr: 'En attente de la personne (nouvelle version ou réponse).', en: 'Waiting for the maker (a new version or an answer).' },
  'jobs.toApprove': { fr: 'À approuver avant la file', en: 'To approve before the queue' },
  'jobs.messageNeeded': {
    fr: 'Écrivez la raison ou les changements à faire (3 caractères au moins).',
    en: 'Write the reason or the changes to make (3 characters at least).',
  },
  'jobs.stoppedAt': { fr: 'Arrêté à la ligne {line} du fichier ({percent} %).', en: 'Stopped at line {line} of the file ({percent} %).' },
  'jobs.restartedFrom': { fr: 'Repris à partir de la ligne {line}.', en: 'Restarted from line {line}.' },
  'jobs.requeue': { fr: 'Relancer depuis le début', en: 'Start again from the top' },
  'jobs.restartTitle': { fr: 'Reprendre l’impression à partir d’une ligne', en: 'Restart the print from a line' },
  'jobs.restartLine': { fr: 'Ligne du fichier', en: 'Line of the file' },
  'jobs.restartWarn1': {
    fr: 'La pièce doit être encore en place sur le plateau, le plateau resté chaud : sinon elle se décolle.',
    en: 'The part must still be on the bed, and the bed kept hot: otherwise it comes loose.',
  },
  'jobs.restartWarn2': {
    fr: 'Chauffez la buse et le plateau avant, et ne remettez pas l’axe Z à zéro (pas de G28 Z) : la buse écraserait la pièce.',
    en: 'Heat the nozzle and the bed first, and do not home Z (no G28 Z): the nozzle would crush the part.',
  },
  'jobs.restartWarn3': {
    fr: 'Choisissez une ligne au début d’une couche (un changement de Z) : vérifiez-la dans le fichier.',
    en: 'Pick a line at the start of a layer (a Z change): check it in the file.',
  },
  'jobs.restartRead': { fr: 'J’ai lu ces précautions', en: 'I have read these precautions' },
  'jobs.restart': { fr: 'Reprendre à cette ligne', en: 'Restart from this line' },
  'jobs.status.analysing': { fr: 'Analyse en cours', en: 'Analysing' },
  'jobs.status.rejected': { fr: 'Refusé', en: 'Refused' },
  'jobs.status.awaiting_approval': { fr: 'En attente d’approbation', en: 'Awaiting approval' },
  'jobs.status.changes_requested': { fr: 'Changements demandés', en: 'Changes requested' },
  'jobs.status.queued': { fr: 'En file', en: 'Queued' },
  'jobs.status.held': { fr: 'En pause (responsable)', en: 'On hold' },
  'jobs.status.dispatched': { fr: 'Envoyé à la machine', en: 'Sent to the machine' },
  'jobs.status.running': { fr: 'En cours', en: 'Running' },
  'jobs.status.paused': { fr: 'En pause', en: 'Paused' },
  'jobs.status.completed': { fr: 'Terminé', en: 'Finished' },
  'jobs.status.failed': { fr: 'Échoué', en: 'Failed' },
  'jobs.status.interrupted': { fr: 'Interrompu', en: 'Interrupted' },
  'jobs.status.bridge_lost': { fr: 'Passerelle injoignable', en: 'Bridge unreachable' },
  'jobs.status.cancelled': { fr: 'Annulé', en: 'Cancelled' },
});
type JobWord = Parameters<typeof tj>[0];
/** A status in words (« En file »), for other modules' pages too (« Mon espace »); an unknown one (a newer bridge) as it came. */
export const word = (s: string, lang: Lang) => {
  const key = `jobs.status.${s}` as JobWord;
  const text = tj(key, lang);
  return text === key ? s : text;
};
/** Start a failed job again: from the top, or (a print) from a line, once the precautions are read. */
function restartForms(j: { id: string; lastAckedLine: number | null; restartFromLine: boolean }, lang: Lang) {
  const top = html`<form method="post" action="/jobs/${j.id}/restart" class="inline"><button class="button secondary" type="submit">${tj('jobs.requeue', lang)}</button></form>`;
  if (!j.restartFromLine) return top;
  return html`${top}
<form method="post" action="/jobs/${j.id}/restart"><h3>${tj('jobs.restartTitle', lang)}</h3>
  <ul><li>${tj('jobs.restartWarn1', lang)}</li><li>${tj('jobs.restartWarn2', lang)}</li><li>${tj('jobs.restartWarn3', lang)}</li></ul>
  <p><label>${tj('jobs.restartLine', lang)}<br><input type="number" name="fromLine" min="1" required inputmode="numeric" value="${j.lastAckedLine || ''}"></label></p>
  <p><label><input type="checkbox" name="warningsRead" value="true" required> ${tj('jobs.restartRead', lang)}</label></p>
  <p><button class="button" type="submit">${tj('jobs.restart', lang)}</button></p>
</form>`;
}
/** What the reviewer asked, and the maker's two ways to go on: a new version of the file, or an answer. */
function changesForms(j: { id: string; reviewNote: string | null; fileVersion: number }, lang: Lang) {
  return html`${j.reviewNote ? html`<p class="form-message">${tj('jobs.reviewNote', lang)} : « ${j.reviewNote} »</p>` : ''}
<form method="post" action="/jobs/${j.id}/version" enctype="multipart/form-data"><p><label>${tj('jobs.newVersion', lang)} (${tj('jobs.version', lang, { n: String(j.fileVersion + 1) })})<br><input type="file" name="file" required accept=".gcode,.gco,.gc,.nc,.ngc,.txt"></label></p>
  <p><button class="button" type="submit">${tj('jobs.submit', lang)}</button></p></form>
<form method="post" action="/jobs/${j.id}/reply"><p><label>${tj('jobs.yourAnswer', lang)}<br><textarea name="message" required minlength="3" maxlength="1000" rows="3"></textarea></label></p>
  <p><button class="button secondary" type="submit">${tj('jobs.answer', lang)}</button></p></form>`;
}
const time = (iso: string | null, lang: Lang, zone: string) => (iso ? localDateTime(iso, zone, lang, 'short') : '');
const duration = (s: number | null) => (s == null ? '' : minutesInWords(s / 60));

/** /jobs (my jobs, upload) and /jobs/queue (manager); live through socket.io (`job.update`). */
@ApiExcludeController()
@Controller()
export class JobsPages {
  constructor(private readonly jobs: JobsService) {}

  @Public()
  @Get('jobs')
  mine(@Req() req: PageRequest, @Res() res: Response) {
    return renderPage(req, res, null, (ctx) => this.minePage(ctx));
  }

  /** My jobs and the form to send one; a refused upload comes back with what was chosen and why (the file must be chosen again). */
  private async minePage(ctx: PageContext, state?: FormState): Promise<string> {
    const { lang, viewer } = ctx;
    const keep = (name: string, saved = '') => typed(state, name) ?? saved;
    const chosen = (v: string) => (keep('machineType') === v ? html` selected` : '');
    const rows = await this.jobs.mine(viewer);
    const title = tj('jobs.title', lang);
    const body = html`<h1>${title}</h1>
<form class="card" method="post" action="/jobs" enctype="multipart/form-data">
  <h2>${tj('jobs.send', lang)}</h2>
  <p><label>${tj('jobs.file', lang)}<br><input type="file" name="file" required accept=".gcode,.gco,.gc,.nc,.ngc,.txt"${fieldError(state, 'file', 'job-file-error').attrs}>${fieldError(state, 'file', 'job-file-error').after}</label></p>
  <p><label>${tj('jobs.machineType', lang)}<br><select name="machineType">
    <option value="printer">${tj('jobs.printer', lang)}</option><option value="laser"${chosen('laser')}>${tj('jobs.laser', lang)}</option><option value="cnc"${chosen('cnc')}>${tj('jobs.cnc', lang)}</option>
  </select></label></p>
  <p><label>${tj('jobs.material', lang)}<br><input name="material" placeholder="PLA" value="${keep('material')}"${fieldError(state, 'material', 'job-material-error').attrs}>${fieldError(state, 'material', 'job-material-error').after}</label></p>
  <p><label>${tj('jobs.quantity', lang)}<br><input type="number" name="quantity" min="1" max="1000" value="${keep('quantity', '1')}"${fieldError(state, 'quantity', 'job-quantity-error').attrs}>${fieldError(state, 'quantity', 'job-quantity-error').after}</label></p>
  ${formRefusal(state, ['file', 'material', 'quantity'])}<p><button type="submit" class="button">${tj('jobs.submit', lang)}</button></p>
</form>
<div id="jobs" data-jobs-live="mine" data-socket="${['manager', 'trainer', 'admin'].includes(viewer.role) ? '1' : ''}">${rows.map(
      (j) => html`<article class="card job" data-job="${j.id}" data-status="${j.status}" data-position="${j.queuePosition ?? ''}">
  ${j.thumbnailUrl ? html`<img src="${j.thumbnailUrl}?size=small" alt="" width="96" height="96">` : ''}
  <h2>${j.fileName}${j.quantity > 1 ? html` × ${j.quantity}` : ''}</h2>
  <p><strong class="status">${word(j.status, lang)}</strong>${['running', 'paused', 'bridge_lost'].includes(j.status) ? html` — <span data-role="progress">${Math.round(j.progress * 100)} %</span>` : ''}</p>
  ${j.queuePosition ? html`<p>${tj('jobs.place', lang)} : <strong>${j.queuePosition}</strong> · ${tj('jobs.estimatedStart', lang)} ${time(j.estimatedStartAt, lang, ctx.zone)}</p>` : ''}
  ${j.estimatedSeconds ? html`<p>${tj('jobs.estimatedTime', lang)} : ${duration(j.estimatedSeconds)}</p>` : ''}
  ${j.reason ? html`<p class="form-message error">${j.reason}</p>` : ''}
  ${j.status === 'awaiting_approval' ? html`<p>${tj('jobs.awaitingHelp', lang)}</p>` : ''}
  ${j.status === 'changes_requested' ? changesForms(j, lang) : ''}
  ${
    j.lastAckedLine
      ? html`<p>${tj('jobs.stoppedAt', lang)
          .replace('{line}', String(j.lastAckedLine))
          .replace('{percent}', String(Math.round(j.progress * 100)))}</p>`
      : ''
  }
  ${j.startLine ? html`<p>${tj('jobs.restartedFrom', lang).replace('{line}', String(j.startLine))}</p>` : ''}
  ${['failed', 'interrupted'].includes(j.status) ? restartForms(j, lang) : ''}
</article>`,
    )}</div>
`;
    return pageLayout(ctx, { title, body, scripts: LIVE });
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
      try {
        await this.jobs.upload(ctx.viewer, file, {
          machineType: body.machineType,
          material: body.material,
          quantity: body.quantity ? Math.max(1, Math.min(1000, Number(body.quantity) || 1)) : 1,
        });
      } catch (err) {
        // Refused (no file, not G-code, too big…): the page again with the choices kept, never JSON.
        if (!(err instanceof HttpException) || err.getStatus() === 404 || err.getStatus() === 403) throw err;
        sendHtml(res, err.getStatus(), await this.minePage(ctx, refusedForm('job', body, err, ctx.lang)));
        return null;
      }
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
      const title = tj('jobs.queueTitle', lang);
      const act = (id: string, action: string, label: string, extra = '') =>
        html`<form method="post" action="/jobs/${id}/${action}" class="inline">${extra ? html`<input type="hidden" name="position" value="${extra}">` : ''}<button class="button secondary" type="submit">${label}</button></form>`;
      const body = html`<h1>${title}</h1><div data-jobs-live="all" data-socket="1"></div>${machines.length === 0 ? html`<p>${tj('jobs.noneWaiting', lang)}</p>` : ''}
${machines.map(
  (m) => html`<section class="card" data-machine="${m.machine.id}"><h2>${m.machine.name}</h2>
${m.active.map(
  (
    j,
  ) => html`<p data-job="${j.id}" data-status="${j.status}"><strong>${word(j.status, lang)}</strong> : ${j.fileName} — <span data-role="progress">${Math.round(j.progress * 100)} %</span>
  ${j.status === 'running' ? act(j.id, 'pause', tj('jobs.pause', lang)) : ''}${j.status === 'paused' ? act(j.id, 'resume', tj('jobs.resume', lang)) : ''}${j.reason && j.status === 'paused' ? html`<br><span class="muted">${j.reason}</span>` : ''}</p>`,
)}
${m.active.map((j) => html`<p data-job="${j.id}" data-status="${j.status}"><strong>${word(j.status, lang)}</strong> : ${j.fileName} — <span data-role="progress">${Math.round(j.progress * 100)} %</span></p>`)}
${
  m.awaiting.length
    ? html`<p><a href="/jobs/approvals">${tj('jobs.toApprove', lang)}</a> :</p><ul>${m.awaiting.map((j) => html`<li data-job="${j.id}" data-status="${j.status}">${j.fileName} (${word(j.status, lang)})</li>`)}</ul>`
    : ''
}
<ol>${m.waiting.map(
    (
      j,
      i,
    ) => html`<li data-job="${j.id}" data-status="${j.status}" data-position="${j.queuePosition ?? ''}">${j.fileName} (${word(j.status, lang)}, ${duration(j.estimatedSeconds)})
  ${i > 0 ? act(j.id, 'move', tj('jobs.up', lang), String(i)) : ''}
  ${i < m.waiting.length - 1 ? act(j.id, 'move', tj('jobs.down', lang), String(i + 2)) : ''}
  ${j.status === 'queued' ? act(j.id, 'hold', tj('jobs.hold', lang)) : act(j.id, 'release', tj('jobs.release', lang))}
  ${j.status === 'queued' && i === 0 ? act(j.id, 'start', tj('jobs.start', lang)) : ''}
  ${act(j.id, 'cancel', tj('jobs.cancel', lang))}</li>`,
  )}</ol></section>`,
)}
`;
      return pageLayout(ctx, { title, body, wide: true, scripts: LIVE });
    });
  }

  /** Jobs held for approval (trainers, managers): approve, refuse with a reason, or ask for changes. */
  @Public()
  @Get('jobs/approvals')
  approvals(@Req() req: PageRequest, @Res() res: Response, @Query() q: SitePageQuery) {
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const { lang, viewer } = ctx;
      const [rows, rules] = await Promise.all([this.jobs.approvals.pending(viewer, q.siteId), this.jobs.approvals.rulesOf(viewer, q.siteId)]);
      const title = tj('jobs.approvalsTitle', lang);
      // Only jobs' machines (G-code) can be held; a manager changes the list, a trainer reads it.
      const jobTypes = MACHINE_TYPES.filter((ty) => ty === 'laser' || ty === 'printer' || ty === 'cnc');
      const said = rules.machineTypes.length
        ? tj('jobs.rulesOn', lang, { types: rules.machineTypes.map((ty) => typeWord(ty, lang)).join(', ') })
        : tj('jobs.rulesNone', lang);
      const rulesCard =
        viewer.role === 'trainer'
          ? html`<p class="muted">${said}</p>`
          : html`<section class="card"><h2>${tj('jobs.rulesTitle', lang)}</h2><p class="muted">${tj('jobs.rulesHelp', lang)}</p>
<form data-api="/api/jobs/approval-rules" data-method="PUT" id="approval-rules">
<input type="hidden" name="siteId" value="${rules.siteId}">
<fieldset class="choices"><legend>${said}</legend>${jobTypes.map(
              (ty) =>
                html`<label class="check"><input type="checkbox" name="machineTypes" value="${ty}" data-type="array"${rules.machineTypes.includes(ty) ? html` checked` : ''}> ${typeWord(ty, lang)}</label>`,
            )}</fieldset>
${formMessage()}<div class="actions"><button type="submit">${tj('jobs.rulesSave', lang)}</button></div></form></section>`;
      const body = html`<h1>${title}</h1>${rulesCard}${rows.length === 0 ? html`<p>${tj('jobs.noneToApprove', lang)}</p>` : ''}
${rows.map(
  (j) => html`<article class="card job" data-job="${j.id}" data-status="${j.status}">
  ${j.thumbnailUrl ? html`<img src="${j.thumbnailUrl}?size=small" alt="" width="96" height="96">` : ''}
  <h2>${j.fileName}${j.quantity > 1 ? html` × ${j.quantity}` : ''} <small>(${tj('jobs.version', lang, { n: String(j.fileVersion) })})</small></h2>
  <p>${tj('jobs.by', lang, { owner: j.ownerName, machine: j.machineName })} — <strong>${word(j.status, lang)}</strong></p>
  ${j.estimatedSeconds ? html`<p>${tj('jobs.estimatedTime', lang)} : ${duration(j.estimatedSeconds)}${j.material ? html` · ${j.material}` : ''}</p>` : ''}
  ${j.reviewNote ? html`<p>${tj('jobs.reviewNote', lang)} (${j.reviewerName ?? ''}) : « ${j.reviewNote} »</p>` : ''}
  ${j.makerAnswer ? html`<p>${tj('jobs.makerAnswered', lang)} : « ${j.makerAnswer} »</p>` : ''}
  ${
    j.own
      ? html`<p>${tj('jobs.ownJob', lang)}</p>`
      : html`<form method="post" action="/jobs/${j.id}/review">
    <p><label>${tj('jobs.reviewMessage', lang)}<br><textarea name="message" maxlength="1000" rows="3"></textarea></label></p>
    <p>${j.status === 'awaiting_approval' ? html`<button class="button" type="submit" name="decision" value="approve">${tj('jobs.approve', lang)}</button> <button class="button secondary" type="submit" name="decision" value="changes">${tj('jobs.askChanges', lang)}</button> ` : html`${tj('jobs.waitingMaker', lang)} `}<button class="button secondary" type="submit" name="decision" value="refuse">${tj('jobs.refuse', lang)}</button></p>
  </form>`
  }
</article>`,
)}`;
      return pageLayout(ctx, { title, body });
    });
  }

  /** The approvals page's form: approve, refuse (with the reason), or ask for changes. */
  @Public()
  @Post('jobs/:id/review')
  review(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReviewJobForm) {
    return renderPage(req, res, ['manager', 'trainer'], async (ctx) => {
      const message = body.message?.trim() ?? '';
      if (body.decision === 'approve') await this.jobs.approvals.approve(ctx.viewer, id, message);
      else {
        if (message.length < 3)
          throw new BadRequestException({
            code: 'message_required',
            field: 'message',
            message: `${tj('jobs.messageNeeded', 'fr')} ${tj('jobs.messageNeeded', 'en')}`,
          });
        if (body.decision === 'refuse') await this.jobs.approvals.refuse(ctx.viewer, id, message);
        else await this.jobs.approvals.requestChanges(ctx.viewer, id, message);
      }
      res.redirect(303, '/jobs/approvals');
      return null;
    });
  }

  /** The maker answers the changes asked (from « Mes travaux »). */
  @Public()
  @Post('jobs/:id/reply')
  reply(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReviewNoteDto) {
    return renderPage(req, res, null, async (ctx) => {
      await this.jobs.approvals.answer(ctx.viewer, id, body.message);
      res.redirect(303, '/jobs');
      return null;
    });
  }

  /** The maker sends a new version of the file (from « Mes travaux »). */
  @Public()
  @Post('jobs/:id/version')
  @UseInterceptors(JobFileInterceptor)
  version(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @UploadedFile() file: UploadedDiskFile | undefined) {
    return renderPage(req, res, null, async (ctx) => {
      await this.jobs.newVersion(ctx.viewer, id, file);
      res.redirect(303, '/jobs');
      return null;
    });
  }

  /** The owner (or staff) starts a failed job again; before the manager's actions, which take any `:action`. */
  @Public()
  @Post('jobs/:id/restart')
  restart(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: RestartJobForm) {
    return renderPage(req, res, null, async (ctx) => {
      await this.jobs.requeue(ctx.viewer, id, body.fromLine ? { fromLine: body.fromLine, warningsRead: body.warningsRead === 'true' } : {});
      res.redirect(303, '/jobs');
      return null;
    });
  }

  @Public()
  @Post('jobs/:id/:action')
  action(
    @Req() req: PageRequest,
    @Res() res: Response,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action') action: string,
    @Body() body: Record<string, string>,
  ) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      const v = ctx.viewer;
      if (action === 'move') await this.jobs.move(v, id, Number(body.position) || 1);
      else if (action === 'hold') await this.jobs.hold(v, id);
      else if (action === 'release') await this.jobs.release(v, id);
      else if (action === 'cancel') await this.jobs.cancel(v, id);
      else if (action === 'start') await this.jobs.start(v, id);
      else if (action === 'pause') await this.jobs.pauseOrResume(v, id, 'pause_job');
      else if (action === 'resume') await this.jobs.pauseOrResume(v, id, 'resume_job');
      res.redirect(303, '/jobs/queue');
      return null;
    });
  }
}
