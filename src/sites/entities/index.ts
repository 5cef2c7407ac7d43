import { Site } from './site.entity';
import { SiteKey } from './site-key.entity';

/** The sites feature's tables; the app module gives every feature's list to the database module. */
export const SITES_ENTITIES = [Site, SiteKey];
