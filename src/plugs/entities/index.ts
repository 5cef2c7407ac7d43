import { MachinePlug } from './machine-plug.entity';

/** The plugs feature's tables; the app module gives every feature's list to the database module. */
export const PLUGS_ENTITIES = [MachinePlug];
