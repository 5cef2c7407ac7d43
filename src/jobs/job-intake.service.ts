import { BadRequestException, ForbiddenException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as fs from 'node:fs/promises';
import { Repository } from 'typeorm';
import { assertVisible, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import type { UploadedDiskFile } from '../infra/files/disk-upload';
import { FileStore } from '../infra/files/file-store';
import { Queues } from '../infra/queue/queues';
import type { Machine } from '../machines/entities/machine.entity';
import { MACHINE_TYPES } from '../machines/machine-types';
import { MachinesService } from '../machines/machines.service';
import { FabJob, IN_REVIEW } from './entities/fab-job.entity';
import type { GcodeAnalysis } from './gcode/analyse';
import { isGcodeFile } from './gcode/analyse-file';
import { JobFitCheck } from './job-fit';
import { JobNotices } from './job-notices';
import { JobQueueService } from './job-queue.service';
import { conflict } from './job-words';

export const JOB_ANALYSIS_QUEUE = 'jobs';

export interface UploadInput {
  machineId?: string;
  machineType?: string;
  material?: string;
  quantity?: number;
  siteId?: string;
}

export type StoredAnalysis = Omit<GcodeAnalysis, 'thumbnail'> & { thumbnail: 'slicer' | 'rendered' | null };

/** A job coming in: the upload, its analysis by the worker, the fit checks, its place in a queue. */
@Injectable()
export class JobIntakeService {
  constructor(
    @InjectRepository(FabJob) private readonly jobs: Repository<FabJob>,
    private readonly machines: MachinesService,
    private readonly fit: JobFitCheck,
    private readonly queue: JobQueueService,
    private readonly queues: Queues,
    private readonly files: FileStore,
    private readonly config: AppConfig,
    private readonly notices: JobNotices,
  ) {
    queues.produces(JOB_ANALYSIS_QUEUE, 'analyse');
  }

  get maxBytes(): number {
    return Math.round(this.config.env.JOBS_MAX_FILE_MB * 1024 * 1024);
  }

  /** The file is already on disk (DiskUpload): checked whole, then kept in the file store. */
  async upload(viewer: Viewer, file: UploadedDiskFile | undefined, input: UploadInput): Promise<FabJob> {
    file = await this.checkFile(file);
    let machine: Machine | null = null;
    let siteId: string | null;
    if (input.machineId) {
      machine = await this.machines.findById(input.machineId);
      machine = assertVisible(viewer, machine, 'Machine');
      siteId = machine.siteId;
    } else if (input.machineType) {
      if (!(MACHINE_TYPES as readonly string[]).includes(input.machineType)) {
        throw new BadRequestException({ code: 'bad_type', message: 'Type de machine inconnu. Unknown machine type.' });
      }
      siteId = viewer.role === 'admin' ? (input.siteId ?? null) : viewer.siteId;
      if (!siteId) throw new BadRequestException({ code: 'site_required', message: 'Indiquez le lieu (siteId). siteId is required.' });
    } else {
      throw new BadRequestException({ code: 'target_required', message: 'Choisissez une machine ou un type de machine. Choose a machine or a machine type.' });
    }
    this.queues.assertUp(); // no queue, no analysis: say so now rather than keep a job that never moves
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
      await this.queues.add(JOB_ANALYSIS_QUEUE, 'analyse', { jobId: job.id }, { jobId: job.id });
    } catch (err) {
      await this.analysisFailed(job.id, "file d'attente injoignable, envoyez le fichier à nouveau");
      throw err;
    }
    this.notices.push(job);
    return job;
  }

  /** Refuses a missing, oversized or unreadable file (400 / 413 in the person's words). */
  private async checkFile(file: UploadedDiskFile | undefined): Promise<UploadedDiskFile> {
    if (!file || !file.size) {
      throw new BadRequestException({ code: 'file_missing', message: 'Ajoutez un fichier G-code (champ « file »). A G-code file is required.' });
    }
    if (file.size > this.maxBytes) {
      throw new PayloadTooLargeException({
        code: 'file_too_large',
        message: `Fichier trop gros (max ${this.config.env.JOBS_MAX_FILE_MB} Mo). File too large.`,
      });
    }
    if (!(await isGcodeFile(file.path))) {
      throw new BadRequestException({
        code: 'not_gcode',
        message: "Ce fichier n'est pas du G-code lisible (texte attendu : .gcode, .nc, .gc). This is not a readable G-code file.",
      });
    }
    return file;
  }

  /**
   * The maker sends a new version of a job the reviewer asked changes for (or that still awaits
   * approval): the file is checked and analysed again, on the same machine, then awaits approval again.
   */
  async newVersion(viewer: Viewer, id: string, file: UploadedDiskFile | undefined): Promise<FabJob> {
    const job = await this.queue.get(viewer, id);
    if (job.ownerId !== viewer.id)
      throw new ForbiddenException({ code: 'not_owner', message: 'Seul·e le ou la maker envoie une nouvelle version. Only the maker sends a new version.' });
    if (!IN_REVIEW.includes(job.status)) {
      throw conflict('not_in_review', "Ce travail n'attend pas d'approbation : envoyez un nouveau travail. This job is not being reviewed: send a new job.");
    }
    file = await this.checkFile(file);
    this.queues.assertUp();
    const stored = await this.files.adopt(file);
    Object.assign(job, {
      fileName: (file.originalname || job.fileName).slice(0, 200),
      fileSha256: stored.sha256,
      fileSize: stored.size,
      fileVersion: job.fileVersion + 1,
      status: 'analysing',
      analysis: null,
      estimatedSeconds: null,
      thumbnailSha256: null,
      thumbnailSmallSha256: null,
      makerAnswer: null,
    });
    await this.jobs.save(job);
    try {
      await this.queues.add(JOB_ANALYSIS_QUEUE, 'analyse', { jobId: job.id }, { jobId: `${job.id}-v${job.fileVersion}` });
    } catch (err) {
      await this.analysisFailed(job.id, "file d'attente injoignable, envoyez le fichier à nouveau");
      throw err;
    }
    this.notices.push(job);
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
      ? await this.machines.byIds([job.machineId])
      : await this.machines.ofSiteAndType(job.siteId, job.machineType as Machine['type']);
    const reasons: string[] = [];
    const fitting: Machine[] = [];
    for (const m of candidates) {
      const why = await this.fit.refusal(job, m, analysis);
      if (why) reasons.push(candidates.length > 1 ? `${m.name} : ${why}` : why);
      else fitting.push(m);
    }
    if (fitting.length === 0) {
      job.status = 'rejected';
      job.reason = reasons.join(' ; ') || 'Aucune machine de ce type dans ce lieu. No machine of this type here.';
      await this.jobs.save(job);
      this.notices.push(job);
      return job;
    }
    // A job addressed to a type goes to the compatible machine that frees up first.
    let best = fitting[0];
    let bestWait = Infinity;
    for (const m of fitting) {
      const wait = await this.queue.queueSeconds(m.id);
      if (wait < bestWait) [best, bestWait] = [m, wait];
    }
    return this.queue.place(job, best);
  }

  async analysisFailed(jobId: string, why: string): Promise<void> {
    const job = await this.jobs.findOneBy({ id: jobId });
    if (!job || job.status !== 'analysing') return;
    job.status = 'rejected';
    job.reason = `Analyse impossible : ${why}. Analysis failed.`;
    await this.jobs.save(job);
    this.notices.push(job);
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
