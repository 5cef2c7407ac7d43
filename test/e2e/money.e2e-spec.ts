import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { adminToken, as, createManager, createSite } from '../factories/api.factory';
import { HelloAssoStandIn } from '../factories/helloasso-standin';
import { createMember } from '../factories/trainings.factory';
import { DomainEventBus } from '../../src/common/domain-events';
import { dayOf } from '../../src/common/local-format';
import { FEC_COLUMNS } from '../../src/invoices/accounting';
import { InvoicesService } from '../../src/invoices/invoices.service';
import { startTestApp, TestApp } from './harness';

const XSD = path.join(__dirname, '../../standards/factur-x-1.07.3/Factur-X_1.07.3_EN16931.xsd');

/** Reads a binary answer whole (supertest's parser hook). */
function binary(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) {
  const c: Buffer[] = [];
  res.on('data', (d: Buffer) => c.push(d));
  res.on('end', () => cb(null, Buffer.concat(c)));
}

/** The XML files a PDF carries, found by inflating its streams. */
function embeddedXml(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    for (const f of [() => inflateSync(raw), () => raw]) {
      try {
        const s = f().toString('utf8');
        if (s.includes('<rsm:CrossIndustryInvoice')) out.push(s.slice(s.indexOf('<?xml')));
        break;
      } catch {}
    }
  }
  return out;
}

