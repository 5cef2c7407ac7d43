import { Machine } from '../machines/entities/machine.entity';
import { Badge } from '../people/entities/badge.entity';
import { Person } from '../people/entities/person.entity';
import { Qualification } from '../trainings/entities/qualification.entity';
import { Training } from '../trainings/entities/training.entity';
import { BadgeInFacts, decideBadgeIn } from './decide-badge-in';
import { UsageSession } from './entities/usage-session.entity';

const NOW = new Date('2026-11-23T14:00:00Z');
const day = 86400_000;

function person(over: Partial<Person> = {}): Person {
  return Object.assign(new Person(), { id: 'p1', siteId: 's1', firstName: 'Amina', lastName: 'Kaci', active: true, role: 'maker', ...over });
}
function facts(over: Partial<BadgeInFacts> = {}): BadgeInFacts {
  const machine = Object.assign(new Machine(), {
    id: 'm1',
    siteId: 's1',
    slug: 'laser-1',
    name: 'la découpeuse laser',
    type: 'laser',
    status: 'free',
    statusReason: null,
    maxSessionMinutes: 480,
  });
  const badge = Object.assign(new Badge(), { id: 'b1', siteId: 's1', personId: 'p1', uid: '04A224B2', revokedAt: null });
  const training = Object.assign(new Training(), {
    id: 't1',
    siteId: 's1',
    name: 'Découpe laser',
    nameEn: 'Laser cutting',
    machineTypes: ['laser'],
    machineIds: [],
    validityMonths: 12,
  });
  const qualification = Object.assign(new Qualification(), {
    id: 'q1',
    personId: 'p1',
    trainingId: 't1',
    passedOn: '2026-06-01',
    expiresAt: new Date(NOW.getTime() + 100 * day),
  });
  return {
    now: NOW,
    zone: 'Europe/Paris',
    machine,
    badge,
    person: person(),
    trainings: [training],
    qualifications: [qualification],
    openSession: null,
    holder: null,
    ...over,
  };
}

