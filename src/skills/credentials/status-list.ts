import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0: one bit per credential (1 = revoked), index 0 the most
 * significant bit of the first byte, gzip-compressed, multibase base64url ("u", no padding).
 * 131,072 entries at least (§6.1), so one list hides which credential is which.
 */
export const STATUS_LIST_SIZE = 131_072;

export function encodeStatusList(revoked: Iterable<number>, size = STATUS_LIST_SIZE): string {
  const bits = Buffer.alloc(size / 8);
  for (const i of revoked) {
    if (i < 0 || i >= size) throw new RangeError(`status index ${i} outside the list`);
    bits[i >> 3] |= 0x80 >> (i & 7);
  }
  return 'u' + gzipSync(bits).toString('base64url');
}

/** What a verifier does (§3.2 validate): expand the list and read the credential's bit. */
export function statusBit(encodedList: string, index: number): 0 | 1 {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (bits.length * 8 < STATUS_LIST_SIZE) throw new Error('status list shorter than 131,072 entries');
  if (index < 0 || index >= bits.length * 8) throw new RangeError('status index outside the list');
  return (bits[index >> 3] & (0x80 >> (index & 7))) === 0 ? 0 : 1;
}

/** Which list and which bit of it an index of the site's sequence falls in (lists are 1, 2, …). */
export const listOf = (sequence: number) => ({ list: Math.floor(sequence / STATUS_LIST_SIZE) + 1, index: sequence % STATUS_LIST_SIZE });
