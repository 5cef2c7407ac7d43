import { usageSince } from './usage-hours';

const at = (h: number) => new Date(Date.UTC(2027, 0, 1) + h * 3_600_000);

describe('usageSince', () => {
  it('adds up sessions after the last time the task was done, cutting one that straddles it', () => {
    const sessions = [
      { startedAt: at(-2), endedAt: at(1) }, // 1 h after `since`
      { startedAt: at(3), endedAt: at(5) },
    ];
    expect(usageSince(sessions, at(0), at(10), 40)).toEqual({ hours: 3, dueAt: null });
  });

  it('says when the count reached the interval, and counts an open session up to now', () => {
    const sessions = [
      { startedAt: at(1), endedAt: at(3) },
      { startedAt: at(4), endedAt: null },
    ];
    expect(usageSince(sessions, at(0), at(6), 3)).toEqual({ hours: 4, dueAt: at(5) });
  });

  it('ignores sessions wholly before the date, and nothing used is zero hours', () => {
    expect(usageSince([{ startedAt: at(-5), endedAt: at(-1) }], at(0), at(2), 1)).toEqual({ hours: 0, dueAt: null });
    expect(usageSince([], at(0), at(2), 1)).toEqual({ hours: 0, dueAt: null });
  });
});
