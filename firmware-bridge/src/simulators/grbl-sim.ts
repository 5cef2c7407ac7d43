import type { Wire } from '../serial/wire';
import { PacedReceiver, pacedWriter } from './paced-wire';

export interface GrblSimOptions {
  /** Link rate in bytes/s; 11,520 for 115200 baud 8N1. 0 = unpaced. */
  bytesPerSecond?: number;
  /** Time the ATmega328p spends parsing and planning one block. */
  planMs?: number;
  /** Time one planned block takes to run (short raster/CAM segments). */
  blockMs?: number;
  rxSize?: number;
  plannerBlocks?: number;
  /** Answer `error:<code>` to the n-th (1-based) streamed G-code line. */
  errorOnLine?: { line: number; code: number };
  /** Raise `ALARM:<code>` unasked once n lines have been received. */
  alarmAfterLine?: { line: number; code: number };
  greetOnStart?: boolean;
}

/**
 * A GRBL 1.1 board: 128-byte serial RX buffer (bytes overflowing it are lost, as on the real
 * board), a protocol loop that parses one line at a time and answers `ok` once the block is in
 * the planner (waiting while the planner is full), and a stepper that runs blocks one by one.
 */
export class GrblSim {
  readonly opts: Required<Omit<GrblSimOptions, 'errorOnLine' | 'alarmAfterLine'>> & GrblSimOptions;
  private rx: number[] = [];
  private planner = 0;
  private state: 'Idle' | 'Run' | 'Hold' | 'Alarm' = 'Idle';
  private pos = [0, 0, 0];
  private lineCount = 0;
  private parsing = false;
  private running = false;
  private held = false;
  private receiver?: PacedReceiver;
  private send: (s: string) => void;
  private timers = new Set<NodeJS.Timeout>();
  dropped = 0;
  linesReceived = 0;
  blocksRun = 0;
  received: string[] = [];
  keepReceived = false;

  constructor(
    private readonly wire: Wire,
    opts: GrblSimOptions = {},
  ) {
    this.opts = {
      bytesPerSecond: 11520,
      planMs: 5,
      blockMs: 4,
      rxSize: 128,
      plannerBlocks: 15,
      greetOnStart: true,
      ...opts,
    };
    this.send = this.opts.bytesPerSecond > 0 ? pacedWriter(wire, this.opts.bytesPerSecond) : (s) => wire.write(s);
    if (this.opts.bytesPerSecond > 0) {
      this.receiver = new PacedReceiver(this.opts.bytesPerSecond, (b) => this.onByte(b));
      wire.onData((c) => this.receiver!.push(c));
    } else wire.onData((c) => c.forEach((b) => this.onByte(b)));
    if (this.opts.greetOnStart) this.later(50, () => this.greet());
  }

