import { getDataSourceToken } from '@nestjs/typeorm';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { RepairTicket } from '../../src/repairs/entities/ticket.entity';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { createVolunteer, finish, goodErasure, intake, step } from '../factories/repairs.factory';
import { startTestApp, TestApp } from './harness';
import { ORDS_BARRIERS, ORDS_FIELDS, ORDS_PRODUCT_CATEGORIES, ORDS_REQUIRED } from '../../src/repairs/ords';

/** Minimal RFC 4180 parser, enough to read our export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe(`repair workshop (${process.env.TEST_DB})`, () => {
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

  describe('status flow', () => {
    it('opens a ticket « reçu » at intake, with who and when', async () => {
      const ticket = await intake(t, volunteer);
      expect(ticket.status).toBe('received');
      const detail = await as(t, volunteer).get(`/api/repairs/tickets/${ticket.id}`).expect(200);
      expect(detail.body.steps).toHaveLength(1);
      expect(detail.body.steps[0]).toMatchObject({ toStatus: 'received', personName: 'Yacine B.' });
    });

    it('refuses to skip diagnosis (received → in repair) and says which steps are possible', async () => {
      const ticket = await intake(t, volunteer);
      const res = await step(t, volunteer, ticket.id, 'in_repair').expect(409);
      expect(res.body.code).toBe('step_not_allowed');
      expect(res.body.message).toContain('« Diagnostiqué »');
      await step(t, volunteer, ticket.id, 'repaired').expect(409);
    });

    it('records each step with notes and the minutes of each volunteer', async () => {
      const ticket = await intake(t, volunteer);
      await step(t, volunteer, ticket.id, 'diagnosed', { notes: 'Connecteur de charge dessoudé', minutesSpent: 20 }).expect(201);
      await step(t, manager, ticket.id, 'in_repair', { minutesSpent: 10 }).expect(201);
      await as(t, volunteer).post(`/api/repairs/tickets/${ticket.id}/time`, { minutesSpent: 25, notes: 'Soudure' }).expect(201);
      await step(t, volunteer, ticket.id, 'repaired', { minutesSpent: 5 }).expect(201);
      const d = (await as(t, volunteer).get(`/api/repairs/tickets/${ticket.id}`).expect(200)).body;
      expect(d.status).toBe('repaired');
      expect(d.totalMinutes).toBe(60);
      expect(
        Object.values(d.timeByVolunteer)
          .map((v: any) => v.minutes)
          .sort(),
      ).toEqual([10, 50]);
      expect(d.steps.map((s: any) => s.toStatus)).toEqual(['received', 'diagnosed', 'in_repair', null, 'repaired']);
      await step(t, volunteer, ticket.id, 'in_repair').expect(409);
    });

    it('asks for an ORDS barrier before end of life', async () => {
      const ticket = await intake(t, volunteer);
      await step(t, volunteer, ticket.id, 'diagnosed').expect(201);
      expect((await step(t, volunteer, ticket.id, 'end_of_life').expect(400)).body.code).toBe('barrier_required');
      await step(t, volunteer, ticket.id, 'end_of_life', { barriers: ['Not a barrier'] }).expect(400);
      await step(t, volunteer, ticket.id, 'end_of_life', { barriers: ['Spare parts too expensive'] }).expect(201);
    });

    it('refuses a weight typed in grams (kg only)', async () => {
      await as(t, volunteer).post('/api/repairs/intake', { purpose: 'repair', category: 'phone', reportedFault: 'Écran cassé', weightKg: 180 }).expect(400);
    });

    it('takes a weight of 1,2 or 1.2 kg, and the intake form lets 1.2 through (step and min agree)', async () => {
      for (const weightKg of ['1,2', 1.2, '1.2']) {
        const ticket = await intake(t, volunteer, { category: 'laptop', weightKg });
        expect((await as(t, volunteer).get(`/api/repairs/devices/${ticket.device.id}`).expect(200)).body.weightKg).toBe(1.2);
      }
      const bad = await as(t, volunteer)
        .post('/api/repairs/intake', { purpose: 'repair', category: 'phone', reportedFault: 'Écran', weightKg: '1,2,3' })
        .expect(400);
      expect(JSON.stringify(bad.body)).toMatch(/Poids en kg attendu/);
      // A browser refuses a value that is not min + n × step: 1.2 must be one (and 0,5 kg, and 12 kg).
      const page = (await as(t, volunteer).get('/repairs').expect(200)).text;
      const input = page.match(/<input[^>]*name="weightKg"[^>]*>/)![0];
      const step = input.match(/step="([^"]+)"/)?.[1] ?? '1';
      const min = Number(input.match(/min="([^"]+)"/)?.[1] ?? 0);
      for (const kg of [1.2, 0.5, 12]) {
        const ok = step === 'any' || Math.abs(Math.round((kg - min) / Number(step)) * Number(step) - (kg - min)) < 1e-9;
        expect({ kg, ok }).toEqual({ kg, ok: true });
      }
    });

    it('keeps no contact when the owner did not consent', async () => {
      const ticket = await intake(t, volunteer, { contact: '06 12 34 56 78', contactConsent: false });
      const device = (await as(t, volunteer).get(`/api/repairs/devices/${ticket.device.id}`).expect(200)).body;
      expect(device.contact).toBeNull();
    });

    it("hides another site's tickets (404) from its manager", async () => {
      const other = await createSite(t, admin);
      const otherManager = (await createManager(t, admin, other.id)).token;
      const ticket = await intake(t, volunteer);
      await as(t, otherManager).get(`/api/repairs/tickets/${ticket.id}`).expect(404);
      await step(t, otherManager, ticket.id, 'diagnosed').expect(404);
    });
  });

  describe('refurbishment and release', () => {
    async function donated() {
      const ticket = await intake(t, volunteer, { purpose: 'refurbish', category: 'laptop', broughtBy: 'Entreprise Dupont' });
      return ticket.device.id;
    }
    async function passChecklist(deviceId: string) {
      const device = (await as(t, volunteer).get(`/api/repairs/devices/${deviceId}`).expect(200)).body;
      const checklist = device.checklist.map((c: any) => ({ item: c.item, ok: true }));
      return as(t, volunteer).put(`/api/repairs/devices/${deviceId}/refurbishment`, { checklist, grade: 'B', priceCents: 5000 }).expect(200);
    }

    beforeAll(async () => {
      await as(t, manager)
        .put('/api/repairs/settings', {
          siteId: site.id,
          country: 'FRA',
          dataProvider: 'Atelier Test',
          eligibilityCriteria: [
            { code: 'job_seeker', label: "Demandeur d'emploi" },
            { code: 'rsa', label: 'Bénéficiaire du RSA' },
          ],
        })
        .expect(200);
    });

    it('gives a laptop the laptop checklist, free software by default', async () => {
      const id = await donated();
      const device = (await passChecklist(id)).body;
      expect(device.checklist.map((c: any) => c.item)).toEqual(
        expect.arrayContaining(['battery_health', 'screen', 'keyboard', 'storage_test', 'os_installed']),
      );
      expect(device.osInstalled).toBe('Linux Mint');
    });

    it('refuses to release a device without a data erasure record', async () => {
      const id = await donated();
      await passChecklist(id);
      const res = await as(t, volunteer)
        .post(`/api/repairs/devices/${id}/release`, { mode: 'donation', priceCents: 0, eligibilityCriterion: 'rsa' })
        .expect(409);
      expect(res.body.code).toBe('erasure_required');
    });

    it('refuses to release when the erasure failed its verification', async () => {
      const id = await donated();
      await passChecklist(id);
      await as(t, volunteer)
        .post(`/api/repairs/devices/${id}/erasures`, goodErasure({ verified: false, errors: 3 }))
        .expect(201);
      expect(
        (await as(t, volunteer).post(`/api/repairs/devices/${id}/release`, { mode: 'donation', priceCents: 0, eligibilityCriterion: 'rsa' }).expect(409)).body
          .code,
      ).toBe('erasure_required');
    });

    it('refuses to release before every function was tested', async () => {
      const id = await donated();
      await as(t, volunteer).post(`/api/repairs/devices/${id}/erasures`, goodErasure()).expect(201);
      expect(
        (await as(t, volunteer).post(`/api/repairs/devices/${id}/release`, { mode: 'sale', priceCents: 3000, eligibilityCriterion: 'rsa' }).expect(409)).body
          .code,
      ).toBe('checklist_incomplete');
    });

    it('requires an eligibility criterion of the site, and keeps no more than the criterion, who and when', async () => {
      const id = await donated();
      await passChecklist(id);
      await as(t, volunteer).post(`/api/repairs/devices/${id}/erasures`, goodErasure()).expect(201);
      expect((await as(t, volunteer).post(`/api/repairs/devices/${id}/release`, { mode: 'donation', priceCents: 0 }).expect(409)).body.code).toBe(
        'eligibility_required',
      );
      await as(t, volunteer).post(`/api/repairs/devices/${id}/release`, { mode: 'donation', priceCents: 0, beneficiaryName: 'X' }).expect(400);
      const release = (
        await as(t, volunteer).post(`/api/repairs/devices/${id}/release`, { mode: 'donation', priceCents: 0, eligibilityCriterion: 'job_seeker' }).expect(201)
      ).body;
      expect(Object.keys(release).sort()).toEqual([
        'checkedBy',
        'deviceId',
        'eligibilityCriterion',
        'id',
        'mode',
        'priceCents',
        'releasedAt',
        'siteId',
        'warrantyMonths',
      ]);
      expect(release).toMatchObject({ mode: 'donation', priceCents: 0, eligibilityCriterion: 'job_seeker' });
      expect(
        (await as(t, volunteer).post(`/api/repairs/devices/${id}/release`, { mode: 'donation', priceCents: 0, eligibilityCriterion: 'job_seeker' }).expect(409))
          .body.code,
      ).toBe('already_released');
    });

    it('refuses to release a device that belongs to its owner', async () => {
      const ticket = await intake(t, volunteer, { purpose: 'repair' });
      expect(
        (
          await as(t, volunteer)
            .post(`/api/repairs/devices/${ticket.device.id}/release`, { mode: 'sale', priceCents: 0, eligibilityCriterion: 'rsa' })
            .expect(409)
        ).body.code,
      ).toBe('not_for_refurbishment');
    });

    it('prints an erasure certificate (PDF) for the donor', async () => {
      const id = await donated();
      await as(t, volunteer).get(`/api/repairs/devices/${id}/erasure-certificate.pdf`).expect(409);
      await as(t, volunteer).post(`/api/repairs/devices/${id}/erasures`, goodErasure()).expect(201);
      const res = await as(t, volunteer)
        .get(`/api/repairs/devices/${id}/erasure-certificate.pdf`)
        .buffer(true)
        .parse((r: any, cb: any) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    });
  });

  describe('photos', () => {
    let deviceId: string;
    beforeAll(async () => {
      deviceId = (await intake(t, volunteer)).device.id;
    });
    const upload = (buf: Buffer, name: string, type: string) =>
      t
        .http()
        .post(`/api/repairs/devices/${deviceId}/photos`)
        .set('Authorization', `Bearer ${volunteer}`)
        .attach('photo', buf, { filename: name, contentType: type });

    it('turns a phone JPEG upright, strips its GPS position and makes a thumbnail', async () => {
      const jpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#c33' } })
        .jpeg()
        .withExif({
          IFD0: { Make: 'TestPhone' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 7/1' },
        })
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const before = await sharp(jpeg).metadata();
      expect(before.orientation).toBe(6);
      expect(before.exif?.includes(Buffer.from('TestPhone'))).toBe(true);
      const photo = (await upload(jpeg, 'photo.jpg', 'image/jpeg').expect(201)).body;
      expect(photo).toMatchObject({ width: 200, height: 400 });
      const image = (await as(t, volunteer).get(`/api/repairs/photos/${photo.id}`).buffer(true).expect(200)).body as Buffer;
      const after = await sharp(image).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.orientation).toBeUndefined();
      expect([after.width, after.height]).toEqual([200, 400]);
      const thumb = await sharp((await as(t, volunteer).get(`/api/repairs/photos/${photo.id}?thumb=1`).buffer(true).expect(200)).body).metadata();
      expect(Math.max(thumb.width!, thumb.height!)).toBe(320);
    });

    it('accepts a PNG', async () => {
      const png = await sharp({ create: { width: 64, height: 48, channels: 4, background: '#3c3c' } })
        .png()
        .toBuffer();
      expect((await upload(png, 'schema.png', 'image/png').expect(201)).body).toMatchObject({ width: 64, height: 48 });
    });

    it('refuses a 30 MB upload with a clear French message', async () => {
      const res = await upload(Buffer.alloc(30 * 1024 * 1024, 1), 'huge.jpg', 'image/jpeg').expect(413);
      expect(res.body.message).toMatch(/Photo trop lourde \(maximum 15 Mo\)/);
    });

    it('refuses a text file pretending to be a photo', async () => {
      const res = await upload(Buffer.from('Bonjour, ceci est un texte.'), 'note.jpg', 'image/jpeg').expect(415);
      expect(res.body.message).toMatch(/n'est pas une photo/);
    });
  });

  describe('ORDS export and impact', () => {
    let event: { id: string };
    beforeAll(async () => {
      event = (await as(t, volunteer).post('/api/repairs/events', { name: 'Repair café de novembre', date: '2026-11-28' }).expect(201)).body;
      const a = await intake(t, volunteer, {
        category: 'phone',
        brand: 'Fairphone',
        yearOfManufacture: 2019,
        eventId: event.id,
        reportedFault: 'Batterie, contact: jean@example.org, "urgent", tél 06 12 34 56 78',
      });
      await finish(t, volunteer, a.id, 'repaired');
      const b = await intake(t, volunteer, { category: 'printer', eventId: event.id });
      await finish(t, volunteer, b.id, 'end_of_life');
      const c = await intake(t, volunteer, { category: 'small_appliance', eventId: event.id });
      await finish(t, volunteer, c.id, 'repairable_later');
    });

    it("groups the day's repairs under the repair café", async () => {
      const e = (await as(t, volunteer).get(`/api/repairs/events/${event.id}`).expect(200)).body;
      expect(e.tickets).toHaveLength(3);
    });

    it('exports rows valid against the ORDS v0.3 columns and values', async () => {
      await as(t, volunteer).get('/api/repairs/export/ords.csv').expect(403);
      const res = await as(t, manager).get('/api/repairs/export/ords.csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...rows] = parseCsv(res.text);
      expect(header.every((h) => (ORDS_FIELDS as readonly string[]).includes(h))).toBe(true);
      expect(header).toEqual(expect.arrayContaining([...ORDS_REQUIRED]));
      expect(rows.length).toBeGreaterThanOrEqual(3);
      const categories = new Set(Object.values(ORDS_PRODUCT_CATEGORIES));
      for (const r of rows) {
        const rec = Object.fromEntries(header.map((h, i) => [h, r[i]]));
        for (const f of ORDS_REQUIRED) expect(rec[f]).not.toBe('');
        expect(['Fixed', 'Repairable', 'End of life', 'Unknown']).toContain(rec.repair_status);
        expect(categories.has(rec.product_category)).toBe(true);
        expect(ORDS_PRODUCT_CATEGORIES[Number(rec.product_category_id)]).toBe(rec.product_category);
        expect(rec.country).toBe('FRA');
        expect(rec.data_provider).toBe('Atelier Test');
        expect(rec.event_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (rec.repair_status === 'End of life') expect(ORDS_BARRIERS).toContain(rec.repair_barrier_if_end_of_life);
        else expect(rec.repair_barrier_if_end_of_life).toBe('');
        if (rec.year_of_manufacture) expect(rec.year_of_manufacture).toMatch(/^\d{4}$/);
      }
      const phone = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))).find((r) => r.brand === 'Fairphone')!;
      expect(phone).toMatchObject({
        product_category: 'Mobile',
        product_category_id: '19',
        repair_status: 'Fixed',
        event_date: '2026-11-28',
        product_age: '7.8',
      });
      expect(phone.problem).not.toMatch(/jean@example.org|06 12/);
      expect(phone.problem).toContain('"urgent"');
      const printer = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))).find((r) => r.product_category === 'Printer/scanner')!;
      expect(printer).toMatchObject({ repair_status: 'End of life', repair_barrier_if_end_of_life: 'Spare parts not available' });
    });

    describe('repairs under way, donations and days', () => {
      const rowsOf = (text: string) => {
        const [header, ...rows] = parseCsv(text);
        return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
      };
      let underWay: { id: string };
      let donation: { id: string };
      let lateNight: { id: string };
      beforeAll(async () => {
        underWay = await intake(t, volunteer, { category: 'tablet', brand: 'EnCours' });
        await step(t, volunteer, underWay.id, 'diagnosed').expect(201);
        donation = await intake(t, volunteer, { purpose: 'refurbish', category: 'laptop', brand: 'Don' });
        await finish(t, volunteer, donation.id, 'repaired');
        lateNight = await intake(t, volunteer, { category: 'pc_accessory', brand: 'Minuit' });
        await finish(t, volunteer, lateNight.id, 'repaired');
        // 23:30 UTC on 14 March is 00:30 on the 15th in Paris: the repair happened on the 15th.
        const ds = t.app.get<DataSource>(getDataSourceToken());
        await ds.getRepository(RepairTicket).update({ id: lateNight.id }, { createdAt: new Date('2026-03-14T23:30:00Z') });
      });

      it('writes a repair under way as Unknown by default, never an empty status', async () => {
        const rows = rowsOf((await as(t, manager).get('/api/repairs/export/ords.csv').expect(200)).text);
        expect(rows.find((r) => r.id === underWay.id)).toMatchObject({ repair_status: 'Unknown', repair_barrier_if_end_of_life: '' });
      });

      it('leaves repairs under way out when asked (unfinished=omit), and refuses an unknown option in French', async () => {
        const rows = rowsOf((await as(t, manager).get('/api/repairs/export/ords.csv?unfinished=omit').expect(200)).text);
        expect(rows.find((r) => r.id === underWay.id)).toBeUndefined();
        expect(rows.find((r) => r.brand === 'Fairphone')).toBeDefined();
        const bad = await as(t, manager).get('/api/repairs/export/ords.csv?unfinished=maybe').expect(400);
        expect(bad.body.message).toMatch(/réparations en cours/);
      });

      it('does not count a device donated for refurbishment as a repair attempt', async () => {
        const rows = rowsOf((await as(t, manager).get('/api/repairs/export/ords.csv').expect(200)).text);
        expect(rows.find((r) => r.id === donation.id)).toBeUndefined();
        expect(rows.find((r) => r.brand === 'Don')).toBeUndefined();
      });

      it("dates a repair outside any event by the site's local day, not the UTC day", async () => {
        const rows = rowsOf((await as(t, manager).get('/api/repairs/export/ords.csv').expect(200)).text);
        expect(rows.find((r) => r.id === lateNight.id)).toMatchObject({ event_date: '2026-03-15', product_category: 'PC accessory' });
      });
    });

    it('shows public impact figures counting only fixed devices, with factors and source', async () => {
      const res = await t.http().get(`/api/repairs/impact?siteId=${site.id}`).expect(200);
      const mobile = res.body.byCategory.find((c: any) => c.ordsCategory === 'Mobile');
      expect(mobile).toMatchObject({ fixed: 1, weightKg: 0.14, footprintKg: 35.82 });
      expect(res.body.byCategory.find((c: any) => c.ordsCategory === 'Printer/scanner')).toBeUndefined();
      expect(res.body.source.name).toMatch(/Restart Project/);
      expect(res.body.source.displacement).toBe(0.5);
      expect(res.body.co2eAvoidedKg).toBeGreaterThanOrEqual(17.9);
    });
  });

  describe('pages', () => {
    const page = (url: string, token?: string) => {
      const r = t.http().get(url);
      return token ? r.set('Cookie', `fablab_session=${token}`) : r;
    };

    it('shows the public impact page to anyone, with the factors and their source', async () => {
      const res = await page('/repairs/impact').expect(200);
      expect(res.text).toContain('Notre impact');
      expect(res.text).toContain('Restart Project');
    });

    it('sends a visitor to the login page from the bench', async () => {
      const res = await page('/repairs').expect(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    });

    it('prints QR labels for bins and devices', async () => {
      const bin = (await as(t, manager).post('/api/inventory/locations', { name: 'Bac vis M2', kind: 'bin' }).expect(201)).body;
      const bins = await page('/inventory/labels', volunteer).expect(200);
      expect(bins.text).toContain('Bac vis M2');
      expect(bins.text).toContain('<svg');
      // A bin's QR code leads to the stock page with that bin chosen for the next move.
      await as(t, manager).post('/api/inventory/parts', { name: 'Vis M2', category: 'visserie' }).expect(201);
      const scanned = await page(`/inventory?location=${bin.id}`, volunteer).expect(200);
      expect(scanned.text).toContain(`<option value="${bin.id}" selected>`);
      const ticket = await intake(t, volunteer);
      const old = await page(`/inventory/labels?devices=${ticket.device.id}`, volunteer).expect(303);
      expect(old.headers.location).toBe(`/repairs/labels?devices=${ticket.device.id}`);
      const dev = await page(`/repairs/labels?devices=${ticket.device.id}`, volunteer).expect(200);
      expect(dev.text).toContain('<svg');
      // The label says what the device is, not « Appareil 3e823824 ».
      expect(dev.text).toContain('Ordinateur portable Lenovo T440');
      expect(dev.text).toContain(`Fiche n° ${ticket.id.slice(0, 8).toUpperCase()} · Durand`);
      expect(dev.text).not.toContain('Appareil ');
      const go = await page(`/repairs/device/${ticket.device.id}`, volunteer).expect(303);
      expect(go.headers.location).toBe(`/repairs/${ticket.id}`);
      const ticketPage = await page(`/repairs/${ticket.id}`, volunteer).expect(200);
      expect(ticketPage.text).toContain('Diagnostiqué');
    });

    it('lets a manager create locations and parts from the stock page, the cost in euros with a comma', async () => {
      const stock = (await page('/inventory', manager).expect(200)).text;
      expect(stock).toContain('Nouvel emplacement');
      expect(stock).toContain('name="unitCostEuros"');
      expect(stock).not.toMatch(/centimes|name="unitCostCents"/);
      expect((await page('/inventory', volunteer).expect(200)).text).not.toContain('Créer la pièce');
      const part = (await as(t, manager).post('/api/inventory/parts', { name: 'Nappe écran X1', category: 'écran', unitCostEuros: '34,90' }).expect(201)).body;
      expect(part.unitCostCents).toBe(3490);
      expect(
        (await as(t, manager).post('/api/inventory/parts', { name: 'Vis', category: 'visserie', unitCostEuros: 0.5 }).expect(201)).body.unitCostCents,
      ).toBe(50);
      const bad = await as(t, manager).post('/api/inventory/parts', { name: 'Vis', category: 'visserie', unitCostEuros: '3,499' }).expect(400);
      expect(JSON.stringify(bad.body)).toMatch(/Coût unitaire en euros attendu/);
      await as(t, volunteer).post('/api/inventory/parts', { name: 'Vis', category: 'visserie', unitCostEuros: '1' }).expect(403);
      expect((await page('/inventory', manager).expect(200)).text).toContain('value="34,90"');
      const edited = await as(t, manager)
        .put(`/api/inventory/parts/${part.id}`, { unitCostEuros: '12,5', compatibleModels: ['X1 Carbon'] })
        .expect(200);
      expect(edited.body).toMatchObject({ unitCostCents: 1250, compatibleModels: ['X1 Carbon'], name: 'Nappe écran X1' });
      await as(t, volunteer).put(`/api/inventory/parts/${part.id}`, { name: 'Intrus' }).expect(403);
      const room = (await as(t, manager).post('/api/inventory/locations', { name: 'Réserve', kind: 'room' }).expect(201)).body;
      const shelf = (await as(t, manager).post('/api/inventory/locations', { name: 'Étagère C', kind: 'shelf', parentId: room.id }).expect(201)).body;
      const loop = await as(t, manager).put(`/api/inventory/locations/${room.id}`, { parentId: shelf.id }).expect(400);
      expect(loop.body.message).toMatch(/rangé dans lui-même/);
      expect((await as(t, manager).put(`/api/inventory/locations/${shelf.id}`, { parentId: null, name: 'Étagère D' }).expect(200)).body).toMatchObject({
        parentId: null,
        name: 'Étagère D',
      });
    });

    it('keeps closed tickets and released devices in « Terminés », with their certificate and label', async () => {
      const fixed = await intake(t, volunteer, { category: 'phone', brand: 'Fairphone', model: 'FP3', broughtBy: 'Mme Inès Garnier' });
      await finish(t, volunteer, fixed.id, 'repaired');
      const given = await intake(t, volunteer, { purpose: 'refurbish', category: 'laptop', brand: 'Dell', model: 'Latitude E7450', broughtBy: '' });
      await as(t, volunteer).post(`/api/repairs/devices/${given.device.id}/erasures`, goodErasure()).expect(201);
      await finish(t, volunteer, given.id, 'repaired');
      const bench = (await page('/repairs', volunteer).expect(200)).text;
      expect(bench).not.toContain(`data-ticket="${fixed.id}"`);
      expect(bench).toContain('href="/repairs?view=done"');
      const done = (await page('/repairs?view=done', volunteer).expect(200)).text;
      expect(done).toContain('Terminés');
      expect(done).toContain(`data-ticket="${fixed.id}"`);
      expect(done).toContain('Téléphone Fairphone FP3');
      expect(done).toContain(`/api/repairs/devices/${given.device.id}/erasure-certificate.pdf`);
      expect(done).not.toContain(`/api/repairs/devices/${fixed.device.id}/erasure-certificate.pdf`);
      const labels = (await page(`/repairs/labels?devices=${fixed.device.id},${given.device.id}`, volunteer).expect(200)).text;
      expect(labels).toContain(`Fiche n° ${fixed.id.slice(0, 8).toUpperCase()} · Inès`);
      expect(labels).toContain(`Fiche n° ${given.id.slice(0, 8).toUpperCase()} · don`);
      await page('/repairs?view=nope', volunteer).expect(400);
    });

    it('lists donated devices being refurbished, with their erasure state', async () => {
      const ticket = await intake(t, volunteer, { purpose: 'refurbish', category: 'tablet', brand: 'Samsung', model: 'Tab A' });
      const list = (await as(t, volunteer).get('/api/repairs/refurbished').expect(200)).body;
      expect(list.find((d: any) => d.id === ticket.device.id)).toMatchObject({ erasures: 0, erasureOk: false, checklistDone: false });
      const res = await page('/repairs/refurbished', volunteer).expect(200);
      expect(res.text).toContain('Samsung Tab A');
      expect(res.text).toContain('Pas d’effacement vérifié');
      expect(res.text).toContain('Santé de la batterie');
    });

    it("offers first, on a ticket, the parts that fit the device's model", async () => {
      await as(t, manager)
        .post('/api/inventory/parts', { name: 'Clavier AZERTY T440', category: 'keyboard', compatibleModels: ['T440'] })
        .expect(201);
      const ticket = await intake(t, volunteer, { model: 'T440' });
      const res = await page(`/repairs/${ticket.id}`, volunteer).expect(200);
      const options = [...res.text.matchAll(/<option value="[0-9a-f-]{36}">([^<]*)<\/option>/g)].map((m) => m[1]);
      expect(options[0]).toContain('✓ Clavier AZERTY T440');
    });

    it('shows the stock page with low-stock parts', async () => {
      await as(t, manager).post('/api/inventory/parts', { name: 'Nappe écran X', category: 'cable', lowStockThreshold: 1 }).expect(201);
      const res = await page('/inventory', volunteer).expect(200);
      expect(res.text).toContain('Stock bas');
      expect(res.text).toContain('Nappe écran X');
    });
  });
});
