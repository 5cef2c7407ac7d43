import { DashboardService } from './dashboard.service';

/** Telemetry is shown only while the bridge keeps sending it. */
describe('DashboardService.telemetryOf', () => {
  const ctor = DashboardService as unknown as new (...args: unknown[]) => DashboardService;
  const service = new ctor(...Array(10).fill(null), { env: { UNATTENDED_ALERT_SECONDS: 30 } });
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
