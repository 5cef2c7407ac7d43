import type { Viewer } from '../common/viewer';

/** Who may read a card's full UID: those who enrol and revoke badges (a site's manager, an admin). */
export const managesBadges = (viewer: Pick<Viewer, 'role'>) => viewer.role === 'admin' || viewer.role === 'manager';

/**
 * A card UID as a viewer may see it. A UID is what a cloned card needs, so everyone else gets its
 * last 4 digits only (enough to tell one's two cards apart): `••••5E80`.
 */
export function uidFor(viewer: Pick<Viewer, 'role'>, uid: string): string {
  return managesBadges(viewer) ? uid : `••••${uid.slice(-4)}`;
}
