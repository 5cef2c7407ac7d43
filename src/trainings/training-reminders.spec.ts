import { sitesDueForReminders, TrainingRemindersSchedule } from './training-reminders';

/** Paris (UTC+1 in winter) and Réunion (UTC+4 all year): their 09:00 are three hours apart. */
const paris = { id: 'site-paris', timezone: 'Europe/Paris' };
const reunion = { id: 'site-reunion', timezone: 'Indian/Reunion' };

describe('training reminders at 09:00 on each site’s clock', () => {
  it('picks a site once its own 09:00 has passed, not another zone’s', () => {
    // 05:10 UTC: 09:10 in Réunion, 06:10 in Paris.
    expect(sitesDueForReminders([paris, reunion], new Date('2027-01-12T05:10:00Z'))).toEqual([
      { siteId: 'site-reunion', jobId: 'reminders-site-reunion-2027-01-12' },
    ]);
    // 04:55 UTC: 08:55 in Réunion, nobody yet.
    expect(sitesDueForReminders([paris, reunion], new Date('2027-01-12T04:55:00Z'))).toEqual([]);
    // 08:05 UTC: 09:05 in Paris; Réunion again, under the same id of its day (added once).
    expect(sitesDueForReminders([paris, reunion], new Date('2027-01-12T08:05:00Z'))).toEqual([
      { siteId: 'site-paris', jobId: 'reminders-site-paris-2027-01-12' },
      { siteId: 'site-reunion', jobId: 'reminders-site-reunion-2027-01-12' },
    ]);
  });

  it('follows the clock change (Paris at 09:00 is 07:00 UTC in summer)', () => {
    expect(sitesDueForReminders([paris], new Date('2027-07-12T06:59:00Z'))).toEqual([]);
    expect(sitesDueForReminders([paris], new Date('2027-07-12T07:01:00Z'))).toHaveLength(1);
  });

  it('takes the site’s own day: past midnight in Réunion is a new day there, with a new id', () => {
    // 2027-01-12 20:30 UTC is 2027-01-13 00:30 in Réunion: before its 09:00, nothing.
    expect(sitesDueForReminders([reunion], new Date('2027-01-12T20:30:00Z'))).toEqual([]);
    expect(sitesDueForReminders([reunion], new Date('2027-01-13T05:30:00Z'))[0].jobId).toBe('reminders-site-reunion-2027-01-13');
  });

  it('schedules a sweep every quarter of an hour that adds each due site’s job with its idempotent id', async () => {
    const added: unknown[] = [];
    const queues = {
      schedule: jest.fn(),
      produces: jest.fn(),
      handle: jest.fn(),
      addBulk: jest.fn(async (_q: string, jobs: unknown[]) => void added.push(...jobs)),
    };
    const sites = { siteZones: async () => [paris, reunion] };
    const schedule = new TrainingRemindersSchedule(sites as never, queues as never);
    expect(queues.schedule).toHaveBeenCalledWith({ queue: 'trainings', job: 'send-reminders', repeat: { every: 15 * 60_000 } });

    await schedule.sweep(new Date('2027-01-12T05:10:00Z'));
    expect(added).toEqual([
      expect.objectContaining({
        job: 'site-reminders',
        data: { siteId: 'site-reunion' },
        opts: expect.objectContaining({ jobId: 'reminders-site-reunion-2027-01-12' }),
      }),
    ]);
  });
});
