import { html, SafeHtml } from '../web/html';
import { localHour, localNumber, localTime, localWeekday } from '../common/local-format';
import { defineDictionary, Lang } from '../web/i18n';
import { sensorWord } from './machine-words';
import type { SampleRow } from './telemetry-history';

/**
 * Kept telemetry as a small server-drawn SVG line chart: no script, no inline style (the pages run
 * under a strict CSP), colours and dashes come from classes in app.css. Pure: samples in, markup out.
 */

export interface ChartPoint {
  at: number;
  value: number;
}

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
}

export interface Chart {
  /** « Puissance » — starts the aria-label. */
  title: string;
  /** « W », « °C » */
  unit: string;
  series: ChartSeries[];
  from: Date;
  to: Date;
  /** The sampling interval: points further apart than two of them are not joined. */
  intervalMs: number;
  lang: Lang;
  /** The site's zone: time marks are its whole hours. */
  zone: string;
}

const tr = defineDictionary({
  'samplesChart.summary': { fr: '{label} : min {min}, max {max}, dernière {last}', en: '{label}: min {min}, max {max}, last {last}' },
  'samplesChart.lastAt': { fr: 'dernier relevé à {time}', en: 'last reading at {time}' },
  'samplesChart.power': { fr: 'Puissance', en: 'Power' },
});

// The drawing box; the SVG scales to the page width (viewBox, width 100%), so a 390 px phone gets it about 1:1.
const WIDTH = 400;
const HEIGHT = 170;
const PLOT = { left: 40, right: WIDTH - 12, top: 10, bottom: HEIGHT - 22 };
/** Beyond this many points a series is averaged per bucket: a 7-day chart is ~350 px wide, 10 000 points would be noise and weight. */
const MAX_POINTS = 1500;
const BUCKETS = 720;
const HOUR = 3600_000;

/** « 214,5 » / "214.5" */
export function chartNumber(v: number, lang: Lang): string {
  return localNumber(v, lang, 1, false);
}

/** « 14:05 », Paris time. */
export function chartTime(at: number | Date, lang: Lang, zone: string): string {
  return localTime(at, zone, lang);
}

const SENSOR_ORDER = ['hotend', 'bed', 'chamber'];
const sensorRank = (k: string) => (SENSOR_ORDER.includes(k) ? SENSOR_ORDER.indexOf(k) : SENSOR_ORDER.length);

/** The power series (empty when the machine has no plug or never reported power). */
export function powerSeries(samples: SampleRow[], lang: Lang): ChartSeries[] {
  const points = samples.filter((s) => s.powerW !== null).map((s) => ({ at: s.at.getTime(), value: s.powerW as number }));
  return points.length ? [{ label: tr('samplesChart.power', lang), points }] : [];
}

/** The sensors that reported in these samples: hotend, bed, chamber, then the others by key. */
export function sensorsOf(samples: SampleRow[]): string[] {
  const keys = new Set(samples.flatMap((s) => Object.keys(s.temps ?? {})));
  return [...keys].sort((a, b) => sensorRank(a) - sensorRank(b) || a.localeCompare(b));
}

/** One series per sensor, in the order of sensorsOf. */
export function temperatureSeries(samples: SampleRow[], lang: Lang): ChartSeries[] {
  return sensorsOf(samples)
    .map((key) => ({
      label: sensorWord(key, lang),
      points: samples.flatMap((s) => {
        const actual = s.temps?.[key]?.actual;
        return typeof actual === 'number' ? [{ at: s.at.getTime(), value: actual }] : [];
      }),
    }))
    .filter((s) => s.points.length);
}

/**
 * 3 or 4 round values covering [min, max] (a nice step: 1, 2 or 5 × 10ⁿ). The charts start at 0:
 * from 0, steps grow by at most 2.5×, so the first step giving ≤ 4 ticks gives at least 3.
 */
