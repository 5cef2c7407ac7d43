import { ManagerAction } from './manager-action.entity';

/** The dashboard feature's tables; the app module gives every feature's list to the database module. */
export const DASHBOARD_ENTITIES = [ManagerAction];
