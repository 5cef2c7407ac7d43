import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { waitUntil } from '../factories/wait';
import { startTestApp, TestApp } from './harness';

const onSqlite = process.env.TEST_DB !== 'postgres';

/** The database file's own size: it grows only when a checkpoint writes new pages into it (the WAL holds them until then). */
const fileSize = (file: string) => fs.statSync(file).size;

(onSqlite ? describe : describe.skip)('SQLite checkpoints off the event loop (sqlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it("the app's connection never checkpoints; a worker writes the log back into the file within seconds", async () => {
    const connection = (t.app.get(DataSource).driver as unknown as { databaseConnection: { pragma(s: string, o?: object): unknown } }).databaseConnection;
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(connection.pragma('synchronous', { simple: true })).toBe(1); // NORMAL, the default
    const file = t.config.database.type === 'sqlite' ? t.config.database.file : '';
    await new Promise((r) => setTimeout(r, 1500)); // what start-up wrote is checkpointed first
    const before = fileSize(file);
    // New pages, far fewer than SQLite's own 1,000-page checkpoint: only the worker puts them in the file.
    const ds = t.app.get(DataSource);
    await ds.query('CREATE TABLE checkpoint_probe (n INTEGER, filler TEXT)');
    for (let n = 0; n < 20; n++) await ds.query('INSERT INTO checkpoint_probe (n, filler) VALUES (?, ?)', [n, 'x'.repeat(2000)]);
    await waitUntil(() => fileSize(file) > before, 5000);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0); // still WAL: only checkpointed, not switched off
  });
});
