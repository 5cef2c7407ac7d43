/**
 * Marlin streaming bench: a 3D-print-like file of short moves streamed to the Marlin simulator
 * over a socat pty pair paced at 11,520 bytes/s, by the bridge's driver (numbered lines,
 * ADVANCED_OK buffer fields) and by a naive one-line-per-ok streamer (OctoPrint's default).
 * Prints `efficiency=… naive_efficiency=… utilization=…` last.
 */
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MarlinDriver } from '../drivers/marlin';
import { gcodeLines } from '../drivers/gcode';
import { numberedLine } from '../drivers/marlin-parser';
import { simProcess, naiveStream, fmt, intEnv, LINK_BYTES_PER_SECOND } from './common';

process.env.FABLAB_LOG ??= 'warn';

export function printGcode(lines: number): string {
  const out = ['G21', 'G90', 'M82', 'G92 E0'];
  let e = 0;
  let layer = 0;
  while (out.length < lines) {
    layer++;
    out.push(`G1 Z${(layer * 0.2).toFixed(2)} F600`);
    for (let i = 0; i < 400 && out.length < lines; i++) {
      const a = (i / 400) * 2 * Math.PI;
      e += 0.0213;
      out.push(`G1 X${(100 + 20 * Math.cos(a)).toFixed(3)} Y${(100 + 20 * Math.sin(a)).toFixed(3)} E${e.toFixed(4)}`);
    }
  }
  return out.join('\n') + '\n';
}

async function main() {
  const fileLines = intEnv('BENCH_FILE_LINES', 50000);
  const blockMs = Number(process.env.MARLIN_BLOCK_MS ?? 4);
  const dir = mkdtempSync(join(tmpdir(), 'marlin-bench-'));
  const file = join(dir, 'print.gcode');
  writeFileSync(file, printGcode(fileLines));
  const all = gcodeLines(readFileSync(file, 'utf8'));
  const n = Math.min(all.length, intEnv('BENCH_LINES', 24000));
  const nNaive = Math.min(all.length, intEnv('BENCH_NAIVE_LINES', Math.max(500, Math.round(n / 6))));
  const lines = all.slice(0, n);
  // On the wire every line is `N<n> <gcode>*<cs>\n`.
  const wire = lines.map((l, i) => numberedLine(i + 1, l));
  const avgBytes = wire.reduce((s, l) => s + l.length + 1, 0) / wire.length;
  const linkRate = LINK_BYTES_PER_SECOND / avgBytes;
  const planMs = blockMs * 0.5;
  const deviceRate = 1000 / Math.max(blockMs, planMs);
  const ceiling = Math.min(linkRate, deviceRate);
  console.log(`file ${file}: ${all.length} lines; streaming ${n} (naive ${nNaive}), ${fmt(avgBytes, 1)} bytes/line on the wire`);
  console.log(`link ${fmt(linkRate, 1)} lines/s, device ${fmt(deviceRate, 1)} lines/s, ceiling ${fmt(ceiling, 1)} lines/s`);

  const a = await simProcess('marlin', ['--block-ms', String(blockMs)]);
  const drv = new MarlinDriver({ greetingTimeoutMs: 2000 });
  a.host.onData((c) => drv.feed(c));
  const greeted = new Promise((r) => drv.once('greeting', r));
  drv.attach((d) => a.host.write(d));
  await greeted;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    drv.once('job-completed', () => resolve());
    drv.once('job-failed', (r) => reject(new Error(r)));
    drv.startJob(lines);
  });
  const secs = (performance.now() - t0) / 1000;
  drv.detach();
  const stats = await a.stats();
  const bytes = wire.reduce((s, l) => s + l.length + 1, 0);
  const achieved = n / secs;
  const efficiency = achieved / ceiling;
  const utilization = bytes / secs / LINK_BYTES_PER_SECOND;
  console.log(
    `driver (ADVANCED_OK): ${n} lines in ${fmt(secs, 2)} s = ${fmt(achieved, 1)} lines/s, ${fmt(bytes / secs, 0)} bytes/s, resends ${stats.resendsAsked}, rx drops ${stats.dropped}`,
  );
  await a.close();

  const b = await simProcess('marlin', ['--block-ms', String(blockMs), '--no-advanced-ok']);
  await new Promise((r) => setTimeout(r, 300)); // let the greeting pass
  const naive = ['N0 M110 N0*125', ...all.slice(0, nNaive).map((l, i) => numberedLine(i + 1, l))];
  const nsecs = await naiveStream(b.host, naive, (l) => l.startsWith('ok'));
  const nAchieved = nNaive / nsecs;
  console.log(`naive (one line in flight): ${nNaive} lines in ${fmt(nsecs, 2)} s = ${fmt(nAchieved, 1)} lines/s`);
  await b.close();
  console.log(`efficiency=${fmt(efficiency)} naive_efficiency=${fmt(nAchieved / ceiling)} utilization=${fmt(utilization)}`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
