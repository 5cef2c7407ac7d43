import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { TOPIC_ROOT } from '../infra/mqtt/topics';
import { BridgeGrant } from './bridge-rules';

const CONTROL = '$CONTROL/dynamic-security/v1';
const SERVER_ROLE = 'fablab-server';

export interface Acl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern';
  topic: string;
  allow: boolean;
}

interface DynsecResponse {
  command: string;
  error?: string;
  data?: any;
  correlationData?: string;
}

/** The same per-bridge rules as the embedded broker's (bridge-rules.ts), written as Mosquitto ACLs. */
export function bridgeAcls(g: Pick<BridgeGrant, 'site' | 'bridge' | 'machines'>): Acl[] {
  const root = `${TOPIC_ROOT}/${g.site}`;
  const send = [`${root}/bridges/${g.bridge}/status`, `${root}/bridges/${g.bridge}/heartbeat`];
  const receive = [`${root}/bridges/${g.bridge}/allowlist`, `${root}/bridges/${g.bridge}/config`];
  for (const m of [...g.machines].sort()) {
    for (const kind of ['badge', 'state', 'telemetry', 'events']) send.push(`${root}/machines/${m}/${kind}`);
    // `acks`: the server's answer to this machine's events; no other bridge may read it.
    receive.push(`${root}/machines/${m}/access`, `${root}/machines/${m}/cmd`, `${root}/machines/${m}/acks`);
  }
  return accountAcls({ publish: send, subscribe: receive }, 'subscribeLiteral');
}

/**
 * An account's rules as Mosquitto ACLs: publish these topics (patterns allowed), subscribe to and
 * receive these filters. `subscribePattern` lets a filter with wildcards be checked as one.
 */
export function accountAcls(
  rules: { publish: string[]; subscribe: string[] },
  subscribeType: 'subscribeLiteral' | 'subscribePattern' = 'subscribePattern',
): Acl[] {
  const acls: Acl[] = rules.publish.map((topic) => ({ acltype: 'publishClientSend', topic, allow: true }));
  for (const topic of rules.subscribe) {
    acls.push({ acltype: subscribeType, topic, allow: true });
    acls.push({ acltype: 'publishClientReceive', topic, allow: true });
  }
  return acls;
}

const aclKey = (a: Acl) => `${a.acltype} ${a.topic}`;

/**
 * Provisions bridges on an external Mosquitto through its dynamic-security plugin
 * (`$CONTROL/dynamic-security/v1`): one client (username = client id) and one role per bridge.
 * The server's own MQTT user must hold Mosquitto's dynsec admin role.
 */
@Injectable()
export class MosquittoDynsec {
  private readonly log = new Logger('MosquittoDynsec');
  private readonly waiting = new Map<string, (r: DynsecResponse) => void>();
  private ready?: Promise<void>;

  constructor(
    private readonly mqtt: MqttService,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.mqtt.mode === 'external' && this.config.env.MQTT_DYNSEC;
  }

  private start(): Promise<void> {
    this.ready ??= this.mqtt.subscribeRaw(`${CONTROL}/response`, (_topic, payload) => {
      try {
        const { responses } = JSON.parse(payload.toString()) as { responses: DynsecResponse[] };
        for (const r of responses ?? []) {
          const done = r.correlationData && this.waiting.get(r.correlationData);
          if (done) {
            this.waiting.delete(r.correlationData!);
            done(r);
          }
        }
      } catch (err) {
        this.log.warn(`unreadable dynsec response: ${(err as Error).message}`);
      }
    });
    return this.ready;
  }

  /**
   * One dynsec command, asked again once if unanswered: a role change made by another instance
   * disconnects this one's client too, losing the request or its answer. Our commands are
   * idempotent or tolerate « already exists » / « not found » (see `must`).
   */
  async command(command: string, body: Record<string, unknown> = {}): Promise<DynsecResponse> {
    try {
      return await this.ask(command, body);
    } catch (err) {
      this.log.warn(`${(err as Error).message}: asked again`);
      return this.ask(command, body);
    }
  }

