import type { Telemetry } from '../drivers/gcode';
import type { DisplayMessage } from '../display/messages';

/** What a machine controller can do to the hardware around the machine. */
export interface MachineHardware {
  relay(on: boolean): Promise<void> | void;
  led(color: 'green' | 'red' | 'amber' | 'off', blink?: boolean): Promise<void> | void;
  beep(ms: number): Promise<void> | void;
  /** A message of the display table, rendered for the reader's display. */
  show(message: DisplayMessage): Promise<void> | void;
}

/** What a machine controller tells the server (MQTT contract topics for one machine). */
export interface MachineOutbox {
  /** `events`, journaled and QoS 1. */
  event(type: string, fields: Record<string, unknown>): void;
  /** `state`, retained. */
  state(payload: Record<string, unknown>): void;
  /** `telemetry`, QoS 0. */
  telemetry(payload: Telemetry & { powerW?: number }): void;
  /** `badge` request. */
  badge(payload: { requestId: string; uid: string; ts: string }): void;
}

/** A machine controller (marlin, grbl) as the session and job logic sees it. */
export interface JobController {
  /** `marlin` (3D printers) or `grbl` (CNC, laser): only a print may restart from a line. */
  readonly kind: string;
  startJob(lines: string[]): void;
  pauseJob(): void;
  resumeJob(): void;
  cancelJob(): void;
  jobActive(): boolean;
  on(ev: string, cb: (...a: any[]) => void): unknown;
}
