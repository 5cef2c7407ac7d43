import { chartLegend, chartSummary, lineChart, niceTicks, powerSeries, segments, temperatureSeries, thin, timeTicks } from './telemetry-chart';
import type { SampleRow } from './telemetry-history';

const MIN = 60_000;
const from = new Date('2027-03-03T10:30:00Z'); // 11:30 in Paris (winter time)
const to = new Date(from.getTime() + 24 * 60 * MIN);
const at = (minutes: number) => from.getTime() + minutes * MIN;
const pts = (...pairs: Array<[number, number]>) => pairs.map(([m, value]) => ({ at: at(m), value }));
const sample = (minutes: number, powerW: number | null, temps: SampleRow['temps'] = null): SampleRow => ({
  at: new Date(at(minutes)),
  powerW,
  progress: null,
  temps,
});

const chart = (series: Parameters<typeof lineChart>[0]['series'], lang: 'fr' | 'en' = 'fr') =>
  lineChart({ title: 'Puissance', unit: 'W', series, from, to, intervalMs: MIN, lang, zone: 'Europe/Paris' }).value;

describe('niceTicks', () => {
  it('gives 3 or 4 round values from 0 covering the highest value', () => {
    expect(niceTicks(0, 215)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(0, 60)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(0, 1)).toEqual([0, 0.5, 1]);
    for (const max of [0.3, 7, 12, 99, 101, 450, 1200, 2999, 86_000]) {
      const ticks = niceTicks(0, max);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(4);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
    }
  });

  it('still draws an axis for a flat line', () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.5, 1]);
  });
});

describe('timeTicks', () => {
  it('marks Paris hours every 6 hours over a day', () => {
    expect(timeTicks(from, to, 'fr', 'Europe/Paris').map((t) => t.label)).toEqual(['12:00', '18:00', '00:00', '06:00']);
    expect(timeTicks(from, to, 'fr', 'Europe/Paris')[0].at).toBe(Date.parse('2027-03-03T11:00:00Z'));
  });

  it('names each day at its Paris noon over a week', () => {
    const week = timeTicks(new Date(to.getTime() - 7 * 24 * 60 * MIN), to, 'fr', 'Europe/Paris');
    expect(week.map((t) => t.label)).toEqual(['jeu.', 'ven.', 'sam.', 'dim.', 'lun.', 'mar.', 'mer.']);
    expect(week[0].at).toBe(Date.parse('2027-02-25T11:00:00Z')); // Thursday 25 at noon in Paris
    expect(timeTicks(new Date(to.getTime() - 7 * 24 * 60 * MIN), to, 'en', 'Europe/Paris')[0].label).toBe('Thu');
  });

  it('follows summer time', () => {
    const summer = new Date('2027-07-01T10:30:00Z'); // 12:30 in Paris
    expect(timeTicks(summer, new Date(summer.getTime() + 24 * 60 * MIN), 'en', 'Europe/Paris')[0]).toEqual({
      at: Date.parse('2027-07-01T16:00:00Z'),
      label: '18:00',
    });
  });
});

