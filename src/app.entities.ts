import { ACCESS_ENTITIES } from './access/entities';
import { AUTH_ENTITIES } from './auth/entities';
import { BOOKING_ENTITIES } from './bookings/entities';
import { BRIDGES_ENTITIES } from './bridges/entities';
import { DASHBOARD_ENTITIES } from './dashboard/entities';
import { QUEUE_ENTITIES } from './infra/queue/queued-job.entity';
import { INVOICES_ENTITIES } from './invoices/entities';
import { INVENTORY_ENTITIES } from './inventory/entities';
import { JOBS_ENTITIES } from './jobs/entities';
import { MEMBERSHIP_ENTITIES } from './memberships/entities';
import { MACHINES_ENTITIES } from './machines/entities';
import { MAINTENANCE_ENTITIES } from './maintenance/entities';
import { PAYMENTS_ENTITIES } from './payments/entities';
import { MEDIATION_ENTITIES } from './mediation/entities';
import { OUTREACH_ENTITIES } from './outreach/entities';
import { PEOPLE_ENTITIES } from './people/entities';
import { PLACES_ENTITIES } from './places/entities';
import { PLUGS_ENTITIES } from './plugs/entities';
import { REPAIRS_ENTITIES } from './repairs/entities';
import { SITES_ENTITIES } from './sites/entities';
import { STATIONS_ENTITIES } from './stations/entities';
import { SKILLS_ENTITY_LIST } from './skills/entities';
import { TRAININGS_ENTITIES } from './trainings/entities';

/**
 * Every feature's tables, assembled here at the top (beside app.module.ts) so the database module in
 * src/infra knows no feature: the app module and the migration CLI (data-source.ts) hand it this list.
 */
export const APP_ENTITIES = [
  ...SITES_ENTITIES,
  ...PEOPLE_ENTITIES,
  ...AUTH_ENTITIES,
  ...MACHINES_ENTITIES,
  ...TRAININGS_ENTITIES,
  ...ACCESS_ENTITIES,
  ...BRIDGES_ENTITIES,
  ...PLUGS_ENTITIES,
  ...INVENTORY_ENTITIES,
  ...REPAIRS_ENTITIES,
  ...BOOKING_ENTITIES,
  ...SKILLS_ENTITY_LIST,
  ...MEDIATION_ENTITIES,
  ...OUTREACH_ENTITIES,
  ...JOBS_ENTITIES,
  ...DASHBOARD_ENTITIES,
  ...MEMBERSHIP_ENTITIES,
  ...QUEUE_ENTITIES,
  ...MAINTENANCE_ENTITIES,
  ...INVOICES_ENTITIES,
  ...PAYMENTS_ENTITIES,
  ...STATIONS_ENTITIES,
  ...PLACES_ENTITIES,
];
