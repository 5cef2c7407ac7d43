import type { Wire } from '../serial/wire';
import { PacedReceiver, pacedWriter } from './paced-wire';
import { marlinChecksum } from '../drivers/marlin-parser';

export interface MarlinSimOptions {
  bytesPerSecond?: number;
  advancedOk?: boolean;
  autoreportTemp?: boolean;
  /** Time to parse/plan one command. */
  planMs?: number;
  /** Time one move takes to run. */
  blockMs?: number;
  rxSize?: number;
  bufsize?: number;
  plannerBlocks?: number;
  /** Corrupt the line numbered n once (checksum mismatch → Resend). */
  corruptLines?: number[];
  /** After this many job moves, report thermal runaway. */
  thermalRunawayAfterMoves?: number;
  greetOnStart?: boolean;
  /** Commands that report `echo:busy: processing` while they run, with their duration. */
  busyMs?: number;
}

/**
 * A Marlin 2.x printer: RX buffer, BUFSIZE command queue, planner; validates `N<n> …*cs` lines,
 * answers `Resend:` on checksum or numbering errors, `ok N P B` when ADVANCED_OK is on.
 */
export class MarlinSim {
  readonly o: Required<Omit<MarlinSimOptions, 'corruptLines' | 'thermalRunawayAfterMoves'>> & MarlinSimOptions;
  private rx: number[] = [];
  private queue: string[] = [];
  private planner = 0;
  private lastN = 0;
  private busy = false;
  private running = false;
  private halted = false;
  private receiver?: PacedReceiver;
  private send: (s: string) => void;
  private timers = new Set<NodeJS.Timeout>();
  private autoreport?: NodeJS.Timeout;
  private corrupt: Set<number>;
  temps = { hotend: { actual: 24.1, target: 0 }, bed: { actual: 22.3, target: 0 } };
  moves = 0;
  private cpuFreeAt = 0;
  private inChain = false;
  private motorFreeAt = 0;
  dropped = 0;
  resendsAsked = 0;
  accepted: string[] = [];
  keepAccepted = false;

