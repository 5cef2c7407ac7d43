import { StationQueueEntry } from './station-queue-entry.entity';

export { StationQueueEntry };
export const STATIONS_ENTITIES = [StationQueueEntry];
