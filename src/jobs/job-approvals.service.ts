import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Equal, In, IsNull, Repository } from 'typeorm';
import { assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { MACHINE_TYPES } from '../machines/machine-types';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { FabJob, JobApprovalRule, JobStatus } from './entities/fab-job.entity';
import { JobNotices, ReviewDecision } from './job-notices';
import { JobQueueService } from './job-queue.service';
import { conflict, isStaff } from './job-words';

/** Who may approve a job: a trainer or a manager of its site (an admin too). */
export const isApprover = (v: Viewer) => ['trainer', 'manager', 'admin'].includes(v.role);

/**
 * Print and cut approval: per machine type a site may ask that a trainer or a manager approves a
 * job before it enters the queue. A held job (`awaiting_approval`) is out of the queue and never
 * dispatched; the reviewer approves (→ `queued`), refuses with a reason the maker reads
 * (→ `rejected`) or asks for changes (→ `changes_requested`, the maker sends a new file version or
 * answers, and it awaits approval again). Four eyes: nobody approves their own job.
 */
@Injectable()
export class JobApprovals {
  constructor(
    @InjectRepository(FabJob) private readonly jobs: Repository<FabJob>,
    @InjectRepository(JobApprovalRule) private readonly rules: Repository<JobApprovalRule>,
    private readonly queue: JobQueueService,
    private readonly machines: MachinesService,
    private readonly people: PeopleService,
    private readonly notices: JobNotices,
  ) {}

  /** The machine types of a site whose jobs need approval. */
  async rulesOf(viewer: Viewer, requested?: string | null): Promise<{ siteId: string; machineTypes: string[] }> {
    const siteId = requireSite(viewer, requested);
    const rows = await this.rules.find({ where: { siteId }, order: { machineType: 'ASC' } });
    return { siteId, machineTypes: rows.map((r) => r.machineType) };
  }

  /** A manager says which machine types need approval (the whole list; jobs already queued stay queued). */
  async setRules(viewer: Viewer, requested: string | undefined, machineTypes: string[]): Promise<{ siteId: string; machineTypes: string[] }> {
    const siteId = requireSite(viewer, requested);
    const wanted = [...new Set(machineTypes)].filter((t) => (MACHINE_TYPES as readonly string[]).includes(t));
    const current = await this.rules.findBy({ siteId });
    const gone = current.filter((r) => !wanted.includes(r.machineType));
    if (gone.length) await this.rules.delete(gone.map((r) => r.id));
    for (const type of wanted.filter((t) => !current.some((r) => r.machineType === t))) {
      await this.rules.insert({ siteId, machineType: type, setBy: viewer.id });
    }
    return this.rulesOf(viewer, siteId);
  }

  /** The jobs of the site held for approval or waiting for their maker's changes, with the owner's and the machine's names. */
  async pending(viewer: Viewer, requested?: string | null) {
    const siteId = siteOf(viewer, requested) ?? viewer.siteId;
    if (!siteId) return [];
    const rows = await this.queue.inReview(siteId);
    const [names, machines] = await Promise.all([
      this.people.displayNames(rows.flatMap((j) => [j.ownerId, j.reviewedBy])),
      this.machines.byIds([...new Set(rows.map((j) => j.machineId).filter((id): id is string => !!id))]),
    ]);
    return Promise.all(
      rows.map(async (j) => ({
        ...(await this.queue.view(j)),
        ownerName: names.get(j.ownerId) ?? '',
        reviewerName: j.reviewedBy ? (names.get(j.reviewedBy) ?? '') : null,
        machineName: machines.find((m) => m.id === j.machineId)?.name ?? '',
        own: j.ownerId === viewer.id,
      })),
    );
  }

  /** Approve: the job enters its machine's queue, last. */
  approve(viewer: Viewer, id: string, note?: string): Promise<FabJob> {
    return this.review(viewer, id, 'approved', note);
  }

  /** Refuse, with the reason the maker reads. */
  refuse(viewer: Viewer, id: string, reason: string): Promise<FabJob> {
    return this.review(viewer, id, 'refused', reason);
  }

  /** Ask for changes: the maker sends a new version of the file or answers. */
  requestChanges(viewer: Viewer, id: string, message: string): Promise<FabJob> {
    return this.review(viewer, id, 'changes', message);
  }

  private async review(viewer: Viewer, id: string, decision: ReviewDecision, note?: string): Promise<FabJob> {
    if (!isApprover(viewer))
      throw new ForbiddenException({ code: 'not_approver', message: 'Réservé aux formateur·rices et responsables. Trainers and managers only.' });
    // A trainer sees the jobs of their site it is asked to review (not only their own).
    const job = assertVisible(viewer, await this.jobs.findOneBy({ id }), 'Travail');
    if (job.ownerId === viewer.id) {
      throw new ForbiddenException({
        code: 'own_job',
        message: 'Vous ne pouvez pas approuver votre propre travail : un·e autre formateur·rice ou responsable le fait. You cannot review your own job.',
      });
    }
    // A job answered or in a new version is reviewed again; one waiting for its maker can still be refused.
    const from = decision === 'refused' ? ['awaiting_approval', 'changes_requested'] : ['awaiting_approval'];
    if (!from.includes(job.status)) {
      throw conflict('not_awaiting_approval', "Ce travail n'attend pas d'approbation. This job is not awaiting approval.");
    }
    // One review wins: the row is claimed on the review it was read with (two approvers at once).
    const now = new Date();
    const claimed = await this.jobs.update(
      { id: job.id, status: In(from as JobStatus[]), reviewedAt: job.reviewedAt ? Equal(job.reviewedAt) : IsNull() },
      { reviewedBy: viewer.id, reviewedAt: now },
    );
    if (!claimed.affected)
      throw conflict('not_awaiting_approval', "Ce travail vient d'être examiné par quelqu'un d'autre. This job was just reviewed by someone else.");
    const machine = job.machineId ? await this.machines.findById(job.machineId) : null;
    job.reviewedBy = viewer.id;
    job.reviewedAt = now;
    job.reviewNote = note?.trim() || null;
    if (decision === 'approved') {
      if (!machine) throw conflict('machine_unknown', 'La machine de ce travail a disparu. The machine is gone.');
      job.approvedBy = viewer.id;
      await this.queue.place(job, machine);
    } else {
      job.status = decision === 'refused' ? 'rejected' : 'changes_requested';
      if (decision === 'refused') {
        job.reason = `Refusé par ${viewer.displayName} : ${job.reviewNote}`;
        job.finishedAt = new Date();
      }
      await this.jobs.save(job);
      this.notices.push(job);
    }
    await this.notices.reviewed(job, machine, decision, viewer.displayName);
    return job;
  }

  /** The maker answers the changes asked (without a new file): the job awaits approval again. */
  async answer(viewer: Viewer, id: string, message: string): Promise<FabJob> {
    const job = await this.queue.get(viewer, id);
    if (job.ownerId !== viewer.id && !isStaff(viewer)) throw new ForbiddenException();
    if (job.ownerId !== viewer.id) throw new ForbiddenException({ code: 'not_owner', message: 'Seul·e le ou la maker répond. Only the maker answers.' });
    if (job.status !== 'changes_requested') {
      throw conflict('no_changes_asked', "Aucun changement n'est demandé pour ce travail. No change was asked for this job.");
    }
    job.makerAnswer = message.trim();
    job.status = 'awaiting_approval';
    await this.jobs.save(job);
    this.notices.push(job);
    const machine = job.machineId ? await this.machines.findById(job.machineId) : null;
    if (machine) await this.notices.toApprovers(job, machine, 'answered');
    return job;
  }
}
