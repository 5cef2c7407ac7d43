import { AppConfig } from '../config/app-config';
import { SitesService } from './sites.service';

/** A sites table in memory, enough for the zones. */
function sitesWith(rows: Array<{ id: string; timezone: string; createdAt: Date }>, env: Record<string, string> = {}) {
  const repo = {
    find: async ({ order }: { order?: { createdAt: 'ASC' } }) => (order ? [...rows].sort((a, b) => +a.createdAt - +b.createdAt) : rows),
    findOneBy: async ({ id }: { id: string }) => rows.find((r) => r.id === id) ?? null,
  };
  return new SitesService(repo as never, AppConfig.fromEnv(env));
}

describe('the zone when no site is in question (SitesService.defaultZone)', () => {
  const reunion = { id: 'r', timezone: 'Indian/Reunion', createdAt: new Date('2026-01-01') };
  const cayenne = { id: 'c', timezone: 'America/Cayenne', createdAt: new Date('2026-06-01') };

  it('is the first site’s, and Europe/Paris only while there is no site', async () => {
    expect(await sitesWith([cayenne, reunion]).defaultZone()).toBe('Indian/Reunion');
    expect(await sitesWith([]).defaultZone()).toBe('Europe/Paris');
    expect(await sitesWith([cayenne, reunion]).zoneOf(null)).toBe('Indian/Reunion');
  });

  it('is APP_TIME_ZONE when set; a named site keeps its own', async () => {
    const sites = sitesWith([reunion, cayenne], { APP_TIME_ZONE: 'America/Martinique' });
    expect(await sites.defaultZone()).toBe('America/Martinique');
    expect(await sites.zoneOf('c')).toBe('America/Cayenne');
    expect(await sites.zoneOf('unknown')).toBe('America/Martinique');
  });

  it('refuses an APP_TIME_ZONE that is no IANA zone, with its reason', () => {
    expect(() => AppConfig.fromEnv({ APP_TIME_ZONE: 'Mars/Olympus' })).toThrow(/APP_TIME_ZONE[\s\S]*fuseau horaire IANA attendu/);
  });
});
