import { silentSince } from './bridge-silence';

describe('silentSince', () => {
  const at = new Date('2026-12-01T10:00:00.000Z');
  const now = at.getTime();

  it('says silent an online bridge not heard from for the threshold, since its last sign of life', () => {
    expect(silentSince({ online: true, lastSeenAt: at, heartbeatAt: at }, 120_000, now + 120_000)).toEqual(at);
  });

  it('keeps quiet inside the threshold, for an offline bridge, and for one that never sent a heartbeat', () => {
    expect(silentSince({ online: true, lastSeenAt: at, heartbeatAt: at }, 120_000, now + 119_999)).toBeNull();
    expect(silentSince({ online: false, lastSeenAt: at, heartbeatAt: at }, 120_000, now + 600_000)).toBeNull();
    expect(silentSince({ online: true, lastSeenAt: at, heartbeatAt: null }, 120_000, now + 600_000)).toBeNull();
  });
});
