import { BrokerAuthority, BrokerPrincipal } from '../infra/mqtt/broker-authority';
import { TOPIC_ROOT, topicMatches } from '../infra/mqtt/topics';

/** What one bridge may do on the broker (MQTT-PROTOCOL.md, "Security"). */
export interface BridgeGrant {
  username: string;
  secretHash: string;
  site: string;
  bridge: string;
  machines: Set<string>;
}

const PUBLISH_KINDS = new Set(['badge', 'state', 'telemetry', 'events']);
const SUBSCRIBE_KINDS = new Set(['access', 'cmd', 'acks']);
/** Its own `bridges/{bridge}/…` topics: the status (and Last Will) and the minute's heartbeat out; its allow-list and configuration in. */
const BRIDGE_PUBLISH_KINDS = new Set(['status', 'heartbeat']);
const BRIDGE_SUBSCRIBE_KINDS = new Set(['allowlist', 'config']);
/** Retained only where the contract says so; a retained badge or event would be replayed at every subscription. */
const RETAINED_KINDS = new Set(['state', 'status']);

export function bridgeMayPublish(g: BridgeGrant, topic: string, retain = false): boolean {
  const p = topic.split('/');
  if (retain && !RETAINED_KINDS.has(p[5])) return false;
  if (p.length !== 6 || `${p[0]}/${p[1]}` !== TOPIC_ROOT || p[2] !== g.site) return false;
  if (p[3] === 'machines') return g.machines.has(p[4]) && PUBLISH_KINDS.has(p[5]);
  return p[3] === 'bridges' && p[4] === g.bridge && BRIDGE_PUBLISH_KINDS.has(p[5]);
}

/** Exact topics only: a wildcard could reach another bridge's machines. */
export function bridgeMaySubscribe(g: BridgeGrant, filter: string): boolean {
  if (filter.includes('+') || filter.includes('#')) return false;
  const p = filter.split('/');
  if (p.length !== 6 || `${p[0]}/${p[1]}` !== TOPIC_ROOT || p[2] !== g.site) return false;
  if (p[3] === 'machines') return g.machines.has(p[4]) && SUBSCRIBE_KINDS.has(p[5]);
  return p[3] === 'bridges' && p[4] === g.bridge && BRIDGE_SUBSCRIBE_KINDS.has(p[5]);
}

export function bridgeAuthority(grants: () => Map<string, BridgeGrant>, verify: (secret: string, hash: string) => boolean): BrokerAuthority {
  return {
    authenticate: async (username, password): Promise<BrokerPrincipal | null> => {
      const g = grants().get(username);
      return g && verify(password, g.secretHash) ? { kind: 'bridge', username } : null;
    },
    canPublish: (p, topic, retain) => {
      const g = p.kind === 'bridge' ? grants().get(p.username) : undefined;
      return !!g && bridgeMayPublish(g, topic, retain);
    },
    canSubscribe: (p, filter) => {
      const g = p.kind === 'bridge' ? grants().get(p.username) : undefined;
      return !!g && bridgeMaySubscribe(g, filter);
    },
  };
}

/** What a monitoring account may read (MQTT-PROTOCOL.md, Topics: `status` and `state` → monitors). */
export function monitorFilters(site: string): string[] {
  return [`${TOPIC_ROOT}/${site}/bridges/+/status`, `${TOPIC_ROOT}/${site}/machines/+/state`];
}

/** A filter, wildcards included, that stays within its site's `status` and `state` topics. */
export function monitorMaySubscribe(site: string, filter: string): boolean {
  if (filter.includes('#')) return false;
  return monitorFilters(site).some((allowed) => topicMatches(allowed, filter));
}
