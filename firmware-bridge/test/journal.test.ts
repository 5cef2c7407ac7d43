import './helpers';
import { spawn } from 'node:child_process';
import { mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../src/journal/journal';

const rec = (n: number) => ({
  machine: 'laser-1',
  event: { eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'test', ts: new Date().toISOString(), n },
});

describe('event journal', () => {
  it('gives back unacknowledged events in order after a reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'j-'));
    const j = new Journal(dir, 3);
    for (let i = 0; i < 10; i++) j.append(rec(i));
    for (const i of [0, 1, 2, 5, 7]) j.ack(rec(i).event.eventId);
    j.close();
    const j2 = new Journal(dir);
    expect(j2.pending().map((r) => r.event.n)).toEqual([3, 4, 6, 8, 9]);
    j2.close();
  });

  it('skips a torn last line left by a power cut', () => {
    const dir = mkdtempSync(join(tmpdir(), 'j-'));
    const j = new Journal(dir);
    j.append(rec(1));
    j.close();
    appendFileSync(join(dir, 'events.journal'), 'E {"machine":"laser-1","event":{"eventId":"x');
    const j2 = new Journal(dir);
    expect(j2.pending().map((r) => r.event.n)).toEqual([1]);
    j2.close();
  });

  it('loses nothing and doubles nothing when the process is killed mid-way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'j-'));
    const child = spawn(process.execPath, [join(__dirname, 'journal-child.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d) => {
        out += d.toString();
        if ((out.match(/^E /gm) ?? []).length >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const appended = new Set([...out.matchAll(/^E (\d+)$/gm)].map((m) => Number(m[1])));
    const acked = new Set([...out.matchAll(/^A (\d+)$/gm)].map((m) => Number(m[1])));
    const j = new Journal(dir);
    const pending = j.pending().map((r) => r.event.n as number);
    // in order, no duplicates
    expect([...pending].sort((a, b) => a - b)).toEqual(pending);
    expect(new Set(pending).size).toBe(pending.length);
    // Nothing acknowledged comes back, and what is owed is exactly the unacknowledged tail:
    // contiguous, reaching at least the last event known to be on disk. (An ack may reach the
    // disk before its "A" line reaches us, so the boundary is checked from both sides.)
    for (const n of acked) expect(pending).not.toContain(n);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending).toEqual(Array.from({ length: pending.length }, (_, k) => pending[0] + k));
    expect(pending[pending.length - 1]).toBeGreaterThanOrEqual(Math.max(...appended));
    expect(pending[0]).toBeLessThanOrEqual(Math.max(...acked) + 1 + 1);
    for (const n of appended) if (!acked.has(n) && n < pending[0]) expect(n).toBeGreaterThan(Math.max(...acked) - 1);
    // replaying: publish and acknowledge everything, then nothing is owed
    for (const r of j.pending()) j.ack(r.event.eventId);
    j.close();
    expect(new Journal(dir).pending()).toEqual([]);
  });
});
