/** Topic names of the MQTT contract v1 (MQTT-PROTOCOL.md, "Topics"). */
export const TOPIC_ROOT = 'fablab/v1';
export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export type MachineTopicKind = 'badge' | 'access' | 'cmd' | 'state' | 'telemetry' | 'events' | 'acks';

export const topics = {
  machine: (site: string, machine: string, kind: MachineTopicKind) => `${TOPIC_ROOT}/${site}/machines/${machine}/${kind}`,
  bridgeStatus: (site: string, bridge: string) => `${TOPIC_ROOT}/${site}/bridges/${bridge}/status`,
  bridgeAllowlist: (site: string, bridge: string) => `${TOPIC_ROOT}/${site}/bridges/${bridge}/allowlist`,
  bridgeConfig: (site: string, bridge: string) => `${TOPIC_ROOT}/${site}/bridges/${bridge}/config`,
  bridgeHeartbeat: (site: string, bridge: string) => `${TOPIC_ROOT}/${site}/bridges/${bridge}/heartbeat`,
};

export interface ParsedTopic {
  site: string;
  scope: 'machines' | 'bridges';
  id: string;
  kind: string;
}

/** Splits `fablab/v1/{site}/{machines|bridges}/{id}/{kind}`; null when it is not ours or a slug is bad. */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 6 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) return null;
  const [, , site, scope, id, kind] = parts;
  if (scope !== 'machines' && scope !== 'bridges') return null;
  if (!SLUG.test(site) || !SLUG.test(id)) return null;
  return { site, scope, id, kind };
}

/** MQTT wildcard match (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
