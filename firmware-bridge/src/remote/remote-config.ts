import { KeyObject, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalize } from '../allowlist/jcs';
import { ConfigError, LoadedConfig, parseConfig } from '../config';
import { isoTime, slug } from '../mqtt/schemas';

/**
 * MQTT contract, "Bridge configuration" (`bridges/{bridge}/config`): the machines and devices the
 * server serves this bridge, signed with the site's key as the allow-lists are. The `devices`,
 * `machines` and `accessTimeoutMs` it carries replace those of config.yaml; the `server` part and
 * `dataDir` stay the bridge's own (they are how it reaches the server at all).
 */
export const RemoteConfigSchema = z
  .object({
    version: z.number().int().positive(),
    issuedAt: isoTime,
    site: slug,
    bridge: slug,
    devices: z.array(z.record(z.string(), z.unknown())).max(64),
    machines: z.record(slug, z.record(z.string(), z.unknown())),
    accessTimeoutMs: z.number().positive().optional(),
    sig: z.string().min(1),
  })
  .passthrough();

export type RemoteConfig = z.infer<typeof RemoteConfigSchema>;

export type RemoteVerdict = { ok: true; config: RemoteConfig; effective: LoadedConfig } | { ok: false; reason: string };

/**
 * The bridge's configuration with a served one applied: the served devices and machines are checked
 * by the same rules as config.yaml's (a relay naming no device of its machine is refused).
 */
export function withRemote(local: LoadedConfig, remote: RemoteConfig): LoadedConfig {
  const raw = {
    // The key already read (a publicKeyFile is relative to config.yaml, not to dataDir).
    server: { ...local.server, publicKey: local.publicKeyPem, publicKeyFile: undefined },
    dataDir: local.dataDir,
    heartbeatSeconds: local.heartbeatSeconds,
    accessTimeoutMs: remote.accessTimeoutMs ?? local.accessTimeoutMs,
    devices: remote.devices,
    machines: remote.machines,
  };
  return { ...parseConfig(raw, local.dataDir), publicKeyPem: local.publicKeyPem };
}

/** Shape, Ed25519 signature over the JCS canonical JSON without `sig`, this bridge's, and usable. */
export function verifyRemoteConfig(raw: unknown, key: KeyObject, local: LoadedConfig): RemoteVerdict {
  const parsed = RemoteConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: `malformed: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}` };
  const { sig, ...unsigned } = raw as Record<string, unknown>;
  let good = false;
  try {
    good = verify(null, Buffer.from(canonicalize(unsigned), 'utf8'), key, Buffer.from(String(sig), 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, reason: 'bad_signature' };
  const config = parsed.data;
  if (config.site !== local.server.site || config.bridge !== local.server.bridge) return { ok: false, reason: 'not_for_this_bridge' };
  try {
    return { ok: true, config, effective: withRemote(local, config) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, reason: `unusable: ${e.message.replace(/^invalid config:\s*/, '').replace(/\n\s*/g, ' ')}` };
    throw e;
  }
}

export type Offered = { applied: true; config: RemoteConfig; effective: LoadedConfig } | { applied: false; reason: string; same?: boolean };

/**
 * The last good served configuration, kept on disk (`remote-config.json` in dataDir): a bridge
 * restarted without the server runs it, not config.yaml's. A newer version replaces it only once
 * verified; a badly signed, foreign, unusable or older one is refused and the last good one stays.
 */
export class RemoteConfigStore {
  private config?: RemoteConfig;
  private readonly file: string;

  constructor(
    private readonly local: LoadedConfig,
    private readonly key: KeyObject,
  ) {
    mkdirSync(local.dataDir, { recursive: true });
    this.file = join(local.dataDir, 'remote-config.json');
    if (existsSync(this.file)) {
      try {
        const v = verifyRemoteConfig(JSON.parse(readFileSync(this.file, 'utf8')), key, local);
        if (v.ok) this.config = v.config;
      } catch {
        /* unreadable copy: as if none */
      }
    }
  }

  current(): RemoteConfig | undefined {
    return this.config;
  }

  /** The version running, 0 for config.yaml's own devices and machines. */
  version(): number {
    return this.config?.version ?? 0;
  }

  /** What to run now: config.yaml with the last good served configuration applied. */
  effective(): LoadedConfig {
    return this.config ? withRemote(this.local, this.config) : this.local;
  }

  /** A configuration received: kept (and written to disk) only if verified and newer than the one held. */
  offer(raw: unknown): Offered {
    const v = verifyRemoteConfig(raw, this.key, this.local);
    if (!v.ok) return { applied: false, reason: v.reason };
    const held = this.version();
    // The same version comes again at every reconnection (it is retained): nothing to do.
    if (v.config.version === held) return { applied: false, reason: 'same_version', same: true };
    if (v.config.version < held) return { applied: false, reason: `older_version (${v.config.version} < ${held})` };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(raw));
    renameSync(tmp, this.file);
    this.config = v.config;
    return { applied: true, config: v.config, effective: v.effective };
  }
}
