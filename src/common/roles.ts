/**
 * The roles a person can have. Here and not in people because the guards, the viewer and the page
 * kit check them too, and those shared layers import no feature (docs/ARCHITECTURE.md, "Import rules").
 */
export const ROLES = ['maker', 'volunteer', 'entrepreneur', 'trainer', 'mediator', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
