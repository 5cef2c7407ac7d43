import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { FakeBridge } from '../factories/bridge-client';
import { createMember, parseCsv } from '../factories/trainings.factory';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

describe(`usage history and machine states (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let admin: string;
  let manager: { token: string; person: { id: string } };
  let site: { id: string; slug: string };
  let laser: { id: string; slug: string; name: string };
  let bridge: FakeBridge;
  let amina: Awaited<ReturnType<typeof createMember>>;
  let lucas: { id: string };
  const sessionIds: string[] = [];

  /** A real badge-in through the bridge, then the bridge ends the session. */
  async function useLaser(uid: string, reason = 'badge_out') {
    const reply = await bridge.badge(laser.slug, uid);
    expect(reply.decision).toBe('granted');
    await bridge.event(laser.slug, 'session.ended', { sessionId: reply.sessionId, reason });
    await waitUntil(async () => (await as(t, manager.token).get('/api/sessions/open')).body.length === 0);
    sessionIds.push(reply.sessionId);
    return reply.sessionId as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    site = await createSite(t, admin);
    manager = await createManager(t, admin, site.id);
    laser = await createMachine(t, manager.token, site.id, { type: 'laser', name: 'Découpeuse laser' });
    const training = await createTraining(t, manager.token, site.id);
    const reg = await registerBridge(t, admin, site.id, [laser.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, reg.credentials, site.slug, reg.bridge.slug);
    await bridge.serve(laser.slug);

    amina = await createMember(t, manager.token, site.id, { firstName: 'Amina', lastName: 'Kaci' });
    const aminaBadge = await createBadge(t, manager.token, amina.person.id);
    await recordPass(t, manager.token, amina.person.id, training.id, isoDaysAgo(3));
    lucas = await createPerson(t, manager.token, site.id, { firstName: 'Lucas', lastName: 'Martin' });
    const lucasBadge = await createBadge(t, manager.token, lucas.id);
    await recordPass(t, manager.token, lucas.id, training.id, isoDaysAgo(3));

    await useLaser(aminaBadge.uid, 'badge_out');
    await useLaser(lucasBadge.uid, 'idle_timeout');
  });

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('lists a machine’s sessions with names, duration in minutes and how they ended', async () => {
    const res = await as(t, manager.token).get(`/api/sessions?machineId=${laser.id}`).expect(200);
    expect(res.body).toHaveLength(2);
    const a = res.body.find((r: any) => r.personId === amina.person.id);
    expect(a).toMatchObject({ machineName: 'Découpeuse laser', personName: 'Amina K.', durationMinutes: 0, endReason: 'badge_out' });
    expect(Date.parse(a.endedAt)).toBeGreaterThanOrEqual(Date.parse(a.startedAt));
    expect(res.body.find((r: any) => r.personId === lucas.id).endReason).toBe('idle_timeout');
  });

  it('filters by person and by dates (Paris days, both included)', async () => {
    const mine = await as(t, manager.token).get(`/api/sessions?personId=${lucas.id}`).expect(200);
    expect(mine.body.map((r: any) => r.personName)).toEqual(['Lucas M.']);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect((await as(t, manager.token).get(`/api/sessions?from=${today}&to=${today}`).expect(200)).body).toHaveLength(2);
    expect(
      (
        await as(t, manager.token)
          .get(`/api/sessions?to=${isoDaysAgo(2)}`)
          .expect(200)
      ).body,
    ).toHaveLength(0);
    await as(t, manager.token).get('/api/sessions?from=hier').expect(400);
  });

  it('shows a maker only their own sessions', async () => {
    const own = await as(t, amina.token).get('/api/sessions').expect(200);
    expect(own.body.map((r: any) => r.personId)).toEqual([amina.person.id]);
    await as(t, amina.token).get(`/api/sessions?personId=${lucas.id}`).expect(403);
  });

  it('keeps another site’s manager out', async () => {
    const other = await createSite(t, admin);
    const otherManager = (await createManager(t, admin, other.id)).token;
    await as(t, otherManager).get(`/api/sessions?machineId=${laser.id}`).expect(404);
    expect((await as(t, otherManager).get('/api/sessions').expect(200)).body).toHaveLength(0);
  });

  it('exports the same rows as a French CSV (BOM, `;`, French header, Paris times)', async () => {
    const res = await as(t, manager.token)
      .get(`/api/sessions.csv?machineId=${laser.id}`)
      .buffer(true)
      .parse((r: any, cb: any) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="sessions-\d{4}-\d{2}-\d{2}\.csv"/);
    const { bom, rows } = parseCsv(res.body);
    expect(bom).toBe(true);
    expect(rows[0]).toEqual(['Machine', 'Personne', 'Début', 'Fin', 'Durée (minutes)', 'Motif de fin']);
    expect(rows).toHaveLength(3);
    const aminaRow = rows.find((r) => r[1] === 'Amina K.')!;
    expect(aminaRow[0]).toBe('Découpeuse laser');
    expect(aminaRow[2]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const api = (await as(t, manager.token).get(`/api/sessions?machineId=${laser.id}`)).body.find((r: any) => r.personName === 'Amina K.');
    const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      new Date(api.startedAt),
    );
    expect(aminaRow[2].endsWith(paris)).toBe(true);
    expect(aminaRow[4]).toBe('0');
    expect(aminaRow[5]).toBe('Badge retiré');
    expect(rows.find((r) => r[1] === 'Lucas M.')![5]).toBe('Inactivité');
  });

  it('shows history pages per machine and per person with a CSV link', async () => {
    const page = await as(t, manager.token).get(`/machines/${laser.id}/history`).expect(200);
    expect(page.text).toContain('Historique de Découpeuse laser');
    expect(page.text).toContain('Télécharger (CSV)');
    expect(page.text).toContain(`/api/sessions.csv?machineId=${laser.id}`);
    expect(page.text).toContain('Lucas M.');
    const mine = await as(t, amina.token).get(`/people/${amina.person.id}/history`).expect(200);
    expect(mine.text).toContain('Badge retiré');
    expect(mine.text).not.toContain('Inactivité');
    await as(t, amina.token).get(`/people/${lucas.id}/history`).expect(404);
    const en = await as(t, manager.token).get(`/machines/${laser.id}/history?lang=en`).expect(200);
    expect(en.text).toContain('Download (CSV)');
  });

  it('records who put a machine in maintenance and when, shows it, and refuses badges with the reason in French', async () => {
    const before = Date.now();
    const res = await as(t, manager.token).put(`/api/machines/${laser.id}/status`, { status: 'maintenance', reason: 'Lentille à nettoyer' }).expect(200);
    expect(res.body).toMatchObject({ status: 'maintenance', statusReason: 'Lentille à nettoyer', statusSetBy: manager.person.id });
    expect(Date.parse(res.body.statusSetAt)).toBeGreaterThanOrEqual(before - 1000);
    const page = await as(t, manager.token).get(`/machines/${laser.id}/history`).expect(200);
    expect(page.text).toContain('Lentille à nettoyer');
    expect(page.text).toMatch(/mis par Martine/);

    const badge = await createBadge(t, manager.token, amina.person.id);
    const reply = await bridge.badge(laser.slug, badge.uid);
    expect(reply).toMatchObject({ decision: 'denied', reason: 'machine_maintenance' });
    expect(reply.message.fr).toBe('Machine en maintenance : Lentille à nettoyer.');

    await as(t, manager.token).put(`/api/machines/${laser.id}/status`, { status: 'disabled', reason: 'Tube HS' }).expect(200);
    expect((await bridge.badge(laser.slug, badge.uid)).message.fr).toBe('Machine hors service : Tube HS.');
    await as(t, manager.token).put(`/api/machines/${laser.id}/status`, { status: 'to_check' }).expect(200);
    expect((await bridge.badge(laser.slug, badge.uid)).message.fr).toBe('Machine à vérifier après une alarme : un formateur doit la contrôler.');
    await as(t, manager.token).put(`/api/machines/${laser.id}/status`, { status: 'free' }).expect(200);
  });
});
