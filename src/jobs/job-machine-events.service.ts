import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { AfterCommit, BridgeEvent, DelegatedBridgeEventType } from '../access/bridge-event-ledger';
import { ChargesService } from '../bookings/charges.service';
import { localTime } from '../common/local-format';
import { AppConfig } from '../config/app-config';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { EvidenceService } from '../skills/evidence.service';
import { ACTIVE, EXPECTING_NEWS, FabJob, JobStatus, ON_MACHINE } from './entities/fab-job.entity';
import { JobNotices } from './job-notices';

/** A bridge back online first replays its journal; what it has not settled by then, its machine state settles. */
export const REPLAY_GRACE_MS = 10_000;

/** The bridge event types jobs own (access hands them over, each in the transaction that marks it processed). */
export const JOB_BRIDGE_EVENTS: readonly DelegatedBridgeEventType[] = [
  'job.started',
  'job.progress',
  'job.paused',
  'job.resumed',
  'job.completed',
  'job.failed',
  'cmd.ack',
];

/** What the machines say of their jobs: bridge job events, a bridge lost and back, jobs with no news. */
@Injectable()
export class JobMachineEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Jobs');
  private stallTimer?: NodeJS.Timeout;
  private readonly settling = new Set<NodeJS.Timeout>();

  constructor(
    @InjectRepository(FabJob) private readonly jobs: Repository<FabJob>,
    private readonly machines: MachinesService,
    private readonly live: MachineLiveService,
    private readonly charges: ChargesService,
    private readonly evidence: EvidenceService,
    private readonly notices: JobNotices,
    private readonly config: AppConfig,
    private readonly sites: SitesService,
  ) {}

  onModuleInit(): void {
    this.stallTimer = setInterval(() => void this.interruptStalled().catch(() => undefined), 60_000);
    this.stallTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.settling.forEach((t) => clearTimeout(t));
  }

  /** A job event, written in the caller's transaction; the returned step tells the owner and the screens once committed. */
  async onMachineEvent(em: EntityManager, machine: Machine, e: BridgeEvent): Promise<AfterCommit | void> {
    if (e.type === 'cmd.ack') return this.onAck(em, machine, e);
    const jobId = typeof e.jobId === 'string' ? e.jobId : null;
    if (!jobId || !/^[0-9a-f-]{36}$/i.test(jobId)) return;
    // Locked on PostgreSQL: a bridge back online sends its owed events at once (job.started and
    // job.completed together), and two transactions reading `dispatched` side by side would let
    // the later commit (running) overwrite the other (completed). SQLite writes one at a time.
    const postgres = em.connection.options.type === 'postgres';
    const job = await em.findOne(FabJob, {
      where: { id: jobId, machineId: machine.id },
      ...(postgres ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
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
        // A paused job stays paused (lines already in the printer's buffer still report progress).
        if (job.status !== 'running' && job.status !== 'paused') [job.status, job.startedAt, job.reason] = ['running', job.startedAt ?? now, null];
        job.progress = Math.max(job.progress, Math.min(1, Number(e.progress) || 0));
        break;
      case 'job.paused':
        // Our pause_job taking effect, or a pause at the machine (its screen, a filament runout, GRBL error:N).
        if (!['dispatched', 'running', 'bridge_lost'].includes(job.status)) return;
        job.status = 'paused';
        job.startedAt ??= now;
        job.reason = pausedWhy(e.reason);
        break;
      case 'job.resumed':
        if (job.status !== 'paused' && job.status !== 'bridge_lost') return;
        job.status = 'running';
        job.reason = null;
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
        // Where it stopped (bridges since job positions): the line a print may restart from.
        job.lastAckedLine = Number.isSafeInteger(e.lastAckedLine) && (e.lastAckedLine as number) >= 0 ? (e.lastAckedLine as number) : null;
        if (typeof e.progress === 'number' && e.progress >= 0 && e.progress <= 1) job.progress = e.progress;
        if (job.startedAt) job.actualSeconds = Math.round((now.getTime() - job.startedAt.getTime()) / 1000);
        break;
      default:
        return;
    }
    job.lastEventAt = now;
    await em.save(job);
    if (e.type === 'job.completed') await this.recordMaterial(em, job);
    return async () => {
      this.notices.push(job);
      if (e.type === 'job.completed')
        await this.evidence.applyRules(job.siteId, job.ownerId).catch((err) => this.log.warn(`skills of ${job.id}: ${(err as Error).message}`));
      if (['job.started', 'job.completed', 'job.failed'].includes(e.type as string)) await this.notices.notify(job, machine, e.type as string);
    };
  }

  /** A finished job feeds the charges: the material used, as a consumable named after the job's material, priced by the site's consumable price lines. */
  private async recordMaterial(em: EntityManager, job: FabJob) {
    if (!job.actualMaterialG || job.actualMaterialG < 1) return;
    await this.charges.recordConsumableIn(em, {
      siteId: job.siteId,
      personId: job.ownerId,
      machineId: job.machineId,
      consumable: (job.material ?? 'filament').slice(0, 80),
      quantity: Math.round(job.actualMaterialG),
      usedAt: job.finishedAt ?? new Date(),
      recordedById: job.dispatchedBy ?? job.ownerId,
    });
  }

  /** The bridge refused our `start_job` (busy, no controller, download failed…): the job failed, with its words. */
  private async onAck(em: EntityManager, machine: Machine, e: Record<string, unknown>): Promise<AfterCommit | void> {
    if (e.ok !== false || typeof e.commandId !== 'string') return;
    const job = await em.findOneBy(FabJob, { startCommandId: e.commandId, machineId: machine.id });
    if (!job || !ON_MACHINE.includes(job.status)) return;
    const r = await em.update(
      FabJob,
      { id: job.id, status: In(ON_MACHINE) },
      {
        status: 'failed',
        reason: `Refusé par la machine : ${String(e.error ?? 'inconnu').slice(0, 200)}. Refused by the machine.`,
        tokenHash: null,
        finishedAt: new Date(),
      },
    );
    if (!r.affected) return;
    const fresh = await em.findOneByOrFail(FabJob, { id: job.id });
    return async () => {
      this.notices.push(fresh);
      await this.notices.notify(fresh, machine, 'job.failed');
    };
  }

  /**
   * A bridge went offline (its Last Will): its machines' jobs in progress become `bridge_lost`, not
   * interrupted — the machine may well go on printing. The bridge, back, replays what happened
   * meanwhile from its journal (job.progress → running, job.completed, job.failed).
   */
  async onBridgeLost(bridgeId: string): Promise<number> {
    const machines = await this.machines.forBridge(bridgeId);
    if (machines.length === 0) return 0;
    const jobs = await this.jobs.findBy({ machineId: In(machines.map((m) => m.id)), status: In(ACTIVE) });
    // A bridge serves one site: the time is written on its clock.
    const zone = await this.sites.zoneOf(machines[0].siteId);
    const reason = `Passerelle injoignable depuis ${localTime(new Date(), zone, 'fr')} : le travail continue peut-être, on attend qu'elle revienne dire où il en est. The bridge is unreachable.`;
    for (const j of jobs) {
      const r = await this.jobs.update({ id: j.id, status: In(ACTIVE) }, { status: 'bridge_lost', reason });
      if (r.affected) this.notices.push(await this.jobs.findOneByOrFail({ id: j.id }));
    }
    return jobs.length;
  }

  onBridgeBack(bridgeId: string): void {
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
    const machines = await this.machines.forBridge(bridgeId);
    const jobs = machines.length ? await this.jobs.findBy({ machineId: In(machines.map((m) => m.id)), status: 'bridge_lost' }) : [];
    for (const job of jobs) {
      const state = this.live.get(job.machineId!);
      if (!state?.lastActivityAt || Date.parse(state.lastActivityAt) < since) continue; // the bridge has said nothing yet
      if (state.jobId === job.id && ['running', 'paused'].includes(state.bridgeState ?? '')) {
        const status = state.bridgeState === 'paused' ? 'paused' : 'running';
        const r = await this.jobs.update({ id: job.id, status: 'bridge_lost' }, { status, reason: null, lastEventAt: new Date() });
        if (r.affected) this.notices.push(await this.jobs.findOneByOrFail({ id: job.id }));
        continue;
      }
      await this.interrupt(job, "La passerelle est revenue sans ce travail (redémarrée ?) : il s'est arrêté. The bridge came back without this job.", [
        'bridge_lost',
      ]);
    }
  }

  /** Jobs with no news for JOBS_STALL_MINUTES are interrupted; not a paused one (it waits for a person). */
  async interruptStalled(now = new Date()): Promise<number> {
    const cutoff = now.getTime() - this.config.env.JOBS_STALL_MINUTES * 60_000;
    const jobs = (await this.jobs.findBy({ status: In(EXPECTING_NEWS) })).filter((j) => (j.lastEventAt ?? j.dispatchedAt ?? j.createdAt).getTime() < cutoff);
    for (const j of jobs) await this.interrupt(j, 'Aucune nouvelle de la machine. No news from the machine.', EXPECTING_NEWS);
    return jobs.length;
  }

  private async interrupt(job: FabJob, reason: string, from: JobStatus[]) {
    const r = await this.jobs.update({ id: job.id, status: In(from) }, { status: 'interrupted', reason, tokenHash: null, finishedAt: new Date() });
    if (!r.affected) return;
    const fresh = await this.jobs.findOneByOrFail({ id: job.id });
    this.notices.push(fresh);
    const machine = await this.machines.findById(job.machineId!);
    if (machine) await this.notices.notify(fresh, machine, 'job.interrupted');
  }
}

/** Why a job paused, in words: a pause at the machine says so; ours (pause_job) needs no reason. */
function pausedWhy(reason: unknown): string | null {
  if (typeof reason !== 'string' || !reason.trim()) return null;
  if (reason === 'paused at the printer') return 'Mis en pause à la machine (son écran, ou un capteur de filament). Paused at the machine.';
  return `Mis en pause par la machine : ${reason.slice(0, 400)}. Paused by the machine.`;
}
