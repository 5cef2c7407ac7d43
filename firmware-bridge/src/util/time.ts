/** RFC 3339 UTC with milliseconds, `YYYY-MM-DDTHH:MM:SS.fffZ` (MQTT contract, "Precise rules"). */
export function nowIso(): string {
  return new Date().toISOString();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
