/**
 * GRBL streaming bench: a laser raster file streamed to the GRBL simulator over a socat pty
 * pair paced at 11,520 bytes/s, with the driver's character counting and with a naive
 * one-line-per-ok streamer. Prints `efficiency=… naive_efficiency=… utilization=…` last.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrblDriver } from '../drivers/grbl';
import { gcodeLines } from '../drivers/gcode';
import { simProcess, naiveStream, fmt, intEnv, LINK_BYTES_PER_SECOND } from './common';

process.env.FABLAB_LOG ??= 'warn';

export function rasterGcode(lines: number): string {
  const out = ['G21', 'G90', 'M4 S0', 'G0 X0 Y0'];
  let y = 0;
  let dir = 1;
  while (out.length < lines) {
    // one raster row: short segments with varying power, as image engraving produces
    for (let i = 0; i < 200 && out.length < lines; i++) {
      const x = dir > 0 ? i * 0.1 : 20 - i * 0.1;
      out.push(`G1X${x.toFixed(2)}S${(((i * 37) % 900) + 100).toString()}`);
    }
    y += 0.1;
    dir = -dir;
    out.push(`G0Y${y.toFixed(2)}`);
  }
  return out.join('\n') + '\n';
}

async function main() {
  const fileLines = intEnv('BENCH_FILE_LINES', 50000);
  const planMs = Number(process.env.GRBL_BLOCK_MS ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'grbl-bench-'));
  const file = join(dir, 'raster.gcode');
  writeFileSync(file, rasterGcode(fileLines));
  const all = gcodeLines(require('node:fs').readFileSync(file, 'utf8'));
  const n = Math.min(all.length, intEnv('BENCH_LINES', 24000));
  const nNaive = Math.min(all.length, intEnv('BENCH_NAIVE_LINES', Math.max(500, Math.round(n / 6))));
  const lines = all.slice(0, n);
  const avgBytes = lines.reduce((s, l) => s + l.length + 1, 0) / lines.length;
  const linkRate = LINK_BYTES_PER_SECOND / avgBytes;
  const deviceRate = 1000 / Math.max(planMs, planMs * 0.8);
  const ceiling = Math.min(linkRate, deviceRate);
  console.log(`file ${file}: ${all.length} lines; streaming ${n} (naive ${nNaive}), ${fmt(avgBytes, 1)} bytes/line`);
  console.log(`link ${fmt(linkRate, 1)} lines/s, device ${fmt(deviceRate, 1)} lines/s (≈${planMs} ms/block), ceiling ${fmt(ceiling, 1)} lines/s`);

  // Character counting through the bridge's driver.
  const a = await simProcess('grbl', ['--block-ms', String(planMs)]);
  const drv = new GrblDriver({ pollMs: 200 });
  a.host.onData((c) => drv.feed(c));
  const greeted = new Promise((r) => drv.once('greeting', r));
  drv.attach((d) => a.host.write(d));
  await greeted;
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    drv.once('job-completed', () => resolve());
    drv.once('job-failed', (r) => reject(new Error(r)));
    drv.once('job-paused', (r) => reject(new Error(r)));
    drv.startJob(lines);
  });
  const secs = (performance.now() - t0) / 1000;
  drv.detach();
  const stats = await a.stats();
  const bytes = lines.reduce((s, l) => s + l.length + 1, 0);
  const achieved = n / secs;
  const efficiency = achieved / ceiling;
  const utilization = bytes / secs / LINK_BYTES_PER_SECOND;
  console.log(
    `character counting: ${n} lines in ${fmt(secs, 2)} s = ${fmt(achieved, 1)} lines/s, ${fmt(bytes / secs, 0)} bytes/s, rx overflow drops ${stats.dropped}`,
  );
  await a.close();

  // Naive: send one line, wait for its ok.
  const b = await simProcess('grbl', ['--block-ms', String(planMs)]);
  await new Promise((r) => setTimeout(r, 300)); // let the greeting pass
  const naive = all.slice(0, nNaive);
  const nsecs = await naiveStream(b.host, naive, (l) => l === 'ok' || l.startsWith('error:'));
  const nAchieved = nNaive / nsecs;
  const nEff = nAchieved / ceiling;
  console.log(`naive: ${nNaive} lines in ${fmt(nsecs, 2)} s = ${fmt(nAchieved, 1)} lines/s`);
  await b.close();
  console.log(`efficiency=${fmt(efficiency)} naive_efficiency=${fmt(nEff)} utilization=${fmt(utilization)}`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
