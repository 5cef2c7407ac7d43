import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { decideOffline } from '../../firmware-bridge/src/allowlist/allowlist';
import { AccessReadService } from '../../src/access/access-read.service';
import { UsageSession } from '../../src/access/entities/usage-session.entity';
import { DomainEventBus } from '../../src/common/domain-events';
import { MailService } from '../../src/infra/mail/mail.service';
import { MachinesService } from '../../src/machines/machines.service';
import { MembershipReminders } from '../../src/memberships/membership-reminders';
import { Payables } from '../../src/payments/payables';
import { adminToken, as, createMachine, createManager, createSite, createTraining, registerBridge } from '../factories/api.factory';
import { book, bookingMaker, iso, makeBookable, parisAt, plusMinutes } from '../factories/bookings.factory';
import { FakeBridge } from '../factories/bridge-client';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

const DAY = 86400_000;

describe(`memberships and prepaid packs (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string; type: string };
  let training: { id: string };
  let bridge: FakeBridge;
  let events: DomainEventBus;

  /** What payments does once a payment is confirmed (the contract of src/payments/payables.ts). */
  const settle = (kind: 'membership' | 'pack', ref: string, amountCents: number, o: { paymentId?: string; paidAt?: Date } = {}) => {
    const paymentId = o.paymentId ?? `pay-${randomUUID()}`;
    events.emit('payments.settled', { paymentId, siteId: site.id, personId: null, kind, ref, amountCents, paidAt: o.paidAt ?? new Date() });
    return paymentId;
  };
  const membership = (token: string, id: string) => as(t, token).get(`/api/memberships/${id}`).expect(200);
  const untilStatus = async (token: string, id: string, status: string) => waitUntil(async () => (await membership(token, id)).body.status === status);
  /** A badge at the laser; a granted session is ended at once (badge-out), so the next test finds the machine free. */
  async function badgeIn(uid: string) {
    const d = await bridge.badge(laser.slug, uid);
    if (d.decision !== 'granted') return d;
    await bridge.event(laser.slug, 'session.ended', { sessionId: d.sessionId, reason: 'badge_out' });
    await waitUntil(async () => !(await t.app.get(AccessReadService).openSessionOn(laser.id)));
    return d;
  }
  /** The latest signed offline allow-list the bridge got, and a wait for one newer than `after` that decides `uid` so. */
  const lists = () => bridge.received.filter((m) => m.topic.endsWith('/allowlist')).map((m) => m.payload);
  const listVersion = () => lists().at(-1)?.version ?? 0;
  const offline = (uid: string, decision: 'granted' | 'denied', after = 0) =>
    waitUntil(() => {
      const list = lists().at(-1);
      return !!list && list.version > after && decideOffline(list, laser.slug, uid).decision === decision;
    }, 8000);
  const trained = (firstName: string) => bookingMaker(t, manager, site.id, { trainingId: training.id, firstName, role: 'maker' });

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(DomainEventBus);
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser', name: 'Découpeuse laser' });
    training = await createTraining(t, manager, site.id, { validityMonths: 12 });
    await makeBookable(t, manager, laser.id);
    const creds = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, site.slug, creds.bridge.slug);
    await bridge.serve(laser.slug);
    await bridge.client.subscribeAsync(`fablab/v1/${site.slug}/bridges/${creds.bridge.slug}/allowlist`, { qos: 1 });
    await as(t, manager).put('/api/memberships/rules', { requiredToBook: true, requiredToUnlock: true }).expect(200);
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('plan → pending membership at the person’s category price → settled once → current → badge allowed', async () => {
    const plan = (
      await as(t, manager).post('/api/memberships/plans', { name: 'Adhésion individuelle', period: 'calendar_year', priceEuros: '20,00' }).expect(201)
    ).body;
    await as(t, manager).put(`/api/memberships/plans/${plan.id}/prices`, { category: 'demandeur_emploi', priceEuros: '5' }).expect(200);
    const amina = await trained('Amina');
    await as(t, manager).put(`/api/charges/people/${amina.person.id}/category`, { category: 'demandeur_emploi' }).expect(200);

    // Not a member yet: the site asks for one, so the machine stays shut with its own reason.
    const before = await badgeIn(amina.badge.uid);
    expect(before).toMatchObject({ decision: 'denied', reason: 'membership_expired' });
    expect(before.message.fr).toContain('Adhésion requise');

    const m = (await as(t, amina.token).post('/api/memberships', { planId: plan.id }).expect(201)).body;
    expect(m).toMatchObject({ status: 'pending', priceCents: 500, category: 'demandeur_emploi', payUrl: `/pay/membership/${m.id}` });
    // Asking twice gives the same membership to pay.
    expect((await as(t, amina.token).post('/api/memberships', { planId: plan.id }).expect(201)).body.id).toBe(m.id);
    expect(await t.app.get(Payables).read('membership', m.id)).toMatchObject({ totalCents: 500, paidCents: 0, personId: amina.person.id });
    const page = await as(t, amina.token).get('/adhesion').expect(200);
    expect(page.text).toContain(`href="/pay/membership/${m.id}"`);
    expect(page.text).toMatch(/5,00\s€/);

    const paymentId = settle('membership', m.id, 500);
    await untilStatus(amina.token, m.id, 'active');
    // Offline too: the bridge's signed list now holds her, until her membership ends at the latest.
    await offline(amina.badge.uid, 'granted');
    const entry = decideOffline(lists().at(-1), laser.slug, amina.badge.uid) as { until: string };
    expect(Date.parse(entry.until)).toBeLessThanOrEqual(Date.parse((await membership(amina.token, m.id)).body.endsAt));
    const active = (await membership(amina.token, m.id)).body;
    // Told twice (a webhook retried): nothing changes; another payment for it is not applied either.
    settle('membership', m.id, 500, { paymentId });
    settle('membership', m.id, 500);
    await new Promise((r) => setTimeout(r, 300));
    expect((await membership(amina.token, m.id)).body).toMatchObject({ status: 'active', paymentId, startsAt: active.startsAt, endsAt: active.endsAt });
    // This calendar year on the site's clock: from 1 January to 1 January next, Paris time.
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date()));
    expect(active.year).toBe(year);
    expect(new Date(active.startsAt).toISOString()).toBe(new Date(`${year - 1}-12-31T23:00:00Z`).toISOString());

    expect((await badgeIn(amina.badge.uid)).decision).toBe('granted');
    const me = await as(t, amina.token).get('/me').expect(200);
    expect(me.text).toContain('Adhésion individuelle');
  });

  it('joins through the payments feature: the pay page, a payment at the desk, an invoice, the membership current', async () => {
    const plan = (await as(t, manager).post('/api/memberships/plans', { name: 'Adhésion solidaire', period: 'moving_year', priceEuros: '12' }).expect(201))
      .body;
    const nora = await trained('Nora');
    const m = (await as(t, nora.token).post('/api/memberships', { planId: plan.id }).expect(201)).body;
    const pay = await as(t, nora.token).get(m.payUrl).expect(200);
    expect(pay.text).toContain('Adhésion solidaire');
    expect(pay.text).toMatch(/Reste à payer : 12,00\s€/);
    expect(pay.text).toContain('action="/me/payments/checkout"');
    // Another person may not see it; the desk records the payment.
    await as(t, (await trained('Intrus')).token)
      .get(m.payUrl)
      .expect(404);
    const paid = (await as(t, manager).post('/api/payments/desk', { kind: 'membership', ref: m.id, method: 'cash' }).expect(201)).body;
    expect(paid).toMatchObject({ status: 'settled', amountCents: 1200 });
    await untilStatus(nora.token, m.id, 'active');
    expect(paid.invoiceId).toEqual(expect.any(String));
    expect((await as(t, nora.token).get(m.payUrl).expect(200)).text).toContain('C’est payé');
    expect((await badgeIn(nora.badge.uid)).decision).toBe('granted');
  });

  it('refuses the badge with membership_expired and the booking in French once the membership has ended', async () => {
    const plan = (await as(t, manager).post('/api/memberships/plans', { name: 'Année glissante', period: 'moving_year', priceEuros: '15' }).expect(201)).body;
    const lucas = await trained('Lucas');
    const m = (await as(t, lucas.token).post('/api/memberships', { planId: plan.id }).expect(201)).body;
    const version = listVersion();
    settle('membership', m.id, 1500, { paidAt: new Date(Date.now() - 400 * DAY) });
    await untilStatus(lucas.token, m.id, 'active');
    await offline(lucas.badge.uid, 'denied', version);

    const denied = await badgeIn(lucas.badge.uid);
    expect(denied).toMatchObject({ decision: 'denied', reason: 'membership_expired' });
    expect(denied.message.fr).toMatch(/^Adhésion à renouveler : elle a pris fin le /);
    const start = parisAt(2, 10);
    const refused = await book(t, lucas.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(400);
    expect(refused.body).toMatchObject({ code: 'membership_required' });
    expect(refused.body.message).toMatch(/^Adhésion à renouveler/);

    // The site option off: both go through again.
    await as(t, manager).put('/api/memberships/rules', { requiredToBook: false, requiredToUnlock: false }).expect(200);
    await book(t, lucas.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
    expect((await badgeIn(lucas.badge.uid)).decision).toBe('granted');
    await offline(lucas.badge.uid, 'granted');
    await as(t, manager).put('/api/memberships/rules', { requiredToBook: true, requiredToUnlock: true }).expect(200);
  });

  it('withdraws a membership refunded in full by its payment', async () => {
    const [plan] = (await as(t, manager).get('/api/memberships/plans').expect(200)).body.filter((p: any) => p.period === 'moving_year');
    const ines = await trained('Inès');
    const m = (await as(t, ines.token).post('/api/memberships', { planId: plan.id }).expect(201)).body;
    const paymentId = settle('membership', m.id, 1500);
    await untilStatus(ines.token, m.id, 'active');
    events.emit('payments.refunded', { paymentId: 'another', siteId: site.id, kind: 'membership', ref: m.id, refundedCents: 1500, full: true });
    events.emit('payments.refunded', { paymentId, siteId: site.id, kind: 'membership', ref: m.id, refundedCents: 500, full: false });
    await new Promise((r) => setTimeout(r, 200));
    expect((await membership(ines.token, m.id)).body.status).toBe('active');
    events.emit('payments.refunded', { paymentId, siteId: site.id, kind: 'membership', ref: m.id, refundedCents: 1500, full: true });
    await untilStatus(ines.token, m.id, 'withdrawn');
  });

  describe('prepaid packs', () => {
    let maker: Awaited<ReturnType<typeof trained>>;
    let machine: Awaited<ReturnType<MachinesService['byIds']>>[number];
    const ds = () => t.app.get<DataSource>(getDataSourceToken());

    /** A session of `minutes`, ended, as access records it, then the `session.ended` access emits. */
    async function endedSession(startedAt: Date, minutes: number) {
      const id = randomUUID();
      await ds()
        .getRepository(UsageSession)
        .insert({
          id,
          siteId: site.id,
          machineId: laser.id,
          personId: maker.person.id,
          badgeId: null,
          startedAt,
          until: plusMinutes(startedAt, minutes),
          endedAt: plusMinutes(startedAt, minutes),
          endReason: 'badge_out',
        });
      events.emit('session.ended', { machine, sessionId: id, reason: 'badge_out', personId: maker.person.id });
      return id;
    }
    const mine = async () => (await as(t, maker.token).get('/api/packs/mine').expect(200)).body as any[];
    const lineOf = async (sessionId: string, startedAt: Date) => {
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(startedAt);
      const st = (await as(t, maker.token).get(`/api/charges/statements?month=${month}`).expect(200)).body;
      return st[0].lines.find((l: any) => l.sessionId === sessionId);
    };

    beforeAll(async () => {
      maker = await trained('Yacine');
      [machine] = await t.app.get(MachinesService).byIds([laser.id]);
      await as(t, manager)
        .post('/api/charges/prices', { label: 'Laser', machineId: laser.id, unit: 'minute', unitCents: 50, vatBasisPoints: 2000, bookingIsMinimum: true })
        .expect(201);
    });

    it('draws a session from the oldest-expiring pack first, then the next, and charges what no pack covers', async () => {
      const long = (
        await as(t, manager)
          .post('/api/packs/offers', { name: 'Pack 1 h laser', machineType: 'laser', hours: '1', priceEuros: '20', validityDays: 365 })
          .expect(201)
      ).body;
      const short = (
        await as(t, manager)
          .post('/api/packs/offers', { name: 'Pack 30 min', machineId: laser.id, hours: '0,5', priceEuros: '10', validityDays: 30 })
          .expect(201)
      ).body;
      await as(t, manager).post('/api/packs/offers', { name: 'Rien', hours: '1', priceEuros: '10', validityDays: 30 }).expect(400);
      const a = (await as(t, maker.token).post('/api/packs', { offerId: long.id }).expect(201)).body;
      const b = (await as(t, maker.token).post('/api/packs', { offerId: short.id }).expect(201)).body;
      expect(a.payUrl).toBe(`/pay/pack/${a.id}`);
      settle('pack', a.id, 2000);
      settle('pack', b.id, 1000);
      await waitUntil(async () => (await mine()).every((p) => p.status === 'active'));

      // 70 minutes: 30 from the pack expiring first (30 days), 40 from the other.
      const s1 = await endedSession(new Date(Date.now() - 3 * 3600_000), 70);
      await waitUntil(async () => (await mine()).some((p) => p.usedMinutes > 0));
      const packs = await mine();
      expect(packs.find((p) => p.id === b.id)).toMatchObject({ usedMinutes: 30, leftMinutes: 0 });
      expect(packs.find((p) => p.id === a.id)).toMatchObject({ usedMinutes: 40, leftMinutes: 20 });
      expect(await lineOf(s1, new Date(Date.now() - 3 * 3600_000))).toMatchObject({ packMinutes: 70, quantity: 0, grossCents: 0 });

      // Told twice, the same session draws once.
      events.emit('session.ended', { machine, sessionId: s1, reason: 'badge_out', personId: maker.person.id });
      // 50 minutes with 20 left: partial cover, the 30 others charged at 0,50 € + VAT.
      const start2 = new Date(Date.now() - 2 * 3600_000);
      const s2 = await endedSession(start2, 50);
      await waitUntil(async () => (await mine()).find((p) => p.id === a.id).leftMinutes === 0);
      expect((await mine()).find((p) => p.id === a.id).usedMinutes).toBe(60);
      expect(await lineOf(s2, start2)).toMatchObject({ packMinutes: 20, quantity: 30, netCents: 1500, grossCents: 1800 });

      const page = await as(t, maker.token).get('/adhesion').expect(200);
      expect(page.text).toContain('0 min restantes sur 1 h');
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(start2);
      const statement = await as(t, maker.token).get(`/bookings/statement?month=${month}`).expect(200);
      expect(statement.text).toContain('20 min prises sur un pack d’heures');
    });

    it('draws the booked time of a booking charged as a minimum, and never from an expired pack', async () => {
      const offer = (
        await as(t, manager).post('/api/packs/offers', { name: 'Pack 2 h', machineType: 'laser', hours: '2', priceEuros: '35', validityDays: 10 }).expect(201)
      ).body;
      const old = (await as(t, maker.token).post('/api/packs', { offerId: offer.id }).expect(201)).body;
      settle('pack', old.id, 3500, { paidAt: new Date(Date.now() - 20 * DAY) }); // expired 10 days ago
      await waitUntil(async () => (await mine()).find((p) => p.id === old.id).status === 'active');
      const fresh = (await as(t, maker.token).post('/api/packs', { offerId: offer.id }).expect(201)).body;
      settle('pack', fresh.id, 3500);
      await waitUntil(async () => (await mine()).find((p) => p.id === fresh.id).status === 'active');

      // Booked 60 minutes, used 20: the line bills the 60 booked, the pack covers them. The booking
      // is over at any time of day, so it never holds the laser for the tests that follow.
      const start = new Date(Math.floor((Date.now() - 5 * 3600_000) / 60_000) * 60_000);
      await ds().query(
        process.env.TEST_DB === 'postgres'
          ? 'INSERT INTO bookings (id, "siteId", "machineId", "personId", kind, note, "startsAt", "endsAt", status, "createdById") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)'
          : 'INSERT INTO bookings (id, "siteId", "machineId", "personId", kind, note, "startsAt", "endsAt", status, "createdById") VALUES (?,?,?,?,?,?,?,?,?,?)',
        [randomUUID(), site.id, laser.id, maker.person.id, 'booking', '', iso(start), iso(plusMinutes(start, 60)), 'active', maker.person.id].map((v, i) =>
          process.env.TEST_DB === 'postgres' || (i !== 6 && i !== 7) ? v : v.replace('T', ' ').replace('Z', ''),
        ),
      );
      const s = await endedSession(plusMinutes(start, 2), 20);
      await waitUntil(async () => (await mine()).find((p) => p.id === fresh.id).usedMinutes > 0);
      const packs = await mine();
      expect(packs.find((p) => p.id === fresh.id)).toMatchObject({ usedMinutes: 60, leftMinutes: 60 });
      expect(packs.find((p) => p.id === old.id)).toMatchObject({ usedMinutes: 0, usable: false });
      expect(await lineOf(s, plusMinutes(start, 2))).toMatchObject({ packMinutes: 60, quantity: 0 });
      const me = await as(t, maker.token).get('/me').expect(200);
      expect(me.text).toContain('1 h restantes sur 2 h');
    });
  });

  it('sends a renewal reminder once per membership and threshold, on the site’s morning', async () => {
    const [plan] = (await as(t, manager).get('/api/memberships/plans').expect(200)).body.filter((p: any) => p.period === 'moving_year');
    const zoe = await trained('Zoé');
    const m = (await as(t, zoe.token).post('/api/memberships', { planId: plan.id }).expect(201)).body;
    settle('membership', m.id, 1500, { paidAt: new Date(Date.now() - 360 * DAY) }); // ends in about 5 days
    await untilStatus(zoe.token, m.id, 'active');
    const reminders = t.app.get(MembershipReminders);
    const mails = t.app.get(MailService).sent;
    const toZoe = () => mails.filter((x) => x.to === zoe.email);
    expect((await reminders.run(parisAt(0, 7))).sent).toBe(0); // 07:00 in Paris: not yet
    await reminders.run(parisAt(0, 10));
    expect(toZoe()).toHaveLength(1);
    expect(toZoe()[0].subject).toMatch(/^Votre adhésion se termine le /);
    expect(toZoe()[0].text).toContain('/adhesion');
    await reminders.run(parisAt(0, 11));
    expect(toZoe()).toHaveLength(1);
    const list = (await as(t, manager).get('/api/memberships?endingWithinDays=30').expect(200)).body;
    expect(list.map((x: any) => x.id)).toContain(m.id);
    expect((await as(t, manager).get('/memberships/admin').expect(200)).text).toContain('Zoé');
  });

  it('covers two people with one company membership, up to the plan’s limit', async () => {
    const plan = (
      await as(t, manager)
        .post('/api/memberships/plans', { name: 'Adhésion entreprise', period: 'calendar_year', priceEuros: '120', forCompany: true, maxMembers: 2 })
        .expect(201)
    ).body;
    const contact = await trained('Claire');
    const colleague = await trained('Hugo');
    const third = await trained('Nina');
    await as(t, contact.token).post('/api/memberships', { planId: plan.id }).expect(400); // the company's name is needed
    const m = (await as(t, contact.token).post('/api/memberships', { planId: plan.id, companyName: 'Menuiserie Dubois' }).expect(201)).body;
    settle('membership', m.id, 12000);
    await untilStatus(contact.token, m.id, 'active');
    await as(t, contact.token).post(`/api/memberships/${m.id}/members`, { personId: colleague.person.id }).expect(403);
    const two = (await as(t, manager).post(`/api/memberships/${m.id}/members`, { personId: colleague.person.id }).expect(201)).body;
    expect(two.members.map((x: any) => x.personId).sort()).toEqual([contact.person.id, colleague.person.id].sort());
    const full = await as(t, manager).post(`/api/memberships/${m.id}/members`, { personId: third.person.id }).expect(409);
    expect(full.body.code).toBe('company_full');

    // Both people are members: the colleague books and opens the machine, the third person does not.
    const start = parisAt(3, 14);
    await book(t, colleague.token, { machineId: laser.id, startsAt: start, endsAt: plusMinutes(start, 30) }).expect(201);
    expect((await badgeIn(colleague.badge.uid)).decision).toBe('granted');
    expect(await badgeIn(third.badge.uid)).toMatchObject({ decision: 'denied', reason: 'membership_expired' });
    expect((await as(t, colleague.token).get(`/api/memberships/${m.id}`).expect(200)).body.companyName).toBe('Menuiserie Dubois');
    await as(t, third.token).get(`/api/memberships/${m.id}`).expect(404);
    const page = await as(t, manager).get(`/memberships/${m.id}`).expect(200);
    expect(page.text).toContain('Menuiserie Dubois');
    expect(page.text).toContain('Hugo');
  });
});
