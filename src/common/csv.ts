import { SITE_ZONE } from '../trainings/paris-day';

/** Spreadsheet exports as French Excel and LibreOffice open them without an import dialog. */

const minuteFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: SITE_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const secondFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: SITE_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** « 03/03/2027 14:05 » (or « 03/03/2027 14:05:30 »), Paris time. */
export function parisDateTime(d: Date, seconds = false): string {
  return (seconds ? secondFormat : minuteFormat).format(d).replace(',', '');
}

/** « 214,6 »: a French spreadsheet reads a decimal comma as a number. */
export function frenchNumber(v: number, decimals = 1): string {
  const f = 10 ** decimals;
  return String(Math.round(v * f) / f).replace('.', ',');
}

/** A cell: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it. */
export function csvCell(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a BOM (accents survive Excel), `;` between cells, CRLF lines. */
export function csvDocument(header: string[], rows: Array<Array<string | number | null>>): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
