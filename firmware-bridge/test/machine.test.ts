import './helpers';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { MachineController } from '../src/sessions/machine';
import type { MachineConfig } from '../src/config';
import type { Cmd } from '../src/mqtt/schemas';
import type { AllowList } from '../src/allowlist/allowlist';
import { signedAllowList, siteKeys } from './factories';

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

function machine(over: Partial<MachineConfig> = {}, allowList?: AllowList) {
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
      show: (m) => void hw.shown.push(m.key),
    },
    out: { event: (type, f) => events.push({ type, ...f }), state: () => undefined, telemetry: () => undefined, badge: (b) => badges.push(b) },
    allowList: () => allowList,
    controller: ctl as any,
    jobSource: { fetch: async () => Buffer.from('G1X1\n') },
    accessTimeoutMs: 2000,
    online: () => true,
  });
  const cmd = (fields: Record<string, unknown>) => ({ commandId: randomUUID(), ts: new Date().toISOString(), ...fields }) as unknown as Cmd;
  const unlock = async (sessionId = randomUUID(), leaseSeconds = 120) => {
    await m.onCmd(cmd({ type: 'unlock', sessionId, leaseSeconds }));
    return sessionId;
  };
  const ended = () => events.filter((e) => e.type === 'session.ended');
  const grant = (sessionId: string) =>
    m.onAccess({
      requestId: badges[badges.length - 1].requestId,
      decision: 'granted',
      sessionId,
      until: new Date(Date.now() + 3600_000).toISOString(),
      person: { displayName: 'Amina K.' },
    } as any);
  return { m, events, hw, ctl, badges, cmd, unlock, ended, grant };
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

  it('ends a badge-out on time at the default timings whatever lease renewals arrive', async () => {
    const t = machine(); // grace 60 s; the server renews a 120 s lease every 60 s
    t.m.onBadge('04A224B2C35E80');
    const id = await t.unlock(undefined, 120);
    jest.advanceTimersByTime(50_000);
    t.m.onBadge('04A224B2C35E80'); // second read: badge-out
    jest.advanceTimersByTime(10_000);
    await t.unlock(id, 120); // the renewal lands in the grace
    jest.advanceTimersByTime(49_000);
    expect(t.ended()).toEqual([]);
    expect(t.hw.relay).toBe(true);
    jest.advanceTimersByTime(1_000);
    expect(t.ended()).toEqual([expect.objectContaining({ sessionId: id, reason: 'badge_out' })]);
    expect(t.hw.relay).toBe(false);
  });

  it('tells the server a badge-out grace started, with its end, so it stops renewing the lease', async () => {
    const t = machine({ graceSeconds: 60 });
    t.m.onBadge('04A224B2C35E80');
    const id = await t.unlock(undefined, 120);
    const badgeOutAt = Date.now();
    t.m.onBadge('04A224B2C35E80'); // second read: badge-out
    const closing = t.events.filter((e) => e.type === 'session.closing');
    expect(closing).toEqual([{ type: 'session.closing', sessionId: id, endsAt: new Date(badgeOutAt + 60_000).toISOString() }]);
    t.m.onBadge('04A224B2C35E80'); // the holder again during the grace: asked to the server, no second event
    expect(t.events.filter((e) => e.type === 'session.closing')).toHaveLength(1);
  });

  it('a badge-out whose grace ends during a job ends with the job, renewals or not', async () => {
    const t = machine();
    t.m.onBadge('04A224B2C35E80');
    const id = await t.unlock(undefined, 120);
    await t.m.onCmd(t.cmd({ type: 'start_job', jobId: 'j4', url: '/f', sha256: require('node:crypto').createHash('sha256').update('G1X1\n').digest('hex') }));
    t.m.onBadgeRemoved('04A224B2C35E80');
    jest.advanceTimersByTime(60_000);
    await t.unlock(id, 120);
    expect(t.hw.shown).toContain('end_waits_job');
    t.ctl.finish();
    expect(t.ended()).toEqual([expect.objectContaining({ reason: 'badge_out' })]);
  });

  it('the holder presenting the card again during the grace keeps the session', async () => {
    const t = machine();
    t.m.onBadge('04A224B2C35E80');
    const id = await t.unlock(undefined, 120);
    t.m.onBadgeRemoved('04A224B2C35E80');
    jest.advanceTimersByTime(20_000);
    t.m.onBadge('04A224B2C35E80');
    expect(t.badges).toHaveLength(2); // asked to the server, not taken as a second badge-out
    t.grant(id);
    await t.unlock(id, 120);
    jest.advanceTimersByTime(60_000);
    await t.unlock(id, 120);
    jest.advanceTimersByTime(60_000);
    expect(t.ended()).toEqual([]);
    expect(t.hw.relay).toBe(true);
    expect(t.hw.shown).toContain('grace_cancelled');
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

  it('shows the message of the display table for the reason of a denial and takes no action on it', () => {
    const t = machine();
    t.m.onBadge('04A224B2C35E80');
    const requestId = t.badges[0].requestId;
    t.m.onAccess({
      requestId,
      decision: 'denied',
      reason: 'training_missing',
      message: { fr: 'Formation « Découpe laser » requise.', en: 'Training required.' },
    } as any);
    jest.advanceTimersByTime(5000);
    expect(t.hw.shown).toEqual(['training_missing']);
    expect(t.events).toEqual([]);
  });

  it('offline, says the card is not on the list rather than blaming the server', () => {
    const { privateKey } = siteKeys();
    const list = signedAllowList(privateKey, { site: 's', bridge: 'b', entries: [{ machine: 'laser-1', uid: '0A0B0C0D0E' }] }) as unknown as AllowList;
    const t = machine({}, list);
    t.m.onBadge('04A224B2C35E80');
    jest.advanceTimersByTime(2000);
    expect(t.hw.shown).toEqual(['offline_not_listed']);
    t.m.onBadge('0A0B0C0D0E');
    jest.advanceTimersByTime(2000);
    expect(t.hw.shown).toEqual(['offline_not_listed', 'granted_offline']);
    expect(t.hw.relay).toBe(true);
  });

  it('without any list, says the server is out of reach', () => {
    const t = machine();
    t.m.onBadge('04A224B2C35E80');
    jest.advanceTimersByTime(2000);
    expect(t.hw.shown).toEqual(['offline_no_list']);
  });

  it('gives a cue on the display when a (queued) job starts', async () => {
    const t = machine();
    await t.unlock();
    const beeps = t.hw.beeps;
    await t.m.onCmd(t.cmd({ type: 'start_job', jobId: 'j9', url: '/f', sha256: require('node:crypto').createHash('sha256').update('G1X1\n').digest('hex') }));
    expect(t.hw.shown).toContain('job_started');
    expect(t.hw.beeps).toBeGreaterThan(beeps);
  });

  it('refuses a new job once the bridge is stopping, and lets the running one finish', async () => {
    const t = machine();
    await t.unlock();
    const sha = require('node:crypto').createHash('sha256').update('G1X1\n').digest('hex');
    await t.m.onCmd(t.cmd({ type: 'start_job', jobId: 'j10', url: '/f', sha256: sha }));
    t.m.refuseNewJobs();
    expect(t.m.runningJob()).toBe('j10');
    t.ctl.finish();
    expect(t.m.runningJob()).toBeUndefined();
    await t.m.onCmd(t.cmd({ type: 'start_job', jobId: 'j11', url: '/f', sha256: sha }));
    expect(t.events.filter((e) => e.type === 'cmd.ack').pop()).toMatchObject({ ok: false, error: 'bridge_stopping' });
  });
});
