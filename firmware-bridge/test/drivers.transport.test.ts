import { makeLink, attach, once, waitFor, Transport, Link } from './helpers';
import { GrblDriver } from '../src/drivers/grbl';
import { GrblSim } from '../src/simulators/grbl-sim';
import { MarlinDriver } from '../src/drivers/marlin';
import { MarlinSim } from '../src/simulators/marlin-sim';
import { Rdm6300Driver } from '../src/drivers/rdm6300';
import { Pn532Driver } from '../src/drivers/pn532';
import { UsbRelayDriver } from '../src/drivers/usb-relay';
import { FablabBoardDriver } from '../src/drivers/fablab-board';
import { Rdm6300Sim, Pn532Sim, UsbRelaySim } from '../src/simulators/badge-sims';
import { BoardSim } from '../src/simulators/board-sim';

const job = (n: number) => Array.from({ length: n }, (_, i) => `G1X${(i % 50).toFixed(1)}S${100 + (i % 7)}`);

describe.each<Transport>(['pty', 'mock'])('drivers against their simulators over %s', (kind) => {
  let link: Link;
  const stops: Array<() => void> = [];
  beforeEach(async () => {
    link = await makeLink(kind);
  });
  afterEach(async () => {
    stops.splice(0).forEach((s) => s());
    await link.close();
  });

  it('grbl: greets, streams a job with character counting and ends when Idle after the last ok', async () => {
    const sim = new GrblSim(link.device, { bytesPerSecond: 0, planMs: 1, blockMs: 1 });
    sim.keepReceived = true;
    const drv = new GrblDriver({ pollMs: 50 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once<string>(drv, 'greeting');
    attach(drv, link);
    expect(await greeted).toMatch(/^Grbl 1\.1/);
    const lines = job(300);
    const done = once(drv, 'job-completed');
    drv.startJob(lines);
    await done;
    expect(sim.received).toEqual(lines);
    expect(sim.dropped).toBe(0);
  });

  it('grbl: error:N mid-job holds at once, stops sending and pauses the job', async () => {
    const sim = new GrblSim(link.device, { bytesPerSecond: 0, planMs: 2, blockMs: 20, errorOnLine: { line: 40, code: 20 } });
    const drv = new GrblDriver({ pollMs: 50 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once(drv, 'greeting');
    attach(drv, link);
    await greeted;
    const paused = once<string>(drv, 'job-paused');
    drv.startJob(job(200));
    expect(await paused).toMatch(/^error:20 on line 40: G1X39\.0S/);
    // Lines already in the board's RX buffer still arrive; the host sends nothing more.
    await new Promise((r) => setTimeout(r, 300));
    const received = sim.linesReceived;
    expect(received).toBeLessThan(40 + 15);
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.linesReceived).toBe(received);
    expect(drv.jobActive()).toBe(true);
  });

  it('grbl: after an error:N pause, a resume streams the rest and the job completes', async () => {
    const sim = new GrblSim(link.device, { bytesPerSecond: 0, planMs: 1, blockMs: 2, errorOnLine: { line: 40, code: 20 } });
    sim.keepReceived = true;
    const drv = new GrblDriver({ pollMs: 50 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once(drv, 'greeting');
    attach(drv, link);
    await greeted;
    const lines = job(120);
    const paused = once<string>(drv, 'job-paused');
    drv.startJob(lines);
    await paused;
    const done = once(drv, 'job-completed');
    drv.resumeJob();
    await done;
    expect(sim.received).toEqual(lines);
    expect(drv.jobActive()).toBe(false);
  });

  it('grbl: a link lost mid-job fails it with the last line the board took', async () => {
    const sim = new GrblSim(link.device, { bytesPerSecond: 0, planMs: 1, blockMs: 20 });
    const drv = new GrblDriver({ pollMs: 50 });
    stops.push(() => sim.stop());
    const greeted = once(drv, 'greeting');
    attach(drv, link);
    await greeted;
    const progressed = new Promise<void>((r) => drv.on('job-progress', (p: { done: number }) => p.done >= 10 && r()));
    drv.startJob(job(400));
    await progressed;
    const failed = new Promise<[string, { done: number; total: number; lastAckedLine: number }]>((r) => drv.once('job-failed', (...a: any[]) => r(a as never)));
    drv.detach('link to the machine lost');
    const [reason, at] = await failed;
    expect(reason).toBe('link to the machine lost');
    expect(at.total).toBe(400);
    expect(at.lastAckedLine).toBeGreaterThanOrEqual(10);
    expect(at.lastAckedLine).toBeLessThan(400);
    expect(at.done).toBeGreaterThanOrEqual(at.lastAckedLine);
  });

  it('grbl: an unasked ALARM stops the stream, fails the job and keeps the machine locked', async () => {
    const sim = new GrblSim(link.device, { bytesPerSecond: 0, planMs: 1, blockMs: 5, alarmAfterLine: { line: 30, code: 1 } });
    const drv = new GrblDriver({ pollMs: 50 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once(drv, 'greeting');
    attach(drv, link);
    await greeted;
    const failed = once<string>(drv, 'job-failed');
    const alarm = once<{ code: string }>(drv, 'alarm');
    drv.startJob(job(500));
    expect(await failed).toBe('GRBL ALARM:1');
    expect((await alarm).code).toBe('grbl_alarm_1');
    expect(drv.locked).toBe(true);
    expect(() => drv.startJob(job(3))).toThrow(/alarm/);
  });

  it('marlin: handshake (M110, M115 capabilities), ADVANCED_OK streaming and resend after a checksum error', async () => {
    const sim = new MarlinSim(link.device, { bytesPerSecond: 0, planMs: 1, blockMs: 1, corruptLines: [10] });
    sim.keepAccepted = true;
    const drv = new MarlinDriver({ greetingTimeoutMs: 2000 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once<string>(drv, 'greeting');
    attach(drv, link);
    expect(await greeted).toMatch(/FIRMWARE_NAME:Marlin/);
    expect(drv.advancedOk).toBe(true);
    expect(drv.autoreportTemp).toBe(true);
    const lines = Array.from({ length: 120 }, (_, i) => `G1 X${i} Y${i} E${i / 10}`);
    const done = once(drv, 'job-completed');
    drv.startJob(lines);
    await done;
    expect(sim.resendsAsked).toBeGreaterThan(0);
    expect(sim.accepted.filter((c) => c.startsWith('G1'))).toEqual(lines);
  });

  it('marlin: one line in flight without ADVANCED_OK, temperatures polled with M105', async () => {
    const sim = new MarlinSim(link.device, { bytesPerSecond: 0, planMs: 1, blockMs: 1, advancedOk: false, autoreportTemp: false });
    const drv = new MarlinDriver({ greetingTimeoutMs: 2000, tempPollMs: 100 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once(drv, 'greeting');
    attach(drv, link);
    await greeted;
    expect(drv.advancedOk).toBe(false);
    const t = await once<{ temps: Record<string, { actual: number }> }>(drv, 'telemetry');
    expect(t.temps.hotend.actual).toBeCloseTo(24.1);
    const done = once(drv, 'job-completed');
    drv.startJob(Array.from({ length: 40 }, (_, i) => `G1 X${i}`));
    await done;
  });

  it('marlin: thermal runaway sends M112, raises an alarm and fails the job', async () => {
    const sim = new MarlinSim(link.device, { bytesPerSecond: 0, planMs: 1, blockMs: 2, thermalRunawayAfterMoves: 20 });
    const drv = new MarlinDriver({ greetingTimeoutMs: 2000 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once(drv, 'greeting');
    attach(drv, link);
    await greeted;
    const failed = once<string>(drv, 'job-failed');
    const alarm = once<{ code: string }>(drv, 'alarm');
    drv.startJob(Array.from({ length: 200 }, (_, i) => `G1 X${i}`));
    expect(await failed).toMatch(/Thermal Runaway/);
    expect((await alarm).code).toBe('marlin_halted');
  });

  it('rdm6300: one badge per presentation, removed when frames stop, noise ignored', async () => {
    const sim = new Rdm6300Sim(link.device, 50);
    const drv = new Rdm6300Driver({ removalMs: 300 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    attach(drv, link);
    const badges: string[] = [];
    drv.on('badge', (u) => badges.push(u));
    sim.noise(Buffer.from([0x02, 0x41, 0xff, 0x00, 0x03, 0x99]));
    const removed = once<string>(drv, 'removed');
    sim.present('0F00ABCDEF');
    await waitFor(() => badges.length === 1);
    await new Promise((r) => setTimeout(r, 400));
    sim.remove();
    expect(await removed).toBe('0F00ABCDEF');
    expect(badges).toEqual(['0F00ABCDEF']);
  });

  it('pn532: wakes up, configures the SAM and reports 4, 7 and 10-byte UIDs and their removal', async () => {
    const sim = new Pn532Sim(link.device);
    const drv = new Pn532Driver({ pollMs: 30, removalMs: 150 });
    stops.push(
      () => sim.stop(),
      () => drv.detach(),
    );
    const greeted = once<string>(drv, 'greeting');
    attach(drv, link);
    expect(await greeted).toBe('PN532 firmware 1.6');
    for (const uid of ['A1B2C3D4', '04A224B2C35E80', '0102030405060708090A']) {
      const got = once<string>(drv, 'badge');
      sim.present(uid);
      expect(await got).toBe(uid);
      const gone = once<string>(drv, 'removed');
      sim.remove();
      expect(await gone).toBe(uid);
    }
  });

  it('usb-relay: sends A0 ch state sum and tracks the state', async () => {
    const sim = new UsbRelaySim(link.device);
    const drv = new UsbRelayDriver(2);
    attach(drv, link);
    drv.set(true);
    await waitFor(() => sim.isOn(2));
    expect(drv.isOn()).toBe(true);
    drv.set(false);
    await waitFor(() => !sim.isOn(2));
    expect(sim.badFrames).toBe(0);
  });

  it('fablab-board: HELLO, commands ACKed, badges, current, NAK on a bad checksum', async () => {
    const sim = new BoardSim(link.device);
    const drv = new FablabBoardDriver();
    stops.push(() => drv.detach());
    const greeted = once<string>(drv, 'greeting');
    attach(drv, link);
    expect(await greeted).toBe('fablab-board-1.2.0 B0042');
    await drv.relay(true);
    await drv.led('green', true);
    await drv.show(['Bonjour Amélie', 'Machine ouverte | « vous »', 'trois', 'quatre', 'cinq']);
    expect(sim.relay).toBe(true);
    expect(sim.led).toBe('green blink');
    expect(sim.shown[0]).toBe('Bonjour Amelie|Machine ouverte / "|trois|quatre');
    expect(sim.screen).toEqual(['Bonjour Amelie', 'Machine ouverte / "', 'trois', 'quatre']);
    const badge = once<string>(drv, 'badge');
    sim.badge('04A224B2C35E80');
    expect(await badge).toBe('04A224B2C35E80');
    const current = once<number>(drv, 'current');
    sim.current(1250);
    expect(await current).toBe(1250);
    link.host.write('1 RELAY OFF*00\n');
    await waitFor(() => sim.naks === 1);
  });

  it('fablab-board: a board plugged back that spoke before the port reopened gets its relay back', async () => {
    const sim = new BoardSim(link.device);
    const drv = new FablabBoardDriver({ helloTimeoutMs: 300 });
    stops.push(() => drv.detach());
    const greeted = once(drv, 'greeting');
    attach(drv, link);
    await greeted;
    await drv.relay(true);
    sim.badge('04A224B2C35E80');
    await once(drv, 'badge');
    const removed: string[] = [];
    const badges: string[] = [];
    drv.on('removed', (u: string) => removed.push(u));
    drv.on('badge', (u: string) => badges.push(u));

    // Unplugged: the link goes, a USB blip is not a card taken away.
    drv.detach();
    expect(removed).toEqual([]);
    // Plugged back: the board restarted (relay off) and its HELLO went out before we listened.
    const back = await makeLink(kind);
    stops.push(() => void back.close());
    const restarted = new BoardSim(back.device, { helloOnStart: false });
    const again = once<string>(drv, 'greeting');
    attach(drv, back);
    await again;
    await waitFor(() => restarted.relay, 3000, 'relay put back');
    // The card still on the reader is reported again: not a second presentation; taking it away is.
    restarted.badge('04A224B2C35E80');
    restarted.removeBadge();
    await waitFor(() => removed.length === 1, 3000, 'removed');
    expect(badges).toEqual([]);
    expect(removed).toEqual(['04A224B2C35E80']);
  });
});

describe('grbl character counting and the RX buffer', () => {
  // 8-byte lines: 16 of them fill 128 bytes, one more than the buffer holds.
  const streamAfterStatus = (status: string) => {
    const drv = new GrblDriver({ margin: 0, pollMs: 60_000, idlePollMs: 60_000, greetingTimeoutMs: 60_000 });
    let inFlight = 0;
    drv.attach((d) => {
      const s = d.toString();
      if (s.endsWith('\n')) inFlight += Buffer.byteLength(s); // real-time bytes (`?`, `!`) bypass the buffer
    });
    drv.feed(Buffer.from(`Grbl 1.1h ['$' for help]\r\n${status}\r\n`));
    drv.startJob(Array.from({ length: 60 }, () => 'G1X1.00'));
    drv.detach();
    return inFlight;
  };

  it('never puts more than 127 bytes in flight, even when a status report says Bf:…,128', () => {
    expect(streamAfterStatus('<Idle|MPos:0.000,0.000,0.000|Bf:15,128|FS:0,0>')).toBe(120);
  });

  it('uses a bigger buffer when the board reports one', () => {
    expect(streamAfterStatus('<Idle|MPos:0.000,0.000,0.000|Bf:15,256|FS:0,0>')).toBe(248);
  });

  it('leaves no timer behind once detached mid-job (the failed job used to schedule a poll)', () => {
    jest.useFakeTimers();
    try {
      const drv = new GrblDriver({ pollMs: 50, idlePollMs: 50, greetingTimeoutMs: 50 });
      drv.attach(() => undefined);
      drv.feed(Buffer.from(`Grbl 1.1h ['$' for help]\r\n`));
      drv.startJob(['G1X1.00', 'G1X2.00']);
      drv.detach();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
