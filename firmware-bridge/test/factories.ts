import { generateKeyPairSync, sign, randomBytes, KeyObject } from 'node:crypto';
import { canonicalize } from '../src/allowlist/jcs';
import { uidHash } from '../src/allowlist/allowlist';

export function siteKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey, privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A signed allow-list as the server publishes it. */
export function signedAllowList(
  privateKey: KeyObject,
  o: { site: string; bridge: string; entries: Array<{ machine: string; uid: string; untilMs?: number }>; expiresInMs?: number; version?: number },
) {
  const salt = randomBytes(16).toString('hex');
  const now = Date.now();
  const list: Record<string, unknown> = {
    version: o.version ?? 1,
    issuedAt: iso(now - 1000),
    expiresAt: iso(now + (o.expiresInMs ?? 7 * 86400_000)),
    site: o.site,
    bridge: o.bridge,
    salt,
    entries: o.entries.map((e) => ({ machine: e.machine, uidHash: uidHash(salt, e.uid), until: iso(now + (e.untilMs ?? 3600_000)) })),
  };
  list.sig = sign(null, Buffer.from(canonicalize(list)), privateKey).toString('base64');
  return list;
}

/** A served configuration as the server publishes it on `bridges/{bridge}/config` (signed with the site's key). */
export function signedConfig(
  privateKey: KeyObject,
  o: {
    site: string;
    bridge: string;
    version: number;
    devices: Array<Record<string, unknown>>;
    machines?: Record<string, Record<string, unknown>>;
    accessTimeoutMs?: number;
  },
) {
  const config: Record<string, unknown> = {
    version: o.version,
    issuedAt: new Date().toISOString(),
    site: o.site,
    bridge: o.bridge,
    devices: o.devices,
    machines: o.machines ?? {},
    ...(o.accessTimeoutMs ? { accessTimeoutMs: o.accessTimeoutMs } : {}),
  };
  config.sig = sign(null, Buffer.from(canonicalize(config)), privateKey).toString('base64');
  return config;
}
