import { MaintenancePlan } from './maintenance-plan.entity';
import { MaintenanceRecord } from './maintenance-record.entity';

export { MaintenancePlan, MaintenanceRecord };
export const MAINTENANCE_ENTITIES = [MaintenancePlan, MaintenanceRecord];
