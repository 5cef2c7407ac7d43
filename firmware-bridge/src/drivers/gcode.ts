/** Prepares a G-code file for streaming: comments and blank lines never go on the wire. */
export function gcodeLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw
      .replace(/\(.*?\)/g, '')
      .replace(/;.*$/, '')
      .trim();
    if (line.length > 0) out.push(line);
  }
  return out;
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
  'job-failed': (reason: string) => void;
  'job-paused': (reason: string) => void;
}
