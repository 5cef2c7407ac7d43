/**
 * Streaming G-code analysis: feed it lines one at a time (never the whole file), then `result()`.
 * Understands Marlin/RepRap printer G-code and GRBL (CNC, laser). Slicer headers (PrusaSlicer,
 * OrcaSlicer, Cura) win over what is computed from the moves when they are present.
 */

export type Slicer = 'prusaslicer' | 'orcaslicer' | 'cura' | 'unknown';

export interface Thumbnail {
  width: number;
  height: number;
  /** PNG (or JPG/QOI as declared) bytes decoded from the base64 block. */
  data: Buffer;
  format: 'png' | 'jpg' | 'qoi';
}

export interface GcodeAnalysis {
  lines: number;
  moves: number;
  slicer: Slicer;
  bbox: { minX: number; minY: number; minZ: number; maxX: number; maxY: number; maxZ: number } | null;
  /** Seconds; from the slicer header when present, else computed from moves and feed rates. */
  estimatedSeconds: number;
  estimatedFrom: 'slicer' | 'moves';
  computedSeconds: number;
  filamentMm: number | null;
  filamentG: number | null;
  layers: number | null;
  nozzleTempC: number | null;
  /** Nozzle diameter the file was sliced for (slicer header). */
  nozzleMm: number | null;
  bedTempC: number | null;
  /** Laser power / spindle seen (S words with M3/M4), for GRBL files. */
  maxSpindle: number | null;
  /** The largest embedded thumbnail, if any. */
  thumbnail: Thumbnail | null;
}

/** "1d 2h 3m 4s", "1h 2m 3s", "45m 0s", "12s" → seconds. */
export function parseDuration(text: string): number | null {
  let total = 0;
  let seen = false;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*([dhms])/g)) {
    const n = Number(m[1]);
    total += n * { d: 86400, h: 3600, m: 60, s: 1 }[m[2] as 'd' | 'h' | 'm' | 's'];
    seen = true;
  }
  return seen ? Math.round(total) : null;
}

const PLA_DENSITY = 1.24; // g/cm³
const FILAMENT_DIAMETER = 1.75; // mm

/** Collects everything the analysis needs while lines stream past. */
export class GcodeAnalyser {
  private lines = 0;
  private moves = 0;
  private x = 0;
  private y = 0;
  private z = 0;
  private e = 0;
  private absolute = true;
  private absoluteE = true;
  private feed = 1500; // mm/min
  private inches = false;
  private extruded = 0;
  private seconds = 0;
  private minX = Infinity;
  private minY = Infinity;
  private minZ = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;
  private maxZ = -Infinity;
  private slicer: Slicer = 'unknown';
  private headerSeconds: number | null = null;
  private headerFilamentMm: number | null = null;
  private headerFilamentG: number | null = null;
  private headerLayers: number | null = null;
  private layerChanges = 0;
  private layerZs = new Set<number>();
  private nozzle: number | null = null;
  private nozzleMm: number | null = null;
  private bed: number | null = null;
  private spindle: number | null = null;
  private thumb: { width: number; height: number; format: Thumbnail['format']; chunks: string[] } | null = null;
  private best: Thumbnail | null = null;
  /** Optional: called with every extruding/cutting segment (for the top-view render). */
  onSegment?: (x0: number, y0: number, x1: number, y1: number, working: boolean) => void;

