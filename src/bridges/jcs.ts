/**
 * RFC 8785 (JCS) canonical JSON, what the allow-list signature covers (MQTT-PROTOCOL.md).
 * Keys are sorted by UTF-16 code units (JavaScript's default string order); strings and finite
 * numbers are written as ECMAScript's JSON.stringify writes them, which RFC 8785 adopts.
 */
export function jcs(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS: only finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => jcs(v ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
  }
  throw new TypeError(`JCS: cannot encode ${typeof value}`);
}
