import { Injectable, OnModuleInit } from '@nestjs/common';
import { BridgeEventLedger } from '../access/bridge-event-ledger';
import { DomainEventBus } from '../common/domain-events';
import type { Viewer } from '../common/viewer';
import type { UploadedDiskFile } from '../infra/files/disk-upload';
import type { FabJob } from './entities/fab-job.entity';
import { JobApprovals } from './job-approvals.service';
import { JobDispatchService } from './job-dispatch.service';
import { JobIntakeService, StoredAnalysis, UploadInput } from './job-intake.service';
import { JOB_BRIDGE_EVENTS, JobMachineEventsService } from './job-machine-events.service';
import { JobQueueService, OWNER_CANCELLABLE } from './job-queue.service';

export { JOB_ANALYSIS_QUEUE } from './job-intake.service';
export type { StoredAnalysis, UploadInput } from './job-intake.service';
export { REPLAY_GRACE_MS } from './job-machine-events.service';

/**
 * The fabrication job queue, as the API, the pages and the analysis worker see it. The work is
 * done by JobIntakeService (upload, analysis, fit checks), JobQueueService (order, hold, cancel,
 * requeue), JobDispatchService (to the machine) and JobMachineEventsService (what the machines
 * say); this is also where jobs follows the other features' events.
 */
@Injectable()
export class JobsService implements OnModuleInit {
  constructor(
    private readonly intake: JobIntakeService,
    private readonly queue: JobQueueService,
    private readonly dispatcher: JobDispatchService,
    private readonly machineEvents: JobMachineEventsService,
    private readonly bridgeEvents: BridgeEventLedger,
    private readonly events: DomainEventBus,
    /** Print and cut approval: rules, reviews, the maker's answers. */
    readonly approvals: JobApprovals,
  ) {}

  onModuleInit(): void {
    // Applied in the transaction that marks the event processed: a failure leaves it to its replay.
    this.bridgeEvents.handleBridgeEvents(JOB_BRIDGE_EVENTS, (em, machine, event) => this.machineEvents.onMachineEvent(em, machine, event));
    this.events.on('session.opened', ({ machine, session }) => this.dispatcher.onSessionOpened(machine, session));
    this.events.on('bridge.status', async ({ bridgeId, online }) => {
      if (online) this.machineEvents.onBridgeBack(bridgeId);
      else await this.machineEvents.onBridgeLost(bridgeId);
    });
  }

  upload(viewer: Viewer, file: UploadedDiskFile | undefined, input: UploadInput): Promise<FabJob> {
    return this.intake.upload(viewer, file, input);
  }

  /** The maker's new version of a job under review. */
  newVersion(viewer: Viewer, id: string, file: UploadedDiskFile | undefined): Promise<FabJob> {
    return this.intake.newVersion(viewer, id, file);
  }

  analysed(jobId: string, analysis: StoredAnalysis, thumbs: { large: string; small: string } | null): Promise<FabJob | null> {
    return this.intake.analysed(jobId, analysis, thumbs);
  }

  analysisFailed(jobId: string, why: string): Promise<void> {
    return this.intake.analysisFailed(jobId, why);
  }

  fileOfJob(jobId: string): Promise<{ path: string; size: number } | null> {
    return this.intake.fileOfJob(jobId);
  }

  view(job: FabJob) {
    return this.queue.view(job);
  }

  mine(viewer: Viewer) {
    return this.queue.mine(viewer);
  }

  get(viewer: Viewer, id: string): Promise<FabJob> {
    return this.queue.get(viewer, id);
  }

  siteQueue(viewer: Viewer, requested?: string | null) {
    return this.queue.siteQueue(viewer, requested);
  }

  move(viewer: Viewer, id: string, to: number): Promise<FabJob[]> {
    return this.queue.move(viewer, id, to);
  }

  hold(viewer: Viewer, id: string) {
    return this.queue.hold(viewer, id);
  }

  release(viewer: Viewer, id: string) {
    return this.queue.release(viewer, id);
  }

  cancel(viewer: Viewer, id: string): Promise<FabJob> {
    return this.queue.cancel(viewer, id);
  }

  /** What a job's owner may withdraw themself: their own job, not yet sent to a machine. */
  static readonly OWNER_CANCELLABLE = OWNER_CANCELLABLE;

  cancelMine(viewer: Viewer, id: string): Promise<FabJob> {
    return this.queue.cancelMine(viewer, id);
  }

  requeue(viewer: Viewer, id: string, from?: { fromLine?: number; warningsRead?: boolean }): Promise<FabJob> {
    return this.queue.requeue(viewer, id, from);
  }

  fileFor(id: string, token: string | undefined): Promise<{ path: string; job: FabJob }> {
    return this.queue.fileFor(id, token);
  }

  thumbnail(viewer: Viewer, id: string, small: boolean): Promise<Buffer> {
    return this.queue.thumbnail(viewer, id, small);
  }

  start(viewer: Viewer, id: string): Promise<FabJob> {
    return this.dispatcher.start(viewer, id);
  }

  pauseOrResume(viewer: Viewer, id: string, what: 'pause_job' | 'resume_job'): Promise<FabJob> {
    return this.dispatcher.pauseOrResume(viewer, id, what);
  }

  interruptStalled(now = new Date()): Promise<number> {
    return this.machineEvents.interruptStalled(now);
  }
}
