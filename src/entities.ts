/** Every TypeORM entity of the app, in one list shared by Nest and the migration CLI. */
import { AccessDecision } from './access/entities/access-decision.entity';
import { ProcessedEvent } from './access/entities/processed-event.entity';
import { UsageSession } from './access/entities/usage-session.entity';
import { AuthToken } from './auth/entities/auth-token.entity';
import { PasswordReset } from './auth/entities/password-reset.entity';
import { Bridge } from './bridges/entities/bridge.entity';
import { MqttMonitor } from './bridges/entities/mqtt-monitor.entity';
import { ManagerAction } from './dashboard/entities/manager-action.entity';
import { BOOKING_ENTITIES } from './bookings/entities';
import { INVENTORY_ENTITIES } from './inventory/entities';
import { FabJob } from './jobs/entities/fab-job.entity';
import { Machine } from './machines/entities/machine.entity';
import { MachineSample } from './machines/entities/machine-sample.entity';
import { Badge } from './people/entities/badge.entity';
import { Person } from './people/entities/person.entity';
import { SKILLS_ENTITY_LIST } from './skills/entities';
import { SiteKey } from './sites/entities/site-key.entity';
import { REPAIRS_ENTITIES } from './repairs/entities';
import { MachinePlug } from './plugs/entities/machine-plug.entity';
import { QueuedJob } from './infra/queue/queued-job.entity';
import { Site } from './sites/entities/site.entity';
import { Qualification } from './trainings/entities/qualification.entity';
import { Training } from './trainings/entities/training.entity';
import { TRAINING_EXTRA_ENTITIES } from './trainings/entities';

export const ENTITIES = [
  MachinePlug,
  Site,
  SiteKey,
  Person,
  Badge,
  AuthToken,
  PasswordReset,
  Machine,
  Training,
  Qualification,
  UsageSession,
  AccessDecision,
  ProcessedEvent,
  Bridge,
  MqttMonitor,
  ...INVENTORY_ENTITIES,
  ...REPAIRS_ENTITIES,
  ...BOOKING_ENTITIES,
  ...SKILLS_ENTITY_LIST,
  ...TRAINING_EXTRA_ENTITIES,
  FabJob,
  ManagerAction,
  MachineSample,
  QueuedJob,
];
