import { BOOKINGS_QUEUE } from '../../src/bookings/bookings.service';
import { addDays, fromLocal, toLocal } from '../../src/bookings/time';
import { Queues } from '../../src/infra/queue/queues';
import { adminToken, as, createMachine, createManager, createSite, createTraining } from '../factories/api.factory';
import { book, bookingMaker, makeBookable } from '../factories/bookings.factory';
import { startTestApp, TestApp } from './harness';

/** A site in French Guiana (UTC−3, no summer time): every time on the pages must be the site's, never UTC nor Paris. */
const TZ = 'America/Cayenne';
const localDay = (days: number) => addDays(toLocal(new Date(), TZ).date, days);
const localAt = (days: number, hh: number, mm = 0) => fromLocal(localDay(days), hh * 60 + mm, TZ);
const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe(`booking pages: quote, confirm, change, cancel through forms (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let manager: string;
  let site: { id: string };
  let laser: { id: string; name: string };
  let cnc: { id: string };
  let amina: Awaited<ReturnType<typeof bookingMaker>>;
  let yacine: Awaited<ReturnType<typeof bookingMaker>>;
  let trainingId: string;
  const cookie = (token: string) => `fablab_session=${token}`;
  const post = (token: string, path: string, body: Record<string, string>) =>
    t.http().post(path).set('Cookie', cookie(token)).set('Origin', t.url).type('form').send(body);
  const get = (token: string, path: string) => t.http().get(path).set('Cookie', cookie(token));
  const hidden = (text: string, name: string) => text.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1] ?? '';

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    site = await createSite(t, admin, { timezone: TZ });
    manager = (await createManager(t, admin, site.id)).token;
    laser = await createMachine(t, manager, site.id, { type: 'laser', name: 'Découpeuse laser Trotec' });
    cnc = await createMachine(t, manager, site.id, { type: 'cnc', name: 'Fraiseuse Shaper' });
    const training = await createTraining(t, manager, site.id);
    trainingId = training.id;
    await createTraining(t, manager, site.id, { name: 'Fraiseuse numérique', nameEn: 'CNC milling', machineTypes: ['cnc'] });
    await makeBookable(t, manager, laser.id, { slotMinutes: 30, minMinutes: 30, maxMinutes: 240, cancelNoticeMinutes: 120 });
    await makeBookable(t, manager, cnc.id, { slotMinutes: 30, minMinutes: 30 });
    amina = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Amina' });
    yacine = await bookingMaker(t, manager, site.id, { trainingId: training.id, firstName: 'Yacine' });
    // 5,00 € HT the started half-hour for everyone, 2,50 € for members (adherent); VAT 20 %.
    await as(t, manager)
      .post('/api/charges/prices', { siteId: site.id, label: 'Laser, tarif public', machineId: laser.id, unit: 'slot', slotMinutes: 30, unitCents: 500 })
      .expect(201);
    await as(t, manager)
      .post('/api/charges/prices', {
        siteId: site.id,
        label: 'Laser, tarif adhérent',
        machineId: laser.id,
        category: 'adherent',
        unit: 'slot',
        slotMinutes: 30,
        unitCents: 250,
      })
      .expect(201);
    await as(t, manager).put(`/api/charges/people/${amina.person.id}/category`, { category: 'adherent' }).expect(200);
    await as(t, manager)
      .post(`/api/bookings/sites/${site.id}/closures`, { startsOn: localDay(12), endsOn: localDay(12), reason: 'Inventaire' })
      .expect(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('offers only the machines the maker is trained for; the other is greyed with the training that opens it', async () => {
    const page = await get(amina.token, `/bookings?machineId=${laser.id}&day=${localDay(3)}`).expect(200);
    const text = decode(page.text);
    expect(text).toContain(`href="/bookings?machineId=${laser.id}"`);
    expect(text).not.toContain(`href="/bookings?machineId=${cnc.id}"`);
    expect(text).toMatch(/class="booking-locked" aria-disabled="true" data-machine="[^"]+"><span class="booking-machine-name">Fraiseuse Shaper<\/span>/);
    expect(text).toContain('Formation requise : Fraiseuse numérique');
    expect(text).toContain('href="/trainings"');
    // Asking for the untrained machine by its id shows no calendar and no form.
    const cncPage = await get(amina.token, `/bookings?machineId=${cnc.id}`).expect(200);
    expect(cncPage.text).not.toContain('booking-grid');
    expect(cncPage.text).not.toContain('action="/bookings/quote"');
    // The week of the laser: seven day columns, local times, free cells that lead to the form.
    expect(text).toContain('Heures du lieu (America/Cayenne)');
    expect((text.match(/<th scope="col" class="booking-day/g) ?? []).length).toBe(7);
    expect(text).toContain(`day=${localDay(3)}&time=10:00&minutes=30#booking-form`);
  });

  it('greys the machine for a maker whose qualification is suspended, as the badge would refuse them', async () => {
    const lea = await bookingMaker(t, manager, site.id, { trainingId: trainingId, firstName: 'Léa' });
    const quals = (await as(t, manager).get(`/api/people/${lea.person.id}/qualifications`).expect(200)).body;
    await as(t, manager).post(`/api/qualifications/${quals[0].id}/suspend`, { reason: 'Consignes non respectées' }).expect(200);
    const page = decode((await get(lea.token, `/bookings?machineId=${laser.id}`).expect(200)).text);
    expect(page).not.toContain(`href="/bookings?machineId=${laser.id}"`);
    expect(page).toContain('Formation requise : Découpe laser');
    const refused = await post(lea.token, '/bookings/quote', { machineId: laser.id, date: localDay(3), time: '10:00', minutes: '30' }).expect(403);
    expect(decode(refused.text)).toContain('Une formation valide est requise pour réserver Découpeuse laser Trotec.');
  });

  it('quotes a start and a length with the member rate, the summary and the deadline in words; the form carries the CSRF token', async () => {
    const page = await get(amina.token, `/bookings?machineId=${laser.id}&day=${localDay(3)}&time=10:00&minutes=90`).expect(200);
    const csrf = hidden(page.text, '_csrf');
    const csrfCookie =
      [page.headers['set-cookie']]
        .flat()
        .find((c: string) => c?.startsWith('fablab_csrf='))
        ?.split(';')[0] ?? '';
    expect(csrf).toBeTruthy();
    expect(csrfCookie).toBe(`fablab_csrf=${csrf}`);
    expect(page.text).toContain('name="time" type="time" step="1800" value="10:00"');
    const body = { machineId: laser.id, date: localDay(3), time: '10:00', minutes: '90' };
    // A form post that says nowhere where it comes from must carry the page's token.
    await t
      .http()
      .post('/bookings/quote')
      .set('Cookie', `${cookie(amina.token)}; ${csrfCookie}`)
      .type('form')
      .send(body)
      .expect(403);
    const quote = await t
      .http()
      .post('/bookings/quote')
      .set('Cookie', `${cookie(amina.token)}; ${csrfCookie}`)
      .type('form')
      .send({ ...body, _csrf: csrf })
      .expect(200);
    const text = decode(quote.text);
    expect(text).toContain('Vérifiez puis confirmez');
    expect(hidden(text, '_csrf')).toBe(csrf); // the confirmation form carries it on
    expect(text).toContain('href="/bookings?lang=en"'); // the language switch leads to a page, not to the form's address
    expect(text).toContain('Découpeuse laser Trotec');
    expect(text).toContain('10:00–11:30 (1 h 30)');
    // 3 started half-hours × 2,50 € HT + 20 % = 9,00 € TTC.
    expect(text).toContain('9,00\u00a0€ TTC');
    expect(text).toContain('Tarif : Laser, tarif adhérent');
    expect(text).toContain('à 08:00 (2 h avant le début)');
    expect(hidden(text, 'startsAt')).toBe(localAt(3, 10).toISOString());
    // Yacine has no category: the public rate.
    const his = await post(yacine.token, '/bookings/quote', body).expect(200);
    expect(decode(his.text)).toContain('18,00\u00a0€ TTC');
    // In English, the same price reads as English people write it.
    expect(decode((await post(yacine.token, '/bookings/quote?lang=en', body).expect(200)).text)).toContain('€18.00');
    // A quote writes nothing.
    const week = await as(t, manager)
      .get(`/api/bookings?machineId=${laser.id}&from=${localAt(3, 0).toISOString()}&to=${localAt(4, 0).toISOString()}`)
      .expect(200);
    expect(week.body).toEqual([]);
  });

  it('shows a refusal beside the form with the typed values kept, in French: closed day, off-grid start, too long', async () => {
    const closed = await post(amina.token, '/bookings/quote', { machineId: laser.id, date: localDay(12), time: '15:00', minutes: '60' }).expect(400);
    expect(decode(closed.text)).toMatch(/class="form-message error booking-error" role="alert">Le lieu est fermé sur ce créneau\.</);
    expect(closed.text).toContain(`name="date" type="date" value="${localDay(12)}"`);
    expect(closed.text).toContain('value="15:00"');
    expect(closed.text).toContain('<option value="60" selected>');
    expect(closed.text).not.toContain('{"');
    const offGrid = await post(amina.token, '/bookings/quote', { machineId: laser.id, date: localDay(3), time: '10:10', minutes: '30' }).expect(400);
    expect(decode(offGrid.text)).toContain('Choisissez un créneau de la grille de la machine.');
    expect(offGrid.text).toContain('value="10:10"');
    const tooLong = await post(amina.token, '/bookings/quote', { machineId: laser.id, date: localDay(3), time: '10:00', minutes: '300' }).expect(400);
    expect(decode(tooLong.text)).toContain('Réservation trop longue pour cette machine.');
    const noTime = await post(amina.token, '/bookings/quote', { machineId: laser.id, date: localDay(3), time: '', minutes: '30' }).expect(400);
    expect(decode(noTime.text)).toContain('Indiquez l’heure de début (HH:MM).');
    const garbled = await post(amina.token, '/bookings/book', { machineId: laser.id, startsAt: 'demain', endsAt: '' }).expect(400);
    expect(decode(garbled.text)).toContain('Indiquez l’heure de début (HH:MM).');
    const notAnId = await post(amina.token, '/bookings/quote', { machineId: 'laser', date: localDay(3), time: '10:00', minutes: '30' }).expect(400);
    expect(decode(notAnId.text)).toContain('« machineId » : identifiant (UUID) attendu.');
    await post(amina.token, '/bookings/quote', { machineId: '7c4a2f1e-9b3d-4a6c-8e5f-2d1c0b9a8e7f', date: localDay(3), time: '10:00', minutes: '30' }).expect(
      404,
    );
    const untrained = await post(amina.token, '/bookings/quote', { machineId: cnc.id, date: localDay(3), time: '10:00', minutes: '30' }).expect(403);
    expect(decode(untrained.text)).toContain('Une formation valide est requise pour réserver Fraiseuse Shaper.');
  });

  it('confirms a booking, says so in French, and shows « taken meanwhile » beside the form to the next one', async () => {
    const quote = await post(amina.token, '/bookings/quote', { machineId: laser.id, date: localDay(4), time: '10:00', minutes: '90' }).expect(200);
    const summary = { machineId: laser.id, startsAt: hidden(quote.text, 'startsAt'), endsAt: hidden(quote.text, 'endsAt') };
    const booked = await post(amina.token, '/bookings/book', summary).expect(303);
    expect(booked.headers.location).toMatch(/^\/bookings\/mine\?booked=/);
    const mine = decode((await get(amina.token, booked.headers.location).expect(200)).text);
    expect(mine).toMatch(/C’est réservé : Découpeuse laser Trotec, [a-z]+ \d+ [a-zéû]+, 10:00–11:30\./);
    expect(mine).toContain('Vous pouvez annuler ou changer cette réservation ici jusqu’au');
    const stored = await as(t, manager)
      .get(`/api/bookings?machineId=${laser.id}&from=${localAt(4, 0).toISOString()}&to=${localAt(5, 0).toISOString()}`)
      .expect(200);
    expect(stored.body).toEqual([
      expect.objectContaining({ personId: amina.person.id, startsAt: localAt(4, 10).toISOString(), endsAt: localAt(4, 11, 30).toISOString() }),
    ]);
    // Yacine had the same summary open: his confirmation comes back beside the form, values kept.
    const late = await post(yacine.token, '/bookings/book', summary).expect(409);
    expect(decode(late.text)).toContain('Ce créneau vient d’être réservé : choisissez-en un autre.');
    expect(late.text).toContain('value="10:00"');
    expect(late.text).toContain('<option value="90" selected>');
    // And the calendar shows it: Amina's own, taken for Yacine.
    const hers = await get(amina.token, `/bookings?machineId=${laser.id}&day=${localDay(4)}`).expect(200);
    expect(hers.text).toMatch(/is-mine">Vous</);
    const his = await get(yacine.token, `/bookings?machineId=${laser.id}&day=${localDay(4)}`).expect(200);
    expect(his.text).toMatch(/is-busy">Pris</);
  });

  it('moves and extends a booking through the change form, and refuses a move onto someone else’s time', async () => {
    const b = (await book(t, amina.token, { machineId: laser.id, startsAt: localAt(5, 9), endsAt: localAt(5, 10) }).expect(201)).body;
    await book(t, yacine.token, { machineId: laser.id, startsAt: localAt(5, 16), endsAt: localAt(5, 17) }).expect(201);
    const change = await get(amina.token, `/bookings/${b.id}/change`).expect(200);
    expect(change.text).toContain(`name="bookingId" value="${b.id}"`);
    expect(change.text).toContain('value="09:00"');
    expect(change.text).toContain('<option value="60" selected>');
    const quote = await post(amina.token, '/bookings/quote', { machineId: laser.id, bookingId: b.id, date: localDay(5), time: '14:00', minutes: '120' }).expect(
      200,
    );
    expect(decode(quote.text)).toContain('Vérifiez le changement puis confirmez');
    expect(decode(quote.text)).toContain('14:00–16:00 (2 h)');
    expect(quote.text).toContain(`action="/bookings/${b.id}/move"`);
    const moved = await post(amina.token, `/bookings/${b.id}/move`, { startsAt: hidden(quote.text, 'startsAt'), endsAt: hidden(quote.text, 'endsAt') }).expect(
      303,
    );
    expect(moved.headers.location).toBe(`/bookings/mine?moved=${b.id}`);
    expect(decode((await get(amina.token, moved.headers.location).expect(200)).text)).toMatch(
      /Réservation changée : Découpeuse laser Trotec, [^,]+, 14:00–16:00\./,
    );
    const mine = await as(t, amina.token).get('/api/bookings/mine').expect(200);
    expect(mine.body.find((x: any) => x.id === b.id)).toMatchObject({
      status: 'active',
      startsAt: localAt(5, 14).toISOString(),
      endsAt: localAt(5, 16).toISOString(),
    });
    // Its reminders and no-show check follow it: due from the new start, not the old one.
    const queues = t.app.get(Queues);
    const noShow = await queues.find(BOOKINGS_QUEUE, `no-show-${b.id}`);
    expect(noShow!.state).toBe('delayed');
    expect(noShow!.runAt.getTime()).toBeGreaterThanOrEqual(localAt(5, 14).getTime());
    const hour = await queues.find(BOOKINGS_QUEUE, `remind-hour-${b.id}`);
    expect(Math.abs(hour!.runAt.getTime() - localAt(5, 13).getTime())).toBeLessThan(60_000);
    // Extending by another hour runs into Yacine's 16:00: refused beside the change form.
    const clash = await post(amina.token, `/bookings/${b.id}/move`, { startsAt: localAt(5, 14).toISOString(), endsAt: localAt(5, 17).toISOString() }).expect(
      409,
    );
    expect(decode(clash.text)).toContain('Ce créneau vient d’être réservé');
    expect(clash.text).toContain(`name="bookingId" value="${b.id}"`);
    expect(clash.text).toContain('<option value="180" selected>');
    // Someone else's booking: not found, whatever the form.
    await get(yacine.token, `/bookings/${b.id}/change`).expect(404);
    await post(yacine.token, `/bookings/${b.id}/move`, { startsAt: localAt(6, 9).toISOString(), endsAt: localAt(6, 10).toISOString() }).expect(404);
    await post(yacine.token, '/bookings/quote', { machineId: laser.id, bookingId: b.id, date: localDay(6), time: '09:00', minutes: '60' }).expect(404);
    await post(yacine.token, `/bookings/${b.id}/cancel`, {}).expect(404);
  });

  it('lets exactly one of two simultaneous moves onto the same time win', async () => {
    const a = (await book(t, amina.token, { machineId: laser.id, startsAt: localAt(8, 9), endsAt: localAt(8, 10) }).expect(201)).body;
    const y = (await book(t, yacine.token, { machineId: laser.id, startsAt: localAt(8, 11), endsAt: localAt(8, 12) }).expect(201)).body;
    const to = { startsAt: localAt(8, 14).toISOString(), endsAt: localAt(8, 15).toISOString() };
    const answers = await Promise.all([post(amina.token, `/bookings/${a.id}/move`, to), post(yacine.token, `/bookings/${y.id}/move`, to)]);
    expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
    const day = await as(t, manager)
      .get(`/api/bookings?machineId=${laser.id}&from=${localAt(8, 0).toISOString()}&to=${localAt(9, 0).toISOString()}`)
      .expect(200);
    expect(day.body.filter((b: any) => b.startsAt === to.startsAt)).toHaveLength(1);
    expect(day.body).toHaveLength(2);
  });

  it('speaks English with ?lang=en', async () => {
    const page = decode((await get(amina.token, `/bookings?machineId=${laser.id}&lang=en`).expect(200)).text);
    expect(page).toContain('Book a machine');
    expect(page).toContain('Training required: CNC milling');
    expect(page).toContain('See the price and summary');
  });

  it('cancels with notice and says so; too late, says so beside the booking with the deadline in words', async () => {
    const b = (await book(t, amina.token, { machineId: laser.id, startsAt: localAt(6, 9), endsAt: localAt(6, 10) }).expect(201)).body;
    const done = await post(amina.token, `/bookings/${b.id}/cancel`, {}).expect(303);
    expect(done.headers.location).toBe(`/bookings/mine?cancelled=${b.id}`);
    expect(decode((await get(amina.token, done.headers.location).expect(200)).text)).toContain('Réservation annulée : Découpeuse laser Trotec');
    // A booking starting within the two hours' notice.
    const start = new Date(Math.ceil((Date.now() + 40 * 60_000) / 1_800_000) * 1_800_000);
    const soon = (await book(t, amina.token, { machineId: laser.id, startsAt: start, endsAt: new Date(start.getTime() + 1_800_000) }).expect(201)).body;
    const page = decode((await get(amina.token, '/bookings/mine').expect(200)).text);
    expect(page).toContain('Il est trop tard pour annuler ou changer en ligne : contactez l’accueil.');
    const late = await post(amina.token, `/bookings/${soon.id}/cancel`, {}).expect(409);
    expect(decode(late.text)).toMatch(/role="alert">Annulation possible jusqu'à 120 min avant le début : contactez l'accueil\.</);
    await get(amina.token, `/bookings/${soon.id}/change`).expect(409);
  });

  it('changes nothing on a GET: my bookings page offers the calendar link only once asked for', async () => {
    const first = await get(yacine.token, '/bookings/mine').expect(200);
    expect(first.text).not.toContain('/api/calendar/');
    expect(first.text).toContain('data-api="/api/bookings/calendar-feeds" data-method="POST"');
    await get(yacine.token, '/bookings/mine').expect(200);
    expect((await get(yacine.token, '/bookings/mine').expect(200)).text).not.toContain('/api/calendar/');
    const feed = (await as(t, yacine.token).post('/api/bookings/calendar-feeds', {}).expect(200)).body;
    expect((await get(yacine.token, '/bookings/mine').expect(200)).text).toContain(`href="${feed.path}"`);
  });

  it("refuses another site's manager on the pages of this site's bookings", async () => {
    const admin = await adminToken(t);
    const other = await createSite(t, admin);
    const m2 = (await createManager(t, admin, other.id)).token;
    const b = (await book(t, amina.token, { machineId: laser.id, startsAt: localAt(7, 9), endsAt: localAt(7, 10) }).expect(201)).body;
    await get(m2, `/bookings/${b.id}/change`).expect(404);
    await post(m2, `/bookings/${b.id}/move`, { startsAt: localAt(7, 11).toISOString(), endsAt: localAt(7, 12).toISOString() }).expect(404);
    await post(m2, `/bookings/${b.id}/cancel`, {}).expect(404);
    await post(m2, '/bookings/quote', { machineId: laser.id, date: localDay(7), time: '11:00', minutes: '60' }).expect(404);
    await post(m2, '/bookings/book', { machineId: laser.id, startsAt: localAt(7, 11).toISOString(), endsAt: localAt(7, 12).toISOString() }).expect(404);
    const [closure] = (await as(t, manager).get(`/api/bookings/sites/${site.id}/hours`).expect(200)).body.closures;
    expect([403, 404]).toContain((await post(m2, `/bookings/admin/closures/${closure.id}/remove`, {})).status);
    expect((await as(t, manager).get(`/api/bookings/sites/${site.id}/hours`).expect(200)).body.closures).toHaveLength(1);
  });

  it('lets the manager take a closure away from the settings page', async () => {
    const closures = async () => (await as(t, manager).get(`/api/bookings/sites/${site.id}/hours`).expect(200)).body.closures;
    const [closure] = await closures();
    const page = (await get(manager, '/bookings/admin').expect(200)).text;
    expect(page).toContain(`action="/bookings/admin/closures/${closure.id}/remove"`);
    await post(manager, `/bookings/admin/closures/${closure.id}/remove`, {}).expect(303);
    expect(await closures()).toEqual([]);
  });
});
