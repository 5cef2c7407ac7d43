import { alertsFor, isUnattended, MachineFacts } from './alerts';

const machine = (over: Partial<MachineFacts> = {}): MachineFacts => ({
  machineId: 'm1',
  name: 'Découpeuse laser',
  status: 'free',
  statusReason: null,
  statusSetAt: null,
  bridgeId: 'b1',
  bridgeSlug: 'atelier',
  bridgeOnline: true,
  bridgeLastSeenAt: '2026-12-01T10:00:00.000Z',
  bridgeState: 'locked',
  hasSession: false,
  powerW: null,
  progressRising: false,
  alarms: [],
  unattendedSince: null,
  ...over,
});

describe('dashboard alerts', () => {
  it('flags a silent bridge, its machines named, keyed by its last sign of life', () => {
    const alerts = alertsFor([machine()], new Set(), [], [{ bridgeId: 'b1', slug: 'atelier', since: '2026-12-01T10:00:00.000Z' }]);
    expect(alerts).toEqual([
      {
        key: `bridge_silent:b1:${Date.parse('2026-12-01T10:00:00.000Z')}`,
        kind: 'bridge_silent',
        bridgeId: 'b1',
        bridgeSlug: 'atelier',
        machines: ['Découpeuse laser'],
        message: 'Découpeuse laser',
        since: '2026-12-01T10:00:00.000Z',
      },
    ]);
    expect(alertsFor([machine()], new Set([alerts[0].key]), [], [{ bridgeId: 'b1', slug: 'atelier', since: '2026-12-01T10:00:00.000Z' }])).toEqual([]);
  });

  it('raises nothing for a free, locked machine with its bridge online', () => {
    expect(alertsFor([machine()])).toEqual([]);
  });

  it('raises an alarm alert with its reason for a machine to check', () => {
    const [a] = alertsFor([
      machine({
        status: 'to_check',
        statusReason: 'Alarme grbl_alarm_1',
        statusSetAt: '2026-12-01T10:05:00.000Z',
        alarms: [{ code: 'grbl_alarm_1', at: '2026-12-01T10:05:00.000Z' }],
      }),
    ]);
    expect(a).toMatchObject({ kind: 'alarm', machineId: 'm1', message: 'Alarme grbl_alarm_1' });
  });

  it('names a device failure when the last alarm says a device failed', () => {
    const [a] = alertsFor([
      machine({
        status: 'to_check',
        statusSetAt: '2026-12-01T10:05:00.000Z',
        alarms: [{ code: 'board_failed', message: 'reader board stopped', at: '2026-12-01T10:05:00.000Z' }],
      }),
    ]);
    expect(a).toMatchObject({ kind: 'device_failed', message: 'board_failed : reader board stopped' });
  });

  it('raises one alert per offline bridge, listing its machines', () => {
    const alerts = alertsFor([machine({ bridgeOnline: false }), machine({ machineId: 'm2', name: 'Prusa', bridgeOnline: false })]);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'bridge_offline', bridgeId: 'b1', machines: ['Découpeuse laser', 'Prusa'] })]);
  });

  it('sees a machine running, drawing power or progressing with no session as unattended', () => {
    expect(isUnattended(machine({ bridgeState: 'running' }))).toBe(true);
    expect(isUnattended(machine({ powerW: 450 }))).toBe(true);
    expect(isUnattended(machine({ progressRising: true }))).toBe(true);
    expect(isUnattended(machine({ bridgeState: 'running', hasSession: true }))).toBe(false);
    expect(isUnattended(machine({ bridgeState: 'running', bridgeOnline: false }))).toBe(false);
  });

  it('keeps an acknowledged alert quiet until the situation happens again', () => {
    const m = machine({ unattendedSince: '2026-12-01T10:00:00.000Z', bridgeState: 'running' });
    const [a] = alertsFor([m]);
    expect(alertsFor([m], new Set([a.key]))).toEqual([]);
    expect(alertsFor([{ ...m, unattendedSince: '2026-12-01T11:00:00.000Z' }], new Set([a.key]))).toHaveLength(1);
  });
});

describe('maintenance due', () => {
  it('is a warning keyed by the task and when it fell due, named after its machine, and can be acknowledged', () => {
    const due = [{ planId: 'p1', machineId: 'm1', task: 'Nettoyer la lentille', dueAt: '2027-01-01T10:00:00.000Z' }];
    const machines = [machine({ name: 'Laser' })];
    const [alert] = alertsFor(machines, new Set(), due);
    expect(alert).toEqual({
      key: `maintenance_due:p1:${Date.parse('2027-01-01T10:00:00.000Z')}`,
      kind: 'maintenance_due',
      machineId: 'm1',
      machineName: 'Laser',
      message: 'Nettoyer la lentille',
      since: '2027-01-01T10:00:00.000Z',
    });
    expect(alertsFor(machines, new Set([alert.key]), due)).toEqual([]);
  });
});
