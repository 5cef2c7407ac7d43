import { EventEmitter } from 'node:events';
import type { Driver } from '../serial/device-port';
import { LineSplitter } from '../serial/line-splitter';
import { decodeBoardLine, encodeBoardLine, parseBoardBody, displayLines, BoardMessage } from './board-line';
import { createLogger } from '../util/log';

export interface FablabBoardOptions {
  ackTimeoutMs?: number;
  maxResends?: number;
  helloTimeoutMs?: number;
  keepAliveMs?: number;
}

interface Pending {
  line: string;
  resends: number;
  timer: NodeJS.Timeout;
  resolve: () => void;
  reject: (e: Error) => void;
}

export type LedColor = 'green' | 'red' | 'amber' | 'off';

/**
 * Our reference reader board (SERIAL-PROTOCOL, "fablab-board line protocol").
 * Emits badge, removed, current, button, greeting, alarm, failed.
 */
export class FablabBoardDriver extends EventEmitter implements Driver {
  readonly kind = 'fablab-board';
  private write?: (d: Buffer | string) => void;
  private splitter = new LineSplitter((l) => this.onLine(l));
  private seq = 0;
  private pending = new Map<number, Pending>();
  private ident?: string;
  private badgeUid?: string;
  private helloTimer?: NodeJS.Timeout;
  private keepAlive?: NodeJS.Timeout;
  /** Whether the board answered (HELLO or PING) since the port last opened. */
  private greetedNow = false;
  private cardBeforeBlip?: string;
  failed = false;
  relayOn = false;
  private log = createLogger('board');

  constructor(private readonly opts: FablabBoardOptions = {}) {
    super();
  }

  identity() {
    return this.ident;
  }

  attach(write: (d: Buffer | string) => void) {
    this.write = write;
    this.failed = false;
    this.splitter.reset();
    // The board must hear from us (its own 30 s watchdog), and a dead board must show as an
    // alarm even when no command is due: a PING every 10 s does both.
    clearInterval(this.keepAlive);
    this.keepAlive = setInterval(() => {
      if (this.pending.size === 0 && !this.failed) void this.ping().catch(() => undefined);
    }, this.opts.keepAliveMs ?? 10_000);
    // A board that did not reset on open, or that spoke before the port (re)opened, gives us no
    // HELLO: a PING proves it is there, and either way its relay is put back.
    this.greetedNow = false;
    clearTimeout(this.helloTimer);
    this.helloTimer = setTimeout(() => {
      if (this.greetedNow) return;
      this.ping().then(
        () => {
          if (!this.greetedNow) this.greeted(this.ident ?? 'fablab-board (answered PING)');
        },
        () => undefined,
      );
    }, this.opts.helloTimeoutMs ?? 1500);
  }

  /** The board answered on this connection: say so, and after a restart put its relay back. */
  private greeted(ident: string) {
    this.greetedNow = true;
    this.ident = ident;
    this.emit('greeting', ident);
    if (this.relayOn) void this.relay(true).catch(() => undefined);
  }

  detach() {
    this.write = undefined;
    clearTimeout(this.helloTimer);
    clearInterval(this.keepAlive);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('board disconnected'));
    }
    this.pending.clear();
    // A lost link is not a card taken away: a USB blip must not start a badge-out. A board back
    // with the same card still on it reports it again; that read is not a second presentation.
    this.cardBeforeBlip = this.badgeUid;
    this.badgeUid = undefined;
  }

  feed(chunk: Buffer) {
    this.splitter.feed(chunk);
  }

  private onLine(line: string) {
    const body = decodeBoardLine(line);
    if (body === undefined) {
      // A line with a bad checksum is answered NAK and ignored.
      this.write?.(encodeBoardLine('NAK'));
      return;
    }
    const m: BoardMessage = parseBoardBody(body);
    switch (m.kind) {
      case 'hello':
        clearTimeout(this.helloTimer);
        this.greeted(`${m.firmware} ${m.boardId}`);
        return;
      case 'badge': {
        // The board reports each presentation once (it de-bounces itself): a repeated BADGE
        // is a new read, which for the session's own card means badge-out.
        const stillThere = this.cardBeforeBlip === m.uid;
        this.cardBeforeBlip = undefined;
        this.badgeUid = m.uid;
        if (!stillThere) this.emit('badge', m.uid);
        return;
      }
      case 'badge_removed': {
        const uid = this.badgeUid ?? this.cardBeforeBlip;
        this.badgeUid = undefined;
        this.cardBeforeBlip = undefined;
        if (uid) this.emit('removed', uid);
        return;
      }
      case 'current':
        this.emit('current', m.milliamps);
        return;
      case 'button':
        this.emit('button', m.n);
        return;
      case 'ack': {
        const p = this.pending.get(m.seq);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(m.seq);
        p.resolve();
        return;
      }
      case 'err': {
        const p = this.pending.get(m.seq);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(m.seq);
        p.reject(new Error(`board refused ${p.line.trim()}: ${m.code}`));
        return;
      }
      case 'nak':
        // The board could not read our last line: resend what is still pending now.
        for (const p of this.pending.values()) this.write?.(p.line);
        return;
      default:
        this.log.debug('unknown line', m);
    }
  }

  /** Sends `<seq> <command>`, resends after 500 ms up to 3 times, then reports the board failed. */
  send(command: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.write) return reject(new Error('board not connected'));
      const seq = this.seq;
      this.seq = (this.seq + 1) % 65536;
      const line = encodeBoardLine(`${seq} ${command}`);
      const p: Pending = { line, resends: 0, resolve, reject, timer: undefined as unknown as NodeJS.Timeout };
      const arm = () => {
        p.timer = setTimeout(() => {
          if (p.resends >= (this.opts.maxResends ?? 3)) {
            this.pending.delete(seq);
            this.markFailed(command);
            reject(new Error(`board did not acknowledge "${command}"`));
            return;
          }
          p.resends++;
          this.write?.(line);
          arm();
        }, this.opts.ackTimeoutMs ?? 500);
      };
      this.pending.set(seq, p);
      this.write(line);
      arm();
    });
  }

  private markFailed(command: string) {
    if (this.failed) return;
    this.failed = true;
    this.emit('alarm', { code: 'board_failed', message: `reader board stopped acknowledging (${command})` });
    this.emit('failed');
  }

  relay(on: boolean) {
    this.relayOn = on;
    return this.send(`RELAY ${on ? 'ON' : 'OFF'}`);
  }
  led(color: LedColor, blink = false) {
    return this.send(`LED ${color}${blink ? ' blink' : ''}`);
  }
  beep(ms: number) {
    return this.send(`BEEP ${Math.max(1, Math.round(ms))}`);
  }
  /** One text per display line (2 of 16 or 4 of 20 characters: see display/messages). */
  show(lines: string[]) {
    return this.send(`SHOW ${displayLines(lines)}`);
  }
  ping() {
    return this.send('PING');
  }
}
