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

/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

/**
 * The source with comments removed and the insides of strings, templates and regular expressions
 * blanked (a template's `${…}` stays code): a brace in `'{'`, `/[{]/` or a URL's `//` no longer
 * shifts the brackets the check counts.
 */
function codeOnly(src) {
  let out = '';
  let i = 0;
  const templates = []; // brace depth at which each open `${` returns to its template
  let depth = 0;
  const lastCode = () => {
    const t = out.trimEnd();
    if (/\b(return|typeof|case|in|of|void|delete|throw|new)$/.test(t)) return '';
    return t.slice(-1);
  };
  const template = () => {
    // inside a template literal, from just after its opening backtick or a closing `}`
    while (i < src.length) {
      if (src[i] === '\\') {
        out += '  ';
        i += 2;
      } else if (src[i] === '`') {
        out += '`';
        i++;
        return;
      } else if (src[i] === '$' && src[i + 1] === '{') {
        out += '${';
        i += 2;
        templates.push(depth);
        depth++;
        return;
      } else {
        out += src[i] === '\n' ? '\n' : ' ';
        i++;
      }
    }
  };
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"') {
      out += c;
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') {
        out += ' ';
        i += src[i] === '\\' ? 2 : 1;
      }
      out += c;
      i++;
    } else if (c === '`') {
      out += '`';
      i++;
      template();
    } else if (c === '/' && BEFORE_REGEX.has(lastCode())) {
      out += '/';
      i++;
      let inClass = false;
      while (i < src.length && src[i] !== '\n' && (inClass || src[i] !== '/')) {
        if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        out += ' ';
        i += src[i] === '\\' ? 2 : 1;
      }
      out += '/';
      i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (templates.length && templates[templates.length - 1] === depth) {
          templates.pop();
          out += '}';
          i++;
          template();
          continue;
        }
      }
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The text between the bracket at `open` and its match. Angle brackets are not counted: a `<` in
 * a comparison would never be closed, and the class body would silently read as empty.
 */
function inside(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if ('([{'.includes(text[i])) depth++;
    else if (')]}'.includes(text[i])) depth--;
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
  const text = codeOnly(fs.readFileSync(file, 'utf8'));
  const rel = path.relative(path.join(SRC, '..'), file).split(path.sep).join('/');
  for (const m of text.matchAll(/@(?:Injectable|Controller|WebSocketGateway)\([^)]*\)(?:\s*@\w+\([^)]*\))*\s*export\s+(?:abstract\s+)?class\s+(\w+)[^{]*\{/g)) {
    const body = inside(text, m.index + m[0].length - 1);
    const key = `${rel}#${m[1]}`;
    if (!body.trim()) {
      problems.push(`${key}: corps de classe illisible (accolades déséquilibrées ?). Class body could not be read.`);
      continue;
    }
    const ctor = body.search(/\bconstructor\s*\(/);
    if (ctor < 0) continue;
    const count = parameterCount(inside(body, body.indexOf('(', ctor)));
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
