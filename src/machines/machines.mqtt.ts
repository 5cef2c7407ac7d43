import { Injectable, OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { MqttService } from '../infra/mqtt/mqtt.service';
import { measure, rfc3339Utc, uuid } from '../infra/mqtt/schemas';
import { TOPIC_ROOT } from '../infra/mqtt/topics';
import { MachineDirectory } from './machine-directory';
import { MachineLiveService } from './machine-live.service';

const statePayload = z.object({
  state: z.enum(['locked', 'unlocked', 'running', 'paused', 'error', 'offline']),
  sessionId: uuid.optional(),
  jobId: z.string().max(64).optional(),
  ts: rfc3339Utc,
});

const celsius = measure(-100, 2000);
const millimetres = measure(-100_000, 100_000);
const temp = z.object({ actual: celsius, target: celsius.optional() });
const telemetryPayload = z.object({
  ts: rfc3339Utc,
  temps: z
    .record(z.string().max(32), temp)
    .refine((t) => Object.keys(t).length <= 16, 'at most 16 sensors')
    .optional(),
  progress: z.number().min(0).max(1).optional(),
  powerW: measure(0, 1_000_000).optional(),
  position: z.object({ x: millimetres, y: millimetres, z: millimetres.optional() }).optional(),
});

type Telemetry = z.infer<typeof telemetryPayload>;

/** The bridge's retained `state` and its `telemetry` (MQTT-PROTOCOL.md, Topics). */
@Injectable()
export class MachinesMqtt implements OnModuleInit {
  constructor(
    private readonly mqtt: MqttService,
    private readonly directory: MachineDirectory,
    private readonly live: MachineLiveService,
  ) {}

  onModuleInit(): void {
    this.mqtt.handle('state', `${TOPIC_ROOT}/+/machines/+/state`, statePayload, async ({ parsed, payload }) => {
      const machine = await this.directory.resolve(parsed.site, parsed.id);
      if (!machine) return;
      this.live.update(
        { machineId: machine.id, siteId: machine.siteId, slug: machine.slug },
        { bridgeState: payload.state, jobId: payload.jobId },
        'machine.state',
      );
    });
    // The hottest path of all (every machine, every second): no promise when the directory is current.
    this.mqtt.handle('telemetry', `${TOPIC_ROOT}/+/machines/+/telemetry`, telemetryPayload, ({ parsed, payload }) => {
      const known = this.directory.peek(parsed.site, parsed.id);
      if (known !== undefined) return this.telemetry(known, payload);
      return this.directory.resolve(parsed.site, parsed.id).then((machine) => this.telemetry(machine, payload));
    });
  }

  private telemetry(machine: { id: string; siteId: string; slug: string } | null, payload: Telemetry): void {
    if (machine) this.live.telemetry({ machineId: machine.id, siteId: machine.siteId, slug: machine.slug }, payload);
  }
}