  private async ask(command: string, body: Record<string, unknown>): Promise<DynsecResponse> {
    await this.start();
    const correlationData = randomUUID();
    const answer = new Promise<DynsecResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(correlationData);
        reject(new Error(`Mosquitto dynamic-security did not answer ${command} (is the plugin loaded, and MQTT_USERNAME its admin?)`));
      }, 5000);
      this.waiting.set(correlationData, (r) => (clearTimeout(timer), resolve(r)));
    });
    await this.mqtt.publish(CONTROL, { commands: [{ command, ...body, correlationData }] }, { qos: 1 });
    return answer;
  }

  private async must(command: string, body: Record<string, unknown>, tolerate: RegExp | null = null) {
    const r = await this.command(command, body);
    if (r.error && !(tolerate && tolerate.test(r.error))) throw new Error(`dynsec ${command}: ${r.error}`);
    return r;
  }

  /** The server may publish and subscribe everywhere under the contract's root. */
  ensureServerRole(): Promise<void> {
    return this.grantServer(SERVER_ROLE, accountAcls({ publish: [`${TOPIC_ROOT}/#`], subscribe: [`${TOPIC_ROOT}/#`] }));
  }

  /**
   * Gives the server's own user a role holding `acls` (a feature outside the contract's root, such
   * as smart plugs, adds its own).
   */
  async grantServer(rolename: string, acls: Acl[]): Promise<void> {
    const username = this.config.mqtt.mode === 'external' ? this.config.mqtt.username : undefined;
    if (!username) throw new Error('MQTT_DYNSEC needs MQTT_USERNAME (the dynsec admin user of the server)');
    await this.syncRole(rolename, acls);
    const client = await this.must('getClient', { username });
    const roles: Array<{ rolename: string }> = client.data?.client?.roles ?? [];
    if (roles.some((r) => r.rolename === rolename)) return;
    // Mosquitto disconnects a client whose roles change, before it can answer: do not wait for
    // the answer, wait for our own reconnection instead.
    const reconnected = this.mqtt.nextConnect(10_000);
    await this.mqtt.publish(CONTROL, { commands: [{ command: 'addClientRole', username, rolename, priority: 10 }] }, { qos: 0 });
    await reconnected;
    await this.mqtt.refreshSubscriptions();
    this.log.log(`role ${rolename} given to ${username}`);
  }

  /**
   * Makes a role hold exactly these ACLs (adding and removing what differs). Instances starting
   * together sync the same roles at once: an ACL another one just added or removed is no error.
   */
  async syncRole(rolename: string, acls: Acl[]): Promise<void> {
    await this.must('createRole', { rolename }, /already exists/i);
    const current: Acl[] = (await this.must('getRole', { rolename })).data?.role?.acls ?? [];
    const want = new Set(acls.map(aclKey));
    const have = new Set(current.map(aclKey));
    for (const a of current) if (!want.has(aclKey(a))) await this.must('removeRoleACL', { rolename, acltype: a.acltype, topic: a.topic }, /not found/i);
    for (const a of acls) if (!have.has(aclKey(a))) await this.must('addRoleACL', { rolename, ...a }, /already exists/i);
  }

  /**
   * A device's account (bridge, plug, monitor): a client whose id must equal its username, with a
   * role of the same name holding exactly `acls`. Any earlier client of that name is replaced.
   */
  async createAccount(username: string, password: string, acls: Acl[]): Promise<void> {
    await this.syncRole(username, acls);
    await this.must('deleteClient', { username }, /not found/i);
    await this.must('createClient', { username, password, clientid: username, roles: [{ rolename: username }] });
  }

  /** A new password; Mosquitto keeps a connected client, so it is kicked by disabling it first. */
  async resetPassword(username: string, password: string): Promise<void> {
    await this.must('disableClient', { username });
    await this.must('setClientPassword', { username, password });
    await this.must('enableClient', { username });
  }

  /** Removes an account and its role; Mosquitto disconnects a deleted client. */
  async removeAccount(username: string): Promise<void> {
    await this.must('deleteClient', { username }, /not found/i);
    await this.must('deleteRole', { rolename: username }, /not found/i);
  }

  async syncBridge(grant: BridgeGrant): Promise<void> {
    await this.syncRole(grant.username, bridgeAcls(grant));
  }
}
