import { asciiText } from '../display/messages';

/** `fablab-board` lines end with `*XX`, XX the upper-case hex XOR of the bytes before `*` (NMEA). */
export function boardChecksum(body: string): string {
  let x = 0;
  for (const b of Buffer.from(body, 'latin1')) x ^= b;
  return x.toString(16).toUpperCase().padStart(2, '0');
}

export function encodeBoardLine(body: string): string {
  return `${body}*${boardChecksum(body)}\n`;
}

/** Returns the body of a well-formed line, or undefined when the checksum is missing or wrong. */
export function decodeBoardLine(line: string): string | undefined {
  const star = line.lastIndexOf('*');
  if (star < 0) return undefined;
  const body = line.slice(0, star);
  const cs = line
    .slice(star + 1)
    .trim()
    .toUpperCase();
  return cs === boardChecksum(body) ? body : undefined;
}

/**
 * `SHOW` carries one display line after another, separated by `|` (at most 4 lines of 20), in
 * ASCII: accents dropped, French quotes made plain.
 */
export function displayLines(lines: string[]): string {
  return lines
    .slice(0, 4)
    .map((l) => asciiText(l).slice(0, 20).trimEnd())
    .join('|');
}

export type BoardMessage =
  | { kind: 'hello'; firmware: string; boardId: string }
  | { kind: 'badge'; uid: string }
  | { kind: 'badge_removed' }
  | { kind: 'current'; milliamps: number }
  | { kind: 'button'; n: number }
  | { kind: 'ack'; seq: number }
  | { kind: 'err'; seq: number; code: string }
  | { kind: 'nak' }
  | { kind: 'unknown'; body: string };

export function parseBoardBody(body: string): BoardMessage {
  const [word, ...rest] = body.trim().split(/\s+/);
  switch (word) {
    case 'HELLO':
      return { kind: 'hello', firmware: rest[0] ?? '?', boardId: rest[1] ?? '?' };
    case 'BADGE':
      if (rest[0] && /^([0-9A-Fa-f]{2}){4,10}$/.test(rest[0])) return { kind: 'badge', uid: rest[0].toUpperCase() };
      break;
    case 'BADGE_REMOVED':
      return { kind: 'badge_removed' };
    case 'CURRENT':
      if (/^\d+(\.\d+)?$/.test(rest[0] ?? '')) return { kind: 'current', milliamps: Number(rest[0]) };
      break;
    case 'BUTTON':
      if (/^\d+$/.test(rest[0] ?? '')) return { kind: 'button', n: Number(rest[0]) };
      break;
    case 'ACK':
      if (/^\d+$/.test(rest[0] ?? '')) return { kind: 'ack', seq: Number(rest[0]) };
      break;
    case 'ERR':
      if (/^\d+$/.test(rest[0] ?? '')) return { kind: 'err', seq: Number(rest[0]), code: rest[1] ?? '?' };
      break;
    case 'NAK':
      return { kind: 'nak' };
  }
  return { kind: 'unknown', body };
}
