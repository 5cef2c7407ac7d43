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
  }
}
