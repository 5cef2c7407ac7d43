import { Injectable, OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { rfc3339Utc } from '../infra/mqtt/schemas';
import { TOPIC_ROOT } from '../infra/mqtt/topics';
import { BridgeStatus } from './bridge-status';

/** `{"online":true,"version":…,"machines":[…],"ts":…}`, or the Last Will `{"online":false}`. */
const statusPayload = z.union([
  z.object({ online: z.literal(true), version: z.string().max(40), machines: z.array(z.string().max(63)).max(500), ts: rfc3339Utc }),
  z.object({ online: z.literal(false) }).passthrough(),
]);

/** `{"version":"1.4.0","uptimeSeconds":3600,"configVersion"?:3,"ts":…}`, every minute while connected. */
const heartbeatPayload = z.object({
  version: z.string().min(1).max(40),
  uptimeSeconds: z.number().int().min(0).max(2_000_000_000),
  configVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  ts: rfc3339Utc,
});

@Injectable()
export class BridgesMqtt implements OnModuleInit {
  constructor(
    private readonly mqtt: MqttService,
    private readonly status: BridgeStatus,
  ) {}

  onModuleInit(): void {
    this.mqtt.handle('bridge.status', `${TOPIC_ROOT}/+/bridges/+/status`, statusPayload, async ({ parsed, payload }) => {
      await this.status.markStatus(parsed.site, parsed.id, payload.online, payload.online ? payload.version : undefined);
    });
    this.mqtt.handle(
      'bridge.heartbeat',
      `${TOPIC_ROOT}/+/bridges/+/heartbeat`,
      heartbeatPayload,
      async ({ parsed, payload }) => {
        await this.status.heartbeat(parsed.site, parsed.id, payload);
      },
      { acceptRetained: false },
    );
  }
}
