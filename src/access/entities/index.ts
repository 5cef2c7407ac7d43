import { UsageSession } from './usage-session.entity';
import { AccessDecision } from './access-decision.entity';
import { ProcessedEvent } from './processed-event.entity';

/** The access feature's tables; the app module gives every feature's list to the database module. */
export const ACCESS_ENTITIES = [UsageSession, AccessDecision, ProcessedEvent];
