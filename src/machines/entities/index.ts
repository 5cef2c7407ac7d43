import { Machine } from './machine.entity';
import { MachineSample } from './machine-sample.entity';

/** The machines feature's tables; the app module gives every feature's list to the database module. */
export const MACHINES_ENTITIES = [Machine, MachineSample];