describe('decideBadgeIn', () => {
  it('denies with membership_expired when the site asks for a current membership, saying when it ended', () => {
    const ended = decideBadgeIn(facts({ membership: { required: true, current: false, endedAt: new Date('2027-01-01T00:00:00+01:00') } }));
    expect(ended).toMatchObject({ decision: 'denied', reason: 'membership_expired' });
    expect(ended.message.fr).toBe("Adhésion à renouveler : elle a pris fin le 31/12/2026. Renouvelez-la à l'accueil ou sur la page « Adhésion ».");
    const never = decideBadgeIn(facts({ membership: { required: true, current: false } }));
    expect(never.message.fr).toMatch(/^Adhésion requise/);
    // Before trainings: a lapsed member is told about the membership first.
    expect(decideBadgeIn(facts({ qualifications: [], membership: { required: true, current: false } }))).toMatchObject({ reason: 'membership_expired' });
    expect(decideBadgeIn(facts({ membership: { required: true, current: true } })).decision).toBe('granted');
    expect(decideBadgeIn(facts({ membership: { required: false, current: false } })).decision).toBe('granted');
  });

  it('grants a trained maker until the end of the maximum session', () => {
    const d = decideBadgeIn(facts());
    expect(d.decision).toBe('granted');
    if (d.decision !== 'granted') return;
    expect(d.until.toISOString()).toBe('2026-11-23T22:00:00.000Z');
    expect(d.message.fr).toBe("Bonjour Amina, la découpeuse laser est à vous jusqu'à 23 h 00.");
  });

  it('denies an unknown badge before anything else', () => {
    expect(decideBadgeIn(facts({ badge: null, person: null }))).toMatchObject({ decision: 'denied', reason: 'badge_unknown' });
  });

  it('checks a revoked badge before an inactive person', () => {
    const f = facts({ person: person({ active: false }) });
    f.badge!.revokedAt = new Date(NOW.getTime() - 1000);
    expect(decideBadgeIn(f)).toMatchObject({ reason: 'badge_revoked' });
  });

  it('denies an inactive person', () => {
    expect(decideBadgeIn(facts({ person: person({ active: false }) }))).toMatchObject({ reason: 'person_inactive' });
  });

  it('denies a person from another site', () => {
    expect(decideBadgeIn(facts({ person: person({ siteId: 's2' }) }))).toMatchObject({ reason: 'not_allowed_on_site' });
  });

  it('denies a training that covers another machine type', () => {
    const f = facts();
    f.trainings[0].machineTypes = ['printer'];
    expect(decideBadgeIn(f)).toMatchObject({ reason: 'training_missing' });
  });

  it('accepts a training that names this very machine', () => {
    const f = facts();
    f.trainings[0].machineTypes = [];
    f.trainings[0].machineIds = ['m1'];
    expect(decideBadgeIn(f).decision).toBe('granted');
  });

  it('denies a training that expired yesterday, naming the date in French', () => {
    const f = facts();
    f.qualifications[0].expiresAt = new Date(NOW.getTime() - day);
    const d = decideBadgeIn(f);
    expect(d).toMatchObject({ reason: 'training_expired' });
    expect(d.message.fr).toContain('22/11/2026');
  });

  it('grants when one of two qualifications is still valid', () => {
    const f = facts();
    const old = Object.assign(new Qualification(), { ...f.qualifications[0], id: 'q0', expiresAt: new Date(NOW.getTime() - day) });
    f.qualifications.unshift(old);
    expect(decideBadgeIn(f).decision).toBe('granted');
  });

  it('checks training before maintenance, and maintenance says why', () => {
    const f = facts();
    f.machine.status = 'maintenance';
    f.machine.statusReason = 'changement de lentille';
    expect(decideBadgeIn({ ...f, qualifications: [] })).toMatchObject({ reason: 'training_missing' });
    const d = decideBadgeIn(f);
    expect(d).toMatchObject({ reason: 'machine_maintenance' });
    expect(d.message.fr).toBe('Machine en maintenance : changement de lentille.');
  });

  it('treats "to check" and "disabled" as maintenance', () => {
    for (const status of ['to_check', 'disabled'] as const) {
      const f = facts();
      f.machine.status = status;
      expect(decideBadgeIn(f)).toMatchObject({ reason: 'machine_maintenance' });
    }
  });

  it('denies another person while the machine is in use, naming the holder', () => {
    const session = Object.assign(new UsageSession(), { id: 's-1', personId: 'p2', until: new Date(NOW.getTime() + 3600_000) });
    const d = decideBadgeIn(facts({ openSession: session, holder: person({ id: 'p2', firstName: 'Lucas', lastName: 'Martin' }) }));
    expect(d).toMatchObject({ reason: 'machine_in_use' });
    expect(d.message.fr).toBe('Machine déjà utilisée par Lucas M.');
  });

  it('renews the session of its holder with the same end', () => {
    const until = new Date(NOW.getTime() + 3600_000);
    const session = Object.assign(new UsageSession(), { id: 's-1', personId: 'p1', until });
    expect(decideBadgeIn(facts({ openSession: session }))).toMatchObject({ decision: 'granted', renewsSessionId: 's-1', until });
  });

  it('ends the holder session when the re-check fails', () => {
    const session = Object.assign(new UsageSession(), { id: 's-1', personId: 'p1', until: new Date(NOW.getTime() + 3600_000) });
    const f = facts({ openSession: session });
    f.qualifications[0].expiresAt = new Date(NOW.getTime() - 1);
    expect(decideBadgeIn(f)).toMatchObject({ decision: 'denied', reason: 'training_expired', endsSessionId: 's-1' });
  });
});

