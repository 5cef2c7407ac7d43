import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { assertAllInSite, siteOf, Viewer } from './viewer';

const viewer = (role: Viewer['role'], siteId: string | null): Viewer => ({ id: 'p1', role, siteId, displayName: 'Martine K.', locale: 'fr' });

describe('assertAllInSite: ids named in a body', () => {
  const rows = [
    { id: 'm1', siteId: 'A' },
    { id: 'm2', siteId: 'B' },
  ];

  it('accepts ids that are all rows of the site acted on, repeated or not', () => {
    expect(() => assertAllInSite('A', ['m1', 'm1'], rows)).not.toThrow();
    expect(() => assertAllInSite('A', [], rows)).not.toThrow();
  });

  it("answers another site's id exactly like an unknown one: 404 naming it", () => {
    const answer = (ids: string[]) => {
      try {
        assertAllInSite('A', ids, rows, 'Machine');
      } catch (err) {
        return err as NotFoundException;
      }
      throw new Error('accepted');
    };
    const foreign = answer(['m1', 'm2']);
    const unknown = answer(['m1', 'm9']);
    expect(foreign).toBeInstanceOf(NotFoundException);
    expect(unknown.getStatus()).toBe(foreign.getStatus());
    expect(foreign.getResponse()).toMatchObject({ code: 'not_found', message: expect.stringContaining('Machine introuvable dans ce lieu : m2') });
  });
});

describe('siteOf', () => {
  it("refuses a manager another site's id (403) and gives their own by default", () => {
    expect(siteOf(viewer('manager', 'A'))).toBe('A');
    expect(() => siteOf(viewer('manager', 'A'), 'B')).toThrow(ForbiddenException);
    expect(siteOf(viewer('admin', null), 'B')).toBe('B');
  });
});
