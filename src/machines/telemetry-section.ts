import { html, SafeHtml } from '../web/html';
import { localDateTime } from '../common/local-format';
import { defineDictionary, Lang } from '../web/i18n';
import { chartLegend, chartNumber, ChartSeries, lineChart, powerSeries, sensorsOf, temperatureSeries } from './telemetry-chart';
import { sensorWord } from './machine-words';
import type { SampleRow } from './telemetry-history';

/** « Consommation et températures » on a machine's history page: the kept telemetry as two charts, the last readings as a table, a CSV link. */

export const TELEMETRY_PERIODS = { '24h': 24, '7d': 7 * 24 } as const;
export type TelemetryPeriod = keyof typeof TELEMETRY_PERIODS;

const tr = defineDictionary({
  'samples.title.24h': { fr: 'Consommation et températures (24 dernières heures)', en: 'Power and temperatures (last 24 hours)' },
  'samples.title.7d': { fr: 'Consommation et températures (7 derniers jours)', en: 'Power and temperatures (last 7 days)' },
  'samples.period': { fr: 'Période', en: 'Period' },
  'samples.periodLead': { fr: 'Période :', en: 'Period:' },
  'samples.period.24h': { fr: '24 h', en: '24 h' },
  'samples.period.7d': { fr: '7 jours', en: '7 days' },
  'samples.power': { fr: 'Puissance (W)', en: 'Power (W)' },
  'samples.temps': { fr: 'Températures (°C)', en: 'Temperatures (°C)' },
  'samples.powerTitle': { fr: 'Puissance', en: 'Power' },
  'samples.tempsTitle': { fr: 'Températures', en: 'Temperatures' },
  'samples.noPower': { fr: 'Pas de mesure de puissance sur cette période.', en: 'No power reading in this period.' },
  'samples.noTemps': { fr: 'Pas de température sur cette période.', en: 'No temperature in this period.' },
  'samples.empty': {
    fr: 'Aucun relevé sur cette période. Les relevés sont pris toutes les {n} secondes quand la machine envoie sa télémétrie.',
    en: 'No reading in this period. Readings are taken every {n} seconds when the machine sends its telemetry.',
  },
  'samples.off': {
    fr: 'Aucun relevé : ce serveur ne conserve pas la télémétrie (TELEMETRY_SAMPLE_SECONDS=0).',
    en: 'No reading: this server keeps no telemetry (TELEMETRY_SAMPLE_SECONDS=0).',
  },
  'samples.latest': { fr: 'Les 10 derniers relevés, en valeurs exactes', en: 'The last 10 readings, exact values' },
  'samples.at': { fr: 'Date', en: 'Date' },
  'samples.csv': { fr: 'Télécharger les relevés (CSV)', en: 'Download the readings (CSV)' },
});

/** `?period=7d`; anything else is the last 24 hours. */
export const telemetryPeriod = (v: unknown): TelemetryPeriod => (v === '7d' ? '7d' : '24h');

/** The period ending now, to the second (the same instants go in the CSV link). */
export function periodRange(period: TelemetryPeriod, now = new Date()): { from: Date; to: Date } {
  const to = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return { from: new Date(to.getTime() - TELEMETRY_PERIODS[period] * 3600_000), to };
}

export interface TelemetryView {
  machineId: string;
  lang: Lang;
  /** The machine's site's zone. */
  zone: string;
  period: TelemetryPeriod;
  from: Date;
  to: Date;
  samples: SampleRow[];
  intervalSeconds: number;
  /** The page's own path and query (the sessions filters stay when the period changes). */
  path: string;
  query: Record<string, string>;
}

export function telemetrySection(v: TelemetryView): SafeHtml {
  const title = tr(`samples.title.${v.period}`, v.lang);
  return html`<section class="card telemetry" id="telemetry" aria-labelledby="telemetry-title">
<h2 id="telemetry-title">${title}</h2>
${periodLinks(v)}
${v.samples.length ? readings(v) : html`<p id="telemetry-empty">${emptySentence(v)}</p>`}
</section>`;
}

function emptySentence(v: TelemetryView): string {
  return v.intervalSeconds ? tr('samples.empty', v.lang, { n: v.intervalSeconds }) : tr('samples.off', v.lang);
}

function periodLinks(v: TelemetryView): SafeHtml {
  const links = (Object.keys(TELEMETRY_PERIODS) as TelemetryPeriod[]).map((p) => {
    const q = new URLSearchParams({ ...v.query, period: p });
    const current = p === v.period ? html` aria-current="true"` : '';
    return html`<a href="${v.path}?${q.toString()}#telemetry"${current}>${tr(`samples.period.${p}`, v.lang)}</a>`;
  });
  return html`<nav class="period" aria-label="${tr('samples.period', v.lang)}">${tr('samples.periodLead', v.lang)} ${links}</nav>`;
}

function readings(v: TelemetryView): SafeHtml {
  const power = powerSeries(v.samples, v.lang);
  const temps = temperatureSeries(v.samples, v.lang);
  const csv = new URLSearchParams({ from: v.from.toISOString(), to: v.to.toISOString() });
  return html`<div class="charts">
${figure(v, 'samples.power', 'samples.powerTitle', 'W', power, 'samples.noPower')}
${figure(v, 'samples.temps', 'samples.tempsTitle', '°C', temps, 'samples.noTemps')}
</div>
${latestTable(v)}
<p><a class="button secondary" id="telemetry-csv" href="/api/machines/${v.machineId}/telemetry.csv?${csv.toString()}" download>${tr('samples.csv', v.lang)}</a></p>`;
}

type Key = Parameters<typeof tr>[0];

function figure(v: TelemetryView, caption: Key, title: Key, unit: string, series: ChartSeries[], none: Key): SafeHtml {
  const chart = lineChart({ title: tr(title, v.lang), unit, series, from: v.from, to: v.to, intervalMs: v.intervalSeconds * 1000, lang: v.lang, zone: v.zone });
  return html`<figure><figcaption>${tr(caption, v.lang)}</figcaption>
${series.length ? html`${chartLegend(series)}${chart}` : html`<p class="muted">${tr(none, v.lang)}</p>`}</figure>`;
}

/** « 3 mars, 14:05 » — short enough for a phone's column; seconds when readings come more than once a minute. */
function readingTime(at: Date, lang: Lang, seconds: boolean, zone: string): string {
  return localDateTime(at, zone, lang, seconds ? 'compactSeconds' : 'compact');
}

/** For screen readers and exact values: the last 10 readings, newest first, one column per sensor. */
function latestTable(v: TelemetryView): SafeHtml {
  const sensors = sensorsOf(v.samples);
  const cell = (n: number | null | undefined) => (typeof n === 'number' ? chartNumber(n, v.lang) : '—');
  const rows = v.samples.slice(-10).reverse();
  return html`<details class="telemetry-latest"><summary>${tr('samples.latest', v.lang)}</summary>
<div class="table-wrap"><table><thead><tr><th>${tr('samples.at', v.lang)}</th><th>${tr('samples.power', v.lang)}</th>${sensors.map((k) => html`<th>${sensorWord(k, v.lang)} (°C)</th>`)}</tr></thead>
<tbody>${rows.map((s) => html`<tr><td>${readingTime(s.at, v.lang, v.intervalSeconds < 60, v.zone)}</td><td>${cell(s.powerW)}</td>${sensors.map((k) => html`<td>${cell(s.temps?.[k]?.actual)}</td>`)}</tr>`)}</tbody></table></div>
</details>`;
}