  push(raw: string): void {
    this.lines++;
    const line = raw.trim();
    if (!line) return;
    if (line[0] === ';' || line[0] === '(') return this.comment(line);
    const semi = line.indexOf(';');
    const code = (semi >= 0 ? line.slice(0, semi) : line).replace(/\([^)]*\)/g, '').toUpperCase();
    if (semi >= 0) this.comment(line.slice(semi));
    const words = parseWords(code);
    if (!words) return;
    const g = words.G;
    const m = words.M;
    if (g !== undefined) {
      if (g === 0 || g === 1 || g === 2 || g === 3) return this.move(g, words);
      if (g === 90) this.absolute = this.absoluteE = true;
      else if (g === 91) this.absolute = this.absoluteE = false;
      else if (g === 20) this.inches = true;
      else if (g === 21) this.inches = false;
      else if (g === 92) {
        if (words.E !== undefined) this.e = words.E;
        if (words.X !== undefined) this.x = this.unit(words.X);
        if (words.Y !== undefined) this.y = this.unit(words.Y);
        if (words.Z !== undefined) this.z = this.unit(words.Z);
      } else if (g === 4) this.seconds += (words.P ?? 0) / 1000 + (words.S ?? 0);
      else if (g === 28) {
        this.x = this.y = this.z = 0;
      }
      return;
    }
    if (m !== undefined) {
      if (m === 82) this.absoluteE = true;
      else if (m === 83) this.absoluteE = false;
      else if ((m === 104 || m === 109) && words.S !== undefined) this.nozzle = Math.max(this.nozzle ?? 0, words.S);
      else if ((m === 140 || m === 190) && words.S !== undefined) this.bed = Math.max(this.bed ?? 0, words.S);
      else if ((m === 3 || m === 4) && words.S !== undefined) this.spindle = Math.max(this.spindle ?? 0, words.S);
      return;
    }
    // GRBL modal moves without a G word (e.g. "X10Y5") continue the last motion mode: treat as G1.
    if (words.X !== undefined || words.Y !== undefined || words.Z !== undefined) this.move(1, words);
    if (words.S !== undefined && words.X === undefined) this.spindle = Math.max(this.spindle ?? 0, words.S);
  }

  private unit(v: number) {
    return this.inches ? v * 25.4 : v;
  }

  private move(g: number, w: Record<string, number>) {
    if (w.F !== undefined) this.feed = this.unit(w.F);
    if (w.S !== undefined) this.spindle = Math.max(this.spindle ?? 0, w.S);
    const nx = w.X === undefined ? this.x : this.absolute ? this.unit(w.X) : this.x + this.unit(w.X);
    const ny = w.Y === undefined ? this.y : this.absolute ? this.unit(w.Y) : this.y + this.unit(w.Y);
    const nz = w.Z === undefined ? this.z : this.absolute ? this.unit(w.Z) : this.z + this.unit(w.Z);
    let de = 0;
    if (w.E !== undefined) {
      de = this.absoluteE ? w.E - this.e : w.E;
      this.e = this.absoluteE ? w.E : this.e + w.E;
      if (de > 0) this.extruded += de;
    }
    const dist = Math.hypot(nx - this.x, ny - this.y, nz - this.z);
    if (dist > 0 || de !== 0) {
      this.moves++;
      const len = dist > 0 ? dist : Math.abs(de);
      // G0 is a rapid: counted at the feed too (a simple, conservative estimate).
      this.seconds += (len / Math.max(1, this.feed)) * 60;
      const working = g !== 0 && (de > 0 || (w.E === undefined && (this.spindle ?? 0) > 0) || (w.E === undefined && this.extruded === 0));
      const xy = nx !== this.x || ny !== this.y;
      if (xy && de > 0) {
        // Printers: the part is where plastic goes.
        this.growE(this.x, this.y, this.z);
        this.growE(nx, ny, nz);
        this.layerZs.add(Math.round(nz * 100));
      } else if (xy && g !== 0) {
        // CNC / laser: every cutting move.
        this.grow(this.x, this.y, this.z);
        this.grow(nx, ny, nz);
      }
      this.onSegment?.(this.x, this.y, nx, ny, working);
    }
    this.x = nx;
    this.y = ny;
    this.z = nz;
  }

  private eBox = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  private growE(x: number, y: number, z: number) {
    const b = this.eBox;
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.min(b[2], z);
    b[3] = Math.max(b[3], x);
    b[4] = Math.max(b[4], y);
    b[5] = Math.max(b[5], z);
  }

  private grow(x: number, y: number, z: number) {
    if (x < this.minX) this.minX = x;
    if (y < this.minY) this.minY = y;
    if (z < this.minZ) this.minZ = z;
    if (x > this.maxX) this.maxX = x;
    if (y > this.maxY) this.maxY = y;
    if (z > this.maxZ) this.maxZ = z;
  }

  private comment(c: string) {
    const text = c.replace(/^[;(]\s*/, '').replace(/\)\s*$/, '');
    if (this.thumb) {
      if (/^thumbnail(_\w+)? end/.test(text)) {
        const data = Buffer.from(this.thumb.chunks.join(''), 'base64');
        if (!this.best || this.thumb.width * this.thumb.height > this.best.width * this.best.height) {
          this.best = { width: this.thumb.width, height: this.thumb.height, data, format: this.thumb.format };
        }
        this.thumb = null;
      } else this.thumb.chunks.push(text.trim());
      return;
    }
    let m: RegExpMatchArray | null;
    if ((m = text.match(/^thumbnail(?:_(JPG|QOI|PNG))? begin (\d+)x(\d+) \d+/i))) {
      this.thumb = { width: Number(m[2]), height: Number(m[3]), format: (m[1]?.toLowerCase() ?? 'png') as Thumbnail['format'], chunks: [] };
      return;
    }
    if (/^generated by PrusaSlicer/i.test(text)) this.slicer = 'prusaslicer';
    else if (/^generated by OrcaSlicer/i.test(text) || /^OrcaSlicer/i.test(text)) this.slicer = 'orcaslicer';
    else if (/^Generated with Cura/i.test(text) || /^FLAVOR:/.test(text)) this.slicer = this.slicer === 'unknown' ? 'cura' : this.slicer;
    if ((m = text.match(/^estimated printing time(?: \(normal mode\))?\s*[=:]\s*(.+)$/i)) || (m = text.match(/^model printing time:\s*([^;]+)/i))) {
      const s = parseDuration(m[1]);
      if (s !== null && this.headerSeconds === null) this.headerSeconds = s;
    } else if ((m = text.match(/^TIME:(\d+(?:\.\d+)?)/))) {
      this.headerSeconds = Math.round(Number(m[1]));
    } else if ((m = text.match(/^total estimated time:\s*(.+)$/i))) {
      const s = parseDuration(m[1]);
      if (s !== null) this.headerSeconds = s;
    } else if ((m = text.match(/^(?:total )?filament used \[mm\]\s*=\s*([\d.]+)/i))) {
      this.headerFilamentMm = Number(m[1]);
    } else if ((m = text.match(/^(?:total )?filament used \[g\]\s*=\s*([\d.]+)/i))) {
      this.headerFilamentG = Number(m[1]);
    } else if ((m = text.match(/^Filament used:\s*([\d.]+)m/i))) {
      this.headerFilamentMm = Number(m[1]) * 1000;
    } else if ((m = text.match(/^LAYER_COUNT:(\d+)/)) || (m = text.match(/^total layers? count\s*[=:]\s*(\d+)/i))) {
      this.headerLayers = Number(m[1]);
    } else if ((m = text.match(/^(?:nozzle_diameter\s*=\s*|EXTRUDER_TRAIN\.0\.NOZZLE\.DIAMETER:)([\d.]+)/i))) {
      this.nozzleMm = Number(m[1]);
    } else if (/^(LAYER_CHANGE|LAYER:\d+)/.test(text)) {
      this.layerChanges++;
    }
  }

  result(): GcodeAnalysis {
    const e = this.eBox;
    const printed = e[3] >= e[0];
    if (printed) [this.minX, this.minY, this.minZ, this.maxX, this.maxY, this.maxZ] = e;
    const has = this.maxX >= this.minX;
    const computedSeconds = Math.round(this.seconds);
    const filamentMm = this.headerFilamentMm ?? (this.extruded > 0 ? Math.round(this.extruded * 100) / 100 : null);
    const volumeCm3 = filamentMm !== null ? (Math.PI * (FILAMENT_DIAMETER / 2) ** 2 * filamentMm) / 1000 : null;
    const filamentG = this.headerFilamentG ?? (volumeCm3 !== null ? Math.round(volumeCm3 * PLA_DENSITY * 100) / 100 : null);
    const layers = this.headerLayers ?? (this.layerChanges > 0 ? this.layerChanges : this.layerZs.size > 0 ? this.layerZs.size : null);
    const r = (v: number) => Math.round(v * 1000) / 1000;
    return {
      lines: this.lines,
      moves: this.moves,
      slicer: this.slicer,
      bbox: has ? { minX: r(this.minX), minY: r(this.minY), minZ: r(this.minZ), maxX: r(this.maxX), maxY: r(this.maxY), maxZ: r(this.maxZ) } : null,
      estimatedSeconds: this.headerSeconds ?? computedSeconds,
      estimatedFrom: this.headerSeconds !== null ? 'slicer' : 'moves',
      computedSeconds,
      filamentMm,
      filamentG,
      layers,
      nozzleTempC: this.nozzle,
      nozzleMm: this.nozzleMm,
      bedTempC: this.bed,
      maxSpindle: this.spindle,
      thumbnail: this.best,
    };
  }
}

