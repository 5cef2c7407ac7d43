import './helpers';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { MachineController } from '../src/sessions/machine';
import type { MachineConfig } from '../src/config';
import type { Cmd } from '../src/mqtt/schemas';

/** A controller double: a job runs until the test says it ended. */
class FakeController extends EventEmitter {
  running = false;
  startJob() {
    this.running = true;
  }
  pauseJob() {}
  resumeJob() {}
  cancelJob() {
    this.running = false;
    this.emit('job-failed', 'cancelled');
  }
  jobActive() {
    return this.running;
  }
  finish() {
    this.running = false;
    this.emit('job-completed');
  }
}

function machine(over: Partial<MachineConfig> = {}) {
  const events: Array<{ type: string } & Record<string, any>> = [];
  const hw = { relay: false, shown: [] as string[], beeps: 0 };
  const ctl = new FakeController();
  const badges: any[] = [];
  const m = new MachineController({
    slug: 'laser-1',
    config: { idleTimeoutSeconds: 900, powerThresholdMa: 200, graceSeconds: 60, endSessionOnBadgeRemoved: true, powerOffSeconds: 30, ...over },
    hardware: {
      relay: (on) => void (hw.relay = on),
      led: () => undefined,
      beep: () => void hw.beeps++,
      show: (t) => void hw.shown.push(t),
    },
    out: { event: (type, f) => events.push({ type, ...f }), state: () => undefined, telemetry: () => undefined, badge: (b) => badges.push(b) },
    allowList: () => undefined,
    controller: ctl as any,
    jobSource: { fetch: async () => Buffer.from('G1X1\n') },
    accessTimeoutMs: 2000,
    online: () => true,
  });
  const cmd = (fields: Record<string, unknown>) =>
    ({ commandId: randomUUID(), ts: new Date().toISOString(), ...fields }) as unknown as Cmd;
  const unlock = async (sessionId = randomUUID(), leaseSeconds = 120) => {
    await m.onCmd(cmd({ type: 'unlock', sessionId, leaseSeconds }));
    return sessionId;
  };
  const ended = () => events.filter((e) => e.type === 'session.ended');
  return { m, events, hw, ctl, badges, cmd, unlock, ended };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('a machine session at the bridge', () => {
  it('unlocks on cmd unlock and acknowledges it', async () => {
    const t = machine();
    await t.unlock();
    expect(t.hw.relay).toBe(true);
    expect(t.events[0]).toMatchObject({ type: 'cmd.ack', ok: true });
  });

  it('locks when the lease runs out without a renewal', async () => {
    const t = machine();
    const id = await t.unlock(undefined, 120);
    jest.advanceTimersByTime(119_000);
    expect(t.hw.relay).toBe(true);
    jest.advanceTimersByTime(1_000);
    expect(t.ended()).toEqual([expect.objectContaining({ sessionId: id, reason: 'expired' })]);
    expect(t.hw.relay).toBe(false);
  });

  it('keeps the session while renewals with the same sessionId arrive', async () => {
    const t = machine();
    const id = await t.unlock(undefined, 120);
    for (let i = 0; i < 5; i++) {
      jest.advanceTimersByTime(60_000);
      await t.unlock(id, 120);
    }
    expect(t.ended()).toEqual([]);
    expect(t.hw.relay).toBe(true);
  });

  it('never cuts a running job: the lease end waits for the job end', async () => {
    const t = machine();
    await t.unlock(undefined, 60);
    await t.m.onCmd(t.cmd({ type: 'start_job', jobId: 'j1', url: '/f', sha256: require('node:crypto').createHash('sha256').update('G1X1\n').digest('hex') }));
    expect(t.ctl.running).toBe(true);
    jest.advanceTimersByTime(10 * 60_000);
    expect(t.hw.relay).toBe(true);
    expect(t.ended()).toEqual([]);
    t.ctl.finish();
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'expired' })]);
    expect(t.hw.relay).toBe(false);
  });

  it('does not lock while the machine draws power, and locks when it stops', async () => {
    const t = machine();
    await t.unlock(undefined, 60);
    t.m.onCurrent(1500);
    jest.advanceTimersByTime(120_000);
    expect(t.hw.relay).toBe(true);
    t.m.onCurrent(10);
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'expired' })]);
    expect(t.events.map((e) => e.type)).toEqual(expect.arrayContaining(['power.on', 'power.off']));
  });

  it('after a badge-out keeps the relay on for the grace period, with a warning beep', async () => {
    const t = machine({ graceSeconds: 60 });
    t.m.onBadge('04A224B2C35E80');
    await t.unlock();
    const beeps = t.hw.beeps;
    t.m.onBadgeRemoved('04A224B2C35E80');
    expect(t.hw.beeps).toBeGreaterThan(beeps);
    jest.advanceTimersByTime(59_000);
    expect(t.hw.relay).toBe(true);
    jest.advanceTimersByTime(1_000);
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'badge_out' })]);
    expect(t.hw.relay).toBe(false);
  });

  it('treats a second read of the session card as a badge-out', async () => {
    const t = machine({ graceSeconds: 0 });
    t.m.onBadge('04A224B2C35E80');
    await t.unlock();
    t.m.onBadge('04A224B2C35E80');
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'badge_out' })]);
    expect(t.badges).toHaveLength(1);
  });

  it('ends an idle session after the idle timeout', async () => {
    const t = machine({ idleTimeoutSeconds: 600 });
    await t.unlock(undefined, 3600);
    jest.advanceTimersByTime(600_000);
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'idle_timeout' })]);
  });

  it('ends the session when the machine is switched off (power below the threshold)', async () => {
    const t = machine({ powerOffSeconds: 30 });
    await t.unlock(undefined, 3600);
    t.m.onCurrent(900);
    t.m.onCurrent(0);
    jest.advanceTimersByTime(30_000);
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'power_off' })]);
  });

  it('reports a cancelled job as failed and then honours a waiting lock', async () => {
    const t = machine();
    const id = await t.unlock();
    const sha = require('node:crypto').createHash('sha256').update('G1X1\n').digest('hex');
    await t.m.onCmd(t.cmd({ type: 'start_job', jobId: 'j2', url: '/f', sha256: sha }));
    await t.m.onCmd(t.cmd({ type: 'lock', sessionId: id }));
    expect(t.hw.relay).toBe(true);
    await t.m.onCmd(t.cmd({ type: 'pause_job', jobId: 'j2' }));
    await t.m.onCmd(t.cmd({ type: 'cancel_job', jobId: 'j2' }));
    expect(t.events.filter((e) => e.type === 'job.failed')).toEqual([expect.objectContaining({ jobId: 'j2', reason: 'cancelled' })]);
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'manual' })]);
    expect(t.hw.relay).toBe(false);
  });

  it('fails a job whose file does not match its sha256', async () => {
    const t = machine();
    await t.m.onCmd(t.cmd({ type: 'start_job', jobId: 'j3', url: '/f', sha256: '0'.repeat(64) }));
    expect(t.events.map((e) => [e.type, e.reason ?? e.error])).toEqual([
      ['job.failed', 'sha256_mismatch'],
      ['cmd.ack', 'sha256_mismatch'],
    ]);
    expect(t.ctl.running).toBe(false);
  });

  it('locks on cmd lock (manual)', async () => {
    const t = machine();
    const id = await t.unlock();
    await t.m.onCmd(t.cmd({ type: 'lock', sessionId: id }));
    expect(t.ended()).toEqual([expect.objectContaining({ sessionId: id, reason: 'manual' })]);
  });

  it('ignores a command more than 30 s old', async () => {
    const t = machine();
    await t.m.onCmd({ ...t.cmd({ type: 'unlock', sessionId: randomUUID(), leaseSeconds: 60 }), ts: new Date(Date.now() - 31_000).toISOString() } as Cmd);
    expect(t.hw.relay).toBe(false);
    expect(t.events[0]).toMatchObject({ type: 'cmd.ack', ok: false, error: 'stale_command' });
  });

  it('falls back to the allow-list when no answer comes within 2 s, and refuses without one', () => {
    const t = machine();
    t.m.onBadge('04A224B2C35E80');
    jest.advanceTimersByTime(1999);
    expect(t.events).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(t.events).toEqual([expect.objectContaining({ type: 'offline.decision', uid: '04A224B2C35E80', decision: 'denied', reason: 'no_allowlist' })]);
    expect(t.hw.relay).toBe(false);
  });

  it('shows the decision message from access and takes no action on it', () => {
    const t = machine();
    t.m.onBadge('04A224B2C35E80');
    const requestId = t.badges[0].requestId;
    t.m.onAccess({ requestId, decision: 'denied', reason: 'training_missing', message: { fr: 'Formation requise.', en: 'Training required.' } } as any);
    jest.advanceTimersByTime(5000);
    expect(t.hw.shown).toEqual(['Formation requise.']);
    expect(t.events).toEqual([]);
  });
});
