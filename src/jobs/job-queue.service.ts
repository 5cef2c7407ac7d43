import { idsWithRowsPerTurn, rawRows } from '../infra/database/raw-sql';
import { BadRequestException, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { assertVisible, siteOf, Viewer } from '../common/viewer';
import { FileStore } from '../infra/files/file-store';
import { MachineCommands } from '../machines/machine-commands';
import { MachinesService } from '../machines/machines.service';
import type { Machine } from '../machines/entities/machine.entity';
import { FabJob, IN_REVIEW, JobApprovalRule, JobStatus, ON_MACHINE, WAITING } from './entities/fab-job.entity';
import { JobNotices } from './job-notices';
import { conflict, isStaff, sha, stillOnMachine } from './job-words';

/** What a job's owner may withdraw themself: their own job, not yet sent to a machine. */
export const OWNER_CANCELLABLE: readonly JobStatus[] = ['analysing', ...IN_REVIEW, ...WAITING];

/** The machines' queues: order, waits, who sees which job, hold, cancel, requeue; the job's files. */
@Injectable()
export class JobQueueService {
  constructor(
    @InjectRepository(FabJob) private readonly jobs: Repository<FabJob>,
    private readonly machines: MachinesService,
    private readonly commands: MachineCommands,
    private readonly files: FileStore,
    private readonly notices: JobNotices,
    @InjectRepository(JobApprovalRule) private readonly approvalRules: Repository<JobApprovalRule>,
  ) {}

  /** True when the site asks that jobs for this type of machine be approved before the queue. */
  async needsApproval(siteId: string, machineType: string): Promise<boolean> {
    return (await this.approvalRules.countBy({ siteId, machineType })) > 0;
  }

  /**
   * A job checked and placed on its machine enters the queue (last), or, where the site asks for
   * approval of that machine type and nobody approved it yet, waits in `awaiting_approval`, out of
   * the queue: dispatch only ever takes `queued` jobs. Tells the approvers by mail.
   */
  async place(job: FabJob, machine: Machine): Promise<FabJob> {
    job.machineId = machine.id;
    job.reason = null;
    if (!job.approvedBy && (await this.needsApproval(job.siteId, machine.type))) {
      job.status = 'awaiting_approval';
      job.position = 0;
      await this.jobs.save(job);
      this.notices.push(job);
      await this.notices.toApprovers(job, machine, 'awaiting');
      return job;
    }
    job.status = 'queued';
    job.queuedAt = new Date();
    job.position = (await this.lastPosition(machine.id)) + 1;
    await this.jobs.save(job);
    this.notices.push(job);
    return job;
  }

  /** Jobs of a site held for approval or waiting for the maker's changes, oldest first. */
  inReview(siteId: string): Promise<FabJob[]> {
    return this.jobs.find({ where: { siteId, status: In(IN_REVIEW) }, order: { createdAt: 'ASC' } });
  }

  async lastPosition(machineId: string): Promise<number> {
    const row = await this.jobs.createQueryBuilder('j').select('MAX(j.position)', 'max').where('j.machineId = :machineId', { machineId }).getRawOne();
    return Number(row?.max ?? 0);
  }

  /** Whether a job waits in the machine's queue: asked at every session opened, so the asks of one turn share one statement (issue 16). */
  hasQueued(machineId: string): Promise<boolean> {
    return this.queuedAsks.add(machineId);
  }

  private readonly queuedAsks = idsWithRowsPerTurn(() => this.jobs.manager, 'fab_jobs', 'machineId', `"status" = 'queued'`);

  /** The first job queued (not held) on the machine, in queue order; null when none. */
  firstQueued(machineId: string): Promise<FabJob | null> {
    return this.jobs.findOne({ where: { machineId, status: 'queued' }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  /** Ordered waiting jobs of a machine. */
  waiting(machineId: string): Promise<FabJob[]> {
    return this.jobs.find({ where: { machineId, status: In(WAITING) }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  /** Seconds until a new job could start on a machine: what runs (remaining) + what waits. */
  async queueSeconds(machineId: string, before?: FabJob): Promise<number> {
    let total = 0;
    const active = await this.jobs.find({ where: { machineId, status: In(ON_MACHINE) } });
    for (const j of active) total += Math.max(0, (j.estimatedSeconds ?? 0) * (1 - j.progress));
    for (const j of await this.waiting(machineId)) {
      if (before && j.id === before.id) break;
      if (j.status === 'queued') total += j.estimatedSeconds ?? 0;
    }
    return total;
  }

  /** A job as its owner sees it: with its place in the queue and an estimated start. */
  async view(
    job: FabJob,
  ): Promise<FabJob & { queuePosition: number | null; estimatedStartAt: string | null; thumbnailUrl: string | null; restartFromLine: boolean }> {
    let queuePosition: number | null = null;
    let estimatedStartAt: string | null = null;
    if (job.machineId && WAITING.includes(job.status)) {
      const list = await this.waiting(job.machineId);
      queuePosition = list.findIndex((j) => j.id === job.id) + 1 || null;
      estimatedStartAt = new Date(Date.now() + (await this.queueSeconds(job.machineId, job)) * 1000).toISOString();
    }
    // Only a failed or interrupted print on its printer may restart from a line.
    const restartFromLine =
      ['failed', 'interrupted'].includes(job.status) && !!job.machineId && (await this.machines.findById(job.machineId))?.type === 'printer';
    const { tokenHash: _t, tokenExpiresAt: _e, startCommandId: _c, ...rest } = job;
    return {
      ...(rest as FabJob),
      queuePosition,
      estimatedStartAt,
      thumbnailUrl: job.thumbnailSha256 ? `/api/jobs/${job.id}/thumbnail` : null,
      restartFromLine,
    };
  }

  async mine(viewer: Viewer) {
    const rows = await this.jobs.find({ where: { ownerId: viewer.id }, order: { createdAt: 'DESC' }, take: 100 });
    return Promise.all(rows.map((j) => this.view(j)));
  }

  /**
   * A restart from a line is for a print, never a cut or a mill: resumed mid-file, a laser or a
   * spindle would start where the tool is not. The person says they read the precautions.
   */
  private async checkRestartFromLine(machineId: string, from: { warningsRead?: boolean }) {
    const machine = await this.machines.findById(machineId);
    if (machine?.type !== 'printer')
      throw new BadRequestException({
        code: 'restart_not_allowed',
        message:
          'Reprendre à partir d’une ligne n’est possible que pour une impression 3D : une découpeuse laser ou une fraiseuse repartirait là où l’outil n’est pas. Only a 3D print can restart from a line.',
      });
    if (!from.warningsRead)
      throw new BadRequestException({
        code: 'warnings_not_read',
        message: 'Lisez et cochez les précautions avant de reprendre à partir d’une ligne. Read and tick the precautions first.',
      });
  }

  async get(viewer: Viewer, id: string): Promise<FabJob> {
    const job = assertVisible(viewer, await this.jobs.findOneBy({ id }), 'Travail');
    // A trainer also sees the jobs of their site it may review (the approvals page's thumbnails).
    const reviewer = viewer.role === 'trainer' && IN_REVIEW.includes(job.status);
    if (job.ownerId !== viewer.id && !isStaff(viewer) && !reviewer)
      throw new NotFoundException({ code: 'not_found', message: 'Travail introuvable. Not found.' });
    return job;
  }

  /**
   * Per machine of the site: what runs and the ordered queue. The site rule is applied here, so
   * the API and the page share it: a manager only ever sees their own site (403 for another).
   */
  async siteQueue(viewer: Viewer, requested?: string | null) {
    const siteId = siteOf(viewer, requested) ?? viewer.siteId;
    if (!siteId) return [];
    const machines = await this.machines.ofSite(siteId);
    const out = [];
    for (const m of machines) {
      const active = await this.jobs.find({ where: { machineId: m.id, status: In(ON_MACHINE) } });
      const waiting = await this.waiting(m.id);
      const awaiting = await this.jobs.find({ where: { machineId: m.id, status: In(IN_REVIEW) }, order: { createdAt: 'ASC' } });
      if (active.length === 0 && waiting.length === 0 && awaiting.length === 0) continue;
      out.push({
        machine: { id: m.id, slug: m.slug, name: m.name, type: m.type, status: m.status },
        active: await Promise.all(active.map((j) => this.view(j))),
        waiting: await Promise.all(waiting.map((j) => this.view(j))),
        /** Held for approval (or waiting for the maker's changes): not in the queue, never started. */
        awaiting: await Promise.all(awaiting.map((j) => this.view(j))),
      });
    }
    return out;
  }

  /** Moves a waiting job to a 1-based place in its machine's queue. */
  async move(viewer: Viewer, id: string, to: number): Promise<FabJob[]> {
    const job = await this.get(viewer, id);
    if (!WAITING.includes(job.status) || !job.machineId) throw conflict('not_waiting', "Ce travail n'attend pas dans une file. Not waiting in a queue.");
    const list = (await this.waiting(job.machineId)).filter((j) => j.id !== job.id);
    list.splice(Math.max(0, Math.min(list.length, to - 1)), 0, job);
    for (let i = 0; i < list.length; i++) {
      if (list[i].position !== i + 1) await this.jobs.update({ id: list[i].id }, { position: i + 1 });
      list[i].position = i + 1;
    }
    for (const j of list) this.notices.push(j);
    return list;
  }

  async hold(viewer: Viewer, id: string) {
    return this.transition(viewer, id, ['queued'], 'held');
  }
  async release(viewer: Viewer, id: string) {
    return this.transition(viewer, id, ['held'], 'queued');
  }

  /**
   * The owner withdraws their own job before it reaches a machine (« Mon espace »). Staff, and a
   * job already on its machine, go through `cancel` (which also stops the machine).
   */
  async cancelMine(viewer: Viewer, id: string): Promise<FabJob> {
    const job = await this.get(viewer, id);
    if (job.ownerId !== viewer.id) throw new NotFoundException({ code: 'not_found', message: 'Travail introuvable. Not found.' });
    if (!OWNER_CANCELLABLE.includes(job.status)) {
      throw conflict('not_waiting', "Ce travail n'attend plus : demandez à l'équipe de l'arrêter. This job is no longer waiting: ask the team to stop it.");
    }
    return this.cancel(viewer, id);
  }

  async cancel(viewer: Viewer, id: string): Promise<FabJob> {
    const job = await this.get(viewer, id);
    if (job.ownerId !== viewer.id && !isStaff(viewer)) throw new ForbiddenException();
    if (ON_MACHINE.includes(job.status) && job.machineId) {
      const m = await this.machines.findById(job.machineId);
      if (m) await this.commands.sendTo(m, { type: 'cancel_job', jobId: job.id }).catch(() => undefined);
    } else if (!['analysing', ...IN_REVIEW, 'queued', 'held', 'interrupted', 'rejected'].includes(job.status)) {
      throw conflict('finished', 'Ce travail est déjà terminé. This job is already over.');
    }
    job.status = 'cancelled';
    job.finishedAt = new Date();
    job.tokenHash = null;
    await this.jobs.save(job);
    this.notices.push(job);
    return job;
  }

  /** An interrupted (or failed) job goes back to the head of its machine's queue. */
  async requeue(viewer: Viewer, id: string, from: { fromLine?: number; warningsRead?: boolean } = {}): Promise<FabJob> {
    const job = await this.get(viewer, id);
    if (ON_MACHINE.includes(job.status)) throw stillOnMachine(job);
    if (!['interrupted', 'failed'].includes(job.status) || !job.machineId)
      throw conflict(
        'not_interrupted',
        'Seul un travail interrompu ou échoué peut être remis dans la file. Only an interrupted or failed job can be re-queued.',
      );
    if (from.fromLine !== undefined) await this.checkRestartFromLine(job.machineId, from);
    const first = (await this.waiting(job.machineId))[0];
    job.startLine = from.fromLine ?? null;
    job.lastAckedLine = null;
    job.status = 'queued';
    job.position = first ? first.position - 1 : 1;
    job.progress = 0;
    job.reason = null;
    job.queuedAt = new Date();
    job.startedAt = job.dispatchedAt = job.finishedAt = null;
    await this.jobs.save(job);
    this.notices.push(job);
    return job;
  }

  private async transition(viewer: Viewer, id: string, from: FabJob['status'][], to: FabJob['status']) {
    const job = await this.get(viewer, id);
    if (!from.includes(job.status)) throw conflict('bad_state', `Impossible depuis l'état « ${job.status} ». Not possible from this state.`);
    job.status = to;
    await this.jobs.save(job);
    this.notices.push(job);
    return job;
  }

  /** The file for the bridge: needs the job's token, valid 10 minutes after dispatch. */
  async fileFor(id: string, token: string | undefined): Promise<{ path: string; job: FabJob }> {
    const job = await this.jobs.findOneBy({ id });
    if (!job || !token || !job.tokenHash || job.tokenHash !== sha(token) || !job.tokenExpiresAt || job.tokenExpiresAt < new Date()) {
      throw new UnauthorizedException({ code: 'bad_token', message: 'Lien de téléchargement invalide ou expiré. Invalid or expired download link.' });
    }
    return { path: this.files.pathOf(job.fileSha256), job };
  }

  async thumbnail(viewer: Viewer, id: string, small: boolean): Promise<Buffer> {
    const job = await this.get(viewer, id);
    const s = small ? job.thumbnailSmallSha256 : job.thumbnailSha256;
    if (!s) throw new NotFoundException({ code: 'no_thumbnail', message: 'Pas de vignette. No thumbnail.' });
    return this.files.get(s);
  }
}
