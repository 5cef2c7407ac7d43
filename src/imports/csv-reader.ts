/**
 * A row of a CSV file read for an import: its cells and its number as a spreadsheet shows it
 * (header = 1; a cell holding line breaks keeps its row one row).
 */
export interface CsvRow {
  row: number;
  cells: string[];
}

/**
 * The separator a file uses: `;` (French spreadsheets), `,` (RFC 4180) or a tab, whichever appears
 * most on the header line outside quotes.
 */
export function separatorOf(text: string): string {
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * RFC 4180 reading, as spreadsheets write it: quoted cells with `""` for a quote and line breaks
 * inside (Fab-manager puts one training per line in its « Formations validées » cell), CRLF or LF,
 * a leading BOM dropped. Blank rows are skipped (their number still counts).
 */
export function readCsv(text: string, separator = separatorOf(text.replace(/^\uFEFF/, ''))): CsvRow[] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let row = 0;
  const endRow = () => {
    cells.push(cell);
    row++;
    if (cells.length > 1 || cells[0].trim() !== '') rows.push({ row, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow();
  return rows;
}

/** A header as compared: accents, case, spaces and punctuation ignored (« Prénom » = « prenom », « Formations validées » = « formations_validees »). */
export const headerKey = (h: string): string =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
