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

/** A machine controller (marlin, grbl, moonraker) as the session and job logic sees it. */
export interface JobController {
  /** `marlin`, `moonraker` (3D printers) or `grbl` (CNC, laser): only a print may restart from a line. */
  readonly kind: string;
  startJob(lines: string[]): void;
  /**
   * A controller that runs a whole file itself (Moonraker: uploaded, then printed by Klipper) is
   * given the file instead of lines; it resolves once the print started, rejects with the reason.
   */
  startFile?(file: { name: string; data: Buffer; sha256: string }): Promise<void>;
  /** Resolve once the controller took the order (a network printer may refuse it). */
  pauseJob(): void | Promise<void>;
  resumeJob(): void | Promise<void>;
  cancelJob(): void | Promise<void>;
  jobActive(): boolean;
  on(ev: string, cb: (...a: any[]) => void): unknown;
}
