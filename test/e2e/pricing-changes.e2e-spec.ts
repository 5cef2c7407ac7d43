import { getDataSourceToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { UsageSession } from '../../src/access/entities/usage-session.entity';
import { adminToken, as, createMachine, createManager, createSite, createTraining } from '../factories/api.factory';
import { book, bookingMaker, iso, makeBookable, parisAt, plusMinutes } from '../factories/bookings.factory';
import { startTestApp, TestApp } from './harness';

/**
 * Pricing edge cases and a person's own changes, through HTTP and the database: a session across
 * the day and evening rates is two statement lines, a job seeker's first half hour is free, and a
 * booking is moved by its person within the site's rules (price recomputed, change kept) and
 * refused outside them.
 */
describe(`price periods, free first minutes and owner changes (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let db: DataSource;
  let manager: string;
  let site: { id: string };
  let laser: { id: string };
  let amina: Awaited<ReturnType<typeof bookingMaker>>;
  let seeker: Awaited<ReturnType<typeof bookingMaker>>;
  const sql = (text: string) => (process.env.TEST_DB === 'postgres' ? text : text.replace(/\$\d+/g, '?'));

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get<DataSource>(getDataSourceToken());
    const admin = await adminToken(t);
    site = await createSite(t, admin, { timezone: 'Europe/Paris' });
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser' });
    const training = await createTraining(t, manager, site.id, { machineTypes: ['laser'] });
    await makeBookable(t, manager, laser.id, { slotMinutes: 30, minMinutes: 30, maxMinutes: 180, horizonDays: 30, cancelNoticeMinutes: 120 });
    amina = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Amina' });
    seeker = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Sami' });
    await as(t, manager).put(`/api/charges/people/${seeker.person.id}/category`, { category: 'demandeur_emploi' }).expect(200);
    const price = (body: object) => as(t, manager).post('/api/charges/prices', { siteId: site.id, machineType: 'laser', unit: 'minute', ...body });
    await price({ label: 'Laser jour', unitCents: 50 }).expect(201);
    await price({ label: 'Laser soirée', unitCents: 80, fromTime: '18:00', untilTime: '22:00' }).expect(201);
    await price({ label: 'Laser demandeurs d’emploi', category: 'demandeur_emploi', unitCents: 40, freeMinutes: 30 }).expect(201);
  });
  afterAll(() => t.close());

  it('refuses malformed periods in French (400, never 500)', async () => {
    const bad = (body: object) =>
      as(t, manager).post('/api/charges/prices', { siteId: site.id, label: 'x', machineType: 'laser', unit: 'minute', unitCents: 1, ...body });
    expect((await bad({ fromTime: '25:00' }).expect(400)).body.message).toMatch(/heure de début/);
    expect((await bad({ validFrom: '2027-01-02', validUntil: '2027-01-01' }).expect(400)).body.message).toMatch(/date de fin vient avant/);
    expect((await bad({ freeMinutes: -1 }).expect(400)).body.code).toBe('invalid_input');
    await as(t, manager)
      .post('/api/charges/prices', { siteId: site.id, label: 'Bois', consumable: 'bois', unit: 'sheet', unitCents: 100, freeMinutes: 30 })
      .expect(400);
  });

  it('splits a session across the day and evening rates into two lines, and gives the job seeker’s first half hour free', async () => {
    // 10 November 2026 (CET, UTC+1): Amina 17:30–18:45, Sami 10:00–11:15, on the site's clock.
    const session = (personId: string, startIso: string, minutes: number) => ({
      id: randomUUID(),
      siteId: site.id,
      machineId: laser.id,
      personId,
      badgeId: null,
      startedAt: new Date(startIso),
      until: new Date(startIso),
      endedAt: new Date(new Date(startIso).getTime() + minutes * 60_000),
      endReason: 'badge_out' as const,
    });
    await db.getRepository(UsageSession).insert([session(amina.person.id, '2026-11-10T16:30:00Z', 75), session(seeker.person.id, '2026-11-10T09:00:00Z', 75)]);
    const [row] = await db.query(sql('SELECT "freeMinutes", "fromTime", "untilTime" FROM price_lines WHERE label = $1'), ['Laser soirée']);
    expect(row).toMatchObject({ freeMinutes: 0, fromTime: '18:00', untilTime: '22:00' });

    const st = (await as(t, manager).get(`/api/charges/statements?month=2026-11&siteId=${site.id}`).expect(200)).body as Array<{
      personId: string;
      lines: Array<Record<string, unknown>>;
      totals: Record<string, number>;
    }>;
    const mine = st.find((s) => s.personId === amina.person.id)!;
    expect(mine.lines).toEqual([
      expect.objectContaining({ label: 'Laser jour', quantity: 30, date: '2026-11-10T16:30:00.000Z', until: '2026-11-10T17:00:00.000Z', netCents: 1500 }),
      expect.objectContaining({ label: 'Laser soirée', quantity: 45, date: '2026-11-10T17:00:00.000Z', until: '2026-11-10T17:45:00.000Z', netCents: 3600 }),
    ]);
    expect(mine.totals).toEqual({ netCents: 5100, vatCents: 1020, grossCents: 6120 });
    const sami = st.find((s) => s.personId === seeker.person.id)!;
    expect(sami.lines).toEqual([
      expect.objectContaining({ label: 'Laser demandeurs d’emploi — 30 min offertes', free: true, quantity: 30, netCents: 0 }),
      expect.objectContaining({ label: 'Laser demandeurs d’emploi', quantity: 45, netCents: 1800 }),
    ]);
    // The CSV says the same, one row per part.
    const csv = (await as(t, manager).get(`/api/charges/statements.csv?month=2026-11&siteId=${site.id}`).expect(200)).text as string;
    expect(csv).toContain('Laser soirée;45;minute;0,80;36,00;20;7,20;43,20');
    expect(csv).toContain('Laser demandeurs d’emploi — 30 min offertes;30;minute;0,00;0,00');
  });

  it('lets the person move and lengthen their booking within the rules, recomputes the price and keeps the change', async () => {
    const start = parisAt(4, 17, 30);
    const b = (await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 60) }).expect(201)).body;
    // Now 19:00–20:30: all evening, 90 min.
    const moved = await as(t, amina.token)
      .post(`/api/bookings/${b.id}/move`, { startsAt: iso(parisAt(4, 19)), endsAt: iso(parisAt(4, 20, 30)) })
      .expect(200);
    expect(moved.body).toMatchObject({ startsAt: iso(parisAt(4, 19)), endsAt: iso(parisAt(4, 20, 30)) });
    // Before: 30 day minutes (15 €) + 30 evening minutes (24 €) = 39 € HT, 46,80 € TTC; after: 90 × 0,80 = 72 € HT, 86,40 € TTC.
    expect(moved.body.change).toMatchObject({ priceBeforeCents: 4680, priceAfterCents: 8640 });
    const [kept] = await db.query(sql('SELECT "priceBeforeCents", "priceAfterCents", "changedById" FROM booking_changes WHERE "bookingId" = $1'), [b.id]);
    expect(kept).toMatchObject({ priceBeforeCents: 4680, priceAfterCents: 8640, changedById: amina.person.id });
    const [row] = await db.query(sql('SELECT "startsAt", "endsAt" FROM bookings WHERE id = $1'), [b.id]);
    expect(new Date(process.env.TEST_DB === 'postgres' ? row.startsAt : `${row.startsAt.replace(' ', 'T')}Z`).toISOString()).toBe(iso(parisAt(4, 19)));
    // Shortened: 30 min.
    await as(t, amina.token)
      .post(`/api/bookings/${b.id}/move`, { startsAt: iso(parisAt(4, 19)), endsAt: iso(parisAt(4, 19, 30)) })
      .expect(200);
    const changes = (await as(t, amina.token).get(`/api/bookings/${b.id}/changes`).expect(200)).body;
    expect(changes.map((c: { priceAfterCents: number }) => c.priceAfterCents)).toEqual([8640, 2880]);
    // Another person's booking: not found, as on every route.
    await as(t, seeker.token)
      .post(`/api/bookings/${b.id}/move`, { startsAt: iso(parisAt(4, 19)), endsAt: iso(parisAt(4, 20)) })
      .expect(404);
    await as(t, seeker.token).get(`/api/bookings/${b.id}/changes`).expect(404);
  });

  it('refuses a change outside the rules: grid, length, past, horizon, someone else’s slot, and after the site’s cut-off', async () => {
    const start = parisAt(5, 10);
    const b = (await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201)).body;
    const other = (await book(t, seeker.token, { machineId: laser.id, startsAt: parisAt(5, 14), endsAt: parisAt(5, 15) }).expect(201)).body;
    const move = (from: Date, to: Date) => as(t, amina.token).post(`/api/bookings/${b.id}/move`, { startsAt: iso(from), endsAt: iso(to) });
    expect((await move(parisAt(5, 10, 10), parisAt(5, 11, 10)).expect(400)).body.code).toBe('not_on_slot');
    expect((await move(parisAt(5, 10), parisAt(5, 14)).expect(400)).body.code).toBe('too_long');
    expect((await move(parisAt(-1, 10), parisAt(-1, 11)).expect(400)).body.code).toBe('in_past');
    expect((await move(parisAt(40, 10), parisAt(40, 11)).expect(400)).body.code).toBe('too_far_ahead');
    const taken = await move(parisAt(5, 14, 30), parisAt(5, 15, 30)).expect(409);
    expect(taken.body.code).toBe('slot_taken');
    expect(other.id).toBeTruthy();
    await as(t, amina.token)
      .post(`/api/bookings/${b.id}/move`, { startsAt: 'demain', endsAt: iso(parisAt(5, 11)) })
      .expect(400);

    // The site's cut-off: changes close 6 days before the start (the booking is in 5): too late.
    await as(t, manager)
      .put(`/api/bookings/sites/${site.id}/hours`, { weekly: [], changeCutoffMinutes: 6 * 24 * 60 })
      .expect(200);
    const late = await move(parisAt(5, 11), parisAt(5, 11, 30)).expect(409);
    expect(late.body).toMatchObject({ code: 'too_late_to_change' });
    expect(late.body.message).toMatch(/^Changement possible jusqu'à 8640 min avant le début/);
    // A manager still may; nothing was changed by the refusals.
    expect((await db.query(sql('SELECT COUNT(*) AS n FROM booking_changes WHERE "bookingId" = $1'), [b.id]))[0].n).toBe(
      process.env.TEST_DB === 'postgres' ? '0' : 0,
    );
    await as(t, manager)
      .post(`/api/bookings/${b.id}/move`, { startsAt: iso(parisAt(5, 11)), endsAt: iso(parisAt(5, 11, 30)) })
      .expect(200);
    const hours = (await as(t, manager).get(`/api/bookings/sites/${site.id}/hours`).expect(200)).body;
    expect(hours.changeCutoffMinutes).toBe(8640);
    // A cut-off of 0: changes stay open up to the start.
    await as(t, manager).put(`/api/bookings/sites/${site.id}/hours`, { weekly: [], changeCutoffMinutes: 0 }).expect(200);
    await move(parisAt(5, 12), parisAt(5, 12, 30)).expect(200);
  });

  it('the admin page adds a band, dates and free minutes to a price line, and sets the site’s change cut-off', async () => {
    const form = (path: string, body: Record<string, string>) => t.http().post(path).set('Authorization', `Bearer ${manager}`).type('form').send(body);
    const bad = await form('/bookings/admin/price', {
      label: 'Nuit',
      machineType: 'laser',
      unit: 'minute',
      unitEuros: '0,30',
      vatPercent: '20',
      fromTime: '25h',
    }).expect(400);
    expect(bad.text).toContain('value="Nuit"');
    await form('/bookings/admin/price', {
      label: 'Laser nuit',
      machineType: 'laser',
      category: '*',
      unit: 'minute',
      unitEuros: '0,30',
      vatPercent: '20',
      fromTime: '22:00',
      untilTime: '06:00',
      validFrom: '2027-01-01',
      freeMinutes: '15',
    }).expect(303);
    const [row] = await db.query(sql('SELECT "fromTime", "untilTime", "validFrom", "freeMinutes" FROM price_lines WHERE label = $1'), ['Laser nuit']);
    expect(row).toMatchObject({ fromTime: '22:00', untilTime: '06:00', validFrom: '2027-01-01', freeMinutes: 15 });
    const page = await t.http().get('/bookings/admin').set('Authorization', `Bearer ${manager}`).expect(200);
    expect(page.text).toContain('22:00–06:00, dès le');
    expect(page.text).toContain('15 min offertes');
    await form('/bookings/admin/hours', { changeCutoffMinutes: '90' }).expect(303);
    expect((await as(t, manager).get(`/api/bookings/sites/${site.id}/hours`).expect(200)).body.changeCutoffMinutes).toBe(90);
    const refused = await form('/bookings/admin/hours', { changeCutoffMinutes: 'beaucoup' }).expect(400);
    expect(refused.text).toContain('aria-invalid="true"');
  });
});