describe('decideBadgeIn with opening hours and bookings', () => {
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

  it("says when the site opens next, on the site's clock: today, or which day", () => {
    const tonight = decideBadgeIn(facts({ hours: { open: false, opensAt: new Date('2026-11-23T17:00:00Z') } })).message;
    expect(tonight).toEqual({ fr: 'Le lieu est fermé à cette heure-ci ; il ouvre à 18 h 00.', en: 'The lab is closed at this time; it opens at 18:00.' });
    const reunion = decideBadgeIn(facts({ zone: 'Indian/Reunion', hours: { open: false, opensAt: new Date('2026-11-24T05:00:00Z') } })).message;
    expect(reunion.fr).toBe('Le lieu est fermé à cette heure-ci ; il ouvre mardi 24 novembre à 09 h 00.');
    expect(reunion.en).toBe('The lab is closed at this time; it opens on Tuesday 24 November at 09:00.');
    expect(decideBadgeIn(facts({ hours: { open: false } })).message.fr).toBe('Le lieu est fermé à cette heure-ci.');
  });

  it('denies outside opening hours, after the maintenance check', () => {
    expect(decideBadgeIn(facts({ hours: { open: false } }))).toMatchObject({ decision: 'denied', reason: 'outside_hours' });
    const f = facts({ hours: { open: false } });
    f.machine.status = 'maintenance';
    expect(decideBadgeIn(f)).toMatchObject({ reason: 'machine_maintenance' });
  });

  it('denies with booked_by_other during someone else’s booking, before machine_in_use', () => {
    const d = decideBadgeIn(facts({ booking: { byOther: true } }));
    expect(d).toMatchObject({ decision: 'denied', reason: 'booked_by_other' });
    expect(d.message.fr).toContain('réservée');
    const session = Object.assign(new UsageSession(), { id: 's9', personId: 'p2', until: at(60) });
    expect(decideBadgeIn(facts({ booking: { byOther: true }, openSession: session }))).toMatchObject({ reason: 'booked_by_other' });
  });

  it('checks opening hours before bookings', () => {
    expect(decideBadgeIn(facts({ hours: { open: false }, booking: { byOther: true } }))).toMatchObject({ reason: 'outside_hours' });
  });

  it('grants the booker until the end of their booking', () => {
    const d = decideBadgeIn(facts({ hours: { open: true, closesAt: at(300) }, booking: { byOther: false, mine: { endsAt: at(90) } } }));
    expect(d).toMatchObject({ decision: 'granted', until: at(90) });
  });

  it('ends the grant at closing time when it comes first', () => {
    const d = decideBadgeIn(facts({ hours: { open: true, closesAt: at(45) }, booking: { byOther: false, mine: { endsAt: at(90) } } }));
    expect(d).toMatchObject({ decision: 'granted', until: at(45) });
  });

  it('ends a walk-in grant when the next person’s booking starts', () => {
    const d = decideBadgeIn(facts({ hours: { open: true }, booking: { byOther: false, nextByOtherAt: at(30) } }));
    expect(d).toMatchObject({ decision: 'granted', until: at(30) });
  });

  it('keeps the maximum session length when it is the earliest', () => {
    const d = decideBadgeIn(facts({ hours: { open: true, closesAt: at(24 * 60) }, booking: { byOther: false } }));
    expect(d).toMatchObject({ decision: 'granted', until: at(480) });
  });
});

