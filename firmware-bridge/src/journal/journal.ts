import { openSync, writeSync, fsyncSync, closeSync, readFileSync, existsSync, renameSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface JournalRecord {
  machine: string;
  event: { eventId: string; type: string; ts: string; [k: string]: unknown };
}

/**
 * The bridge's outbox for `events` (MQTT contract: "The bridge buffers events on disk while
 * disconnected and publishes them in order on reconnect").
 *
 * An append-only file: `E <json>` when an event is recorded (fsynced before it is published),
 * `A <eventId>` once the server acknowledged it on `acks` (applied, already applied or refused:
 * the broker's PUBACK only says the broker has it, not that a live server instance applied it).
 * Reopening replays the file: what has an E and no A is still owed, in E order. A torn last line
 * (power cut mid-write) is skipped. The file is rewritten with only the owed events when
 * acknowledgements pile up.
 */
export class Journal {
  private fd: number;
  private readonly path: string;
  private owed = new Map<string, JournalRecord>();
  private acksSinceCompact = 0;

  constructor(
    dir: string,
    private readonly compactEvery = 200,
  ) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'events.journal');
    this.load();
    this.compact();
    this.fd = openSync(this.path, 'a');
  }

  private load() {
    if (!existsSync(this.path)) return;
    const text = readFileSync(this.path, 'utf8');
    for (const line of text.split('\n')) {
      if (line.startsWith('E ')) {
        try {
          const rec = JSON.parse(line.slice(2)) as JournalRecord;
          if (rec?.event?.eventId && rec.machine) this.owed.set(rec.event.eventId, rec);
        } catch {
          // torn write: the event was never published, nothing is lost that was promised
        }
      } else if (line.startsWith('A ')) this.owed.delete(line.slice(2).trim());
    }
  }

  /** Records an event durably; returns once it is on disk. */
  append(rec: JournalRecord): void {
    this.owed.set(rec.event.eventId, rec);
    this.writeLine(`E ${JSON.stringify(rec)}\n`);
  }

  /** The server acknowledged it (or it is given up): it will not be sent again. */
  ack(eventId: string): void {
    if (!this.owed.delete(eventId)) return;
    this.writeLine(`A ${eventId}\n`);
    if (++this.acksSinceCompact >= this.compactEvery) this.compact();
  }

  /** How many events are owed. */
  get size(): number {
    return this.owed.size;
  }

  has(eventId: string): boolean {
    return this.owed.has(eventId);
  }

  /** Events not yet acknowledged, oldest first. */
  pending(): JournalRecord[] {
    return [...this.owed.values()];
  }

  private writeLine(s: string) {
    writeSync(this.fd, s);
    fsyncSync(this.fd);
  }

  /** Rewrites the file with only what is owed (write, fsync, rename: never half a journal). */
  compact(): void {
    const tmp = this.path + '.tmp';
    const fd = openSync(tmp, 'w');
    for (const rec of this.owed.values()) writeSync(fd, `E ${JSON.stringify(rec)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    const hadFd = this.fd !== undefined;
    if (hadFd) closeSync(this.fd);
    renameSync(tmp, this.path);
    if (hadFd) this.fd = openSync(this.path, 'a');
    this.acksSinceCompact = 0;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}
