import { currentProgress, wallBandClass } from './wall-layout';

describe('wall screen layout', () => {
  it('picks a band from the number of machines', () => {
    expect(wallBandClass(0)).toBe('dash-band-4');
    expect(wallBandClass(4)).toBe('dash-band-4');
    expect(wallBandClass(5)).toBe('dash-band-6');
    expect(wallBandClass(12)).toBe('dash-band-12');
    expect(wallBandClass(13)).toBe('dash-band-16');
    expect(wallBandClass(48)).toBe('dash-band-48');
    expect(wallBandClass(49)).toBe('dash-band-more');
  });
});

/** « Libre » with 74 %: the last telemetry of a machine gone free is the old state's. */
describe('currentProgress', () => {
  it('shows progress while a job runs, the machine is busy or its bridge says it works', () => {
    expect(currentProgress('in_use', null, false, 0.74)).toBe(0.74);
    expect(currentProgress('free', null, true, 0.74)).toBe(0.74);
    expect(currentProgress('free', 'running', false, 0.74)).toBe(0.74);
  });

  it('drops it once the machine is free, in maintenance or off, with nothing running', () => {
    for (const status of ['free', 'maintenance', 'disabled', 'offline']) expect(currentProgress(status, 'unlocked', false, 0.74)).toBeNull();
    expect(currentProgress('in_use', null, false, undefined)).toBeNull();
  });
});
