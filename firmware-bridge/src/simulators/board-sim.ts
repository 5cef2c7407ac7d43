import type { Wire } from '../serial/wire';
import { LineSplitter } from '../serial/line-splitter';
import { decodeBoardLine, encodeBoardLine } from '../drivers/board-line';

export interface BoardSimOptions {
  helloOnStart?: boolean;
  /** Never acknowledge (a hung board). */
  silent?: boolean;
  /** Drop the first N commands (to exercise resends). */
  dropFirst?: number;
}

const LED_WORDS: Record<string, string> = { green: 'verte', red: 'rouge', amber: 'orange', off: 'eteinte' };

/** The reference reader board: ACKs commands, keeps relay/LED/display state, reports badges. */
export class BoardSim {
  relay = false;
  led = 'off';
  /** Each SHOW as received (lines joined by `|`). */
  shown: string[] = [];
  /** What the display shows now, one string per line. */
  screen: string[] = [];
  /** Told what a person at the machine would see and hear (the CLI simulator prints it). */
  onCue?: (cue: string) => void;
  beeps: number[] = [];
  commands: string[] = [];
  naks = 0;
  private dropped = 0;
  private splitter = new LineSplitter((l) => this.onLine(l));
  constructor(
    private readonly wire: Wire,
    private readonly opts: BoardSimOptions = {},
  ) {
    wire.onData((c) => this.splitter.feed(c));
    if (opts.helloOnStart !== false) setTimeout(() => this.say('HELLO fablab-board-1.2.0 B0042'), 50);
  }
  say(body: string) {
    this.wire.write(encodeBoardLine(body));
  }
  badge(uid: string) {
    this.say(`BADGE ${uid}`);
  }
  removeBadge() {
    this.say('BADGE_REMOVED');
  }
  current(mA: number) {
    this.say(`CURRENT ${mA}`);
  }
  button(n: number) {
    this.say(`BUTTON ${n}`);
  }
  private onLine(line: string) {
    const body = decodeBoardLine(line);
    if (body === undefined) {
      this.naks++;
      this.wire.write(encodeBoardLine('NAK'));
      return;
    }
    if (body === 'NAK') return;
    const m = /^(\d+) (\w+)(?: (.*))?$/.exec(body);
    if (!m) return;
    if (this.opts.silent) return;
    if (this.dropped < (this.opts.dropFirst ?? 0)) {
      this.dropped++;
      return;
    }
    const [, seq, cmd, arg = ''] = m;
    this.commands.push(`${cmd}${arg ? ' ' + arg : ''}`);
    switch (cmd) {
      case 'RELAY':
        if (this.relay !== (arg === 'ON')) this.onCue?.(`[relais] ${arg === 'ON' ? 'ferme: machine alimentee' : 'ouvert: machine coupee'}`);
        this.relay = arg === 'ON';
        break;
      case 'LED': {
        this.led = arg;
        const [color, blink] = arg.split(' ');
        this.onCue?.(`[LED] ${LED_WORDS[color] ?? color}${blink ? ' clignotante' : ''}`);
        break;
      }
      case 'SHOW':
        this.shown.push(arg);
        this.screen = arg.split('|');
        this.onCue?.(`[ecran] ${this.screen.map((l) => `|${l}|`).join(' ')}`);
        break;
      case 'BEEP':
        this.beeps.push(Number(arg));
        this.onCue?.(`[bip] ${arg} ms`);
        break;
      case 'PING':
        break;
      default:
        return this.say(`ERR ${seq} unknown_command`);
    }
    this.say(`ACK ${seq}`);
  }
  stop() {}
}