describe(`payments and invoices (${process.env.TEST_DB})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-money-'));
  let stand: HelloAssoStandIn;
  let a: TestApp;
  let b: TestApp;
  let manager: string;
  let site: { id: string; slug: string };
  let month: string;

  beforeAll(async () => {
    stand = await HelloAssoStandIn.start();
    const env = {
      DATA_DIR: dataDir,
      HELLOASSO_CLIENT_ID: stand.clientId,
      HELLOASSO_CLIENT_SECRET: stand.clientSecret,
      HELLOASSO_API_URL: stand.url,
      HELLOASSO_ORGANIZATION_SLUG: 'atelier-test',
      // Every checkout has expired before it is paid: a late payment must still be reconciled.
      HELLOASSO_CHECKOUT_MINUTES: '0',
    };
    a = await startTestApp(env, { keepDatabase: true });
    b = await startTestApp(env, { existingDatabase: true });
    const admin = await adminToken(a);
    site = await createSite(a, admin);
    manager = (await createManager(a, admin, site.id)).token;
    await as(a, manager)
      .post('/api/charges/prices', { siteId: site.id, label: 'PLA', consumable: 'pla', unit: 'gram', unitCents: 10, vatBasisPoints: 2000 })
      .expect(201);
    month = dayOf(new Date(), 'Europe/Paris').slice(0, 7);
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await stand?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A member of the site with `grams` of PLA on this month's statement (10 c HT the gram, 20 % VAT). */
  async function memberWithCharges(grams: number) {
    const m = await createMember(a, manager, site.id, { firstName: `M${randomBytes(2).toString('hex')}` });
    await as(a, manager).post('/api/charges/consumables', { personId: m.person.id, consumable: 'pla', quantity: grams }).expect(201);
    return { ...m, ref: `${site.id}/${month}/${m.person.id}` };
  }

  it('pays a statement through HelloAsso once, whatever the notifications, even after the checkout expired; refunds give credit notes', async () => {
    const m = await memberWithCharges(50); // 5,00 € HT + 1,00 € TVA
    const due = await as(a, m.token)
      .get(`/api/payments/payable?kind=statement&ref=${encodeURIComponent(m.ref)}`)
      .expect(200);
    expect(due.body.dueCents).toBe(600);
    const started = await as(a, m.token).post('/api/payments/checkout', { kind: 'statement', ref: m.ref }).expect(201);
    const intentId = Number(/checkout\/(\d+)$/.exec(started.body.redirectUrl)![1]);
    expect(stand.intents.get(intentId)!.body.totalAmount).toBe(600);

    // An order notification before the payment is authorized: nothing is settled.
    await a.http().post('/api/payments/helloasso/notifications').send(stand.orderNotification(intentId)).expect(200);
    expect((await as(a, m.token).get(`/api/payments/${started.body.paymentId}`).expect(200)).body.status).toBe('pending');

    const settled: string[] = [];
    const refunded: boolean[] = [];
    for (const app of [a, b]) {
      app.app.get(DomainEventBus).on('payments.settled', (e) => void settled.push(e.paymentId));
      app.app.get(DomainEventBus).on('payments.refunded', (e) => void refunded.push(e.full));
    }
    stand.pay(intentId);
    stand.expireTokens(); // the app must refresh its token
    const note = stand.paymentNotification(intentId);
    // Twice, and the (older) order notification again, on both instances at once.
    await Promise.all([
      a.http().post('/api/payments/helloasso/notifications').send(note).expect(200),
      b.http().post('/api/payments/helloasso/notifications').send(note).expect(200),
      b.http().post('/api/payments/helloasso/notifications').send(stand.orderNotification(intentId)).expect(200),
    ]);
    expect(stand.grants).toContain('refresh_token');
    expect(settled).toEqual([started.body.paymentId]); // announced once, by one instance
    const paid = (await as(a, m.token).get(`/api/payments/${started.body.paymentId}`).expect(200)).body;
    expect(paid.status).toBe('settled');
    const mine = (await as(a, m.token).get('/api/payments/mine').expect(200)).body;
    expect(mine).toHaveLength(1);
    const invoice = (await as(a, m.token).get(`/api/invoices/${paid.invoiceId}`).expect(200)).body;
    expect(invoice).toMatchObject({ kind: 'invoice', grossCents: 600, personId: m.person.id });
    expect(
      (
        await as(a, m.token)
          .get(`/api/payments/payable?kind=statement&ref=${encodeURIComponent(m.ref)}`)
          .expect(200)
      ).body.dueCents,
    ).toBe(0);
    await as(a, m.token).post('/api/payments/checkout', { kind: 'statement', ref: m.ref }).expect(409);

    // The member's page lists it with its PDF; someone else gets a 404.
    const page = await as(a, m.token).get('/me/payments').expect(200);
    expect(page.text).toContain(invoice.number);
    const pdf = await as(a, m.token).get(`/api/invoices/${invoice.id}/pdf`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const other = await memberWithCharges(1);
    await as(a, other.token).get(`/api/invoices/${invoice.id}/pdf`).expect(404);

    // Partial then full refund: HelloAsso is asked, each refund is a credit note naming the invoice.
    const r1 = await as(a, manager).post(`/api/payments/${paid.id}/refund`, { amountEuros: '1,50' }).expect(201);
    expect(r1.body.creditNote).toMatchObject({ kind: 'credit_note', grossCents: 150, correctsNumber: invoice.number });
    const r2 = await as(a, manager).post(`/api/payments/${paid.id}/refund`, {}).expect(201);
    expect(r2.body.creditNote.grossCents).toBe(450);
    expect(stand.refunds.map((r) => r.amount)).toEqual([150, 450]);
    await as(a, manager).post(`/api/payments/${paid.id}/refund`, { amountEuros: 1 }).expect(409);
    expect(refunded).toEqual([false, true]);
  }, 60_000);

  it('records desk payments without ever taking more than is due', async () => {
    const m = await memberWithCharges(100); // 12,00 € TTC
    await as(a, m.token).post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'cash' }).expect(403);
    await as(a, manager).post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'cash', amountEuros: '12,01' }).expect(409);
    await as(a, manager).post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'bitcoin' }).expect(400);
    const part = await as(a, manager)
      .post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'cheque', amountEuros: '2,00', reference: '1234567' })
      .expect(201);
    const rest = await as(a, manager).post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'cash' }).expect(201);
    expect([part.body.amountCents, rest.body.amountCents]).toEqual([200, 1000]);
    await as(a, manager).post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'cash' }).expect(409);
    // Issuing the invoice of a payment again (a retry after a crash, on both instances at once) gives back the one invoice.
    const again = await Promise.all(
      [a, b].map((app) =>
        app.app.get(InvoicesService).issueForPayment({
          siteId: site.id,
          paymentId: rest.body.id,
          payable: { kind: 'statement', ref: m.ref, personId: m.person.id, label: 'x', lines: [], totalCents: 1000 },
          amountCents: 1000,
          issuedById: null,
        }),
      ),
    );
    expect(again.map((i) => i.id)).toEqual([rest.body.invoiceId, rest.body.invoiceId]);
    // Two desks on two instances take the last euros of one statement at once: one is refused.
    const m2 = await memberWithCharges(50);
    const both = await Promise.all([a, b].map((app) => as(app, manager).post('/api/payments/desk', { kind: 'statement', ref: m2.ref, method: 'cash' })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const desk = await as(a, manager)
      .get(`/desk/checkout?kind=statement&ref=${encodeURIComponent(m.ref)}`)
      .expect(200);
    expect(desk.text).toContain('0,00');
  }, 60_000);

  it('invoices a company statement with its due date, the €40 indemnity and a Factur-X XML valid against the official XSD', async () => {
    const m = await memberWithCharges(30);
    const inv = (
      await as(a, manager)
        .post('/api/payments/invoice-payable', {
          kind: 'statement',
          ref: m.ref,
          companyName: 'Menuiserie Martin SARL',
          companyAddress: '3 rue des Tilleuls, 69001 Lyon',
          companySiren: '123456789',
          companyVatNumber: 'FR12123456789',
        })
        .expect(201)
    ).body;
    expect(inv).toMatchObject({ business: true, grossCents: 360 });
    expect(inv.dueDay).toBeTruthy();
    const unpaid = (await as(a, manager).get('/api/payments/unpaid').expect(200)).body;
    expect(unpaid.map((u: { invoice: { id: string } }) => u.invoice.id)).toContain(inv.id);
    const res = await as(a, manager).get(`/api/invoices/${inv.id}/pdf`).buffer(true).parse(binary);
    const pdf = res.body as Buffer;
    expect(pdf.toString('latin1')).toContain('/AFRelationship /Alternative');
    const [xml] = embeddedXml(pdf);
    expect(xml).toContain('urn:cen.eu:en16931:2017');
    const file = path.join(dataDir, 'factur-x.xml');
    fs.writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' }); // throws when invalid
    // Paid at the desk later: tied to this invoice, no second one.
    const paid = await as(a, manager).post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'transfer' }).expect(201);
    expect(paid.body.invoiceId).toBe(inv.id);
    expect((await as(a, manager).get('/api/payments/unpaid').expect(200)).body.map((u: { invoice: { id: string } }) => u.invoice.id)).not.toContain(inv.id);
  }, 60_000);

  it('numbers invoices issued at once on two instances without gap nor duplicate, chained', async () => {
    const members = [];
    for (let i = 0; i < 10; i++) members.push(await memberWithCharges(10 + i));
    const results = await Promise.all(
      members.map((m, i) => as(i % 2 ? b : a, manager).post('/api/payments/desk', { kind: 'statement', ref: m.ref, method: 'card_terminal' })),
    );
    expect(results.map((r) => r.status)).toEqual(members.map(() => 201));
    const report = (await as(b, manager).get('/api/invoices/verify').expect(200)).body;
    expect(report).toMatchObject({ ok: true, gaps: [], duplicates: [], broken: [] });
    const all = (await as(a, manager).get('/api/invoices').expect(200)).body as Array<{ number: string; seq: number }>;
    const seqs = all.map((i) => i.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  }, 90_000);

  it('exports a FEC and a CSV that agree to the cent with the invoices, and closes periods for good', async () => {
    const year = Number(month.slice(0, 4));
    const fec = await as(a, manager).get(`/api/payments/exports/fec?year=${year}`).expect(200);
    const lines = (fec.text as string)
      .replace(/\r\n$/, '')
      .split('\r\n')
      .map((l: string) => l.split('\t'));
    expect(lines[0]).toEqual([...FEC_COLUMNS]);
    const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);
    const body = lines.slice(1);
    expect(body.every((l) => l.length === 18)).toBe(true);
    expect(body.reduce((s, l) => s + cents(l[11]), 0)).toBe(body.reduce((s, l) => s + cents(l[12]), 0));
    const invoices = (await as(a, manager).get('/api/invoices').expect(200)).body as Array<{ kind: string; grossCents: number }>;
    const billed = invoices.reduce((s, i) => s + (i.kind === 'credit_note' ? -i.grossCents : i.grossCents), 0);
    const clients = body.filter((l) => l[0] === 'VE' && l[4] === '411000').reduce((s, l) => s + cents(l[11]) - cents(l[12]), 0);
    expect(clients).toBe(billed);
    const csv = await as(a, manager).get(`/api/payments/exports/entries.csv?year=${year}`).expect(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(lines.length);
    await as(a, manager).get('/api/payments/exports/fec?year=abc').expect(400);

    const today = dayOf(new Date(), 'Europe/Paris');
    await as(a, manager).post('/api/invoices/periods', { endDay: today }).expect(400);
    const yesterday = new Date(Date.now() - 86400_000);
    const y = dayOf(yesterday, 'Europe/Paris');
    await as(a, manager).post('/api/invoices/periods', { endDay: y }).expect(201);
    await as(a, manager).post('/api/invoices/periods', { endDay: y }).expect(409);
    const page = await as(a, manager).get('/treasury').expect(200);
    expect(page.text).toContain('chaînage intacts');
  }, 60_000);
});