describe('segments', () => {
  it('breaks a line where more than two intervals are missing', () => {
    const runs = segments(pts([0, 1], [1, 2], [3, 3], [7, 4], [8, 5]), 2 * MIN);
    expect(runs.map((r) => r.map((p) => p.value))).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('gives nothing for nothing', () => {
    expect(segments([], MIN)).toEqual([]);
  });
});

describe('thin', () => {
  it('averages each bucket and leaves empty buckets empty', () => {
    expect(thin(pts([0, 10], [1, 20], [30, 40]), at(0), 10 * MIN)).toEqual([
      { at: at(5), value: 15 },
      { at: at(35), value: 40 },
    ]);
  });
});

describe('series from samples', () => {
  it('keeps power where there is one, sensors in the lab’s words, unknown ones by key', () => {
    const samples = [
      sample(0, null, { zone2: { actual: 30 }, bed: { actual: 55 }, hotend: { actual: 200, target: 215 } }),
      sample(1, 120, { hotend: { actual: 214.5 } }),
    ];
    expect(powerSeries(samples, 'fr')).toEqual([{ label: 'Puissance', points: [{ at: at(1), value: 120 }] }]);
    expect(powerSeries([sample(0, null)], 'fr')).toEqual([]);
    const temps = temperatureSeries(samples, 'fr');
    expect(temps.map((s) => s.label)).toEqual(['Buse', 'Plateau', 'zone2']);
    expect(temps[0].points.map((p) => p.value)).toEqual([200, 214.5]);
    expect(temperatureSeries(samples, 'en').map((s) => s.label)).toEqual(['Nozzle', 'Bed', 'zone2']);
  });
});

describe('lineChart', () => {
  it('draws nothing without points', () => {
    expect(chart([])).toBe('');
    expect(chart([{ label: 'Buse', points: [] }])).toBe('');
  });

  it('scales time across the plot and values from 0 to the top tick', () => {
    const svg = chart([
      {
        label: 'Puissance',
        points: [
          { at: from.getTime(), value: 0 },
          { at: to.getTime(), value: 300 },
        ],
      },
    ]);
    expect(svg).toContain('viewBox="0 0 400 170" width="100%"');
    expect(svg).toContain('cx="40" cy="148"'); // the first instant at the left, 0 at the bottom
    expect(svg).toContain('cx="388" cy="10"'); // now at the right, the top tick at the top
    expect(chart([{ label: 'Puissance', points: pts([0, 0], [1, 150]) }])).toContain('points="40,148 40.2,10"'); // 150 W is the top tick (0, 50, 100, 150)
    expect([...svg.matchAll(/class="y-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['0', '100', '200', '300']);
    expect([...svg.matchAll(/class="x-label"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['12:00', '18:00', '00:00', '06:00']);
  });

  it('leaves gaps as gaps and shows a lone reading as a dot', () => {
    const svg = chart([{ label: 'Puissance', points: pts([0, 10], [1, 12], [2, 11], [60, 50], [61, 52], [200, 40]) }]);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(1);
  });

  it('summarises min, max and last value of each line in its aria-label', () => {
    const svg = lineChart({
      title: 'Températures',
      unit: '°C',
      from,
      to,
      intervalMs: MIN,
      lang: 'fr',
      zone: 'Europe/Paris',
      series: [
        { label: 'Buse', points: pts([0, 20], [1, 215], [2, 214.5]) },
        { label: 'Plateau', points: pts([0, 60]) },
      ],
    }).value;
    expect(svg).toContain('role="img"');
    expect(svg).toContain(
      'aria-label="Températures. Buse : min 20 °C, max 215 °C, dernière 214,5 °C ; Plateau : min 60 °C, max 60 °C, dernière 60 °C ; dernier relevé à 11:32."',
    );
    expect(svg).toContain('class="line line-1"');
  });

  it('escapes labels that came from a bridge', () => {
    const svg = chart([{ label: '<b onclick="x">', points: pts([0, 1], [1, 2]) }]);
    expect(svg).not.toContain('<b onclick');
    expect(svg).toContain('&lt;b onclick=&quot;x&quot;&gt;');
    expect(
      chartLegend([
        { label: '<i>', points: [] },
        { label: 'b', points: [] },
      ]).value,
    ).toContain('&lt;i&gt;');
  });

  it('averages a week of dense samples into buckets, its summary from the real values', () => {
    const week = new Date(to.getTime() - 7 * 24 * 60 * MIN);
    const points = Array.from({ length: 10_000 }, (_, i) => ({ at: week.getTime() + i * MIN, value: i === 9_999 ? 999 : i % 2 ? 100 : 0 }));
    const svg = lineChart({
      title: 'Puissance',
      unit: 'W',
      series: [{ label: 'Puissance', points }],
      from: week,
      to,
      intervalMs: MIN,
      lang: 'en',
      zone: 'Europe/Paris',
    }).value;
    const drawn = svg.match(/points="([^"]*)"/)![1].split(' ');
    expect(drawn.length).toBeLessThanOrEqual(720);
    expect(svg).toContain('min 0 W, max 999 W, last 999 W');
  });
});

describe('chartSummary', () => {
  it('speaks English with a decimal point', () => {
    expect(chartSummary({ title: 'Power', unit: 'W', lang: 'en', zone: 'Europe/Paris', series: [{ label: 'Power', points: pts([0, 1.25], [5, 3.5]) }] })).toBe(
      'Power: min 1.3 W, max 3.5 W, last 3.5 W ; last reading at 11:35.',
    );
  });
});
