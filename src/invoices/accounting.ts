import type { Invoice } from './entities/invoice.entity';
import { vatBreakdown } from './invoice-lines';

/** The 18 columns of the FEC, in the legal order with their exact names (LPF A47 A-1). */
export const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;

/** What the exports read of a settled payment. */
export interface Settlement {
  id: string;
  method: string;
  amountCents: number;
  refundedCents: number;
  settledDay: string;
  invoiceNumber: string;
  payer: string;
}

export interface Entry {
  journal: 'VE' | 'BQ';
  num: number;
  day: string;
  account: string;
  accountLabel: string;
  aux: string;
  auxLabel: string;
  piece: string;
  label: string;
  debitCents: number;
  creditCents: number;
}

const JOURNALS = { VE: 'Ventes', BQ: 'Encaissements' };
/** Plan comptable général: clients, sales of services, VAT collected, and where the money went. */
const ACCOUNTS: Record<string, string> = {
  '411000': 'Clients',
  '706000': 'Prestations de services',
  '445710': 'TVA collectée',
  '512000': 'Banque',
  '530000': 'Caisse',
  '511200': 'Chèques à encaisser',
  '511500': 'Cartes à encaisser',
  '467000': 'HelloAsso (à recevoir)',
};
const MONEY_ACCOUNT: Record<string, string> = { cash: '530000', cheque: '511200', card_terminal: '511500', transfer: '512000', helloasso: '467000' };

/**
 * Journal entries: each invoice debits the client and credits sales (per VAT rate) and VAT
 * collected; a credit note the reverse. Each payment debits where the money is and credits the
 * client; a refund the reverse. Every entry balances to the cent.
 */
export function entriesOf(invoices: Invoice[], settlements: Settlement[]): Entry[] {
  const out: Entry[] = [];
  let num = 0;
  for (const inv of invoices) {
    num += 1;
    const sign = inv.kind === 'credit_note' ? -1 : 1;
    const aux = inv.personId ? `C${inv.personId.slice(0, 8).toUpperCase()}` : 'CDIVERS';
    const label = `${inv.kind === 'credit_note' ? 'Avoir' : 'Facture'} ${inv.number} ${inv.buyer.name}`.slice(0, 100);
    const line = (account: string, cents: number, withAux = false): Entry => ({
      journal: 'VE',
      num,
      day: inv.issueDay,
      account,
      accountLabel: ACCOUNTS[account],
      aux: withAux ? aux : '',
      auxLabel: withAux ? inv.buyer.name : '',
      piece: inv.number,
      label,
      debitCents: Math.max(cents, 0),
      creditCents: cents < 0 ? -cents : 0,
    });
    out.push(line('411000', sign * inv.grossCents, true));
    for (const t of vatBreakdown(inv.lines)) {
      if (t.netCents) out.push(line('706000', -sign * t.netCents));
      if (t.vatCents) out.push(line('445710', -sign * t.vatCents));
    }
  }
  for (const s of settlements) {
    for (const [cents, what] of [
      [s.amountCents, 'Règlement'],
      [-s.refundedCents, 'Remboursement'],
    ] as const) {
      if (!cents) continue;
      num += 1;
      const label = `${what} ${s.invoiceNumber} ${s.payer}`.slice(0, 100);
      const base = { journal: 'BQ' as const, num, day: s.settledDay, piece: s.invoiceNumber, label };
      out.push({
        ...base,
        account: MONEY_ACCOUNT[s.method],
        accountLabel: ACCOUNTS[MONEY_ACCOUNT[s.method]],
        aux: '',
        auxLabel: '',
        debitCents: Math.max(cents, 0),
        creditCents: Math.max(-cents, 0),
      });
      out.push({
        ...base,
        account: '411000',
        accountLabel: ACCOUNTS['411000'],
        aux: 'CDIVERS',
        auxLabel: s.payer,
        debitCents: Math.max(-cents, 0),
        creditCents: Math.max(cents, 0),
      });
    }
  }
  return out;
}

const fecAmount = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
const fecDay = (day: string) => day.replace(/-/g, '');
const clean = (s: string) => s.replace(/[\t\r\n|]/g, ' ');

/** The FEC text: tab-separated, header line, dates AAAAMMJJ, decimal comma; entries validated on their own day. */
export function fecText(entries: Entry[]): string {
  const rows = entries.map((e) =>
    [
      e.journal,
      JOURNALS[e.journal],
      String(e.num),
      fecDay(e.day),
      e.account,
      e.accountLabel,
      e.aux,
      clean(e.auxLabel),
      e.piece,
      fecDay(e.day),
      clean(e.label),
      fecAmount(e.debitCents),
      fecAmount(e.creditCents),
      '',
      '',
      fecDay(e.day),
      '',
      '',
    ].join('\t'),
  );
  return `${[FEC_COLUMNS.join('\t'), ...rows].join('\r\n')}\r\n`;
}

/** The file name the law asks for: <SIREN>FEC<AAAAMMJJ> (closing date). */
export const fecFileName = (siren: string | null, endDay: string) => `${(siren ?? '000000000').slice(0, 9)}FEC${fecDay(endDay)}.txt`;
