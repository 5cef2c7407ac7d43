import { PlaceSettings } from './place-settings.entity';

export { PlaceSettings };

/** The places feature's tables. */
export const PLACES_ENTITIES = [PlaceSettings];
