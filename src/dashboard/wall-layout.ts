/**
 * How the wall screen lays out its tiles, from the number of machines (docs/dashboard.md). The
 * strict CSP forbids inline styles, so sizes are CSS classes (`dash-band-<max>` in app.css): the
 * page sets the class server-side and dashboard.js sets it again when machines come or go, from
 * the same table (sent in the page's data island).
 */
export interface WallBand {
  /** Up to this many machines. */
  max: number;
  cols: number;
  rows: number;
}

/** At 1920×1080, every band fits its machines without scrolling (test/browser/dashboard-wall). */
export const WALL_BANDS: WallBand[] = [
  { max: 4, cols: 2, rows: 2 },
  { max: 6, cols: 3, rows: 2 },
  { max: 9, cols: 3, rows: 3 },
  { max: 12, cols: 4, rows: 3 },
  { max: 16, cols: 4, rows: 4 },
  { max: 20, cols: 5, rows: 4 },
  { max: 30, cols: 6, rows: 5 },
  { max: 48, cols: 8, rows: 6 },
];

/** The CSS class of the tiles' grid; beyond the last band the tiles stay smallest and the list scrolls inside itself. */
export function wallBandClass(count: number): string {
  const band = WALL_BANDS.find((b) => count <= b.max);
  return band ? `dash-band-${band.max}` : 'dash-band-more';
}

/** Statuses where a session, a job or telemetry progress can belong to the present. */
const BUSY_STATUSES = new Set(['in_use', 'to_check', 'reserved']);
/** Bridge states that mean the machine itself works (a print started from its SD card). */
const WORKING_STATES = new Set(['running', 'paused']);

/**
 * Telemetry progress worth showing: while a job of ours runs, the machine is busy or its bridge
 * says it works. A machine gone free keeps its last telemetry for a minute: that progress is the
 * old state's (« Libre » with 74 %), not the present one.
 */
export function currentProgress(status: string, bridgeState: string | null, hasJob: boolean, progress: number | undefined): number | null {
  if (typeof progress !== 'number') return null;
  if (hasJob || BUSY_STATUSES.has(status) || (bridgeState !== null && WORKING_STATES.has(bridgeState))) return progress;
  return null;
}
