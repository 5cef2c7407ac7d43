import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { cardUid, rfc3339Utc, uuid } from '../infra/mqtt/schemas';
import { TOPIC_ROOT } from '../infra/mqtt/topics';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { MachineDirectory } from '../machines/machine-directory';
import { MachineLiveService } from '../machines/machine-live.service';
import { MachinesService } from '../machines/machines.service';
import { BridgesService } from '../bridges/bridges.service';
import { AccessService } from './access.service';
import { ProcessedEvent } from './entities/processed-event.entity';

const badgePayload = z.object({ requestId: uuid, uid: cardUid, ts: rfc3339Utc });

const eventBase = z.object({ eventId: uuid, type: z.string().min(1).max(40), ts: rfc3339Utc }).passthrough();
const sessionEnded = z.object({
  sessionId: uuid,
  reason: z.enum(['badge_out', 'idle_timeout', 'power_off', 'manual', 'expired']),
});
/** A badge-out grace started at the bridge: the session ends at `endsAt` unless its holder badges again. */
const sessionClosing = z.object({ sessionId: uuid, endsAt: rfc3339Utc });
const alarm = z.object({ code: z.union([z.string().min(1).max(40), z.number().int().min(-1e9).max(1e9)]).transform(String), message: z.string().max(500).optional() });
/** `sessionId` (optional): the session a granted offline decision opened at the bridge. */
const offlineDecision = z.object({ uid: cardUid, decision: z.enum(['granted', 'denied']), ts: rfc3339Utc, sessionId: uuid.optional() });

/** MQTT edge of access: `badge` requests and the bridge's `events` (MQTT-PROTOCOL.md). */
@Injectable()
export class AccessMqtt implements OnModuleInit {
  private readonly log = new Logger('AccessMqtt');

  constructor(
    private readonly mqtt: MqttService,
    private readonly access: AccessService,
    private readonly directory: MachineDirectory,
    private readonly machines: MachinesService,
    private readonly realtime: RealtimeService,
    private readonly live: MachineLiveService,
    @InjectRepository(ProcessedEvent) private readonly processed: Repository<ProcessedEvent>,
    private readonly bridges: BridgesService,
  ) {}

  onModuleInit(): void {
    // A bridge back online (after a restart of the embedded broker, a network cut) may have missed
    // a renewal: its machines' open sessions are renewed at once rather than at their next turn.
    this.bridges.statusEvents.on('status', (bridgeId: string, online: boolean) => {
      if (!online) return;
      void this.machines
        .forBridge(bridgeId)
        .then((machines) => this.access.renewSoon(machines.map((m) => m.id)))
        .catch((err) => this.log.warn(`renewals for bridge ${bridgeId}: ${(err as Error).message}`));
    });

    this.mqtt.handle('badge', `${TOPIC_ROOT}/+/machines/+/badge`, badgePayload, async ({ parsed, payload, receivedAt }) => {
      const machine = await this.directory.resolve(parsed.site, parsed.id);
      if (!machine) return this.log.warn(`badge for unknown machine ${parsed.site}/${parsed.id} dropped`);
      await this.access.handleBadge(parsed.site, machine, payload, receivedAt);
    }, { acceptRetained: false });
    this.mqtt.handle('events', `${TOPIC_ROOT}/+/machines/+/events`, eventBase, async ({ parsed, payload }) => {
      const machine = await this.directory.resolve(parsed.site, parsed.id);
      if (!machine) return this.log.warn(`event for unknown machine ${parsed.site}/${parsed.id} dropped`);
      // An eventId already processed is ignored, whatever it carries (MQTT-PROTOCOL.md, Precise rules).
      const body = this.parseEvent(payload);
      if (!body.ok) return this.log.warn(`event ${payload.type} ${payload.eventId} dropped: ${body.why}`);
      if (payload.type === 'offline.decision') {
        // Marked processed in the transaction that records it: if recording fails, its replay still counts.
        return void (await this.access.recordOfflineDecision(machine, payload.eventId, body.value as z.infer<typeof offlineDecision>));
      }
      try {
        await this.processed.insert({ eventId: payload.eventId, machineId: machine.id, type: payload.type });
      } catch (err) {
        if (isUniqueViolation(err)) return;
        throw err;
      }
      switch (payload.type) {
        case 'session.ended': {
          const e = body.value as z.infer<typeof sessionEnded>;
          // A bridge ends only its own machines' sessions: the topic names the machine it may publish for.
          const session = await this.access.findSession(e.sessionId);
          if (session && session.machineId !== machine.id) {
            return this.log.warn(`session.ended ${payload.eventId} from ${parsed.site}/${parsed.id} dropped: session ${e.sessionId} is another machine's`);
          }
          await this.access.sessionEndedAtBridge(machine, { ...e, endedAt: new Date(payload.ts) });
          break;
        }
        case 'session.closing': {
          const e = body.value as z.infer<typeof sessionClosing>;
          // Replayed after its grace (the bridge was cut off): the session has ended or its holder came back.
          if (Date.parse(e.endsAt) <= Date.now()) return this.log.log(`session.closing ${payload.eventId} ignored: its grace is over`);
          const session = await this.access.findSession(e.sessionId);
          if (!session) return this.log.warn(`session.closing ${payload.eventId} from ${parsed.site}/${parsed.id} dropped: unknown session ${e.sessionId}`);
          // Same rule as session.ended: a bridge speaks only for its own machines' sessions.
          if (session.machineId !== machine.id) {
            return this.log.warn(`session.closing ${payload.eventId} from ${parsed.site}/${parsed.id} dropped: session ${e.sessionId} is another machine's`);
          }
          await this.access.sessionClosingAtBridge(session);
          break;
        }
        case 'alarm': {
          const e = body.value as z.infer<typeof alarm>;
          // Kept before the status change, so the wall screen's tile shows the alarm with it.
          this.live.note({ machineId: machine.id, siteId: machine.siteId, slug: machine.slug }, { alarm: { code: e.code, message: e.message, at: payload.ts } });
          const fresh = await this.machines.findById(machine.id);
          if (fresh) await this.machines.changeStatus(fresh, 'to_check', `Alarme ${e.code}${e.message ? ` : ${e.message}` : ''}`);
          this.realtime.toSite(machine.siteId, 'machine.alarm', { machineId: machine.id, slug: machine.slug, ...e, ts: payload.ts });
          break;
        }
        default:
          this.realtime.toSite(machine.siteId, 'machine.event', { machineId: machine.id, slug: machine.slug, ...payload });
          // Other modules (jobs) follow the remaining event types, already de-duplicated above.
          this.access.sessionEvents.emit('machine.event', machine, payload);
      }
    }, { acceptRetained: false });
  }

  private parseEvent(payload: z.infer<typeof eventBase>): { ok: true; value: unknown } | { ok: false; why: string } {
    const schema = { 'session.ended': sessionEnded, 'session.closing': sessionClosing, alarm, 'offline.decision': offlineDecision }[payload.type];
    if (!schema) return { ok: true, value: payload };
    const r = schema.safeParse(payload);
    return r.success ? { ok: true, value: r.data } : { ok: false, why: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
}
