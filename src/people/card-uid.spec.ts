import { managesBadges, uidFor } from './card-uid';

describe('card UIDs', () => {
  const uid = '04A224B2C35E80';

  it('are whole for those who manage badges (manager, admin)', () => {
    expect(uidFor({ role: 'manager' }, uid)).toBe(uid);
    expect(uidFor({ role: 'admin' }, uid)).toBe(uid);
  });

  it('show only the last 4 digits to everyone else', () => {
    for (const role of ['trainer', 'volunteer', 'maker', 'entrepreneur'] as const) {
      expect(managesBadges({ role })).toBe(false);
      expect(uidFor({ role }, uid)).toBe('••••5E80');
    }
  });
});