  private later(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private greet() {
    this.send("\r\nGrbl 1.1h ['$' for help]\r\n");
  }

  /** Triggers an unasked alarm (e.g. a limit switch). */
  raiseAlarm(code: number) {
    this.state = 'Alarm';
    this.rx = [];
    this.planner = 0;
    this.send(`ALARM:${code}\r\n`);
  }

  private onByte(b: number) {
    // Real-time commands are picked out of the stream before the RX buffer.
    if (b === 0x3f) return this.report();
    if (b === 0x21) {
      if (this.state === 'Run' || this.state === 'Idle') this.held = true;
      if (this.state === 'Run') this.state = 'Hold';
      return;
    }
    if (b === 0x7e) {
      this.held = false;
      if (this.state === 'Hold') this.state = this.planner > 0 ? 'Run' : 'Idle';
      this.stepper();
      return;
    }
    if (b === 0x18) {
      const wasMoving = this.state === 'Run' || this.state === 'Hold';
      for (const t of this.timers) clearTimeout(t);
      this.timers.clear();
      this.rx = [];
      this.planner = 0;
      this.nextTarget = [];
      this.cpuFreeAt = 0;
      this.parsing = false;
      this.running = false;
      this.held = false;
      this.state = wasMoving ? 'Alarm' : this.state === 'Alarm' ? 'Alarm' : 'Idle';
      this.greet();
      if (wasMoving) this.send('ALARM:3\r\n');
      return;
    }
    if (b >= 0x80) return; // overrides: accepted, no effect here
    if (this.rx.length >= this.opts.rxSize - 1) {
      this.dropped++;
      return;
    }
    this.rx.push(b);
    if (b === 0x0a) this.protocolLoop();
  }

  private report() {
    const [x, y, z] = this.pos.map((v) => v.toFixed(3));
    const bf = `${this.opts.plannerBlocks - this.planner},${this.opts.rxSize - 1 - this.rx.length}`;
    this.send(`<${this.state}|MPos:${x},${y},${z}|Bf:${bf}|FS:${this.state === 'Run' ? 1000 : 0},0>\r\n`);
  }

  private protocolLoop(chained = false) {
    if (this.parsing) return;
    const nl = this.rx.indexOf(0x0a);
    if (nl < 0) return;
    if (this.planner >= this.opts.plannerBlocks) return; // waits for a free block
    const line = Buffer.from(this.rx.slice(0, nl)).toString('latin1').replace(/\r/g, '').trim();
    this.rx.splice(0, nl + 1);
    this.parsing = true;
    const isMotion = /^[GXYZSF]/i.test(line) && !line.startsWith('$');
    // Deadlines, not plain delays: a busy CPU works back to back, timer lateness must not add up.
    const now = performance.now();
    // Chained from the previous line: the CPU went on at its deadline, not at the timer's.
    const start = chained ? this.cpuFreeAt : Math.max(now, this.cpuFreeAt);
    this.cpuFreeAt = start + (isMotion ? this.opts.planMs : 0);
    this.later(Math.max(0, this.cpuFreeAt - now), () => {
      this.parsing = false;
      this.handleLine(line);
      this.protocolLoop(true);
    });
  }

  private handleLine(line: string) {
    if (this.keepReceived) this.received.push(line);
    if (line === '') return this.send('ok\r\n');
    if (line.startsWith('$')) {
      if (line === '$X') {
        if (this.state === 'Alarm') this.state = 'Idle';
        this.send('[MSG:Caution: Unlocked]\r\nok\r\n');
      } else if (line === '$I') this.send('[VER:1.1h.20190825:]\r\n[OPT:V,15,128]\r\nok\r\n');
      else this.send('ok\r\n');
      return;
    }
    if (this.state === 'Alarm') return this.send('error:9\r\n');
    this.linesReceived++;
    this.lineCount++;
    const e = this.opts.errorOnLine;
    if (e && this.lineCount === e.line) return this.send(`error:${e.code}\r\n`);
    const m = /X(-?[\d.]+)/i.exec(line);
    const target = m ? Number(m[1]) : this.pos[0];
    this.planner++;
    this.send('ok\r\n');
    const a = this.opts.alarmAfterLine;
    if (a && this.lineCount === a.line) {
      this.later(5, () => this.raiseAlarm(a.code));
      return;
    }
    if (!this.held && this.state === 'Idle') this.state = 'Run';
    this.nextTarget.push(target);
    this.stepper();
  }

  private nextTarget: number[] = [];
  private cpuFreeAt = 0;
  private motorFreeAt = 0;

  private stepper(chained = false) {
    if (this.running || this.held || this.planner === 0 || this.state === 'Alarm') return;
    this.running = true;
    this.state = 'Run';
    const now = performance.now();
    this.motorFreeAt = (chained ? this.motorFreeAt : Math.max(now, this.motorFreeAt)) + this.opts.blockMs;
    this.later(Math.max(0, this.motorFreeAt - now), () => {
      this.running = false;
      if (this.state === 'Alarm') return;
      this.planner--;
      this.blocksRun++;
      const t = this.nextTarget.shift();
      if (t !== undefined && !Number.isNaN(t)) this.pos[0] = t;
      if (this.planner === 0 && !this.held) this.state = 'Idle';
      this.protocolLoop();
      this.stepper(true);
    });
  }

  stop() {
    this.receiver?.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
