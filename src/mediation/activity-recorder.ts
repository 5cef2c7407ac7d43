import { Injectable } from '@nestjs/common';
import type { RecordActivityDto } from './dto/mediation.dto';
import type { MediationAccompaniment, MediationActivity } from './entities';
import { FollowUpService } from './follow-up.service';
import { MediationService, type Recorder } from './mediation.service';

export interface Recorded {
  activity: MediationActivity;
  created: boolean;
  participants: MediationAccompaniment[];
}

/**
 * What every writer of the log calls — the API, and other features logging on the spot (outreach
 * stops): `MediationService.record` (idempotent by the client's id), then the follow-up of the
 * followed participants (a plan's milestone mailed to a prescriber), only when something was written.
 */
@Injectable()
export class ActivityRecorder {
  constructor(
    private readonly mediation: MediationService,
    private readonly followUp: FollowUpService,
  ) {}

  async record(by: Recorder, dto: RecordActivityDto): Promise<Recorded> {
    const { activity, created } = await this.mediation.record(by, dto);
    const participants = await this.mediation.participantsOfActivity(activity.id);
    if (created)
      await this.followUp.afterRecorded(
        by.siteId,
        participants.flatMap((p) => (p.personId ? [p.personId] : [])),
      );
    return { activity, created, participants };
  }
}
