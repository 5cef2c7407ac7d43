import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { Metrics } from '../infra/metrics/metrics';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { cardUid, rfc3339Utc, uuid } from '../infra/mqtt/schemas';
import { TOPIC_ROOT, topics } from '../infra/mqtt/topics';
import { MachineDirectory } from '../machines/machine-directory';
import type { Machine } from '../machines/entities/machine.entity';
import { AccessService } from './access.service';
import { BridgeEventLedger, EventOutcome } from './bridge-event-ledger';
import { BridgeSessionEvents } from './bridge-session-events';
import { UsageSessions } from './usage-sessions';

const badgePayload = z.object({ requestId: uuid, uid: cardUid, ts: rfc3339Utc });

/** What every event must carry to be acknowledged at all: its id (the rest is checked after). */
const eventEnvelope = z.object({ eventId: uuid }).passthrough();
const eventBase = z.object({ eventId: uuid, type: z.string().min(1).max(40), ts: rfc3339Utc }).passthrough();
const sessionEnded = z.object({
  sessionId: uuid,
  reason: z.enum(['badge_out', 'idle_timeout', 'power_off', 'manual', 'expired']),
});
/** A badge-out grace started at the bridge: the session ends at `endsAt` unless its holder badges again. */
const sessionClosing = z.object({ sessionId: uuid, endsAt: rfc3339Utc });
const alarm = z.object({
  code: z.union([z.string().min(1).max(40), z.number().int().min(-1e9).max(1e9)]).transform(String),
  message: z.string().max(500).optional(),
});
/** `sessionId` (optional): the session a granted offline decision opened at the bridge. */
const offlineDecision = z.object({ uid: cardUid, decision: z.enum(['granted', 'denied']), ts: rfc3339Utc, sessionId: uuid.optional() });

/** The server's answer on `acks` (MQTT-PROTOCOL.md): the bridge stops re-sending the event. */
type Outcome = { result: EventOutcome } | { result: 'rejected'; reason: string };
const rejected = (err: z.ZodError): Outcome => ({
  result: 'rejected',
  reason: err.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
});

/** MQTT edge of access: `badge` requests and the bridge's `events` (MQTT-PROTOCOL.md). */
@Injectable()
export class AccessMqtt implements OnModuleInit {
  private readonly log = new Logger('AccessMqtt');

  constructor(
    private readonly mqtt: MqttService,
    private readonly access: AccessService,
    private readonly ledger: BridgeEventLedger,
    private readonly bridgeSessions: BridgeSessionEvents,
    private readonly sessions: UsageSessions,
    private readonly directory: MachineDirectory,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.mqtt.handle(
      'badge',
      `${TOPIC_ROOT}/+/machines/+/badge`,
      badgePayload,
      async ({ parsed, payload, receivedAt }) => {
        const machine = await this.directory.resolve(parsed.site, parsed.id);
        if (!machine) return this.log.warn(`badge for unknown machine ${parsed.site}/${parsed.id} dropped`);
        await this.access.handleBadge(parsed.site, machine, payload, receivedAt);
      },
      { acceptRetained: false },
    );
    // Loose here, so that any event carrying an id gets its ack, a rejected one included (acks).
    this.mqtt.handle(
      'events',
      `${TOPIC_ROOT}/+/machines/+/events`,
      eventEnvelope,
      async ({ parsed, payload }) => {
        const machine = await this.directory.resolve(parsed.site, parsed.id);
        if (!machine) return this.log.warn(`event for unknown machine ${parsed.site}/${parsed.id} dropped`);
        const outcome = await this.applyEvent(machine, payload);
        if (outcome.result === 'rejected') {
          this.metrics.mqttDropped.inc({ kind: 'events', reason: 'rejected' });
          this.log.warn(`event ${String(payload.type)} ${payload.eventId} from ${parsed.site}/${parsed.id} rejected: ${outcome.reason}`);
        }
        // Only once it is durably applied (a failure above throws: no ack, the bridge sends it again).
        await this.mqtt.publish(topics.machine(parsed.site, parsed.id, 'acks'), { eventId: payload.eventId, ...outcome, ts: new Date().toISOString() });
      },
      { acceptRetained: false },
    );
  }

  /** Applies one event; says why when it is rejected (it will never be applied, so it is acked too). */
  private async applyEvent(machine: Machine, raw: z.infer<typeof eventEnvelope>): Promise<Outcome> {
    const outcome = await this.applyNewEvent(machine, raw);
    // An eventId already processed is ignored, whatever it carries (MQTT-PROTOCOL.md, Precise rules):
    // an applied copy comes back `duplicate` from the ledger (its processed mark is unique), and a
    // refusal is checked against the marks before it is said (one read saved on every event, issue 16).
    if (outcome.result === 'rejected' && (await this.ledger.isEventProcessed(raw.eventId))) return { result: 'duplicate' };
    return outcome;
  }

  private async applyNewEvent(machine: Machine, raw: z.infer<typeof eventEnvelope>): Promise<Outcome> {
    const base = eventBase.safeParse(raw);
    if (!base.success) return rejected(base.error);
    const payload = base.data;
    const body = this.parseEvent(payload);
    if (!body.ok) return { result: 'rejected', reason: body.why };
    switch (payload.type) {
      case 'offline.decision':
        return { result: await this.bridgeSessions.recordOfflineDecision(machine, payload.eventId, body.value as z.infer<typeof offlineDecision>) };
      case 'session.ended': {
        const e = body.value as z.infer<typeof sessionEnded>;
        // A bridge ends only its own machines' sessions: the topic names the machine it may publish for.
        const session = await this.sessions.holderOf(e.sessionId);
        if (session && session.machineId !== machine.id) return { result: 'rejected', reason: `session ${e.sessionId} is another machine's` };
        return { result: await this.bridgeSessions.sessionEndedAtBridge(machine, payload.eventId, { ...e, endedAt: new Date(payload.ts) }, session) };
      }
      case 'session.closing': {
        const e = body.value as z.infer<typeof sessionClosing>;
        // Replayed after its grace (the bridge was cut off): the session has ended or its holder came back.
        if (Date.parse(e.endsAt) <= Date.now()) return { result: 'rejected', reason: 'its grace is over' };
        const session = await this.sessions.findSession(e.sessionId);
        if (!session) return { result: 'rejected', reason: `unknown session ${e.sessionId}` };
        // Same rule as session.ended: a bridge speaks only for its own machines' sessions.
        if (session.machineId !== machine.id) return { result: 'rejected', reason: `session ${e.sessionId} is another machine's` };
        return { result: await this.bridgeSessions.sessionClosingAtBridge(machine, payload.eventId, session) };
      }
      case 'alarm': {
        const e = body.value as z.infer<typeof alarm>;
        return { result: await this.ledger.alarmAtBridge(machine, payload.eventId, { code: e.code, message: e.message, at: payload.ts }) };
      }
      default:
        return { result: await this.ledger.otherEventAtBridge(machine, payload) };
    }
  }

  private parseEvent(payload: z.infer<typeof eventBase>): { ok: true; value: unknown } | { ok: false; why: string } {
    const schema = { 'session.ended': sessionEnded, 'session.closing': sessionClosing, alarm, 'offline.decision': offlineDecision }[payload.type];
    if (!schema) return { ok: true, value: payload };
    const r = schema.safeParse(payload);
    return r.success ? { ok: true, value: r.data } : { ok: false, why: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
}
