import { FollowedPerson } from './followed-person.entity';
import { MediationAccompaniment } from './mediation-accompaniment.entity';
import { MediationActivity } from './mediation-activity.entity';
import { MediationActivityTopic } from './mediation-topic.entity';

export { FollowedPerson, MediationAccompaniment, MediationActivity, MediationActivityTopic };

/** The mediation feature's tables. */
export const MEDIATION_ENTITIES = [MediationActivity, MediationAccompaniment, MediationActivityTopic, FollowedPerson];
