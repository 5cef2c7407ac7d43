import { Bridge } from './bridge.entity';
import { MqttMonitor } from './mqtt-monitor.entity';

/** The bridges feature's tables; the app module gives every feature's list to the database module. */
export const BRIDGES_ENTITIES = [Bridge, MqttMonitor];
