import './helpers';
import { FablabBoardDriver } from '../src/drivers/fablab-board';
import { MarlinDriver } from '../src/drivers/marlin';
import { GrblDriver } from '../src/drivers/grbl';
import { encodeBoardLine } from '../src/drivers/board-line';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('fablab-board resends (fake timers)', () => {
  it('resends an unacknowledged command every 500 ms, 3 times, then reports the board failed', async () => {
    const d = new FablabBoardDriver();
    const written: string[] = [];
    d.attach((x) => written.push(String(x)));
    const alarms: unknown[] = [];
    d.on('alarm', (a) => alarms.push(a));
    d.feed(Buffer.from(encodeBoardLine('HELLO fw-1 B1')));
    const p = d.relay(true).catch((e: Error) => e.message);
    expect(written).toHaveLength(1);
    jest.advanceTimersByTime(499);
    expect(written).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(written).toHaveLength(2);
    jest.advanceTimersByTime(1000);
    expect(written).toHaveLength(4);
    expect(new Set(written).size).toBe(1); // the same line, same seq
    jest.advanceTimersByTime(500);
    expect(await p).toMatch(/did not acknowledge/);
    expect(alarms).toEqual([{ code: 'board_failed', message: expect.stringContaining('RELAY ON') }]);
  });

  it('pings an idle board every 10 s and reports it failed when it stops answering', () => {
    const d = new FablabBoardDriver();
    const written: string[] = [];
    d.attach((x) => written.push(String(x)));
    d.feed(Buffer.from(encodeBoardLine('HELLO fw-1 B1')));
    const alarms: unknown[] = [];
    d.on('alarm', (a) => alarms.push(a));
    jest.advanceTimersByTime(10_000);
    expect(written).toEqual([expect.stringMatching(/^0 PING\*/)]);
    jest.advanceTimersByTime(2_000);
    expect(alarms).toHaveLength(1);
    d.detach();
  });

  it('numbers commands 0..65535 and wraps', async () => {
    const d = new FablabBoardDriver();
    const written: string[] = [];
    d.attach((x) => written.push(String(x)));
    (d as any).seq = 65535;
    void d.ping().catch(() => undefined);
    void d.ping().catch(() => undefined);
    expect(written[0]).toMatch(/^65535 PING\*/);
    expect(written[1]).toMatch(/^0 PING\*/);
    d.feed(Buffer.from(encodeBoardLine('ACK 65535') + encodeBoardLine('ACK 0')));
    d.detach();
  });
});

describe('marlin keep-alive (fake timers)', () => {
  function ready(opts = {}) {
    const d = new MarlinDriver(opts);
    const written: string[] = [];
    d.attach((x) => written.push(String(x)));
    d.feed(Buffer.from('start\n'));
    jest.advanceTimersByTime(300);
    d.feed(Buffer.from('ok\n')); // M110
    d.feed(Buffer.from('FIRMWARE_NAME:Marlin 2.1.2\nCap:AUTOREPORT_TEMP:1\nok\n')); // M115
    d.feed(Buffer.from('ok\n')); // M155
    return { d, written };
  }

  it('sends M105 after 30 s without a reply and gives up after 5 tries', () => {
    const { d, written } = ready();
    const failed: string[] = [];
    const alarms: unknown[] = [];
    d.on('job-failed', (r) => failed.push(r));
    d.on('alarm', (a) => alarms.push(a));
    d.startJob(['G1 X1']);
    const before = written.length;
    jest.advanceTimersByTime(29_999);
    expect(written.length).toBe(before);
    jest.advanceTimersByTime(1);
    expect(written[written.length - 1]).toBe('M105\n');
    jest.advanceTimersByTime(30_000 * 4);
    expect(written.filter((w) => w === 'M105\n')).toHaveLength(5);
    expect(failed).toEqual([]);
    jest.advanceTimersByTime(30_000);
    expect(failed).toEqual(['printer stopped answering']);
    expect(alarms).toHaveLength(1);
  });

  it('echo:busy extends the wait, then uses the short 3 s timeout', () => {
    const { d, written } = ready();
    d.startJob(['G28']);
    const before = written.length;
    for (let i = 0; i < 10; i++) {
      jest.advanceTimersByTime(2000);
      d.feed(Buffer.from('echo:busy: processing\n'));
    }
    expect(written.length).toBe(before);
    jest.advanceTimersByTime(3000);
    expect(written[written.length - 1]).toBe('M105\n');
  });

  it('aborts when a resend asks for a line older than the history', () => {
    const { d } = ready({ historySize: 4 });
    const failed: string[] = [];
    d.on('job-failed', (r) => failed.push(r));
    d.startJob(Array.from({ length: 10 }, (_, i) => `G1 X${i}`));
    for (let i = 0; i < 8; i++) d.feed(Buffer.from('ok\n'));
    d.feed(Buffer.from('Error:checksum mismatch, Last Line: 0\nResend: 1\nok\n'));
    expect(failed[0]).toMatch(/no longer in history/);
  });

  it('aborts after more than 10 resends of one line', () => {
    const { d } = ready();
    const failed: string[] = [];
    d.on('job-failed', (r) => failed.push(r));
    d.startJob(['G1 X1', 'G1 X2']);
    for (let i = 0; i < 11; i++) d.feed(Buffer.from('Error:checksum mismatch, Last Line: 2\nResend: 3\nok\n'));
    expect(failed[0]).toMatch(/more than 10 times/);
  });
});

describe('grbl status polling (fake timers)', () => {
  it('polls ? at most 5 times a second during a job', () => {
    const d = new GrblDriver({ pollMs: 200 });
    const written: string[] = [];
    d.attach((x) => written.push(String(x)));
    d.feed(Buffer.from("Grbl 1.1h ['$' for help]\r\n"));
    d.startJob(['G1X1', 'G1X2']);
    written.length = 0;
    jest.advanceTimersByTime(1000);
    expect(written.filter((w) => w === '?').length).toBeLessThanOrEqual(5);
    d.detach();
  });

  it('raises an alarm and fails the job when the board falls silent', () => {
    const d = new GrblDriver({ pollMs: 200, silenceMs: 10_000 });
    d.attach(() => undefined);
    d.feed(Buffer.from("Grbl 1.1h ['$' for help]\r\n"));
    const failed: string[] = [];
    const alarms: any[] = [];
    d.on('job-failed', (r) => failed.push(r));
    d.on('alarm', (a) => alarms.push(a));
    d.startJob(['G1X1']);
    jest.advanceTimersByTime(9_000);
    expect(failed).toEqual([]);
    jest.advanceTimersByTime(2_000);
    expect(failed).toEqual(['controller stopped answering']);
    expect(alarms[0].code).toBe('grbl_no_reply');
    d.detach();
  });

  it('uses a larger RX buffer when Bf: reports one', () => {
    const d = new GrblDriver();
    d.attach(() => undefined);
    d.feed(Buffer.from('<Idle|MPos:0.000,0.000,0.000|Bf:35,1023|FS:0,0>\r\n'));
    // The figure is taken as the buffer's size (stock GRBL says 128 for 127 held): one byte to spare.
    expect(d.rxSize).toBe(1023);
    d.detach();
  });
});
