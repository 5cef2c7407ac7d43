import * as fs from 'node:fs';
import * as path from 'node:path';

/** Loads every migration class of one folder (`<timestamp>-<Name>.ts|js`), oldest first. */
export function loadMigrations(dir: string): Function[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{13}-[\w-]+\.(ts|js)$/.test(f))
    .sort()
    .flatMap((f) => Object.values(require(path.join(dir, f))) as Function[])
    .filter((v) => typeof v === 'function');
}
