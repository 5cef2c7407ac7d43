#!/usr/bin/env node
// A feature never injects another feature's repository (docs/ARCHITECTURE.md, "Import rules").
// dependency-cruiser sees imports; this sees what is done with them: @InjectRepository(X),
// TypeOrmModule.forFeature([X, ...Y_ENTITIES]), getRepository(X) and entity-manager calls such
// as em.find(X, …), with X an entity (or list of entities) of another feature, however imported.
const fs = require('node:fs');
const path = require('node:path');

const SRC = path.join(__dirname, '..', 'src');
const NOT_FEATURES = new Set(['web', 'common', 'infra', 'config', 'cli', 'demo']);

/**
 * Known exceptions, to shrink only: file → the foreign entities it still takes. The check fails
 * when one is no longer taken, so a fixed file must leave this list.
 */
const EXCEPTIONS = {};

const features = fs
  .readdirSync(SRC, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !NOT_FEATURES.has(d.name))
  .map((d) => d.name);

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return filesUnder(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [p] : [];
  });
}

/** Entity classes and entity lists (FOO_ENTITIES) by name → the feature that owns them. */
const owner = new Map();
for (const f of features) {
  const dir = path.join(SRC, f, 'entities');
  if (!fs.existsSync(dir)) continue;
  for (const file of filesUnder(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/@Entity\([^)]*\)[\s\S]*?export class (\w+)/g)) owner.set(m[1], f);
    for (const m of text.matchAll(/export const (\w+_ENTIT\w*)\s*=/g)) owner.set(m[1], f);
  }
}

const USES = [
  /@InjectRepository\(\s*(\w+)/g,
  /\bgetRepository\(\s*(\w+)/g,
  // A lookahead, so `em.save(em.create(X, …))` still sees X.
  /\b(?:manager|em|entityManager|tx|trx)\s*\.\s*\w+\(\s*(?=(\w+))/g,
];
const identifiersIn = (list) =>
  list
    .split(',')
    .map((s) => s.trim().replace(/^\.\.\./, ''))
    .filter((s) => /^\w+$/.test(s));

const problems = [];
const seen = new Map(Object.keys(EXCEPTIONS).map((f) => [f, new Set()]));
for (const f of features) {
  for (const file of filesUnder(path.join(SRC, f))) {
    if (file.includes(`${path.sep}entities${path.sep}`)) continue;
    const rel = path.relative(path.join(SRC, '..'), file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    const names = USES.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
    for (const m of text.matchAll(/forFeature\(\s*\[([^\]]*)\]/g)) names.push(...identifiersIn(m[1]));
    for (const m of text.matchAll(/forFeature\(\s*(\w+)\s*\)/g)) names.push(m[1]);
    for (const name of new Set(names)) {
      const home = owner.get(name);
      if (!home || home === f) continue;
      if (EXCEPTIONS[rel]?.includes(name)) {
        seen.get(rel).add(name);
        continue;
      }
      problems.push(`${rel}: takes the repository of ${name} (feature ${home}); call a service of ${home} instead`);
    }
  }
}
for (const [file, names] of Object.entries(EXCEPTIONS)) {
  for (const name of names) {
    if (!seen.get(file).has(name)) problems.push(`${file}: no longer takes ${name}; remove it from EXCEPTIONS in scripts/check-repositories.js`);
  }
}

if (problems.length) {
  console.error(`Repositories of other features (docs/ARCHITECTURE.md, "Import rules"):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`repositories: no feature takes another's (${owner.size} entities and lists, ${features.length} features checked)`);
