import { ConflictException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Viewer } from '../common/viewer';
import type { FabJob } from './entities/fab-job.entity';

const STAFF = ['manager', 'admin'];

export const isStaff = (v: Viewer) => STAFF.includes(v.role);

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function conflict(code: string, message: string) {
  return new ConflictException({ code, message });
}

export function bridgeLostWords(job: FabJob) {
  return `Passerelle injoignable : « ${job.fileName} » est peut-être encore en cours sur la machine ; attendez qu'elle revienne dire où il en est. The bridge is unreachable, the machine may still be busy.`;
}

/** A job the machine may still be working on cannot be run again elsewhere in the queue. */
export function stillOnMachine(job: FabJob) {
  if (job.status === 'bridge_lost') return conflict('bridge_lost', bridgeLostWords(job));
  return conflict('still_running', "Ce travail est encore sur la machine : annulez-le d'abord. This job is still on the machine.");
}