/** "G1 X10.5 Y-3 F1200" or "G1X10.5Y-3" → { G: 1, X: 10.5, Y: -3, F: 1200 }; null when not G-code. */
export function parseWords(code: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  let i = 0;
  const n = code.length;
  let any = false;
  while (i < n) {
    const ch = code.charCodeAt(i);
    if (ch === 32 || ch === 9) {
      i++;
      continue;
    }
    if (ch < 65 || ch > 90) {
      if (code[i] === '$' || code[i] === '%' || code[i] === '*') return any ? out : null;
      i++;
      continue;
    }
    const letter = code[i];
    i++;
    const start = i;
    while (i < n && /[-+0-9.]/.test(code[i])) i++;
    if (i === start) continue;
    const v = Number(code.slice(start, i));
    if (!Number.isNaN(v)) {
      if (!(letter in out)) out[letter] = v;
      any = true;
    }
  }
  return any ? out : null;
}

/**
 * Tells G-code text from anything else, line by line: most non-empty lines are comments or start
 * with a G/M/T/N/S/F/X/Y/Z word or `$`/`%`, and at least one is a code.
 */
export class GcodeSniffer {
  private lines = 0;
  private ok = 0;
  private codes = 0;

  line(raw: string): void {
    const l = raw.trim();
    if (!l) return;
    this.lines++;
    if (l[0] === ';' || l[0] === '(' || l[0] === '%' || l[0] === '$') this.ok++;
    else if (/^[GMTNXYZSF][-+0-9.]/i.test(l)) {
      this.ok++;
      this.codes++;
    }
  }

  get verdict(): boolean {
    return this.codes > 0 && this.ok / this.lines >= 0.9;
  }
}

/** True when the beginning of a file looks like G-code text: valid UTF-8 without NUL bytes, G-code lines. */
export function looksLikeGcode(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  if (text.includes('\uFFFD')) return false;
  const sniffer = new GcodeSniffer();
  text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, 400)
    .forEach((l) => sniffer.line(l));
  return sniffer.verdict;
}
