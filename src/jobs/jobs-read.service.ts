import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { FabJob, JobStatus } from './entities/fab-job.entity';

/** What other features read of the job queue (the wall screen's running jobs). */
@Injectable()
export class JobsReadService {
  constructor(@InjectRepository(FabJob) private readonly jobs: Repository<FabJob>) {}

  /** A site's jobs in these statuses, newest first, in one query. */
  ofSiteIn(siteId: string, statuses: readonly JobStatus[]): Promise<FabJob[]> {
    return this.jobs.find({ where: { siteId, status: In([...statuses]) }, order: { createdAt: 'DESC' } });
  }
}