describe('decideBadgeIn with suspended qualifications', () => {
  const suspendedQ = (over: Partial<Qualification> = {}) =>
    Object.assign(new Qualification(), {
      id: 'qs',
      personId: 'p1',
      trainingId: 't1',
      passedOn: '2026-06-01',
      expiresAt: new Date(NOW.getTime() + 100 * day),
      suspendedAt: new Date(NOW.getTime() - day),
      suspendedReason: 'Consignes non respectées.',
      suspendedBy: 'm9',
      ...over,
    });

  it('denies with training_suspended when the only covering qualification is suspended, giving the reason', () => {
    const d = decideBadgeIn(facts({ qualifications: [suspendedQ()] }));
    expect(d).toMatchObject({ decision: 'denied', reason: 'training_suspended' });
    expect(d.message.fr).toBe('Votre habilitation « Découpe laser » est suspendue : Consignes non respectées. Voyez un responsable.');
    expect(d.message.en).toBe('Your Laser cutting qualification is suspended: Consignes non respectées. Please see a manager.');
  });

  it('still grants when another covering qualification is valid and not suspended', () => {
    const f = facts();
    f.qualifications.push(suspendedQ());
    expect(decideBadgeIn(f).decision).toBe('granted');
  });

  it('does not count a suspended qualification towards the qualified-until date', () => {
    const f = facts();
    f.qualifications.push(suspendedQ({ expiresAt: null }));
    const d = decideBadgeIn(f);
    expect(d).toMatchObject({ decision: 'granted', qualifiedUntil: f.qualifications[0].expiresAt });
  });

  it('says expired, not suspended, when the suspended qualification has expired too', () => {
    const d = decideBadgeIn(facts({ qualifications: [suspendedQ({ expiresAt: new Date(NOW.getTime() - day) })] }));
    expect(d).toMatchObject({ reason: 'training_expired' });
  });

  it('checks the suspension before the machine status', () => {
    const f = facts({ qualifications: [suspendedQ({ suspendedReason: null })] });
    f.machine.status = 'maintenance';
    const d = decideBadgeIn(f);
    expect(d).toMatchObject({ reason: 'training_suspended' });
    expect(d.message.fr).toBe('Votre habilitation « Découpe laser » est suspendue. Voyez un responsable.');
  });

  it('ends the holder’s session when their qualification is suspended while they use the machine', () => {
    const openSession = Object.assign(new UsageSession(), { id: 'u1', personId: 'p1', machineId: 'm1', until: new Date(NOW.getTime() + 3600_000) });
    const d = decideBadgeIn(facts({ qualifications: [suspendedQ()], openSession }));
    expect(d).toMatchObject({ decision: 'denied', reason: 'training_suspended', endsSessionId: 'u1' });
  });
});

describe('decideBadgeIn on a public computer (docs/free-access.md)', () => {
  /** An untrained person at a public computer of a site giving 60 minutes, nobody waiting. */
  function station(over: Partial<BadgeInFacts> = {}): BadgeInFacts {
    const f = facts({ trainings: [], qualifications: [], freeAccess: { minutes: 60, othersWaiting: 0, calledForMe: false }, ...over });
    Object.assign(f.machine, { type: 'public_computer', name: 'Poste 1', slug: 'poste-1' });
    return f;
  }
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

  it('grants without any training, for the site’s minutes, saying the end on the site’s clock', () => {
    const d = decideBadgeIn(station());
    expect(d).toMatchObject({ decision: 'granted', until: at(60), qualifiedUntil: null });
    expect(d.message.fr).toBe("Bonjour Amina, Poste 1 est à vous jusqu'à 16 h 00.");
    // A laser still asks for its training.
    expect(decideBadgeIn(facts({ trainings: [], qualifications: [] }))).toMatchObject({ reason: 'training_missing' });
  });

  it('ends at closing time or at the end of a day card when that comes first', () => {
    expect(decideBadgeIn(station({ hours: { open: true, closesAt: at(20) } }))).toMatchObject({ until: at(20) });
    const f = station();
    f.badge!.validUntil = at(30);
    expect(decideBadgeIn(f)).toMatchObject({ until: at(30) });
  });

  it('still refuses an inactive person, an expired card, a machine out of order, outside hours, a station in use', () => {
    expect(decideBadgeIn(station({ person: person({ active: false }) }))).toMatchObject({ reason: 'person_inactive' });
    const expired = station();
    expired.badge!.validUntil = new Date(NOW.getTime() - 1);
    expect(decideBadgeIn(expired)).toMatchObject({ reason: 'badge_expired' });
    const broken = station();
    broken.machine.status = 'disabled';
    expect(decideBadgeIn(broken)).toMatchObject({ reason: 'machine_maintenance' });
    expect(decideBadgeIn(station({ hours: { open: false } }))).toMatchObject({ reason: 'outside_hours' });
    expect(decideBadgeIn(station({ membership: { required: true, current: false } }))).toMatchObject({ reason: 'membership_expired' });
    const other = Object.assign(new UsageSession(), { id: 's2', personId: 'p2', until: at(30) });
    expect(decideBadgeIn(station({ openSession: other }))).toMatchObject({ reason: 'machine_in_use' });
  });

  it('sends to the desk while others wait, unless this person was called, or already holds the station', () => {
    const waiting = decideBadgeIn(station({ freeAccess: { minutes: 60, othersWaiting: 1, calledForMe: false } }));
    expect(waiting).toMatchObject({ decision: 'denied', reason: 'free_access_queue' });
    expect(waiting.message.fr).toBe("Une personne attend déjà un poste : inscrivez-vous à l'accueil.");
    expect(decideBadgeIn(station({ freeAccess: { minutes: 60, othersWaiting: 2, calledForMe: true } }))).toMatchObject({ decision: 'granted' });
    const mine = Object.assign(new UsageSession(), { id: 's1', personId: 'p1', until: at(25) });
    expect(decideBadgeIn(station({ openSession: mine, freeAccess: { minutes: 60, othersWaiting: 4, calledForMe: false } }))).toMatchObject({
      decision: 'granted',
      renewsSessionId: 's1',
      until: at(25),
    });
  });
});

