#!/usr/bin/env node
// Where an instance spent its CPU, from a V8 .cpuprofile (node --cpu-prof): self time by package
// or file, self time by function, and inclusive time of our own functions (src/), heaviest first.
// Usage: node bench/support/profile-summary.js a.cpuprofile [--skip=SECONDS] [--top=N]
//   --skip: leave out the first SECONDS of the profile (start-up: module loading, compiling).
const fs = require('node:fs');
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const opt = (name, dflt) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const skipUs = opt('skip', 0) * 1e6;
const top = opt('top', 25);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const where = (cf) => (cf.url || '(native)').replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
const label = (cf) => `${cf.functionName || '(anonymous)'}  ${where(cf)}:${cf.lineNumber + 1}`;
const add = (m, k, us) => m.set(k, (m.get(k) ?? 0) + us);
const fns = new Map();
const files = new Map();
const ours = new Map();
let total = 0;
let t = 0;
prof.samples.forEach((id, i) => {
  const us = prof.timeDeltas[i] ?? 0;
  t += us;
  if (t < skipUs) return;
  const cf = byId.get(id).callFrame;
  if (cf.functionName === '(idle)') return; // waiting, not working
  total += us;
  add(fns, label(cf), us);
  const w = where(cf);
  add(files, w.includes('node_modules/') ? w.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, 'node_modules/$1') : w, us);
  // Inclusive: every distinct function of ours on the (synchronous) stack of this sample.
  const seen = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n).callFrame;
    if (!where(f).startsWith('src/')) continue;
    const k = label(f);
    if (!seen.has(k)) seen.add(k), add(ours, k, us);
  }
});
const show = (title, m) => {
  console.log(`\n${title} (busy CPU ${(total / 1e6).toFixed(1)} s${skipUs ? `, after the first ${skipUs / 1e6} s` : ''})`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
};
show('self time by package / file', files);
show('self time by function', fns);
show('inclusive time of our functions (src/, synchronous part)', ours);
