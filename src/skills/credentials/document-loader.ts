import * as fs from 'node:fs';
import * as path from 'node:path';

/** The only JSON-LD contexts a credential may use: local copies, never fetched. */
export const CONTEXT_FILES: Record<string, string> = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  // Only the W3C test vectors use it; kept so the signer can be checked against them.
  'https://www.w3.org/ns/credentials/examples/v2': 'credentials-examples-v2.jsonld',
};

function contextsDir(): string {
  const beside = path.join(__dirname, 'contexts');
  if (fs.existsSync(beside)) return beside;
  // Built code (dist/) has no JSON copies: read them from the source tree.
  return path.resolve(process.cwd(), 'src/skills/credentials/contexts');
}

const cache = new Map<string, unknown>();

export function loadContext(url: string): unknown {
  const file = CONTEXT_FILES[url];
  if (!file) throw new Error(`JSON-LD context not available offline: ${url}`);
  if (!cache.has(url)) cache.set(url, JSON.parse(fs.readFileSync(path.join(contextsDir(), file), 'utf8')));
  return cache.get(url);
}

/** jsonld.js document loader serving only the local contexts; any other URL fails. */
export async function localDocumentLoader(url: string) {
  return { contextUrl: null, documentUrl: url, document: loadContext(url) };
}
