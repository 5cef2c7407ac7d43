import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

/**
 * The Node versions the project says it runs on (package.json engines, README, CI) are ones every
 * installed dependency accepts: `npm install` on the oldest promised Node gives no EBADENGINE.
 */
const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const ours = JSON.parse(read('package.json')).engines.node as string;

describe('Node versions', () => {
  it('promises a minimum Node version that every locked dependency accepts', () => {
    const min = semver.minVersion(ours)!.version;
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }> };
    const refusing = Object.entries(lock.packages)
      .filter(([name, p]) => name && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(min, (p.engines as { node: string }).node))
      .map(([name, p]) => `${name} wants ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('says the same minimum in the README and installs strictly in CI', () => {
    const min = semver.minVersion(ours)!;
    expect(read('README.md')).toContain(`Node.js ≥ ${min.major}.${min.minor}`);
    expect(read('.ci/run')).toMatch(/npm ci [^\n]*--engine-strict/);
  });
});
