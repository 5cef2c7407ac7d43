import { z } from 'zod';

/** MQTT contract, "Precise rules": what a bridge accepts from the server. */
export const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'RFC 3339 UTC time');
export const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'slug [a-z0-9][a-z0-9-]{0,62}');
export const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'UUID');
export const badgeUid = z.string().regex(/^([0-9A-F]{2}){4,10}$/);

const message = z.object({ fr: z.string(), en: z.string() }).partial().passthrough();

export const AccessSchema = z.discriminatedUnion('decision', [
  z
    .object({
      requestId: uuid,
      decision: z.literal('granted'),
      sessionId: uuid,
      until: isoTime,
      person: z.object({ displayName: z.string() }).passthrough(),
      message: message.optional(),
    })
    .passthrough(),
  z.object({ requestId: uuid, decision: z.literal('denied'), reason: z.string(), message: message.optional() }).passthrough(),
]);
export type Access = z.infer<typeof AccessSchema>;

const base = { commandId: uuid, ts: isoTime };
export const CmdSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('unlock'), sessionId: uuid, leaseSeconds: z.number().positive().max(86400).default(120) }).passthrough(),
  z.object({ ...base, type: z.literal('lock'), sessionId: uuid.optional() }).passthrough(),
  z
    .object({
      ...base,
      type: z.literal('start_job'),
      jobId: z.string().min(1),
      url: z.string().min(1),
      token: z.string().optional(),
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
      /** A print restarted from this line of the file (1-based), after a failure; printers only. */
      fromLine: z.number().int().min(1).optional(),
    })
    .passthrough(),
  z.object({ ...base, type: z.literal('pause_job'), jobId: z.string().min(1).optional() }).passthrough(),
  z.object({ ...base, type: z.literal('resume_job'), jobId: z.string().min(1).optional() }).passthrough(),
  z.object({ ...base, type: z.literal('cancel_job'), jobId: z.string().min(1).optional() }).passthrough(),
]);
export type Cmd = z.infer<typeof CmdSchema>;

export const MAX_PAYLOAD = 64 * 1024;

/** Parses a received payload; returns a reason instead of throwing. */
export function parsePayload<T>(schema: z.ZodType<T>, buf: Buffer, limit = MAX_PAYLOAD): { ok: true; value: T } | { ok: false; reason: string } {
  if (buf.length > limit) return { ok: false, reason: `payload over ${limit} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, reason: `${i?.path.join('.') || '(root)'}: ${i?.message}` };
  }
  return { ok: true, value: r.data };
}
