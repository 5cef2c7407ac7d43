/** Three tiers (STYLE.md): unit specs beside the code; end-to-end over the whole stack on both
 * databases; browser tests in headless Chromium. */
const transform = {
  '^.+\\.(ts|js|mjs)$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
// NestJS 12 and a few of its dependencies ship ES modules only; Jest on Node 20 cannot require
// them, so they are compiled to CommonJS by swc like our own code (cached after the first run).
const base = {
  transform,
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|aedes|file-type|strtok3|token-types|peek-readable|@tokenizer|uint8array-extras|load-esm|uid|ansis|bcryptjs|msgpackr|es-toolkit)/)',
  ],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

module.exports = {
  // Generous: the machine is shared and has 2 cores; a hang still fails, only later.
  testTimeout: 60000,
  // Each test file loads the whole app again and a worker keeps part of every file's modules: after
  // ~100 files a worker held 4.4 GB and spent its time collecting garbage. A worker past this size
  // is replaced between files (a new one starts in about a second).
  workerIdleMemoryLimit: '1GB',
  testSequencer: '<rootDir>/test/setup/slow-first.sequencer.js',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e-sqlite',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/setup/sqlite.ts'],
    },
    {
      ...base,
      displayName: 'e2e-postgres',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/setup/postgres.ts'],
    },
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      setupFiles: ['<rootDir>/test/setup/sqlite.ts'],
    },
  ],
};
