import { DashboardService } from './dashboard.service';

/** Telemetry is shown only while the bridge keeps sending it. */
describe('DashboardService.telemetryOf', () => {
  const ctor = DashboardService as unknown as new (...args: unknown[]) => DashboardService;
  const service = new ctor(...Array(DashboardService.length - 1).fill(null), { env: { UNATTENDED_ALERT_SECONDS: 30 } }); // the config is the last argument
  const base = { machineId: 'm', siteId: 's', slug: 'laser-1', telemetry: { powerW: 120, progress: 0.4 } };
  const now = Date.parse('2026-12-01T10:00:00Z');

  it('gives recent telemetry', () => {
    expect(service.telemetryOf({ ...base, telemetryAt: '2026-12-01T09:59:30Z' }, now)).toEqual({ powerW: 120, progress: 0.4 });
  });

  it('hides telemetry older than a minute, or never timed', () => {
    expect(service.telemetryOf({ ...base, telemetryAt: '2026-12-01T09:58:30Z' }, now)).toEqual({});
    expect(service.telemetryOf(base, now)).toEqual({});
    expect(service.telemetryOf(undefined, now)).toEqual({});
  });
});

/** "Progress rising" makes a machine with no session an unattended one: it must not flicker. */
describe('DashboardService progress rising', () => {
  const ctor = DashboardService as unknown as new (...args: unknown[]) => DashboardService;
  const service = new ctor(...Array(DashboardService.length - 1).fill(null), { env: { UNATTENDED_ALERT_SECONDS: 30 } }); // the config is the last argument
  const rising = (progress: number | undefined, at: number) =>
    (service as unknown as { progressRising(id: string, p: number | undefined, now: number): boolean }).progressRising('m', progress, at);
  const t0 = Date.parse('2026-12-01T10:00:00Z');

  it('is rising once progress went up, and stays so when asked again with the same reading', () => {
    expect(rising(0.1, t0)).toBe(false); // first reading: nothing to compare with
    expect(rising(0.2, t0 + 10_000)).toBe(true);
    expect(rising(0.2, t0 + 11_000)).toBe(true); // the same reading computed twice
    expect(rising(0.2, t0 + 10_000 + 121_000)).toBe(false); // stuck for more than two minutes
    expect(rising(1, t0 + 200_000)).toBe(false); // finished
    expect(rising(undefined, t0 + 200_000)).toBe(false);
  });
});
