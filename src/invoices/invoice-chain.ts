import { createHash } from 'node:crypto';
import type { Invoice } from './entities/invoice.entity';

/** The previous hash of a site's very first document. */
export const GENESIS_HASH = '0'.repeat(64);

export type Chained = Pick<
  Invoice,
  | 'siteId'
  | 'kind'
  | 'year'
  | 'seq'
  | 'number'
  | 'issuedAt'
  | 'issueDay'
  | 'dueDay'
  | 'correctsNumber'
  | 'paymentId'
  | 'payableKind'
  | 'payableRef'
  | 'personId'
  | 'business'
  | 'seller'
  | 'buyer'
  | 'vatRegime'
  | 'lines'
  | 'netCents'
  | 'vatCents'
  | 'grossCents'
  | 'previousHash'
>;

/** Key order fixed, so the same document always gives the same bytes whatever read it back. */
function canonical(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k] === undefined ? null : o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** sha-256 of what the document says and of the previous document's hash. */
export function hashOf(doc: Chained): string {
  const fields: Chained = {
    siteId: doc.siteId,
    kind: doc.kind,
    year: doc.year,
    seq: doc.seq,
    number: doc.number,
    issuedAt: new Date(doc.issuedAt),
    issueDay: doc.issueDay,
    dueDay: doc.dueDay,
    correctsNumber: doc.correctsNumber,
    paymentId: doc.paymentId,
    payableKind: doc.payableKind,
    payableRef: doc.payableRef,
    personId: doc.personId,
    business: Boolean(doc.business),
    seller: doc.seller,
    buyer: doc.buyer,
    vatRegime: doc.vatRegime,
    lines: doc.lines,
    netCents: doc.netCents,
    vatCents: doc.vatCents,
    grossCents: doc.grossCents,
    previousHash: doc.previousHash,
  };
  return createHash('sha256').update(canonical(fields)).digest('hex');
}

export const numberOf = (year: number, seq: number) => `${year}-${String(seq).padStart(6, '0')}`;

export interface ChainReport {
  ok: boolean;
  documents: number;
  gaps: string[];
  duplicates: string[];
  broken: string[];
}

/**
 * Checks one site's documents: each year's numbers run 1, 2, 3… with no gap nor twice the same,
 * and each document's hash is its own and names the previous document's as its previous.
 */
export function verifyChain(docs: Array<Chained & { hash: string }>): ChainReport {
  const sorted = [...docs].sort((a, b) => a.year - b.year || a.seq - b.seq);
  const report: ChainReport = { ok: true, documents: sorted.length, gaps: [], duplicates: [], broken: [] };
  let previous = GENESIS_HASH;
  let year = -1;
  let expected = 1;
  for (const d of sorted) {
    if (d.year !== year) {
      year = d.year;
      expected = 1;
    }
    if (d.seq < expected) report.duplicates.push(d.number);
    for (let s = expected; s < d.seq; s++) report.gaps.push(numberOf(year, s));
    expected = Math.max(expected, d.seq + 1);
    if (d.previousHash !== previous || hashOf(d) !== d.hash || d.number !== numberOf(d.year, d.seq)) report.broken.push(d.number);
    previous = d.hash;
  }
  report.ok = !report.gaps.length && !report.duplicates.length && !report.broken.length;
  return report;
}