  constructor(
    private readonly wire: Wire,
    opts: MarlinSimOptions = {},
  ) {
    this.o = {
      bytesPerSecond: 11520,
      advancedOk: true,
      autoreportTemp: true,
      planMs: 2,
      blockMs: 5,
      rxSize: 128,
      bufsize: 4,
      plannerBlocks: 16,
      greetOnStart: true,
      busyMs: 0,
      ...opts,
    };
    this.corrupt = new Set(opts.corruptLines ?? []);
    this.send = this.o.bytesPerSecond > 0 ? pacedWriter(wire, this.o.bytesPerSecond) : (s) => wire.write(s);
    if (this.o.bytesPerSecond > 0) {
      this.receiver = new PacedReceiver(this.o.bytesPerSecond, (b) => this.onByte(b));
      wire.onData((c) => this.receiver!.push(c));
    } else wire.onData((c) => c.forEach((b) => this.onByte(b)));
    if (this.o.greetOnStart) this.later(50, () => this.send('start\necho:Marlin 2.1.2.1\necho: Last Updated: 2023-07-22\n'));
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private onByte(b: number) {
    if (this.rx.length >= this.o.rxSize - 1) {
      this.dropped++;
      return;
    }
    this.rx.push(b);
    if (b === 0x0a) this.readSerial();
  }

  /** Moves complete lines from the RX buffer into the command queue while it has room. */
  private readSerial() {
    for (;;) {
      if (this.queue.length >= this.o.bufsize) return;
      const nl = this.rx.indexOf(0x0a);
      if (nl < 0) return;
      const raw = Buffer.from(this.rx.slice(0, nl)).toString('latin1').replace(/\r/g, '').trim();
      this.rx.splice(0, nl + 1);
      if (!raw) continue;
      if (raw === 'M112') return this.kill('Emergency stop (M112)');
      const cmd = this.validate(raw);
      if (cmd !== undefined) {
        this.queue.push(cmd);
        this.process();
      }
    }
  }

  private validate(raw: string): string | undefined {
    let line = raw;
    const m = /^N(\d+)\s+(.*)$/.exec(raw);
    if (!m) return line; // unnumbered lines are accepted as is
    const n = Number(m[1]);
    const star = raw.lastIndexOf('*');
    if (star < 0) return this.reject(`No Checksum with line number, Last Line: ${this.lastN}`);
    let cs = Number(raw.slice(star + 1));
    if (this.corrupt.has(n)) {
      this.corrupt.delete(n);
      cs ^= 1;
    }
    if (marlinChecksum(raw.slice(0, star)) !== cs) return this.reject(`checksum mismatch, Last Line: ${this.lastN}`);
    line = raw.slice(0, star).replace(/^N\d+\s+/, '');
    if (/^M110\b/.test(line)) {
      const nn = /N(\d+)/.exec(line.slice(4));
      this.lastN = nn ? Number(nn[1]) : n;
      return line;
    }
    if (n !== this.lastN + 1) return this.reject(`Line Number is not Last Line Number+1, Last Line: ${this.lastN}`);
    this.lastN = n;
    return line;
  }

  private reject(why: string): undefined {
    this.resendsAsked++;
    this.send(`Error:${why}\nResend: ${this.lastN + 1}\n${this.okText()}\n`);
    return undefined;
  }

  private okText() {
    if (!this.o.advancedOk) return 'ok';
    return `ok N${this.lastN} P${this.o.plannerBlocks - this.planner} B${this.o.bufsize - this.queue.length}`;
  }

  private process() {
    if (this.busy || this.halted || this.queue.length === 0) return;
    const cmd = this.queue[0];
    const isMove = /^G[0-3]\b/.test(cmd);
    if (isMove && this.planner >= this.o.plannerBlocks) return; // waits for the planner
    this.busy = true;
    const finish = (reply?: string) => {
      this.busy = false;
      this.queue.shift();
      if (this.keepAccepted) this.accepted.push(cmd);
      this.send((reply ? reply + '\n' : '') + this.okText() + '\n');
      this.inChain = true;
      this.readSerial();
      this.process();
      this.inChain = false;
    };
    if (isMove) {
      const now = performance.now();
      // Chained from the previous command: the CPU went on at its deadline, not the timer's.
      this.cpuFreeAt = (this.inChain ? this.cpuFreeAt : Math.max(now, this.cpuFreeAt)) + this.o.planMs;
      this.later(Math.max(0, this.cpuFreeAt - now), () => {
        this.planner++;
        this.moves++;
        this.stepper();
        if (this.o.thermalRunawayAfterMoves && this.moves === this.o.thermalRunawayAfterMoves) {
          this.later(5, () => this.kill('Thermal Runaway, system stopped! Heater_ID: 0'));
        }
        finish();
      });
      return;
    }
    const code = /^([GM]\d+)/.exec(cmd)?.[1];
    switch (code) {
      case 'M115':
        return finish(
          'FIRMWARE_NAME:Marlin 2.1.2.1 (Jul 22 2023) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Simulated EXTRUDER_COUNT:1\n' +
            `Cap:AUTOREPORT_TEMP:${this.o.autoreportTemp ? 1 : 0}\nCap:ADVANCED_OK:${this.o.advancedOk ? 1 : 0}\nCap:EMERGENCY_PARSER:1`,
        );
      case 'M105':
        return this.sendTempOk(finish);
      case 'M155': {
        const s = Number(/S(\d+)/.exec(cmd)?.[1] ?? 0);
        clearInterval(this.autoreport);
        if (s > 0) this.autoreport = setInterval(() => this.send(` ${this.tempText()}\n`), s * 1000);
        return finish();
      }
      case 'M400': {
        const wait = () => (this.planner === 0 ? finish() : this.later(this.o.blockMs, wait));
        return wait();
      }
      case 'M104':
      case 'M140': {
        const s = Number(/S([\d.]+)/.exec(cmd)?.[1] ?? 0);
        if (code === 'M104') this.temps.hotend.target = s;
        else this.temps.bed.target = s;
        return finish();
      }
      case 'G28':
      case 'M109':
      case 'M190': {
        if (!this.o.busyMs) return finish();
        const iv = setInterval(() => this.send('echo:busy: processing\n'), 2000);
        this.later(this.o.busyMs, () => {
          clearInterval(iv);
          finish();
        });
        return;
      }
      default:
        return finish();
    }
  }

  /** `ok T:209.8 /210.0 B:60.1 /60.0 @:0 B@:0`: M105's answer rides on its ok. */
  private sendTempOk(finish: (reply?: string) => void) {
    this.busy = false;
    this.queue.shift();
    const ok = this.okText();
    this.send(`${ok} ${this.tempText()}\n`);
    this.readSerial();
    this.process();
    void finish;
  }

  private tempText() {
    const h = this.temps.hotend;
    const b = this.temps.bed;
    return `T:${h.actual.toFixed(1)} /${h.target.toFixed(1)} B:${b.actual.toFixed(1)} /${b.target.toFixed(1)} @:0 B@:0`;
  }

  private stepper(chained = false) {
    if (this.running || this.planner === 0 || this.halted) return;
    this.running = true;
    const now = performance.now();
    this.motorFreeAt = (chained ? this.motorFreeAt : Math.max(now, this.motorFreeAt)) + this.o.blockMs;
    this.later(Math.max(0, this.motorFreeAt - now), () => {
      this.running = false;
      this.planner--;
      this.process();
      this.stepper(true);
    });
  }

  kill(text: string) {
    if (this.halted) return;
    this.halted = true;
    this.send(`Error:${text}\nError:Printer halted. kill() called!\n`);
    this.queue = [];
    this.planner = 0;
  }

  stop() {
    this.receiver?.stop();
    clearInterval(this.autoreport);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
