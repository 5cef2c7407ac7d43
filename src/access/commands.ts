import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';

/** Commands to a machine's bridge (`machines/{machine}/cmd`); every one carries commandId and ts. */
@Injectable()
export class MachineCommands {
  constructor(private readonly mqtt: MqttService, private readonly config: AppConfig) {}

  get leaseSeconds(): number {
    return this.config.env.LEASE_SECONDS;
  }

  unlock(site: string, machine: string, sessionId: string): Promise<void> {
    return this.send(site, machine, { type: 'unlock', sessionId, leaseSeconds: this.leaseSeconds });
  }

  lock(site: string, machine: string, sessionId?: string): Promise<void> {
    return this.send(site, machine, { type: 'lock', ...(sessionId ? { sessionId } : {}) });
  }

  send(site: string, machine: string, body: Record<string, unknown> & { type: string }): Promise<void> {
    const cmd = { commandId: randomUUID(), ...body, ts: new Date().toISOString() };
    return this.mqtt.publish(topics.machine(site, machine, 'cmd'), cmd, { qos: 1, retain: false });
  }
}
