// Import rules of the server and the bridge (docs/ARCHITECTURE.md, "Import rules").
// Run with `npm run lint:deps` (also a step of scripts/test.sh, before jest).
const fs = require('node:fs');
const path = require('node:path');

/** Shared layers: they serve every feature and import none. */
const SHARED = ['web', 'common', 'infra', 'config'];
/** Composition tools (the CLIs, the demo): like app.module.ts, they may reach every feature. */
const COMPOSITION = ['cli', 'demo'];
/** Every other folder of src/ is a feature (access, bookings, machines…). */
const FEATURES = fs
  .readdirSync(path.join(__dirname, 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !SHARED.includes(d.name) && !COMPOSITION.includes(d.name))
  .map((d) => d.name);
const feature = `(${FEATURES.join('|')})`;

/**
 * Known exceptions, to shrink only: each file here still imports another feature's entities at
 * run time. Remove a line when its file is fixed; never add one.
 */
const ENTITY_IMPORT_EXCEPTIONS = [];

module.exports = {
  forbidden: [
    {
      name: 'feature-entities-stay-home',
      severity: 'error',
      comment:
        "A feature reads and writes another feature's rows through that feature's service, never through its " +
        'repository: outside entity files (foreign keys, relations), another feature\'s entities/ is imported ' +
        'for types only (`import type`), so it cannot be handed to @InjectRepository or forFeature.',
      // dto/ folders take validation lists (MACHINE_TYPES) and are no providers: they cannot inject a
      // repository (scripts/check-repositories.js watches every file anyway).
      from: { path: `^src/${feature}/`, pathNot: ['/entities/', '/dto/', '\\.spec\\.ts$', ...ENTITY_IMPORT_EXCEPTIONS] },
      to: { path: `^src/${feature}/entities/`, pathNot: '^src/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'shared-layers-know-no-feature',
      severity: 'error',
      comment:
        'The page kit (src/web), src/common, src/infra and src/config serve every feature: importing one would ' +
        'tie them to it and make cycles. What they need from a feature is handed in (the entity list) or lives ' +
        'in the shared layer itself (roles, Paris days).',
      from: { path: `^src/(${SHARED.join('|')})/` },
      to: { path: [`^src/${feature}/`, `^src/(${COMPOSITION.join('|')})/`, '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'features-do-not-import-the-composition',
      severity: 'error',
      comment: 'app.module.ts, app.entities.ts, data-source.ts, the CLIs and the demo put features together; a feature importing them would import every feature.',
      from: { path: `^src/${feature}/` },
      to: { path: [`^src/(${COMPOSITION.join('|')})/`, '^src/[^/]+\\.ts$'] },
    },
    {
      name: 'bridge-and-server-apart',
      severity: 'error',
      comment:
        'firmware-bridge runs on a small machine beside the tools and is built and shipped on its own; the server ' +
        'and the bridge only share the MQTT contract (docs/MQTT-PROTOCOL.md). Tests may check one against the other.',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^firmware-bridge/' },
    },
    {
      name: 'bridge-and-server-apart',
      severity: 'error',
      comment: 'The other way round: the bridge never imports the server.',
      from: { path: '^firmware-bridge/', pathNot: '\\.(spec|test)\\.ts$' },
      to: { path: '^src/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '(^|/)node_modules/'] },
    // Type-only imports must be seen (and told apart) for the entities rule.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
