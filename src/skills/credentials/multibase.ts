/** base58btc (Bitcoin alphabet) and the did:key / Multikey forms of an Ed25519 public key. */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  return '1'.repeat(zeros) + out;
}

export function base58btcDecode(text: string): Buffer {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  let n = 0n;
  for (const c of text) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw new Error('invalid base58btc character');
    n = n * 58n + BigInt(v);
  }
  let hex = n === 0n ? '' : n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.concat([Buffer.alloc(zeros), Buffer.from(hex, 'hex')]);
}

/** Multicodec prefix of an Ed25519 public key (0xed, varint-encoded). */
const ED25519_PUB = Buffer.from([0xed, 0x01]);

/** `z6Mk…`: the multibase, multicodec form of a raw 32-byte Ed25519 public key. */
export function ed25519Multikey(raw: Uint8Array): string {
  return 'z' + base58btcEncode(Buffer.concat([ED25519_PUB, Buffer.from(raw)]));
}

export function rawFromMultikey(multibase: string): Buffer {
  if (!multibase.startsWith('z')) throw new Error('only base58btc multibase is supported');
  const bytes = base58btcDecode(multibase.slice(1));
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) throw new Error('not an Ed25519 Multikey');
  return bytes.subarray(2);
}

/** did:key identifier and its verification method id for an Ed25519 public key. */
export function didKeyFor(raw: Uint8Array): { did: string; verificationMethod: string } {
  const mk = ed25519Multikey(raw);
  return { did: `did:key:${mk}`, verificationMethod: `did:key:${mk}#${mk}` };
}

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** DER SPKI of a raw Ed25519 public key, for node:crypto.createPublicKey. */
export function spkiFromRaw(raw: Uint8Array): Buffer {
  return Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(raw)]);
}