export function niceTicks(min: number, max: number): number[] {
  if (max <= min) max = min + Math.max(1, Math.abs(min) * 0.1); // a flat line still gets an axis
  const step = 10 ** Math.floor(Math.log10((max - min) / 3));
  for (let i = 0; ; i++) {
    const s = step * [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3);
    const lo = Math.floor(min / s) * s;
    const hi = Math.ceil(max / s) * s;
    const count = Math.round((hi - lo) / s) + 1;
    if (count <= 4) return Array.from({ length: count }, (_, k) => round(lo + k * s));
  }
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Time marks on the site's whole hours: every 6 hours over a day; over a week each day's noon,
 * named by its weekday (a week holds each weekday once). Marks are on UTC's whole hours, which are
 * the site's for the zones of France (Paris, Réunion, Guyane, Antilles…: whole hours from UTC).
 */
export function timeTicks(from: Date, to: Date, lang: Lang, zone: string): Array<{ at: number; label: string }> {
  const daily = to.getTime() - from.getTime() > 36 * HOUR;
  const ticks: Array<{ at: number; label: string }> = [];
  for (let at = Math.ceil(from.getTime() / HOUR) * HOUR; at <= to.getTime(); at += HOUR) {
    const h = localHour(at, zone);
    if (daily ? h === 12 : h % 6 === 0) ticks.push({ at, label: daily ? localWeekday(at, zone, lang) : chartTime(at, lang, zone) });
  }
  return ticks;
}

/** Runs of points with no hole longer than `maxGapMs`: each run is drawn as one line, a hole stays a hole. */
export function segments(points: ChartPoint[], maxGapMs: number): ChartPoint[][] {
  const runs: ChartPoint[][] = [];
  let run: ChartPoint[] = [];
  for (const p of points) {
    if (run.length && p.at - run[run.length - 1].at > maxGapMs) {
      runs.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length) runs.push(run);
  return runs;
}

/** The mean of each bucket that has points, stamped at the bucket's middle; empty buckets stay empty. */
export function thin(points: ChartPoint[], from: number, bucketMs: number): ChartPoint[] {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    const b = Math.floor((p.at - from) / bucketMs);
    const acc = sums.get(b) ?? { sum: 0, n: 0 };
    acc.sum += p.value;
    acc.n += 1;
    sums.set(b, acc);
  }
  return [...sums.entries()].sort(([a], [b]) => a - b).map(([b, { sum, n }]) => ({ at: from + (b + 0.5) * bucketMs, value: sum / n }));
}

/** « Buse : min 20 °C, max 215 °C, dernière 214,5 °C ; Plateau : … ; dernier relevé à 14:05 » */
export function chartSummary(c: Pick<Chart, 'title' | 'unit' | 'series' | 'lang' | 'zone'>): string {
  const n = (v: number) => `${chartNumber(v, c.lang)} ${c.unit}`;
  const parts = c.series.map((s) => {
    const values = s.points.map((p) => p.value);
    return tr('samplesChart.summary', c.lang, { label: s.label, min: n(Math.min(...values)), max: n(Math.max(...values)), last: n(values[values.length - 1]) });
  });
  const lastAt = Math.max(...c.series.map((s) => s.points[s.points.length - 1].at));
  // « Puissance. Puissance : … » would say it twice.
  const lead = c.series.length === 1 && c.series[0].label === c.title ? '' : `${c.title}. `;
  return `${lead}${parts.join(' ; ')} ; ${tr('samplesChart.lastAt', c.lang, { time: chartTime(lastAt, c.lang, c.zone) })}.`;
}

const fixed = (v: number) => Math.round(v * 10) / 10;

/** The chart as an `<svg role="img">`, its aria-label saying min, max and last value of each line. Empty series are left out. */
export function lineChart(c: Chart): SafeHtml {
  const series = c.series.filter((s) => s.points.length);
  if (!series.length) return html``;
  const from = c.from.getTime();
  const span = Math.max(1, c.to.getTime() - from);
  const dense = series.some((s) => s.points.length > MAX_POINTS);
  const bucketMs = span / BUCKETS;
  const drawn = dense ? series.map((s) => ({ ...s, points: thin(s.points, from, bucketMs) })) : series;
  const maxGapMs = 2 * (dense ? Math.max(c.intervalMs, bucketMs) : c.intervalMs);

  const values = series.flatMap((s) => s.points.map((p) => p.value));
  const yTicks = niceTicks(Math.min(0, ...values), Math.max(...values));
  const [yLo, yHi] = [yTicks[0], yTicks[yTicks.length - 1]];
  const x = (at: number) => fixed(PLOT.left + ((at - from) / span) * (PLOT.right - PLOT.left));
  const y = (v: number) => fixed(PLOT.bottom - ((v - yLo) / (yHi - yLo)) * (PLOT.bottom - PLOT.top));

  const grid = yTicks.map(
    (v) =>
      html`<line class="grid" x1="${PLOT.left}" x2="${PLOT.right}" y1="${y(v)}" y2="${y(v)}"/><text class="y-label" x="${PLOT.left - 4}" y="${y(v) + 4}" text-anchor="end">${chartNumber(v, c.lang)}</text>`,
  );
  const marks = timeTicks(c.from, c.to, c.lang, c.zone).map((t) => {
    const at = x(t.at);
    const anchor = at > PLOT.right - 16 ? 'end' : at < PLOT.left + 16 ? 'start' : 'middle';
    return html`<line class="tick" x1="${at}" x2="${at}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 4}"/><text class="x-label" x="${at}" y="${HEIGHT - 6}" text-anchor="${anchor}">${t.label}</text>`;
  });
  const lines = drawn.map((s, i) =>
    segments(s.points, maxGapMs).map((run) =>
      run.length === 1
        ? html`<circle class="line line-${i}" cx="${x(run[0].at)}" cy="${y(run[0].value)}" r="2"/>`
        : html`<polyline class="line line-${i}" fill="none" points="${run.map((p) => `${x(p.at)},${y(p.value)}`).join(' ')}"/>`,
    ),
  );
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="${chartSummary({ ...c, series })}">
${grid}<line class="axis" x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}"/>${marks}
${lines}</svg>`;
}

/** The key under a chart with several lines: the same class gives the same colour and dash. */
export function chartLegend(series: ChartSeries[]): SafeHtml {
  if (series.length < 2) return html``;
  return html`<ul class="chart-legend">${series.map(
    (s, i) =>
      html`<li><svg viewBox="0 0 24 8" width="24" height="8" aria-hidden="true"><line class="line line-${i}" x1="0" x2="24" y1="4" y2="4"/></svg> ${s.label}</li>`,
  )}</ul>`;
}
