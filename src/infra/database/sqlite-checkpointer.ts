import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';

/** How often the WAL is copied back into the database file, off the event loop. */
const CHECKPOINT_EVERY_MS = 1000;
/** SQLite's own default: what the app's connection goes back to if the worker stops. */
const AUTO_CHECKPOINT_PAGES = 1000;

/** The worker: its own connection to the same file, a passive checkpoint every so often. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.synchronous);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message || err)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * SQLite under WAL copies its log back into the database file at checkpoints, and syncs the disk
 * then; by default a commit that crosses 1,000 pages does it, on the event loop (better-sqlite3 is
 * synchronous): badges waited 10–40 ms behind one (docs/benchmarks.md, issue 16). Here a worker
 * thread with its own connection checkpoints every second instead, and the app's connection never
 * does — unless the worker stops, when it takes over again.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Database');
  private worker?: Worker;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.database.type !== 'sqlite') return;
    const connection = (this.dataSource.driver as unknown as { databaseConnection: { pragma(s: string): unknown } }).databaseConnection;
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: this.config.database.file,
        synchronous: this.config.env.SQLITE_SYNCHRONOUS.toUpperCase(),
        everyMs: CHECKPOINT_EVERY_MS,
      },
    });
    worker.unref();
    worker.on('message', (why) => this.log.warn(`checkpoint: ${why}`));
    worker.on('error', (err) => this.log.warn(`checkpoint worker: ${err.message}`));
    worker.on('exit', () => {
      if (this.stopping) return;
      this.log.warn('checkpoint worker stopped: the app checkpoints again itself');
      connection.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    });
    connection.pragma('wal_autocheckpoint = 0');
    this.worker = worker;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((r) => worker.once('exit', r));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
    await worker.terminate();
  }
}
