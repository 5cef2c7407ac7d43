import { EventEmitter } from 'node:events';
import { LineSplitter } from '../serial/line-splitter';

export interface GrblStatus {
  state: string;
  mpos?: [number, number, number];
  wpos?: [number, number, number];
  wco?: [number, number, number];
  feed?: number;
  spindle?: number;
  /** `Bf:<planner blocks free>,<rx bytes free>` */
  bf?: { blocks: number; rx: number };
}

export type GrblMessage =
  | { kind: 'ok' }
  | { kind: 'error'; code: number }
  | { kind: 'alarm'; code: number }
  | { kind: 'status'; status: GrblStatus }
  | { kind: 'greeting'; version: string }
  | { kind: 'feedback'; text: string }
  | { kind: 'other'; text: string };

const triple = (s: string): [number, number, number] | undefined => {
  const p = s.split(',').map(Number);
  if (p.length < 3 || p.some((n) => Number.isNaN(n))) return undefined;
  return [p[0], p[1], p[2]];
};

/** Parses one GRBL 1.1 line into a typed message. Unknown lines are `other`, never an error. */
export function parseGrblLine(line: string): GrblMessage {
  const l = line.trim();
  if (l === 'ok') return { kind: 'ok' };
  let m = /^error:(\d+)/.exec(l);
  if (m) return { kind: 'error', code: Number(m[1]) };
  m = /^ALARM:(\d+)/.exec(l);
  if (m) return { kind: 'alarm', code: Number(m[1]) };
  m = /^Grbl (\S+)/.exec(l);
  if (m) return { kind: 'greeting', version: l };
  if (l.startsWith('<') && l.endsWith('>')) {
    const fields = l.slice(1, -1).split('|');
    // Only the first two fields are sure (SERIAL-PROTOCOL, grbl row).
    const status: GrblStatus = { state: fields[0].split(':')[0] };
    for (const f of fields.slice(1)) {
      const [k, v] = f.split(':');
      if (v === undefined) continue;
      if (k === 'MPos') status.mpos = triple(v);
      else if (k === 'WPos') status.wpos = triple(v);
      else if (k === 'WCO') status.wco = triple(v);
      else if (k === 'FS' || k === 'F') {
        const [fr, sp] = v.split(',').map(Number);
        status.feed = fr;
        if (sp !== undefined && !Number.isNaN(sp)) status.spindle = sp;
      } else if (k === 'Bf') {
        const [b, r] = v.split(',').map(Number);
        if (!Number.isNaN(b) && !Number.isNaN(r)) status.bf = { blocks: b, rx: r };
      }
    }
    return { kind: 'status', status };
  }
  if (l.startsWith('[') && l.endsWith(']')) return { kind: 'feedback', text: l.slice(1, -1) };
  return { kind: 'other', text: l };
}

/** Feeds bytes, emits `message` with typed GrblMessage values. */
export class GrblParser extends EventEmitter {
  private splitter = new LineSplitter((line) => this.emit('message', parseGrblLine(line)));
  feed(chunk: Buffer | string): void {
    this.splitter.feed(chunk);
  }
  reset(): void {
    this.splitter.reset();
  }
}
