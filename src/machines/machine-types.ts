/**
 * The machine types and statuses, apart from the entity so other features (forms, checks, pages)
 * take the words without reaching into machines' entities/ (docs/ARCHITECTURE.md, "Import rules").
 */
export const MACHINE_TYPES = ['laser', 'printer', 'cnc', 'other', 'public_computer'] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

/**
 * A free-access station (« poste en accès libre », docs/free-access.md): anyone with a valid badge
 * may use it without a training; its sessions are time-limited by the site's setting.
 */
export const PUBLIC_COMPUTER: MachineType = 'public_computer';
export const isPublicComputer = (m: { type: string }): boolean => m.type === PUBLIC_COMPUTER;

/** The server's view of a machine (MQTT-PROTOCOL.md, "Machine state on the server"). */
export const MACHINE_STATUSES = ['free', 'in_use', 'reserved', 'to_check', 'maintenance', 'disabled', 'offline'] as const;
export type MachineStatus = (typeof MACHINE_STATUSES)[number];
