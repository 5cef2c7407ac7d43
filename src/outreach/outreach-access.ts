import type { Role } from '../common/roles';

/** Who plans stops, sees sign-ups, lends equipment and logs on the spot: the site's mediators and managers (an admin too). */
export const OUTREACH_STAFF: Role[] = ['mediator', 'manager'];
