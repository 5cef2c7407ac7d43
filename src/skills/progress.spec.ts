import { PIX_BANDS, PIX_COMPETENCES, PIX_DOMAINS, pixBand } from './frameworks/pix';
import { bestLevels, estimateHours, progressToward, ruleMet, weeklyPlan } from './progress';

describe('Pix framework data', () => {
  it('has 5 domains and 16 competences, each in a domain', () => {
    expect(PIX_DOMAINS).toHaveLength(5);
    expect(PIX_COMPETENCES).toHaveLength(16);
    expect(PIX_COMPETENCES.map((c) => c.code)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
      '4.1',
      '4.2',
      '4.3',
      '5.1',
      '5.2',
    ]);
  });

  it('maps levels to the certification bands', () => {
    expect(PIX_BANDS.map((b) => b.band)).toEqual(['pre_beginner', 'beginner', 'independent', 'advanced', 'expert']);
    expect([0, 2, 3, 6, 8].map((l) => pixBand(l).band)).toEqual(['pre_beginner', 'beginner', 'independent', 'advanced', 'expert']);
  });
});

describe('progress toward a certification', () => {
  const reqs = [
    { skillId: 'a', level: 3 },
    { skillId: 'b', level: 2 },
    { skillId: 'c', level: 1 },
  ];

  it('keeps the best level shown per skill', () => {
    expect(
      bestLevels([
        { skillId: 'a', level: 2 },
        { skillId: 'a', level: 1 },
        { skillId: 'b', level: 1 },
      ]),
    ).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });

  it('counts each required level once, and a level above the need no more than the need', () => {
    expect(
      progressToward(
        reqs,
        new Map([
          ['a', 8],
          ['c', 1],
        ]),
      ),
    ).toEqual({ percent: 66, achieved: false, missing: [{ skillId: 'b', have: 0, need: 2 }] });
  });

  it('is achieved at 100 % with nothing missing', () => {
    expect(
      progressToward(
        reqs,
        new Map([
          ['a', 3],
          ['b', 2],
          ['c', 1],
        ]),
      ),
    ).toEqual({ percent: 100, achieved: true, missing: [] });
  });

  it('estimates the hours from the levels still to climb', () => {
    const { missing } = progressToward(reqs, new Map([['a', 1]]));
    expect(estimateHours(missing, (id) => (id === 'a' ? 4 : 3))).toBe(2 * 4 + 2 * 3 + 1 * 3);
  });

  it('packs the missing levels into weeks of the agreed hours, lowest first', () => {
    const { missing } = progressToward(
      reqs,
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    const weeks = weeklyPlan(missing, () => 3, 4, '2026-03-02');
    expect(weeks.map((w) => [w.startsOn, w.hours])).toEqual([
      ['2026-03-02', 4],
      ['2026-03-09', 4],
      ['2026-03-16', 1],
    ]);
    expect(weeks[0].skills).toEqual([
      { skillId: 'c', fromLevel: 0, toLevel: 1 },
      { skillId: 'b', fromLevel: 1, toLevel: 2 },
    ]);
    expect(weeks.reduce((s, w) => s + w.hours, 0)).toBe(9);
  });

  it('plans nothing when nothing is missing', () => {
    expect(weeklyPlan([], () => 4, 4, '2026-03-02')).toEqual([]);
  });
});

describe('evidence rule threshold', () => {
  it('is met at the count, not one below', () => {
    expect(ruleMet(10, 9)).toBe(false);
    expect(ruleMet(10, 10)).toBe(true);
  });
});

import { siteTimeToUtc } from './workshops.service';

const parisTimeToUtc = (v: string) => siteTimeToUtc(v, 'Europe/Paris');
describe('workshop start typed in a form', () => {
  it('is read as Paris time (winter UTC+1, summer UTC+2), and a zoned time as given', () => {
    expect(parisTimeToUtc('2026-12-03T14:00').toISOString()).toBe('2026-12-03T13:00:00.000Z');
    expect(parisTimeToUtc('2026-07-03T14:00').toISOString()).toBe('2026-07-03T12:00:00.000Z');
    expect(parisTimeToUtc('2026-07-03T14:00:00Z').toISOString()).toBe('2026-07-03T14:00:00.000Z');
    expect(siteTimeToUtc('2026-07-03T14:00', 'America/Cayenne').toISOString()).toBe('2026-07-03T17:00:00.000Z');
  });
});

import { promotedMail, workshopReminderMail } from './workshop-reminders';

describe('workshop mails', () => {
  const w = { title: 'Souder', startsAt: new Date('2027-03-03T14:00:00Z'), durationMinutes: 90 };

  it("write the time on the site's clock, in the person's language", () => {
    expect(workshopReminderMail('Amina', w, 'Europe/Paris').text).toContain('le mercredi 3 mars 2027 à 15:00 (90 minutes)');
    expect(workshopReminderMail('Amina', w, 'Indian/Reunion').subject).toBe('Rappel : atelier « Souder » le mercredi 3 mars 2027 à 18:00');
    const en = workshopReminderMail('Lucy', w, 'Indian/Reunion', 'en');
    expect(en.subject).toBe('Reminder: workshop "Souder" on Wednesday, 3 March 2027 at 18:00');
    expect(en.text).toContain('Hello Lucy,');
    expect(promotedMail('Lucy', w, 'America/Cayenne', 'en').text).toContain('on Wednesday, 3 March 2027 at 11:00.');
  });
});
