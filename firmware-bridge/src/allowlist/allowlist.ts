import { createHash, createPublicKey, verify, KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalize } from './jcs';
import { isoTime, slug } from '../mqtt/schemas';

/** MQTT contract, "Offline allow-list". */
export const AllowListSchema = z
  .object({
    version: z.number().int(),
    issuedAt: isoTime,
    expiresAt: isoTime,
    site: slug,
    bridge: slug,
    salt: z.string().regex(/^[0-9a-fA-F]+$/),
    entries: z.array(z.object({ machine: slug, uidHash: z.string().regex(/^[0-9a-f]{64}$/), until: isoTime }).passthrough()),
    sig: z.string().min(1),
  })
  .passthrough();

export type AllowList = z.infer<typeof AllowListSchema>;

export type Verified = { ok: true; list: AllowList } | { ok: false; reason: string };

export function uidHash(salt: string, uid: string): string {
  return createHash('sha256').update(`${salt}:${uid}`, 'utf8').digest('hex');
}

export function loadPublicKey(pem: string): KeyObject {
  return createPublicKey(pem);
}

/**
 * Checks shape, Ed25519 signature (over the JCS canonical JSON of the list without `sig`),
 * expiry and that the list is for this bridge.
 */
export function verifyAllowList(raw: unknown, key: KeyObject, expect: { site: string; bridge: string }, now = new Date()): Verified {
  const parsed = AllowListSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `malformed: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}` };
  const list = parsed.data;
  const { sig, ...unsigned } = raw as Record<string, unknown>;
  let good = false;
  try {
    good = verify(null, Buffer.from(canonicalize(unsigned), 'utf8'), key, Buffer.from(String(sig), 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: 'bad_signature' };
  if (list.site !== expect.site || list.bridge !== expect.bridge) return { ok: false, reason: 'not_for_this_bridge' };
  if (Date.parse(list.expiresAt) <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, list };
}

export type OfflineDecision = { decision: 'granted'; until: string; reason: 'allowlist' } | { decision: 'denied'; reason: string };

/** The bridge's own rule while the server is out of reach: only a valid list's live entry. */
export function decideOffline(list: AllowList | undefined, machine: string, uid: string, now = new Date()): OfflineDecision {
  if (!list) return { decision: 'denied', reason: 'no_allowlist' };
  if (Date.parse(list.expiresAt) <= now.getTime()) return { decision: 'denied', reason: 'allowlist_expired' };
  const h = uidHash(list.salt, uid);
  const entry = list.entries.find((e) => e.machine === machine && e.uidHash === h);
  if (!entry) return { decision: 'denied', reason: 'not_in_allowlist' };
  if (Date.parse(entry.until) <= now.getTime()) return { decision: 'denied', reason: 'entry_expired' };
  return { decision: 'granted', until: entry.until, reason: 'allowlist' };
}

/** Keeps the last valid list, on disk too, so a restart without the server still decides. */
export class AllowListStore {
  private list?: AllowList;
  private readonly file: string;
  constructor(
    dataDir: string,
    private readonly key: KeyObject,
    private readonly expect: { site: string; bridge: string },
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'allowlist.json');
    if (existsSync(this.file)) {
      try {
        const v = verifyAllowList(JSON.parse(readFileSync(this.file, 'utf8')), key, expect);
        if (v.ok) this.list = v.list;
      } catch {
        /* unreadable copy: as if none */
      }
    }
  }
  current(): AllowList | undefined {
    return this.list;
  }
  /** Accepts a newly received list if it verifies and is not older than the one held. */
  offer(raw: unknown): Verified {
    const v = verifyAllowList(raw, this.key, this.expect);
    if (!v.ok) return v;
    if (this.list && v.list.version < this.list.version && Date.parse(this.list.expiresAt) > Date.now()) return { ok: false, reason: 'older_version' };
    this.list = v.list;
    const tmp = this.file + '.tmp';
    writeFileSync(tmp, JSON.stringify(raw));
    renameSync(tmp, this.file);
    return v;
  }
}