describe('decideBadgeIn — trainings that lapse when unused (training_lapsed)', () => {
  const lapsing = (over: Partial<BadgeInFacts> = {}) => {
    const f = facts(over);
    f.trainings[0].lapseMonths = 6;
    f.qualifications[0].passedOn = '2025-11-02';
    return f;
  };
  const use = (at: string, machineType = 'laser', machineId = 'm2') => ({ personId: 'p1', machineId, machineType, at: new Date(at) });

  it('denies with training_lapsed when the last session on a covered machine is more than N months old, saying since when', () => {
    const d = decideBadgeIn(lapsing({ lastUses: [use('2026-04-20T10:00:00Z')] }));
    expect(d).toMatchObject({ decision: 'denied', reason: 'training_lapsed' });
    expect(d.message.fr).toBe(
      "Votre formation « Découpe laser » n'est plus active : plus de 6 mois sans utiliser ces machines (depuis le 20/04/2026). Un formateur la renouvelle après une remise à niveau.",
    );
    expect(d.message.en).toContain('Your Laser cutting training has lapsed: more than 6 months');
  });

  it('grants when a covered machine was used within N months, or a check-up renewed it', () => {
    expect(decideBadgeIn(lapsing({ lastUses: [use('2026-06-01T10:00:00Z')] })).decision).toBe('granted');
    const renewed = lapsing({ lastUses: [use('2026-04-20T10:00:00Z')] });
    renewed.qualifications[0].renewedOn = '2026-11-20';
    expect(decideBadgeIn(renewed).decision).toBe('granted');
  });

  it('counts only sessions on machines the training covers, and the pass itself', () => {
    // A recent session on a printer does not keep the laser training alive.
    expect(decideBadgeIn(lapsing({ lastUses: [use('2026-11-01T10:00:00Z', 'printer')] }))).toMatchObject({ reason: 'training_lapsed' });
    // Passed five months ago, never used: not lapsed yet.
    const fresh = lapsing({ lastUses: [] });
    fresh.qualifications[0].passedOn = '2026-06-23';
    expect(decideBadgeIn(fresh).decision).toBe('granted');
  });

  it('lapses at the end of the day N months later on the site clock', () => {
    const f = lapsing({ lastUses: [], now: new Date('2026-05-02T21:00:00Z') }); // 23:00 in Paris, 2 May
    expect(decideBadgeIn(f).decision).toBe('granted');
    expect(decideBadgeIn({ ...f, now: new Date('2026-05-02T22:00:00Z') })).toMatchObject({ reason: 'training_lapsed' });
  });

  it('says suspended before lapsed, and a training without the rule never lapses', () => {
    const f = lapsing({ lastUses: [] });
    f.qualifications[0].suspendedAt = new Date('2026-01-01');
    expect(decideBadgeIn(f)).toMatchObject({ reason: 'training_suspended' });
    const g = facts({ lastUses: [] });
    g.qualifications[0].passedOn = '2020-01-01';
    expect(decideBadgeIn(g).decision).toBe('granted');
  });
});
