import { FabJob, JobApprovalRule } from './fab-job.entity';

/** The jobs feature's tables; the app module gives every feature's list to the database module. */
export const JOBS_ENTITIES = [FabJob, JobApprovalRule];
