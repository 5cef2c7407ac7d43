/** Events every badge reader driver emits. `uid` is upper-case hex. */
export interface BadgeReaderEvents {
  badge: (uid: string) => void;
  removed: (uid: string) => void;
}
