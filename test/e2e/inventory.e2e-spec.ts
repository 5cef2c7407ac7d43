import { io } from 'socket.io-client';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { createLocation, createPart, createVolunteer, finish, intake, receive, step } from '../factories/repairs.factory';
import { MailService } from '../../src/infra/mail/mail.service';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

describe(`parts inventory (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let volunteer: string;
  let site: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = (await createManager(t, admin, site.id)).token;
    volunteer = (await createVolunteer(t, manager, site.id)).token;
    // Booting the whole app on a busy 2-core machine can take longer than the default 30 s.
  }, 120_000);
  afterAll(() => t?.close());

  const partOf = async (id: string) => (await as(t, manager).get(`/api/inventory/parts/${id}`).expect(200)).body;
  const sumOfMoves = async (id: string) =>
    (await as(t, manager).get(`/api/inventory/parts/${id}/moves`).expect(200)).body.reduce((s: number, m: any) => s + m.delta, 0);

  it('keeps locations as a tree and shows their path', async () => {
    const shelf = await createLocation(t, manager, site.id, { name: 'Étagère A', kind: 'shelf' });
    const bin = await createLocation(t, manager, site.id, { name: 'Bac 3', parentId: shelf.id });
    const list = (await as(t, volunteer).get('/api/inventory/locations').expect(200)).body;
    expect(list.find((l: any) => l.id === bin.id).path).toBe('Étagère A › Bac 3');
  });

  it('hands out the last units exactly once under 50 simultaneous requests (never negative)', async () => {
    const bin = await createLocation(t, manager, site.id);
    const part = await createPart(t, manager, site.id);
    await receive(t, manager, part.id, bin.id, 20);
    const tickets = await Promise.all(Array.from({ length: 5 }, () => intake(t, volunteer)));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        as(t, volunteer).post(`/api/repairs/tickets/${tickets[i % 5].id}/parts`, { partId: part.id, locationId: bin.id, quantity: 1 }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(30);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('out_of_stock');
    const after = await partOf(part.id);
    expect(after.quantity).toBe(0);
    expect(await sumOfMoves(part.id)).toBe(0);
    const used = await Promise.all(tickets.map(async (tk) => (await as(t, volunteer).get(`/api/repairs/tickets/${tk.id}`).expect(200)).body.partsUsed.length));
    expect(used.reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('keeps stock equal to the sum of moves: received, used, scrapped, counted', async () => {
    const bin = await createLocation(t, manager, site.id);
    const part = await createPart(t, manager, site.id, { lowStockThreshold: 1 });
    await receive(t, manager, part.id, bin.id, 5);
    const ticket = await intake(t, volunteer);
    await as(t, volunteer).post(`/api/repairs/tickets/${ticket.id}/parts`, { partId: part.id, locationId: bin.id, quantity: 2 }).expect(201);
    await as(t, volunteer).post('/api/inventory/moves', { partId: part.id, locationId: bin.id, kind: 'scrapped', quantity: 1 }).expect(201);
    expect((await partOf(part.id)).quantity).toBe(2);
    // Stock take: 1 found on the shelf.
    const counted = (await as(t, manager).post('/api/inventory/moves', { partId: part.id, locationId: bin.id, kind: 'counted', quantity: 1 }).expect(201)).body;
    expect(counted.move.delta).toBe(-1);
    expect((await partOf(part.id)).quantity).toBe(1);
    expect(await sumOfMoves(part.id)).toBe(1);
    await as(t, volunteer).post('/api/inventory/moves', { partId: part.id, locationId: bin.id, kind: 'used', quantity: 1 }).expect(400);
    const low = (await as(t, manager).get('/api/inventory/low-stock').expect(200)).body;
    expect(low.map((l: any) => l.part.id)).toContain(part.id);
  });

  it('refuses using a part on a closed ticket', async () => {
    const bin = await createLocation(t, manager, site.id);
    const part = await createPart(t, manager, site.id);
    await receive(t, manager, part.id, bin.id, 3);
    const ticket = await intake(t, volunteer);
    await finish(t, volunteer, ticket.id, 'repaired');
    expect(
      (await as(t, volunteer).post(`/api/repairs/tickets/${ticket.id}/parts`, { partId: part.id, locationId: bin.id, quantity: 1 }).expect(409)).body.code,
    ).toBe('ticket_closed');
  });

  it('alerts the managers of the site live when a part falls to its threshold', async () => {
    const bin = await createLocation(t, manager, site.id);
    const part = await createPart(t, manager, site.id, { lowStockThreshold: 1 });
    await receive(t, manager, part.id, bin.id, 2);
    const socket = io(`${t.url}/live`, { auth: { token: manager }, transports: ['websocket'] });
    try {
      await new Promise<void>((resolve, reject) => (socket.once('hello', () => resolve()), socket.once('connect_error', reject)));
      const alert = new Promise<any>((resolve) => socket.on('inventory.low_stock', (p: any) => p.partId === part.id && resolve(p)));
      const ticket = await intake(t, volunteer);
      await as(t, volunteer).post(`/api/repairs/tickets/${ticket.id}/parts`, { partId: part.id, locationId: bin.id, quantity: 1 }).expect(201);
      expect(await alert).toMatchObject({ partId: part.id, quantity: 1, threshold: 1 });
    } finally {
      socket.close();
    }
  });

  it('mails the managers of the site once a day per part when it falls to its threshold', async () => {
    const other = await createSite(t, admin);
    const otherManager = await createManager(t, admin, other.id);
    const siteManager = await createManager(t, admin, site.id);
    const bin = await createLocation(t, manager, site.id);
    const part = await createPart(t, manager, site.id, { name: 'Batterie T440', lowStockThreshold: 1 });
    await receive(t, manager, part.id, bin.id, 3);
    const mail = t.app.get(MailService);
    const aboutPart = () => mail.sent.filter((m: any) => m.subject.includes('Batterie T440'));
    const use = async () => {
      const ticket = await intake(t, volunteer);
      await as(t, volunteer).post(`/api/repairs/tickets/${ticket.id}/parts`, { partId: part.id, locationId: bin.id, quantity: 1 }).expect(201);
    };
    await use(); // 2 left: above the threshold, no mail
    await use(); // 1 left: at the threshold
    await waitUntil(() => aboutPart().some((m: any) => m.to === siteManager.email));
    const first = aboutPart().find((m: any) => m.to === siteManager.email)!;
    expect(first.subject).toBe('Stock bas : « Batterie T440 » (1 restant)');
    expect(first.text).toContain("seuil d'alerte : 1");
    expect(aboutPart().some((m: any) => m.to === otherManager.email)).toBe(false);
    const count = aboutPart().length;
    await use(); // 0 left, same day: no second mail
    await new Promise((r) => setTimeout(r, 1000));
    expect(aboutPart().length).toBe(count);
  });

  it('harvests parts only from an end-of-life device, keeping the link to the donor', async () => {
    const bin = await createLocation(t, manager, site.id);
    const screen = await createPart(t, manager, site.id, { name: 'Écran 14" T440', category: 'screen' });
    const ticket = await intake(t, volunteer);
    const harvest = () => as(t, volunteer).post(`/api/repairs/devices/${ticket.device.id}/harvest`, { partId: screen.id, locationId: bin.id, quantity: 1 });
    expect((await harvest().expect(409)).body.code).toBe('not_end_of_life');
    await step(t, volunteer, ticket.id, 'diagnosed').expect(201);
    await step(t, volunteer, ticket.id, 'end_of_life', { barriers: ['Item too worn out'] }).expect(201);
    const res = (await harvest().expect(201)).body;
    expect(res.move).toMatchObject({ kind: 'harvested', delta: 1, donorDeviceId: ticket.device.id });
    expect((await partOf(screen.id)).quantity).toBe(1);
  });

  it("hides another site's parts (404), even to record a move", async () => {
    const other = await createSite(t, admin);
    const otherManager = (await createManager(t, admin, other.id)).token;
    const bin = await createLocation(t, manager, site.id);
    const part = await createPart(t, manager, site.id);
    await as(t, otherManager).get(`/api/inventory/parts/${part.id}`).expect(404);
    await as(t, otherManager).post('/api/inventory/moves', { partId: part.id, locationId: bin.id, kind: 'received', quantity: 1 }).expect(404);
  });
});
