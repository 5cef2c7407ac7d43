import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { topics } from '../infra/mqtt/topics';
import { SitesService } from '../sites/sites.service';
import type { Machine } from './entities/machine.entity';

/**
 * Commands to a machine's bridge (`machines/{machine}/cmd`); every one carries commandId and ts.
 * Sent by access (unlock, lock), jobs (start_job, pause_job, cancel_job…) and the dashboard.
 */
@Injectable()
export class MachineCommands {
  constructor(
    private readonly mqtt: MqttService,
    private readonly config: AppConfig,
    private readonly sites: SitesService,
  ) {}

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

  /** To a machine known by its row: its site's slug is looked up (a machine whose site is gone gets nothing). */
  async sendTo(machine: Pick<Machine, 'siteId' | 'slug'>, body: Record<string, unknown> & { type: string }): Promise<void> {
    const site = await this.sites.findById(machine.siteId);
    if (site) await this.send(site.slug, machine.slug, body);
  }
}
