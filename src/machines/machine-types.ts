/**
 * The machine types and statuses, apart from the entity so other features (forms, checks, pages)
 * take the words without reaching into machines' entities/ (docs/ARCHITECTURE.md, "Import rules").
 */
export const MACHINE_TYPES = ['laser', 'printer', 'cnc', 'other'] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

/** The server's view of a machine (MQTT-PROTOCOL.md, "Machine state on the server"). */
export const MACHINE_STATUSES = ['free', 'in_use', 'reserved', 'to_check', 'maintenance', 'disabled', 'offline'] as const;
export type MachineStatus = (typeof MACHINE_STATUSES)[number];
