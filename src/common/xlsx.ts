import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

/**
 * A one-sheet XLSX written as it goes: the sheet's XML is deflated into a ZIP entry while rows
 * arrive, so a federation's years of activities leave in bounded memory. Why not ExcelJS's
 * streaming writer: its cell model cost ~85 % of a 174 000-row export's CPU (22 s of 25 s,
 * docs/benchmarks.md), for a sheet of plain texts, numbers and dates. Read back with ExcelJS in
 * the tests (src/common/xlsx.spec.ts, test/e2e/mediation.e2e-spec.ts).
 */
export type SheetCell = string | number | Date | null | undefined;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Style indexes of styles.xml below. */
const STYLE_DATE = 1;
const STYLE_BOLD = 2;
const DAY_MS = 86_400_000;
/** 1970-01-01 as a spreadsheet serial day (the 1900 date system). */
const EPOCH_SERIAL = 25_569;
/** Sheet XML is handed to the compressor in pieces of about this size. */
const FLUSH_CHARS = 64 * 1024;

// Characters XML 1.0 does not allow (a typed control character must not make the file unreadable).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const escapeXml = (s: string) => s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const columnNames: string[] = [];
function columnName(i: number): string {
  let name = columnNames[i];
  if (name) return name;
  name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  columnNames[i] = name;
  return name;
}

function cellXml(ref: string, value: SheetCell, bold: boolean): string {
  if (value === null || value === undefined || value === '') return '';
  const s = bold ? ` s="${STYLE_BOLD}"` : '';
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  if (value instanceof Date) return `<c r="${ref}" s="${STYLE_DATE}"><v>${value.getTime() / DAY_MS + EPOCH_SERIAL}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
}

export class XlsxWriter {
  private readonly zip: ZipWriter;
  private sheet: ZipEntry | null = null;
  private pending = '';
  private rowNumber = 0;

  constructor(
    out: Writable,
    private readonly opts: { sheetName: string; creator: string; created?: Date },
  ) {
    this.zip = new ZipWriter(out, opts.created ?? new Date());
  }

  /** Writes the next row; empty cells are left out of the sheet. */
  async row(cells: SheetCell[], opts: { bold?: boolean } = {}): Promise<void> {
    if (!this.sheet) await this.begin();
    const r = ++this.rowNumber;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) xml += cellXml(`${columnName(i)}${r}`, cells[i], !!opts.bold);
    this.pending += `${xml}</row>`;
    if (this.pending.length >= FLUSH_CHARS) await this.flush();
  }

  /** Ends the sheet and the file (the central directory), and waits until `out` has taken it all. */
  async end(): Promise<void> {
    if (!this.sheet) await this.begin();
    this.pending += '</sheetData></worksheet>';
    await this.flush();
    await this.sheet!.end();
    await this.zip.end();
  }

  private async flush(): Promise<void> {
    const text = this.pending;
    this.pending = '';
    if (text) await this.sheet!.write(Buffer.from(text, 'utf8'));
  }

  private async begin(): Promise<void> {
    const created = (this.opts.created ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const parts: Array<[string, string]> = [
      [
        '[Content_Types].xml',
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
      ],
      [
        '_rels/.rels',
        `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
      ],
      [
        'docProps/core.xml',
        `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>${escapeXml(this.opts.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created></cp:coreProperties>`,
      ],
      [
        'xl/workbook.xml',
        `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(this.opts.sheetName).replace(/"/g, '&quot;')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ],
      [
        'xl/styles.xml',
        `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
      ],
    ];
    for (const [name, xml] of parts) {
      const entry = this.zip.entry(name);
      await entry.write(Buffer.from(XML_HEAD + xml, 'utf8'));
      await entry.end();
    }
    this.sheet = this.zip.entry('xl/worksheets/sheet1.xml');
    this.pending = `${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetData>`;
  }
}

/** Waits for `out` to take more, or fails if it closes first (a download cancelled midway). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('export interrompu : la connexion est fermée'));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', done);
  });
}

interface Written {
  name: Buffer;
  offset: number;
  crc: number;
  compressed: number;
  size: number;
}

/**
 * A ZIP archive written in one pass: each entry is deflated as it comes, its sizes and CRC in a
 * data descriptor after it (general purpose flag bit 3), then the central directory. Entries are
 * written one after the other. No ZIP64: an entry or the file past 4 GiB is refused.
 */
class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];
  private readonly dosTime: number;
  private readonly dosDate: number;

  constructor(
    private readonly out: Writable,
    at: Date,
  ) {
    this.dosTime = (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2);
    this.dosDate = ((Math.max(at.getFullYear(), 1980) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
  }

  async put(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (this.offset > 0xffffffff) throw new Error('export trop volumineux pour un fichier XLSX (plus de 4 Go)');
    if (this.out.destroyed) throw new Error('export interrompu : la connexion est fermée');
    if (!this.out.write(chunk)) await drained(this.out);
  }

  entry(name: string): ZipEntry {
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: deflate
    header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.dosTime, 10);
    header.writeUInt16LE(this.dosDate, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    const w: Written = { name: nameBytes, offset: this.offset, crc: 0, compressed: 0, size: 0 };
    const started = this.put(Buffer.concat([header, nameBytes]));
    return new ZipEntry(this, w, started, (done) => this.written.push(done));
  }

  async end(): Promise<void> {
    const start = this.offset;
    for (const w of this.written) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(w.crc >>> 0, 16);
      h.writeUInt32LE(w.compressed, 20);
      h.writeUInt32LE(w.size, 24);
      h.writeUInt16LE(w.name.length, 28);
      h.writeUInt32LE(w.offset, 42);
      await this.put(Buffer.concat([h, w.name]));
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.written.length, 8);
    eocd.writeUInt16LE(this.written.length, 10);
    eocd.writeUInt32LE(this.offset - start, 12);
    eocd.writeUInt32LE(start, 16);
    await this.put(eocd);
    this.out.end();
    await once(this.out, 'finish');
  }
}

class ZipEntry {
  // Level 1: a sheet of repeated XML compresses well enough, at a fraction of the default's CPU.
  private readonly deflate = createDeflateRaw({ level: 1, strategy: constants.Z_DEFAULT_STRATEGY });
  private readonly drained: Promise<void>;

  constructor(
    private readonly zip: ZipWriter,
    private readonly w: Written,
    started: Promise<void>,
    private readonly done: (w: Written) => void,
  ) {
    // Compressed pieces go to the archive in order, each after the previous was taken.
    let chain = started;
    this.deflate.on('data', (piece: Buffer) => {
      w.compressed += piece.length;
      this.deflate.pause();
      chain = chain.then(() => zip.put(piece)).finally(() => this.deflate.resume());
    });
    this.drained = new Promise<void>((resolve, reject) => {
      this.deflate.on('end', () => chain.then(resolve, reject));
      this.deflate.on('error', reject);
    });
  }

  async write(data: Buffer): Promise<void> {
    this.w.crc = crc32(data, this.w.crc);
    this.w.size += data.length;
    if (this.w.size > 0xffffffff) throw new Error('export trop volumineux pour un fichier XLSX (plus de 4 Go)');
    if (!this.deflate.write(data)) await once(this.deflate, 'drain');
  }

  async end(): Promise<void> {
    this.deflate.end();
    await this.drained;
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(this.w.crc >>> 0, 4);
    d.writeUInt32LE(this.w.compressed, 8);
    d.writeUInt32LE(this.w.size, 12);
    await this.zip.put(d);
    this.done(this.w);
  }
}
