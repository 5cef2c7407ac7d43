// End-to-end tests on SQLite: a fresh file per test file (see test/e2e/harness.ts).
delete process.env.DATABASE_URL;
process.env.TEST_DB = 'sqlite';
