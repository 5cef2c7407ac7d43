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
  if (Array.isArray(value) && value.every(isFlatValue)) return JSON.stringify(value); // an allow-list's 50,000 entries in one go
  if (Array.isArray(value)) return `[${value.map((v) => jcs(v ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    if (isFlatAndSorted(value as Record<string, unknown>)) return JSON.stringify(value);
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jcs(v)}`).join(',')}}`;
  }
  throw new TypeError(`JCS: cannot encode ${typeof value}`);
}

/**
 * A plain object whose keys already come in JCS order and whose values are all strings, booleans,
 * null or finite numbers: JSON.stringify writes exactly what JCS would.
 */
function isFlatAndSorted(value: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if ((i > 0 && !(keys[i - 1] < keys[i])) || !isPrimitive(value[keys[i]])) return false;
  }
  return true;
}

const isPrimitive = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isFlatValue = (v: unknown) => isPrimitive(v) || (typeof v === 'object' && isFlatAndSorted(v as Record<string, unknown>));
