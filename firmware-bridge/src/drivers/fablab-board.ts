import { EventEmitter } from 'node:events';
import type { Driver } from '../serial/device-port';
import { LineSplitter } from '../serial/line-splitter';
import { decodeBoardLine, encodeBoardLine, parseBoardBody, displayText, BoardMessage } from './board-line';
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
    // A board that did not reset on open will not say HELLO: a PING proves it is there.
    this.helloTimer = setTimeout(() => {
      if (!this.ident)
        this.ping().then(
          () => {
            if (!this.ident) {
              this.ident = 'fablab-board (answered PING)';
              this.emit('greeting', this.ident);
            }
          },
          () => undefined,
        );
    }, this.opts.helloTimeoutMs ?? 1500);
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
    if (this.badgeUid) {
      const uid = this.badgeUid;
      this.badgeUid = undefined;
      this.emit('removed', uid);
    }
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
        this.ident = `${m.firmware} ${m.boardId}`;
        this.emit('greeting', this.ident);
        // After a board restart, put its relay back where we want it.
        if (this.relayOn) void this.relay(true).catch(() => undefined);
        return;
      case 'badge':
        // The board reports each presentation once (it de-bounces itself): a repeated BADGE
        // is a new read, which for the session's own card means badge-out.
        this.badgeUid = m.uid;
        this.emit('badge', m.uid);
        return;
      case 'badge_removed': {
        const uid = this.badgeUid;
        this.badgeUid = undefined;
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
  show(text: string) {
    return this.send(`SHOW ${displayText(text)}`);
  }
  ping() {
    return this.send('PING');
  }
}
