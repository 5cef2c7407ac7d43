import {
  BadRequestException, ConflictException, ForbiddenException, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit,
  PayloadTooLargeException, UnauthorizedException,
} from '@nestjs/common';
import { DEFAULT_SITE_ZONE, localTime } from '../common/local-format';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { In, IsNull, Repository } from 'typeorm';
import { AccessService } from '../access/access.service';
import { MachineCommands } from '../access/commands';
import { UsageSession } from '../access/entities/usage-session.entity';
import { ConsumableUse } from '../bookings/entities/consumable-use.entity';
import { BridgesService } from '../bridges/bridges.service';
import { assertVisible, siteOf, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { FileStore } from '../infra/files/file-store';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { Machine, MACHINE_TYPES } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { Person } from '../people/entities/person.entity';
import { Site } from '../sites/entities/site.entity';
import { EvidenceService } from '../skills/evidence.service';
import { Qualification } from '../trainings/entities/qualification.entity';
import { Training } from '../trainings/entities/training.entity';
import { isQualificationValid, trainingCovers } from '../trainings/trainings.service';
import { ACTIVE, FabJob, JobStatus, ON_MACHINE, WAITING } from './entities/fab-job.entity';
import type { GcodeAnalysis } from './gcode/analyse';
import { isGcodeFile } from './gcode/analyse-file';
import type { UploadedDiskFile } from '../infra/files/disk-upload';

export const JOB_ANALYSIS_QUEUE = 'job-analysis';
const TOKEN_MINUTES = 10;
/** A bridge back online first replays its journal; what it has not settled by then, its machine state settles. */
export const REPLAY_GRACE_MS = 10_000;
const STAFF = ['manager', 'admin'];

export interface UploadInput {
  machineId?: string;
  machineType?: string;
  material?: string;
  quantity?: number;
  siteId?: string;
}

export type StoredAnalysis = Omit<GcodeAnalysis, 'thumbnail'> & { thumbnail: 'slicer' | 'rendered' | null };

const isStaff = (v: Viewer) => STAFF.includes(v.role);

/** The fabrication job queue: upload, analysis, fit checks, ordering, dispatch, bridge events. */
@Injectable()
export class JobsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Jobs');
  private stallTimer?: NodeJS.Timeout;
  private readonly settling = new Set<NodeJS.Timeout>();

  constructor(
    @InjectRepository(FabJob) private readonly jobs: Repository<FabJob>,
    @InjectRepository(Machine) private readonly machines: Repository<Machine>,
    @InjectRepository(Person) private readonly people: Repository<Person>,
    @InjectRepository(Site) private readonly sites: Repository<Site>,
    @InjectRepository(Training) private readonly trainings: Repository<Training>,
    @InjectRepository(Qualification) private readonly qualifications: Repository<Qualification>,
    @InjectRepository(UsageSession) private readonly sessions: Repository<UsageSession>,
    @InjectRepository(ConsumableUse) private readonly consumables: Repository<ConsumableUse>,
    private readonly queues: Queues,
    private readonly files: FileStore,
    private readonly config: AppConfig,
    private readonly commands: MachineCommands,
    private readonly access: AccessService,
    private readonly bridges: BridgesService,
    private readonly realtime: RealtimeService,
    private readonly mail: MailService,
    private readonly evidence: EvidenceService,
    private readonly live: MachineLiveService,
  ) {}

  onModuleInit(): void {
    this.access.sessionEvents.on('machine.event', (machine: Machine, payload: Record<string, unknown>) => {
      if (typeof payload.type === 'string' && (payload.type.startsWith('job.') || payload.type === 'cmd.ack')) {
        this.onMachineEvent(machine, payload).catch((e) => this.log.error(`job event: ${(e as Error).message}`));
      }
    });
    this.access.sessionEvents.on('opened', (machine: Machine, sessionId: string, session?: UsageSession) => {
      this.onSessionOpened(machine, sessionId, session).catch((e) => this.log.error(`auto dispatch: ${(e as Error).message}`));
    });
    this.bridges.statusEvents.on('status', (bridgeId: string, online: boolean) => {
      if (!online) this.onBridgeLost(bridgeId).catch((e) => this.log.error(`bridge lost: ${(e as Error).message}`));
      else this.onBridgeBack(bridgeId);
    });
    this.stallTimer = setInterval(() => void this.interruptStalled().catch(() => undefined), 60_000);
    this.stallTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.settling.forEach((t) => clearTimeout(t));
  }

  get maxBytes(): number {
    return Math.round(this.config.env.JOBS_MAX_FILE_MB * 1024 * 1024);
  }

  // ---------- submitting ----------

  /** The file is already on disk (DiskUpload): checked whole, then kept in the file store. */
  async upload(viewer: Viewer, file: UploadedDiskFile | undefined, input: UploadInput): Promise<FabJob> {
    if (!file || !file.size) {
      throw new BadRequestException({ code: 'file_missing', message: 'Ajoutez un fichier G-code (champ « file »). A G-code file is required.' });
    }
    if (file.size > this.maxBytes) {
      throw new PayloadTooLargeException({ code: 'file_too_large', message: `Fichier trop gros (max ${this.config.env.JOBS_MAX_FILE_MB} Mo). File too large.` });
    }
    if (!(await isGcodeFile(file.path))) {
      throw new BadRequestException({
        code: 'not_gcode',
        message: "Ce fichier n'est pas du G-code lisible (texte attendu : .gcode, .nc, .gc). This is not a readable G-code file.",
      });
    }
    let machine: Machine | null = null;
    let siteId: string | null;
    if (input.machineId) {
      machine = await this.machines.findOneBy({ id: input.machineId });
      machine = assertVisible(viewer, machine, 'Machine');
      siteId = machine.siteId;
    } else if (input.machineType) {
      if (!(MACHINE_TYPES as readonly string[]).includes(input.machineType)) {
        throw new BadRequestException({ code: 'bad_type', message: 'Type de machine inconnu. Unknown machine type.' });
      }
      siteId = viewer.role === 'admin' ? input.siteId ?? null : viewer.siteId;
      if (!siteId) throw new BadRequestException({ code: 'site_required', message: 'Indiquez le lieu (siteId). siteId is required.' });
    } else {
      throw new BadRequestException({ code: 'target_required', message: 'Choisissez une machine ou un type de machine. Choose a machine or a machine type.' });
    }
    this.queues.assertUp(); // no Redis, no analysis: say so now rather than keep a job that never moves
    const stored = await this.files.adopt(file);
    const job = await this.jobs.save(
      this.jobs.create({
        siteId,
        ownerId: viewer.id,
        machineId: machine?.id ?? null,
        machineType: machine ? null : input.machineType!,
        material: input.material?.trim() || null,
        quantity: input.quantity ?? 1,
        fileName: (file.originalname || 'job.gcode').slice(0, 200),
        fileSha256: stored.sha256,
        fileSize: stored.size,
        status: 'analysing',
      }),
    );
    try {
      await this.queues.add(JOB_ANALYSIS_QUEUE, 'analyse', { jobId: job.id }, { jobId: job.id, removeOnComplete: 100, removeOnFail: 100, attempts: 1 });
    } catch (err) {
      await this.analysisFailed(job.id, "file d'attente (Redis) injoignable, envoyez le fichier à nouveau");
      throw err;
    }
    this.push(job);
    return job;
  }

  /** Called by the analysis worker once the file is analysed: fit checks, then the queue. */
  async analysed(jobId: string, analysis: StoredAnalysis, thumbs: { large: string; small: string } | null): Promise<FabJob | null> {
    const job = await this.jobs.findOneBy({ id: jobId });
    if (!job || job.status !== 'analysing') return job;
    job.analysis = analysis as unknown as Record<string, unknown>;
    job.estimatedSeconds = analysis.estimatedSeconds * job.quantity;
    job.thumbnailSha256 = thumbs?.large ?? null;
    job.thumbnailSmallSha256 = thumbs?.small ?? null;
    const candidates = job.machineId
      ? await this.machines.findBy({ id: job.machineId })
      : await this.machines.findBy({ siteId: job.siteId, type: job.machineType as Machine['type'] });
    const reasons: string[] = [];
    const fitting: Machine[] = [];
    for (const m of candidates) {
      const why = await this.refusal(job, m, analysis);
      if (why) reasons.push(candidates.length > 1 ? `${m.name} : ${why}` : why);
      else fitting.push(m);
    }
    if (fitting.length === 0) {
      job.status = 'rejected';
      job.reason = reasons.join(' ; ') || 'Aucune machine de ce type dans ce lieu. No machine of this type here.';
      await this.jobs.save(job);
      this.push(job);
      return job;
    }
    // A job addressed to a type goes to the compatible machine that frees up first.
    let best = fitting[0];
    let bestWait = Infinity;
    for (const m of fitting) {
      const wait = await this.queueSeconds(m.id);
      if (wait < bestWait) [best, bestWait] = [m, wait];
    }
    job.machineId = best.id;
    job.status = 'queued';
    job.queuedAt = new Date();
    job.position = (await this.lastPosition(best.id)) + 1;
    job.reason = null;
    await this.jobs.save(job);
    this.push(job);
    return job;
  }

  async analysisFailed(jobId: string, why: string): Promise<void> {
    const job = await this.jobs.findOneBy({ id: jobId });
    if (!job || job.status !== 'analysing') return;
    job.status = 'rejected';
    job.reason = `Analyse impossible : ${why}. Analysis failed.`;
    await this.jobs.save(job);
    this.push(job);
  }

  /** Why a job cannot run on a machine, in plain French (English after), or null when it fits. */
  async refusal(job: FabJob, m: Machine, a: { bbox: GcodeAnalysis['bbox']; nozzleMm?: number | null }): Promise<string | null> {
    if (['disabled', 'maintenance'].includes(m.status)) return `la machine est hors service (${m.status}). The machine is out of service.`;
    const area = m.profile?.workArea;
    const b = a.bbox;
    if (area && b) {
      const w = b.maxX - b.minX;
      const d = b.maxY - b.minY;
      const h = b.maxZ - b.minZ;
      const tooBig = w > area.x + 1e-6 || d > area.y + 1e-6 || (area.z !== undefined && h > area.z + 1e-6);
      const outside = b.minX < -1e-6 || b.minY < -1e-6 || b.maxX > area.x + 1e-6 || b.maxY > area.y + 1e-6 || (area.z !== undefined && b.maxZ > area.z + 1e-6);
      if (tooBig || outside) {
        const f = (v: number) => Math.round(v * 10) / 10;
        return `trop grand pour la zone de travail : ${f(w)} × ${f(d)} × ${f(h)} mm pour ${area.x} × ${area.y}${area.z !== undefined ? ` × ${area.z}` : ''} mm. Too big for the work area.`;
      }
    }
    const materials = m.profile?.materials;
    if (job.material && materials && materials.length > 0 && !materials.map((x) => x.toLowerCase()).includes(job.material.toLowerCase())) {
      return `matériau « ${job.material} » non accepté (accepté : ${materials.join(', ')}). Material not accepted on this machine.`;
    }
    const nozzle = m.profile?.nozzleMm;
    const wanted = a.nozzleMm;
    if (nozzle && wanted && Math.abs(nozzle - wanted) > 1e-6) {
      return `buse de ${wanted} mm demandée, la machine a ${nozzle} mm. Wrong nozzle.`;
    }
    const owner = await this.people.findOneBy({ id: job.ownerId });
    if (owner && !['manager', 'admin'].includes(owner.role)) {
      const covering = (await this.trainings.findBy({ siteId: m.siteId })).filter((t) => trainingCovers(t, m));
      if (covering.length > 0) {
        const quals = await this.qualifications.findBy({ personId: owner.id, trainingId: In(covering.map((t) => t.id)) });
        if (!quals.some((q) => isQualificationValid(q, new Date()))) {
          return `formation requise : ${covering.map((t) => t.name).join(' ou ')}. Training required.`;
        }
      }
    }
    return null;
  }

  // ---------- the queue ----------

  private async lastPosition(machineId: string): Promise<number> {
    const row = await this.jobs.createQueryBuilder('j').select('MAX(j.position)', 'max').where('j.machineId = :machineId', { machineId }).getRawOne();
    return Number(row?.max ?? 0);
  }

  /** Ordered waiting jobs of a machine. */
  waiting(machineId: string): Promise<FabJob[]> {
    return this.jobs.find({ where: { machineId, status: In(WAITING) }, order: { position: 'ASC', createdAt: 'ASC' } });
  }

  /** Seconds until a new job could start on a machine: what runs (remaining) + what waits. */
  private async queueSeconds(machineId: string, before?: FabJob): Promise<number> {
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
  async view(job: FabJob): Promise<FabJob & { queuePosition: number | null; estimatedStartAt: string | null; thumbnailUrl: string | null }> {
    let queuePosition: number | null = null;
    let estimatedStartAt: string | null = null;
    if (job.machineId && WAITING.includes(job.status)) {
      const list = await this.waiting(job.machineId);
      queuePosition = list.findIndex((j) => j.id === job.id) + 1 || null;
      estimatedStartAt = new Date(Date.now() + (await this.queueSeconds(job.machineId, job)) * 1000).toISOString();
    }
    const { tokenHash: _t, tokenExpiresAt: _e, startCommandId: _c, ...rest } = job;
    return { ...(rest as FabJob), queuePosition, estimatedStartAt, thumbnailUrl: job.thumbnailSha256 ? `/api/jobs/${job.id}/thumbnail` : null };
  }

  async mine(viewer: Viewer) {
    const rows = await this.jobs.find({ where: { ownerId: viewer.id }, order: { createdAt: 'DESC' }, take: 100 });
    return Promise.all(rows.map((j) => this.view(j)));
  }

  async get(viewer: Viewer, id: string): Promise<FabJob> {
    const job = assertVisible(viewer, await this.jobs.findOneBy({ id }), 'Travail');
    if (job.ownerId !== viewer.id && !isStaff(viewer)) throw new NotFoundException({ code: 'not_found', message: 'Travail introuvable. Not found.' });
    return job;
  }

  /**
   * Per machine of the site: what runs and the ordered queue. The site rule is applied here, so
   * the API and the page share it: a manager only ever sees their own site (403 for another).
   */
  async siteQueue(viewer: Viewer, requested?: string | null) {
    const siteId = siteOf(viewer, requested) ?? viewer.siteId;
    if (!siteId) return [];
    const machines = await this.machines.find({ where: { siteId }, order: { name: 'ASC' } });
    const out = [];
    for (const m of machines) {
      const active = await this.jobs.find({ where: { machineId: m.id, status: In(ON_MACHINE) } });
      const waiting = await this.waiting(m.id);
      if (active.length === 0 && waiting.length === 0) continue;
      out.push({
        machine: { id: m.id, slug: m.slug, name: m.name, type: m.type, status: m.status },
        active: await Promise.all(active.map((j) => this.view(j))),
        waiting: await Promise.all(waiting.map((j) => this.view(j))),
      });
    }
    return out;
  }

  /** Moves a waiting job to a 1-based place in its machine's queue. */
  async move(viewer: Viewer, id: string, to: number): Promise<FabJob[]> {
    const job = await this.get(viewer, id);
    if (!WAITING.includes(job.status) || !job.machineId) throw this.conflict('not_waiting', "Ce travail n'attend pas dans une file. Not waiting in a queue.");
    const list = (await this.waiting(job.machineId)).filter((j) => j.id !== job.id);
    list.splice(Math.max(0, Math.min(list.length, to - 1)), 0, job);
    for (let i = 0; i < list.length; i++) {
      if (list[i].position !== i + 1) await this.jobs.update({ id: list[i].id }, { position: i + 1 });
      list[i].position = i + 1;
    }
    for (const j of list) this.push(j);
    return list;
  }

  async hold(viewer: Viewer, id: string) {
    return this.transition(viewer, id, ['queued'], 'held');
  }
  async release(viewer: Viewer, id: string) {
    return this.transition(viewer, id, ['held'], 'queued');
  }

  async cancel(viewer: Viewer, id: string): Promise<FabJob> {
    const job = await this.get(viewer, id);
    if (job.ownerId !== viewer.id && !isStaff(viewer)) throw new ForbiddenException();
    if (ON_MACHINE.includes(job.status) && job.machineId) {
      const m = await this.machines.findOneBy({ id: job.machineId });
      const site = m && (await this.sites.findOneBy({ id: m.siteId }));
      if (m && site) await this.commands.send(site.slug, m.slug, { type: 'cancel_job', jobId: job.id }).catch(() => undefined);
    } else if (!['analysing', 'queued', 'held', 'interrupted', 'rejected'].includes(job.status)) {
      throw this.conflict('finished', 'Ce travail est déjà terminé. This job is already over.');
    }
    job.status = 'cancelled';
    job.finishedAt = new Date();
    job.tokenHash = null;
    await this.jobs.save(job);
    this.push(job);
    return job;
  }

  /** An interrupted (or failed) job goes back to the head of its machine's queue. */
  async requeue(viewer: Viewer, id: string): Promise<FabJob> {
    const job = await this.get(viewer, id);
    if (ON_MACHINE.includes(job.status)) throw this.stillOnMachine(job);
    if (!['interrupted', 'failed'].includes(job.status) || !job.machineId) throw this.conflict('not_interrupted', "Seul un travail interrompu ou échoué peut être remis dans la file. Only an interrupted or failed job can be re-queued.");
    const first = (await this.waiting(job.machineId))[0];
    job.status = 'queued';
    job.position = first ? first.position - 1 : 1;
    job.progress = 0;
    job.reason = null;
    job.queuedAt = new Date();
    job.startedAt = job.dispatchedAt = job.finishedAt = null;
    await this.jobs.save(job);
    this.push(job);
    return job;
  }

  private async transition(viewer: Viewer, id: string, from: FabJob['status'][], to: FabJob['status']) {
    const job = await this.get(viewer, id);
    if (!from.includes(job.status)) throw this.conflict('bad_state', `Impossible depuis l'état « ${job.status} ». Not possible from this state.`);
    job.status = to;
    await this.jobs.save(job);
    this.push(job);
    return job;
  }

  // ---------- dispatch ----------

  /**
   * The owner at the machine (an open badge-in session on it) or a manager confirms: the job is
   * sent to the bridge with a short-lived download token.
   */
  async start(viewer: Viewer, id: string): Promise<FabJob> {
    const job = await this.get(viewer, id);
    if (job.status !== 'queued' || !job.machineId) throw this.conflict('not_queued', "Ce travail n'est pas prêt à démarrer. This job is not ready to start.");
    if (!isStaff(viewer)) {
      if (job.ownerId !== viewer.id) throw new ForbiddenException();
      const open = await this.sessions.findOneBy({ machineId: job.machineId, personId: viewer.id, endedAt: IsNull() });
      if (!open) throw this.conflict('not_at_machine', 'Badgez sur la machine pour confirmer que le plateau est libre. Badge in at the machine first.');
    }
    return this.dispatch(job, viewer.id);
  }

  private async dispatch(job: FabJob, by: string): Promise<FabJob> {
    const machine = await this.machines.findOneByOrFail({ id: job.machineId! });
    const busy = await this.jobs.findOneBy({ machineId: machine.id, status: In(ON_MACHINE) });
    if (busy?.status === 'bridge_lost') throw this.conflict('machine_unknown', this.bridgeLostWords(busy));
    if (busy) throw this.conflict('machine_busy', 'La machine a déjà un travail en cours. The machine is busy.');
    if (!machine.bridgeId || !(await this.bridges.isOnline(machine.bridgeId))) {
      throw this.conflict('bridge_offline', "La passerelle de la machine est hors ligne : on ne sait pas ce que fait la machine, rien ne lui est envoyé. The machine's bridge is offline.");
    }
    const first = (await this.waiting(machine.id)).find((j) => j.status === 'queued');
    if (first && first.id !== job.id) throw this.conflict('not_first', "Un autre travail passe avant celui-ci dans la file. Another job is ahead in the queue.");
    if (['offline', 'disabled', 'maintenance', 'to_check'].includes(machine.status)) {
      throw this.conflict('machine_unavailable', `La machine n'est pas disponible (${machine.status}). The machine is not available.`);
    }
    const site = await this.sites.findOneByOrFail({ id: machine.siteId });
    const token = randomBytes(24).toString('base64url');
    // Claim the job (only one dispatch wins).
    const commandId = randomUUID();
    const claimed = await this.jobs.update(
      { id: job.id, status: 'queued' },
      { status: 'dispatched', startCommandId: commandId, tokenHash: sha(token), tokenExpiresAt: new Date(Date.now() + TOKEN_MINUTES * 60_000), dispatchedAt: new Date(), dispatchedBy: by, lastEventAt: new Date() },
    );
    if (!claimed.affected) throw this.conflict('not_queued', "Ce travail n'est plus en attente. No longer waiting.");
    const base = this.config.env.PUBLIC_URL;
    const rel = `api/jobs/${job.id}/file`;
    await this.commands.send(site.slug, machine.slug, {
      commandId,
      type: 'start_job', jobId: job.id, url: base ? new URL(rel, base.endsWith('/') ? base : base + '/').toString() : rel, token, sha256: job.fileSha256,
    });
    const fresh = await this.jobs.findOneByOrFail({ id: job.id });
    this.push(fresh);
    return fresh;
  }

  /** The owner badging in at a machine where their job is first: the job starts (badge-in = confirmation). */
  private async onSessionOpened(machine: Machine, sessionId: string, opened?: UsageSession) {
    const session = opened ?? (await this.sessions.findOneBy({ id: sessionId }));
    if (!session) return;
    const first = (await this.waiting(machine.id)).find((j) => j.status === 'queued');
    if (!first || first.ownerId !== session.personId) return;
    if ((await this.jobs.count({ where: { machineId: machine.id, status: In(ON_MACHINE) } })) > 0) return;
    await this.dispatch(first, session.personId).catch((e) => this.log.warn(`auto dispatch of ${first.id}: ${(e as Error).message}`));
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

  // ---------- events from the bridge ----------

  async onMachineEvent(machine: Machine, e: Record<string, unknown>): Promise<void> {
    if (e.type === 'cmd.ack') return this.onAck(machine, e);
    const jobId = typeof e.jobId === 'string' ? e.jobId : null;
    if (!jobId || !/^[0-9a-f-]{36}$/i.test(jobId)) return;
    const job = await this.jobs.findOneBy({ id: jobId, machineId: machine.id });
    if (!job) return;
    const now = new Date();
    switch (e.type) {
      case 'job.started':
        if (job.status !== 'dispatched' && job.status !== 'bridge_lost') return;
        job.status = 'running';
        job.startedAt ??= now;
        job.reason = null;
        job.tokenHash = null; // downloaded: the link is spent
        break;
      case 'job.progress':
        // Also the progress a bridge back online replays from its journal: the job is running again.
        if (!ON_MACHINE.includes(job.status)) return;
        if (job.status !== 'running') [job.status, job.startedAt, job.reason] = ['running', job.startedAt ?? now, null];
        job.progress = Math.max(job.progress, Math.min(1, Number(e.progress) || 0));
        break;
      case 'job.completed': {
        if (![...ON_MACHINE, 'interrupted'].includes(job.status)) return;
        job.reason = null;
        job.status = 'completed';
        job.progress = 1;
        job.finishedAt = now;
        job.actualSeconds = Math.round((now.getTime() - (job.startedAt ?? job.dispatchedAt ?? now).getTime()) / 1000);
        const g = (job.analysis as { filamentG?: number } | null)?.filamentG;
        job.actualMaterialG = typeof g === 'number' ? Math.round(g * job.quantity * 100) / 100 : null;
        break;
      }
      case 'job.failed':
        if (![...ON_MACHINE, 'interrupted'].includes(job.status)) return;
        job.status = 'failed';
        job.finishedAt = now;
        job.reason = String(e.reason ?? 'inconnue').slice(0, 500);
        if (job.startedAt) job.actualSeconds = Math.round((now.getTime() - job.startedAt.getTime()) / 1000);
        break;
      default:
        return;
    }
    job.lastEventAt = now;
    await this.jobs.save(job);
    this.push(job);
    if (e.type === 'job.completed') await this.recordUsage(job).catch((err) => this.log.warn(`usage of ${job.id}: ${(err as Error).message}`));
    if (['job.started', 'job.completed', 'job.failed'].includes(e.type as string)) await this.notify(job, machine, e.type as string);
  }

  /**
   * A finished job feeds the charges (the material used, as a consumable named after the job's
   * material, priced by the site's consumable price lines) and re-runs the owner's skill rules.
   */
  private async recordUsage(job: FabJob) {
    if (job.actualMaterialG && job.actualMaterialG >= 1) {
      await this.consumables.save(
        this.consumables.create({
          siteId: job.siteId, personId: job.ownerId, machineId: job.machineId, consumable: (job.material ?? 'filament').slice(0, 80),
          quantity: Math.round(job.actualMaterialG), usedAt: job.finishedAt ?? new Date(), recordedById: job.dispatchedBy ?? job.ownerId,
        }),
      );
    }
    await this.evidence.applyRules(job.siteId, job.ownerId);
  }

  /** The bridge refused our `start_job` (busy, no controller, download failed…): the job failed, with its words. */
  private async onAck(machine: Machine, e: Record<string, unknown>) {
    if (e.ok !== false || typeof e.commandId !== 'string') return;
    const job = await this.jobs.findOneBy({ startCommandId: e.commandId, machineId: machine.id });
    if (!job || !ON_MACHINE.includes(job.status)) return;
    const r = await this.jobs.update(
      { id: job.id, status: In(ON_MACHINE) },
      { status: 'failed', reason: `Refusé par la machine : ${String(e.error ?? 'inconnu').slice(0, 200)}. Refused by the machine.`, tokenHash: null, finishedAt: new Date() },
    );
    if (!r.affected) return;
    const fresh = await this.jobs.findOneByOrFail({ id: job.id });
    this.push(fresh);
    await this.notify(fresh, machine, 'job.failed');
  }

  /** Pause or resume the running job on its machine (`pause_job` / `resume_job` to the bridge). */
  async pauseOrResume(viewer: Viewer, id: string, what: 'pause_job' | 'resume_job'): Promise<FabJob> {
    const job = await this.get(viewer, id);
    if (job.status !== 'running' || !job.machineId) throw this.conflict('not_running', "Ce travail n'est pas en cours. This job is not running.");
    const m = await this.machines.findOneByOrFail({ id: job.machineId });
    const site = await this.sites.findOneByOrFail({ id: m.siteId });
    await this.commands.send(site.slug, m.slug, { type: what, jobId: job.id });
    return job;
  }

  /**
   * A bridge went offline (its Last Will): its machines' jobs in progress become `bridge_lost`, not
   * interrupted — the machine may well go on printing. The bridge, back, replays what happened
   * meanwhile from its journal (job.progress → running, job.completed, job.failed).
   */
  async onBridgeLost(bridgeId: string): Promise<number> {
    const machines = await this.machines.findBy({ bridgeId });
    if (machines.length === 0) return 0;
    const jobs = await this.jobs.findBy({ machineId: In(machines.map((m) => m.id)), status: In(ACTIVE) });
    // A bridge serves one site: the time is written on its clock.
    const zone = (await this.sites.findOneBy({ id: machines[0].siteId }))?.timezone || DEFAULT_SITE_ZONE;
    const reason = `Passerelle injoignable depuis ${localTime(new Date(), zone, 'fr')} : le travail continue peut-être, on attend qu'elle revienne dire où il en est. The bridge is unreachable.`;
    for (const j of jobs) {
      const r = await this.jobs.update({ id: j.id, status: In(ACTIVE) }, { status: 'bridge_lost', reason });
      if (r.affected) this.push(await this.jobs.findOneByOrFail({ id: j.id }));
    }
    return jobs.length;
  }

  private onBridgeBack(bridgeId: string): void {
    const since = Date.now();
    const timer = setTimeout(() => {
      this.settling.delete(timer);
      this.settleBridgeLost(bridgeId, since).catch((e) => this.log.error(`bridge back: ${(e as Error).message}`));
    }, REPLAY_GRACE_MS);
    timer.unref();
    this.settling.add(timer);
  }

  /**
   * Jobs still `bridge_lost` once the bridge had time to replay its journal: the machine state it
   * published on reconnecting says whether the job is still on the machine (running again) or not
   * (a restarted bridge forgets the job it was streaming: interrupted, and it may be re-queued).
   */
  async settleBridgeLost(bridgeId: string, since: number): Promise<void> {
    const machines = await this.machines.findBy({ bridgeId });
    const jobs = machines.length ? await this.jobs.findBy({ machineId: In(machines.map((m) => m.id)), status: 'bridge_lost' }) : [];
    for (const job of jobs) {
      const state = this.live.get(job.machineId!);
      if (!state?.lastActivityAt || Date.parse(state.lastActivityAt) < since) continue; // the bridge has said nothing yet
      if (state.jobId === job.id && ['running', 'paused'].includes(state.bridgeState ?? '')) {
        const r = await this.jobs.update({ id: job.id, status: 'bridge_lost' }, { status: 'running', reason: null, lastEventAt: new Date() });
        if (r.affected) this.push(await this.jobs.findOneByOrFail({ id: job.id }));
        continue;
      }
      await this.interrupt(job, "La passerelle est revenue sans ce travail (redémarrée ?) : il s'est arrêté. The bridge came back without this job.", ['bridge_lost']);
    }
  }

  /** Jobs with no news for JOBS_STALL_MINUTES are interrupted. */
  async interruptStalled(now = new Date()): Promise<number> {
    const cutoff = now.getTime() - this.config.env.JOBS_STALL_MINUTES * 60_000;
    const jobs = (await this.jobs.findBy({ status: In(ACTIVE) })).filter((j) => (j.lastEventAt ?? j.dispatchedAt ?? j.createdAt).getTime() < cutoff);
    for (const j of jobs) await this.interrupt(j, 'Aucune nouvelle de la machine. No news from the machine.', ACTIVE);
    return jobs.length;
  }

  private async interrupt(job: FabJob, reason: string, from: JobStatus[]) {
    const r = await this.jobs.update({ id: job.id, status: In(from) }, { status: 'interrupted', reason, tokenHash: null, finishedAt: new Date() });
    if (!r.affected) return;
    const fresh = await this.jobs.findOneByOrFail({ id: job.id });
    this.push(fresh);
    const machine = await this.machines.findOneBy({ id: job.machineId! });
    if (machine) await this.notify(fresh, machine, 'job.interrupted');
  }

  private async notify(job: FabJob, machine: Machine, type: string) {
    const owner = await this.people.findOneBy({ id: job.ownerId });
    if (!owner?.email) return;
    const fr = ({ 'job.started': 'a démarré', 'job.completed': 'est terminé', 'job.failed': 'a échoué' } as Record<string, string>)[type] ?? 'a été interrompu';
    const base = this.config.env.PUBLIC_URL ?? '';
    await this.mail
      .send({
        to: owner.email,
        subject: `Votre travail « ${job.fileName} » ${fr} (${machine.name})`,
        text: `Bonjour ${owner.firstName},\n\nVotre travail « ${job.fileName} » sur ${machine.name} ${fr}.${job.reason ? `\nRaison : ${job.reason}` : ''}\n\nSuivi en direct : ${base}/jobs\n`,
      })
      .catch((e) => this.log.warn(`mail: ${(e as Error).message}`));
  }

  private push(job: FabJob) {
    this.realtime.toSite(job.siteId, 'job.update', {
      id: job.id, status: job.status, machineId: job.machineId, ownerId: job.ownerId, progress: job.progress, position: job.position, reason: job.reason,
    });
  }

  private bridgeLostWords(job: FabJob) {
    return `Passerelle injoignable : « ${job.fileName} » est peut-être encore en cours sur la machine ; attendez qu'elle revienne dire où il en est. The bridge is unreachable, the machine may still be busy.`;
  }

  /** A job the machine may still be working on cannot be run again elsewhere in the queue. */
  private stillOnMachine(job: FabJob) {
    if (job.status === 'bridge_lost') return this.conflict('bridge_lost', this.bridgeLostWords(job));
    return this.conflict('still_running', "Ce travail est encore sur la machine : annulez-le d'abord. This job is still on the machine.");
  }

  private conflict(code: string, message: string) {
    return new ConflictException({ code, message });
  }

  /** For the worker: where the stored file is. */
  async fileOfJob(jobId: string): Promise<{ path: string; size: number } | null> {
    const job = await this.jobs.findOneBy({ id: jobId });
    if (!job) return null;
    const p = this.files.pathOf(job.fileSha256);
    const st = await fs.stat(p);
    return { path: p, size: st.size };
  }
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
