import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { XlsxWriter } from './xlsx';

/** Writes rows with our writer and reads them back with an independent reader (ExcelJS). */
async function roundTrip(rows: Array<{ cells: Array<string | number | Date | null>; bold?: boolean }>, sheetName = 'Activités') {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const xlsx = new XlsxWriter(out, { sheetName, creator: 'fablab-ops', created: new Date('2026-12-04T10:00:00Z') });
  for (const r of rows) await xlsx.row(r.cells, { bold: r.bold });
  await xlsx.end();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as never);
  return wb;
}

describe('XlsxWriter', () => {
  it('writes texts, numbers, dates and empty cells that a spreadsheet reads back as written', async () => {
    const wb = await roundTrip([
      { cells: ['Date', 'Durée (min)', 'Thématiques', 'Vide', 'Fin'], bold: true },
      { cells: [new Date('2026-03-02T00:00:00Z'), 45, 'Navigation sur internet\nE-mail', null, 'x'] },
      { cells: ['Tom & Jerry <b> "quotes"', 0, 'tab\there', '', 3.5] },
    ]);
    const ws = wb.getWorksheet('Activités')!;
    expect(ws).toBeDefined();
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['Date', 'Durée (min)', 'Thématiques', 'Vide', 'Fin']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    const second = ws.getRow(2);
    expect(second.getCell(1).value).toEqual(new Date('2026-03-02T00:00:00Z'));
    expect(second.getCell(1).numFmt).toBe('dd/mm/yyyy');
    expect(second.getCell(2).value).toBe(45);
    expect(second.getCell(3).value).toBe('Navigation sur internet\nE-mail');
    expect(second.getCell(4).value).toBeNull();
    expect(second.getCell(5).value).toBe('x');
    expect(ws.getRow(3).getCell(1).value).toBe('Tom & Jerry <b> "quotes"');
    expect(ws.getRow(3).getCell(3).value).toBe('tab\there');
    expect(ws.getRow(3).getCell(5).value).toBe(3.5);
    expect(wb.creator).toBe('fablab-ops');
  });

  it('drops characters XML cannot hold instead of writing an unreadable file', async () => {
    const wb = await roundTrip([{ cells: ['bell\u0007 and nul\u0000 gone'] }]);
    expect(wb.worksheets[0].getRow(1).getCell(1).value).toBe('bell and nul gone');
  });

  it('writes columns past Z and many rows across compression pieces', async () => {
    const wide = Array.from({ length: 31 }, (_, i) => `c${i}`);
    const rows = Array.from({ length: 1500 }, (_, i) => ({ cells: [...wide.slice(0, 30), i] }));
    const wb = await roundTrip(rows);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(1500);
    expect(ws.getRow(1500).getCell(31).value).toBe(1499);
    expect(ws.getRow(1).getCell(27).value).toBe('c26'); // column AA
  });

  it('writes an empty sheet as a valid file', async () => {
    const wb = await roundTrip([]);
    expect(wb.worksheets).toHaveLength(1);
    expect(wb.worksheets[0].rowCount).toBe(0);
  });
});
