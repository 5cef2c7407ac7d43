import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ciiXml } from './cii';
import type { Invoice } from './entities/invoice.entity';
import { GENESIS_HASH, hashOf, numberOf, verifyChain } from './invoice-chain';
import { invoiceLines, shareOf, totalsOf } from './invoice-lines';

function chain(n: number): Invoice[] {
  const out: Invoice[] = [];
  let previousHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const lines = invoiceLines([{ label: `Découpe ${seq}`, quantity: 1, unitCents: 1200 + seq, vatRatePercent: 20 }], 'subject');
    const doc = {
      siteId: 's1',
      kind: 'invoice',
      year: 2027,
      seq,
      number: numberOf(2027, seq),
      issuedAt: new Date(Date.UTC(2027, 2, seq)),
      issueDay: `2027-03-0${seq}`,
      dueDay: null,
      correctsNumber: null,
      paymentId: null,
      payableKind: null,
      payableRef: null,
      personId: null,
      business: false,
      seller: { name: 'Fab lab', address: '', siren: null, vatNumber: null },
      buyer: { name: 'Zoé', address: '', siren: null, vatNumber: null },
      vatRegime: 'subject',
      lines,
      ...totalsOf(lines),
      previousHash,
    } as unknown as Invoice;
    doc.hash = hashOf(doc);
    previousHash = doc.hash;
    out.push(doc);
  }
  return out;
}

describe('invoice chain', () => {
  it('accepts an intact series and names a gap, a duplicate and an altered document', () => {
    expect(verifyChain(chain(4)).ok).toBe(true);
    const gap = chain(4).filter((d) => d.seq !== 2);
    expect(verifyChain(gap).gaps).toEqual(['2027-000002']);
    const altered = chain(4);
    altered[2].grossCents += 1;
    expect(verifyChain(altered).broken).toEqual(['2027-000003']);
    const twice = chain(3);
    expect(verifyChain([...twice, twice[1]]).duplicates).toEqual(['2027-000002']);
  });

  it('splits a part payment or a partial credit note over the lines to the cent', () => {
    const lines = invoiceLines(
      [
        { label: 'A', quantity: 1, unitCents: 1000, vatRatePercent: 20 },
        { label: 'B', quantity: 1, unitCents: 333, vatRatePercent: 5.5 },
      ],
      'subject',
    );
    for (const amount of [1, 7, 100, 999, 1332]) {
      const part = shareOf(lines, amount, ' (acompte)');
      const t = totalsOf(part);
      expect(t.grossCents).toBe(amount);
      expect(t.netCents + t.vatCents).toBe(amount);
    }
    expect(invoiceLines([{ label: 'A', quantity: 2, unitCents: 600, vatRatePercent: 20 }], 'franchise')[0]).toMatchObject({
      vatRatePercent: 0,
      vatCents: 0,
      netCents: 1200,
    });
  });

  it('writes CII XML the official Factur-X EN 16931 XSD accepts, for an invoice and a credit note under each VAT regime', () => {
    const xsd = path.join(__dirname, '../../standards/factur-x-1.07.3/Factur-X_1.07.3_EN16931.xsd');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cii-'));
    for (const regime of ['subject', 'franchise', 'exempt'] as const) {
      const [doc] = chain(1);
      Object.assign(doc, {
        vatRegime: regime,
        business: true,
        kind: regime === 'exempt' ? 'credit_note' : 'invoice',
        correctsNumber: regime === 'exempt' ? '2027-000001' : null,
        dueDay: '2027-04-01',
        seller: { name: 'Fab lab & co', address: '1 rue A\n75001 Paris', siren: '123456789', vatNumber: 'FR12123456789' },
        buyer: { name: 'Menuiserie <Martin>', address: 'Lyon', siren: '98765432100012', vatNumber: null },
      });
      const file = path.join(dir, `${regime}.xml`);
      fs.writeFileSync(file, ciiXml(doc));
      execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
    }
    // And it can fail: an element out of order is refused.
    const wrong = path.join(dir, 'wrong.xml');
    fs.writeFileSync(wrong, ciiXml(chain(1)[0]).replace('<ram:TypeCode>380</ram:TypeCode>', ''));
    expect(() => execFileSync('xmllint', ['--noout', '--schema', xsd, wrong], { stdio: 'pipe' })).toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
