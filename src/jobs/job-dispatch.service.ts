import { ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { In, Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import type { UsageSession } from '../access/entities/usage-session.entity';
import { BridgeStatus } from '../bridges/bridge-status';
import type { Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import type { Machine } from '../machines/entities/machine.entity';
import { MachineCommands } from '../machines/machine-commands';
import { MachinesService } from '../machines/machines.service';
import { FabJob, ON_MACHINE } from './entities/fab-job.entity';
import { JobNotices } from './job-notices';
import { JobQueueService } from './job-queue.service';
import { bridgeLostWords, conflict, isStaff, sha } from './job-words';

const TOKEN_MINUTES = 10;

/** Sending a job to its machine (confirmed by a manager or by its owner badging in), and pause / resume there. */
@Injectable()
export class JobDispatchService {
  private readonly log = new Logger('Jobs');

  constructor(
    @InjectRepository(FabJob) private readonly jobs: Repository<FabJob>,
    private readonly machines: MachinesService,
    private readonly bridges: BridgeStatus,
    private readonly commands: MachineCommands,
    private readonly sessions: AccessReadService,
    private readonly queue: JobQueueService,
    private readonly notices: JobNotices,
    private readonly config: AppConfig,
  ) {}

  /**
   * The owner at the machine (an open badge-in session on it) or a manager confirms: the job is
   * sent to the bridge with a short-lived download token.
   */
  async start(viewer: Viewer, id: string): Promise<FabJob> {
    const job = await this.queue.get(viewer, id);
    if (job.status !== 'queued' || !job.machineId) throw conflict('not_queued', "Ce travail n'est pas prêt à démarrer. This job is not ready to start.");
    if (!isStaff(viewer)) {
      if (job.ownerId !== viewer.id) throw new ForbiddenException();
      const open = await this.sessions.openSessionOn(job.machineId);
      if (open?.personId !== viewer.id)
        throw conflict('not_at_machine', 'Badgez sur la machine pour confirmer que le plateau est libre. Badge in at the machine first.');
    }
    return this.dispatch(job, viewer.id);
  }

  private async dispatch(job: FabJob, by: string): Promise<FabJob> {
    const machine = await this.machineOf(job);
    const busy = await this.jobs.findOneBy({ machineId: machine.id, status: In(ON_MACHINE) });
    if (busy?.status === 'bridge_lost') throw conflict('machine_unknown', bridgeLostWords(busy));
    if (busy) throw conflict('machine_busy', 'La machine a déjà un travail en cours. The machine is busy.');
    if (!machine.bridgeId || !(await this.bridges.isOnline(machine.bridgeId))) {
      throw conflict(
        'bridge_offline',
        "La passerelle de la machine est hors ligne : on ne sait pas ce que fait la machine, rien ne lui est envoyé. The machine's bridge is offline.",
      );
    }
    // One row at most, on every grant of every machine: the whole waiting queue is not read for it.
    const first = await this.queue.firstQueued(machine.id);
    if (first && first.id !== job.id) throw conflict('not_first', 'Un autre travail passe avant celui-ci dans la file. Another job is ahead in the queue.');
    if (['offline', 'disabled', 'maintenance', 'to_check'].includes(machine.status)) {
      throw conflict('machine_unavailable', `La machine n'est pas disponible (${machine.status}). The machine is not available.`);
    }
    const token = randomBytes(24).toString('base64url');
    // Claim the job (only one dispatch wins).
    const commandId = randomUUID();
    const claimed = await this.jobs.update(
      { id: job.id, status: 'queued' },
      {
        status: 'dispatched',
        startCommandId: commandId,
        tokenHash: sha(token),
        tokenExpiresAt: new Date(Date.now() + TOKEN_MINUTES * 60_000),
        dispatchedAt: new Date(),
        dispatchedBy: by,
        lastEventAt: new Date(),
      },
    );
    if (!claimed.affected) throw conflict('not_queued', "Ce travail n'est plus en attente. No longer waiting.");
    const base = this.config.env.PUBLIC_URL;
    const rel = `api/jobs/${job.id}/file`;
    await this.commands.sendTo(machine, {
      commandId,
      type: 'start_job',
      jobId: job.id,
      url: base ? new URL(rel, base.endsWith('/') ? base : base + '/').toString() : rel,
      token,
      sha256: job.fileSha256,
      ...(job.startLine ? { fromLine: job.startLine } : {}),
    });
    const fresh = await this.jobs.findOneByOrFail({ id: job.id });
    this.notices.push(fresh);
    return fresh;
  }

  /** The owner badging in at a machine where their job is first: the job starts (badge-in = confirmation). */
  async onSessionOpened(machine: Machine, session: UsageSession) {
    // On every grant of every machine: one bare statement, then the queue's first job only if one waits.
    if (!(await this.queue.hasQueued(machine.id))) return;
    const first = await this.queue.firstQueued(machine.id);
    if (!first || first.ownerId !== session.personId) return;
    if ((await this.jobs.count({ where: { machineId: machine.id, status: In(ON_MACHINE) } })) > 0) return;
    await this.dispatch(first, session.personId).catch((e) => this.log.warn(`auto dispatch of ${first.id}: ${(e as Error).message}`));
  }

  /** Pause or resume the running job on its machine (`pause_job` / `resume_job` to the bridge). */
  async pauseOrResume(viewer: Viewer, id: string, what: 'pause_job' | 'resume_job'): Promise<FabJob> {
    const job = await this.queue.get(viewer, id);
    // The job becomes `paused` (or `running` again) when the bridge says job.paused / job.resumed.
    if (what === 'resume_job' && (job.status !== 'paused' || !job.machineId))
      throw conflict('not_paused', "Ce travail n'est pas en pause. This job is not paused.");
    if (what === 'pause_job' && (job.status !== 'running' || !job.machineId))
      throw conflict('not_running', "Ce travail n'est pas en cours. This job is not running.");
    await this.commands.sendTo(await this.machineOf(job), { type: what, jobId: job.id });
    return job;
  }

  private async machineOf(job: FabJob): Promise<Machine> {
    const machine = job.machineId ? await this.machines.findById(job.machineId) : null;
    if (!machine) throw new NotFoundException({ code: 'not_found', message: 'Machine introuvable. Machine not found.' });
    return machine;
  }
}
