import { OutreachSignup } from './outreach-signup.entity';
import { OutreachStopActivity } from './outreach-stop-activity.entity';
import { OutreachStop } from './outreach-stop.entity';

export { OutreachSignup, OutreachStop, OutreachStopActivity };

/** The outreach feature's tables. */
export const OUTREACH_ENTITIES = [OutreachStop, OutreachSignup, OutreachStopActivity];
