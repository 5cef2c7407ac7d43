import { createHash } from 'node:crypto';

/**
 * Smart-plug interlocks in their own MQTT protocols (MQTT-PROTOCOL.md, "Third-party interlocks").
 * Pure functions: what to publish to switch a plug, and what a plug's message says.
 */
export type PlugKind = 'shelly' | 'tasmota';

export interface PlugCommand {
  topic: string;
  payload: string;
}

export type PlugReading = { type: 'power'; watts: number } | { type: 'switch'; on: boolean } | { type: 'online'; online: boolean } | { type: 'ignored' };

let rpcId = 0;

/**
 * The MQTT prefix (Shelly) or %topic% (Tasmota) of a machine's plug, chosen by the server, never
 * typed: one level, short enough for Tasmota's Topic, the same for a site's machine whatever its
 * plug, and no prefix of another plug or of the contract's topics.
 */
export function plugPrefix(siteId: string, machineId: string): string {
  return `fl-${createHash('sha256').update(`${siteId}/${machineId}`, 'utf8').digest('hex').slice(0, 12)}`;
}

/** Where a Shelly answers our RPC (`<src>/rpc`): under its own prefix, the only place it may publish. */
export const shellyRpcSource = (prefix: string) => `${prefix}/fablab`;

/** Never retained: Tasmota replays a retained POWER at boot ("ghost switching"). */
export function switchCommand(kind: PlugKind, topic: string, on: boolean): PlugCommand {
  if (kind === 'shelly') {
    rpcId = (rpcId + 1) % 1_000_000;
    return { topic: `${topic}/rpc`, payload: JSON.stringify({ id: rpcId, src: shellyRpcSource(topic), method: 'Switch.Set', params: { id: 0, on } }) };
  }
  return { topic: `cmnd/${topic}/POWER`, payload: on ? 'ON' : 'OFF' };
}

/** The topics the server listens to for one plug. */
export function plugTopics(kind: PlugKind, topic: string): string[] {
  return kind === 'shelly'
    ? [`${topic}/events/rpc`, `${topic}/online`, `${topic}/status/switch:0`]
    : [`stat/${topic}/POWER`, `tele/${topic}/SENSOR`, `tele/${topic}/LWT`, `tele/${topic}/STATE`];
}

/** Topics a plug itself may publish and subscribe to, on the embedded broker and on Mosquitto. */
export function plugAcl(kind: PlugKind, topic: string): { publish: string[]; subscribe: string[] } {
  if (kind === 'shelly') return { publish: [`${topic}/#`], subscribe: [`${topic}/rpc`, `${topic}/command`, `${topic}/command/#`] };
  return { publish: [`stat/${topic}/#`, `tele/${topic}/#`], subscribe: [`cmnd/${topic}/#`] };
}

/** What the server's own client needs for every plug on an external broker (it holds its own account there). */
export function plugServerRules(): { publish: string[]; subscribe: string[] } {
  const kinds: PlugKind[] = ['shelly', 'tasmota'];
  return {
    publish: kinds.map((k) => switchCommand(k, '+', true).topic),
    subscribe: kinds.flatMap((k) => plugTopics(k, '+')),
  };
}

function json(payload: string): any {
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

export function readPlugMessage(kind: PlugKind, plugTopic: string, topic: string, payload: string): PlugReading {
  if (kind === 'shelly') {
    if (topic === `${plugTopic}/online`) return { type: 'online', online: payload.trim() === 'true' };
    const body = json(payload);
    // Gen2+ NotifyStatus: {"method":"NotifyStatus","params":{"switch:0":{"apower":12.5,"output":true}}}
    const sw = topic.endsWith('/status/switch:0')
      ? body
      : body?.method === 'NotifyStatus' || body?.method === 'NotifyFullStatus'
        ? body?.params?.['switch:0']
        : undefined;
    if (!sw || typeof sw !== 'object') return { type: 'ignored' };
    const watts = num(sw.apower);
    if (watts !== null) return { type: 'power', watts };
    if (typeof sw.output === 'boolean') return { type: 'switch', on: sw.output };
    return { type: 'ignored' };
  }
  if (topic === `tele/${plugTopic}/LWT`) return { type: 'online', online: payload.trim() === 'Online' };
  if (topic === `stat/${plugTopic}/POWER`) return { type: 'switch', on: payload.trim() === 'ON' };
  if (topic === `tele/${plugTopic}/SENSOR`) {
    const watts = num(json(payload)?.ENERGY?.Power);
    return watts === null ? { type: 'ignored' } : { type: 'power', watts };
  }
  return { type: 'ignored' };
}
