/** Spreadsheet exports as French Excel and LibreOffice open them without an import dialog (dates: `sheetDateTime` of local-format). */

/** « 214,6 »: a French spreadsheet reads a decimal comma as a number. */
export function frenchNumber(v: number, decimals = 1): string {
  const f = 10 ** decimals;
  return String(Math.round(v * f) / f).replace('.', ',');
}

/**
 * How a CSV is written: French spreadsheets (`;`, BOM so accents survive Excel) or RFC 4180 with
 * commas for open-data formats (ORDS). Every export of the app goes through this one writer.
 */
export interface CsvDialect {
  separator: ';' | ',';
  bom: boolean;
}
export const FRENCH_SPREADSHEET: CsvDialect = { separator: ';', bom: true };
export const RFC4180: CsvDialect = { separator: ',', bom: false };

/** A plain number (« -3,5 », « 12.40 ») stays a number; any other text starting like a formula is defused. */
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?$/;
const FORMULA_START = /^[\s]*[=+\-@\uFF0B\uFF1D\uFF0D\uFF20]|^[\t\r\n]/;

/** A cell: quoted when needed; text a spreadsheet would run as a formula gets a leading « ' ». */
export function csvCell(v: string | number | null, separator: CsvDialect['separator'] = ';'): string {
  let s = v === null ? '' : String(v);
  if (typeof v !== 'number' && !PLAIN_NUMBER.test(s) && FORMULA_START.test(s)) s = `'${s}`;
  return s.includes(separator) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line, CRLF-terminated (for exports written as a stream). */
export function csvLine(cells: Array<string | number | null>, dialect: CsvDialect = FRENCH_SPREADSHEET): string {
  return cells.map((c) => csvCell(c, dialect.separator)).join(dialect.separator) + '\r\n';
}

/** A whole document: the header line then the rows (with a BOM when the dialect wants one). */
export function csvDocument(header: string[], rows: Array<Array<string | number | null>>, dialect: CsvDialect = FRENCH_SPREADSHEET): string {
  return (dialect.bom ? '\uFEFF' : '') + [header, ...rows].map((r) => csvLine(r, dialect)).join('');
}
