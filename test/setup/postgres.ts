import { randomBytes } from 'node:crypto';

// End-to-end tests on PostgreSQL: a fresh database per test file, created by the harness.
// Set before any entity is imported, since column types follow the driver.
const base = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
process.env.DATABASE_URL = `${base}/fablab_t_${randomBytes(5).toString('hex')}`;
process.env.TEST_DB = 'postgres';
// Production as docker/compose.yaml runs it: BullMQ, rate limits and pub/sub on the shared Redis.
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
