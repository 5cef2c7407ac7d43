#!/usr/bin/env node
// A provider's constructor stays small (docs/ARCHITECTURE.md, "Code checks"): past MAX_DEPENDENCIES
// injected dependencies a class has more than one job; split it along its responsibilities
// (as access and bridges were, issue 14) rather than raising the limit or bundling dependencies.
const fs = require('node:fs');
const path = require('node:path');

const SRC = path.join(__dirname, '..', 'src');
const MAX_DEPENDENCIES = 8;

/**
 * Known exceptions, to shrink only: file#Class → its count today. The check fails when one grows,
 * and when one is back within the limit (it must then leave this list).
 */
const EXCEPTIONS = {};

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return filesUnder(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [p] : [];
  });
}

/** The text between the parenthesis at `open` and its match. */
function inside(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if ('([{<'.includes(text[i]) && !(text[i] === '<' && text[i - 1] === '=')) depth++;
    else if (')]}>'.includes(text[i]) && !(text[i] === '>' && text[i - 1] === '=')) depth--;
    if (depth === 0) return text.slice(open + 1, i);
  }
  return '';
}

/** Parameters of a parameter list, split at its top-level commas (decorators and generics may hold some). */
function parameterCount(list) {
  let depth = 0;
  let count = 0;
  let current = '';
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if ('([{<'.includes(c) && !(c === '<' && list[i - 1] === '=')) depth++;
    else if (')]}>'.includes(c) && !(c === '>' && list[i - 1] === '=')) depth--;
    if (c === ',' && depth === 0) {
      if (current.trim()) count++;
      current = '';
    } else current += c;
  }
  return count + (current.trim() ? 1 : 0);
}

const problems = [];
const seen = new Set();
for (const file of filesUnder(SRC)) {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const rel = path.relative(path.join(SRC, '..'), file).split(path.sep).join('/');
  for (const m of text.matchAll(/@(?:Injectable|Controller|WebSocketGateway)\([^)]*\)(?:\s*@\w+\([^)]*\))*\s*export\s+(?:abstract\s+)?class\s+(\w+)[^{]*\{/g)) {
    const body = inside(text, m.index + m[0].length - 1);
    const ctor = body.search(/\bconstructor\s*\(/);
    if (ctor < 0) continue;
    const count = parameterCount(inside(body, body.indexOf('(', ctor)));
    const key = `${rel}#${m[1]}`;
    if (process.env.SHOW_COUNTS) process.stdout.write(`${count}\t${key}\n`);
    const allowed = EXCEPTIONS[key];
    if (allowed !== undefined) {
      seen.add(key);
      if (count > allowed) problems.push(`${key}: ${count} dépendances injectées, l'exception en admet ${allowed} (elle ne fait que rétrécir).`);
      else if (count <= MAX_DEPENDENCIES)
        problems.push(`${key}: ${count} dépendances, dans la limite : retirez-la de EXCEPTIONS (scripts/check-constructors.js).`);
      continue;
    }
    if (count > MAX_DEPENDENCIES) {
      problems.push(
        `${key}: ${count} dépendances injectées, au plus ${MAX_DEPENDENCIES}. Séparez la classe selon ses responsabilités ` +
          `(docs/ARCHITECTURE.md, « Code checks »). ${count} injected dependencies, at most ${MAX_DEPENDENCIES}: split the class.`,
      );
    }
  }
}
for (const key of Object.keys(EXCEPTIONS)) if (!seen.has(key)) problems.push(`${key}: exception sans classe (renommée, supprimée ?) : retirez-la.`);

if (problems.length) {
  process.stderr.write(`Constructeurs trop chargés / constructors with too many dependencies:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`constructors: at most ${MAX_DEPENDENCIES} dependencies per provider (${Object.keys(EXCEPTIONS).length} known exceptions, shrinking)\n`);
