import { EventEmitter } from 'node:events';
import { LineSplitter } from '../serial/line-splitter';

export type MarlinMessage =
  | { kind: 'ok'; line?: number; plannerFree?: number; bufferFree?: number; temps?: Temps }
  | { kind: 'resend'; line: number }
  | { kind: 'error'; text: string }
  | { kind: 'busy' }
  | { kind: 'temps'; temps: Temps }
  | { kind: 'start' }
  | { kind: 'firmware'; name: string }
  | { kind: 'cap'; name: string; on: boolean }
  | { kind: 'fatal'; text: string }
  | { kind: 'other'; text: string };

export type Temps = Record<string, { actual: number; target: number }>;

/** Parses `T:209.8 /210.0 B:60.1 /60.0 @:0 B@:0` (also `T0:`, `T1:`). */
export function parseTemps(s: string): Temps | undefined {
  const out: Temps = {};
  const re = /\b(T\d?|B|C):\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const key = m[1] === 'B' ? 'bed' : m[1] === 'C' ? 'chamber' : m[1] === 'T' || m[1] === 'T0' ? 'hotend' : `hotend${m[1].slice(1)}`;
    if (out[key]) continue;
    out[key] = { actual: Number(m[2]), target: Number(m[3]) };
  }
  return Object.keys(out).length ? out : undefined;
}

// Thermal runaway, MAXTEMP, kill() and "Printer halted" mean the firmware stopped itself.
const FATAL = /thermal runaway|maxtemp|mintemp|kill\(\) called|printer halted/i;

export function parseMarlinLine(line: string): MarlinMessage {
  const l = line.trim();
  if (FATAL.test(l)) return { kind: 'fatal', text: l };
  if (l.startsWith('ok')) {
    const msg: MarlinMessage = { kind: 'ok' };
    const n = /\bN(\d+)/.exec(l);
    const p = /\bP(\d+)/.exec(l);
    const b = /\bB(\d+)/.exec(l);
    if (n) msg.line = Number(n[1]);
    if (p) msg.plannerFree = Number(p[1]);
    if (b) msg.bufferFree = Number(b[1]);
    const t = parseTemps(l);
    if (t) msg.temps = t;
    return msg;
  }
  let m = /^(?:Resend|rs):?\s*N?(\d+)/i.exec(l);
  if (m) return { kind: 'resend', line: Number(m[1]) };
  if (/^echo:busy:/.test(l)) return { kind: 'busy' };
  if (/^Error:/i.test(l)) return { kind: 'error', text: l.slice(6) };
  if (l === 'start') return { kind: 'start' };
  m = /FIRMWARE_NAME:([^\s]+(?:\s+[^\s:]+(?=\s|$))?)/.exec(l);
  if (m) return { kind: 'firmware', name: l };
  m = /^Cap:([A-Z_]+):([01])/.exec(l);
  if (m) return { kind: 'cap', name: m[1], on: m[2] === '1' };
  const t = /^\s*T\d?:/.test(l) ? parseTemps(l) : undefined;
  if (t) return { kind: 'temps', temps: t };
  return { kind: 'other', text: l };
}

export class MarlinParser extends EventEmitter {
  private splitter = new LineSplitter((line) => this.emit('message', parseMarlinLine(line)));
  feed(chunk: Buffer | string) {
    this.splitter.feed(chunk);
  }
  reset() {
    this.splitter.reset();
  }
}

/** `N<n> <gcode>*<cs>`: cs is the XOR of every byte before `*`, written in decimal. */
export function marlinChecksum(s: string): number {
  let cs = 0;
  for (const b of Buffer.from(s, 'latin1')) cs ^= b;
  return cs;
}

export function numberedLine(n: number, gcode: string): string {
  const body = `N${n} ${gcode}`;
  return `${body}*${marlinChecksum(body)}`;
}
