// End-to-end tests on SQLite: a fresh file per test file (see test/e2e/harness.ts).
delete process.env.DATABASE_URL;
process.env.TEST_DB = 'sqlite';
// The embedded default: no Redis, so jobs go through the database queue and everything else stays
// in process. Files about several instances or Redis itself set REDIS_URL (harness SHARED_REDIS_URL).
delete process.env.REDIS_URL;
