/**
 * When each owed event is sent again while the server has not acknowledged it: first `firstMs`
 * after it was sent, then twice as long each time, up to `maxMs` (a server that cannot apply an
 * event is not hammered with it). After a reconnection every owed event is due at once.
 */
export class ResendSchedule {
  private readonly next = new Map<string, { at: number; waitMs: number }>();

  constructor(
    readonly firstMs = 10_000,
    readonly maxMs = 300_000,
  ) {}

  /** The event was just (re)sent. */
  sent(eventId: string, now = Date.now()): void {
    const prev = this.next.get(eventId);
    const waitMs = prev ? Math.min(prev.waitMs * 2, this.maxMs) : this.firstMs;
    this.next.set(eventId, { at: now + waitMs, waitMs });
  }

  /** Never sent in this run (left by a previous one), or its wait is over. */
  isDue(eventId: string, now = Date.now()): boolean {
    return (this.next.get(eventId)?.at ?? 0) <= now;
  }

  /** A new connection: what the server instance of the old one may have lost is due now. */
  reconnected(): void {
    for (const n of this.next.values()) n.at = 0;
  }

  forget(eventId: string): void {
    this.next.delete(eventId);
  }
}
