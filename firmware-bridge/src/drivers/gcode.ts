/** Prepares a G-code file for streaming: comments and blank lines never go on the wire. */
export function gcodeLines(text: string): string[] {
  return gcodeProgram(text).lines;
}

/**
 * The lines to stream, with the file's own line number (1-based) of each: a person reads « arrêté
 * à la ligne 1 234 » against the file they sent, not against our stripped copy.
 */
export function gcodeProgram(text: string): { lines: string[]; fileLines: number[] } {
  const lines: string[] = [];
  const fileLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw
      .replace(/\(.*?\)/g, '')
      .replace(/;.*$/, '')
      .trim();
    if (line.length === 0) return;
    lines.push(line);
    fileLines.push(i + 1);
  });
  return { lines, fileLines };
}

/** Where a job stood when it stopped: lines answered of the total, the last line taken (1-based, 0 for none). */
export interface JobPosition {
  done: number;
  total: number;
  lastAckedLine: number;
}

export interface Telemetry {
  state?: string;
  position?: { x: number; y: number; z: number };
  temps?: Record<string, { actual: number; target: number }>;
  progress?: number;
  feed?: number;
  spindle?: number;
}

/** Events a machine controller driver (marlin, grbl) emits. */
export interface ControllerEvents {
  greeting: (identity: string) => void;
  telemetry: (t: Telemetry) => void;
  alarm: (a: { code: string; message: string }) => void;
  'job-progress': (p: { done: number; total: number }) => void;
  'job-completed': () => void;
  'job-failed': (reason: string, at?: JobPosition) => void;
  /**
   * The job paused without `pause_job`: `error` (GRBL `error:N`: an alarm too) or `printer` (paused
   * at the printer itself: its screen, a filament runout); `command` when our own pause took effect.
   */
  'job-paused': (reason: string | undefined, source?: 'error' | 'printer' | 'command') => void;
  /** The job runs again after a pause (`printer`: resumed at the printer). */
  'job-resumed': (source?: 'printer' | 'command') => void;
}
