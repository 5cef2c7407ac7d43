import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import { SwaggerModule } from '@nestjs/swagger';
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { InputValidationPipe } from '../../src/common/validation';
import { startTestApp, TestApp } from './harness';
import { appRoutes } from './support/routes';

// The plugin is a package subpath (`exports`), which this repo's TypeScript resolution (node10)
// cannot see; its types are read from the file.
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as typeof import('@nestjs/swagger/dist/plugin');

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  items?: Schema;
  [k: string]: unknown;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: Parameter[]; responses: Record<string, unknown> };

/**
 * `nest build` runs the @nestjs/swagger plugin over the DTOs (nest-cli.json). Jest compiles with
 * swc, which runs no TypeScript plugin, so this test produces the same metadata with the
 * plugin's own read-only visitor and the options of nest-cli.json, and loads it as the Nest
 * docs say for SWC builds; what /api/docs-json then shows is what the built server shows.
 */
async function loadPluginMetadata() {
  const root = path.join(__dirname, '..', '..');
  const cli = JSON.parse(fs.readFileSync(path.join(root, 'nest-cli.json'), 'utf8'));
  const plugin = cli.compilerOptions.plugins.find((p: { name: string }) => p.name === '@nestjs/swagger');
  // The generated imports are relative to src/, so the file is written there, under a name of
  // its own (both database projects run at once), and removed once loaded.
  const outputDir = path.join(root, 'src');
  const filename = `.openapi-metadata-${process.pid}-${randomBytes(4).toString('hex')}.ts`;
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...plugin.options, pathToSource: outputDir })],
    outputDir,
    filename,
    tsconfigPath: path.relative(process.cwd(), path.join(root, 'tsconfig.build.json')), // the CLI joins it to the cwd
    printDiagnostics: false,
  });
  try {
    const metadata = await import(path.join(outputDir, filename));
    await SwaggerModule.loadPluginMetadata(async () => onlyExported(await metadata.default()));
  } finally {
    fs.rmSync(path.join(outputDir, filename), { force: true });
  }
}

type FileMetadata = [Promise<Record<string, unknown>>, Record<string, unknown>][];

/** The DTO classes the plugin read, by name (= their schema's name), to check the examples against. */
const dtoClasses = new Map<string, new () => object>();

/**
 * The plugin's controller visitor also collects the private exception filters some controller
 * files declare (not controllers, not exported); the loader can only reach exported classes,
 * so those are left out.
 */
async function onlyExported(all: Record<string, { models?: FileMetadata; controllers?: FileMetadata }>) {
  const keep = async (files: FileMetadata = []): Promise<FileMetadata> =>
    Promise.all(
      files.map(async ([file, meta]) => {
        const mod = await file;
        for (const name of Object.keys(meta)) if (typeof mod[name] === 'function') dtoClasses.set(name, mod[name] as new () => object);
        return [Promise.resolve(mod), Object.fromEntries(Object.entries(meta).filter(([name]) => mod[name]))] as FileMetadata[number];
      }),
    );
  const swagger = all['@nestjs/swagger'];
  return { '@nestjs/swagger': { models: await keep(swagger.models), controllers: await keep(swagger.controllers) } };
}

describe(`OpenAPI document (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  beforeAll(async () => {
    t = await startTestApp();
    await loadPluginMetadata();
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
  }, 180_000);
  afterAll(() => t?.close());

  const resolve = (s: Schema): Schema => {
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.split('/').pop()!]);
    if (!s.allOf) return s;
    // A multipart form: the DTO's fields plus the file.
    const parts = s.allOf.map(resolve);
    return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) };
  };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([route, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${route}`, op })));

  it('describes every request body with its fields and their types (no empty object)', () => {
    const bodies = operations().filter(({ op }) => op.requestBody);
    expect(bodies.length).toBeGreaterThanOrEqual(55);
    const empty = bodies
      .filter(({ op }) => {
        const content = op.requestBody!.content;
        const schema = resolve((content['application/json'] ?? content['multipart/form-data'] ?? Object.values(content)[0]).schema);
        const fields = Object.values(schema.properties ?? {});
        return fields.length === 0 || fields.some((f) => !f.type && !f.$ref && !f.enum && !f.allOf && !f.oneOf);
      })
      .map(({ name }) => name);
    expect(empty).toEqual([]);
  });

  const bodySchema = (op: Operation) => {
    const content = op.requestBody!.content;
    return resolve((content['application/json'] ?? content['multipart/form-data'] ?? Object.values(content)[0]).schema);
  };

  it('gives an example for every field of every request body, nested objects included', () => {
    const missing: string[] = [];
    const check = (where: string, schema: Schema, seen: Set<Schema>) => {
      if (seen.has(schema)) return;
      seen.add(schema);
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        const field = `${where}.${name}`;
        if (prop.format === 'binary') continue; // the uploaded file of a multipart form
        if (prop.example === undefined && prop.examples === undefined) missing.push(field);
        const inner = prop.items ?? prop;
        if (inner.$ref || inner.allOf) check(field, resolve(inner), seen);
      }
    };
    for (const { name, op } of operations().filter(({ op }) => op.requestBody)) check(name, bodySchema(op), new Set());
    expect(missing).toEqual([]);
  });

  it('gives examples a client can send as they are: each body made of them passes its own rules', async () => {
    const refs = (schema: Schema): string[] => (schema.$ref ? [schema.$ref.split('/').pop()!] : (schema.allOf ?? []).flatMap(refs));
    const names = new Set(
      operations()
        .filter(({ op }) => op.requestBody)
        .flatMap(({ op }) => Object.values(op.requestBody!.content).flatMap((c) => refs(c.schema))),
    );
    expect(names.size).toBeGreaterThanOrEqual(50);
    const pipe = new InputValidationPipe();
    const refused: string[] = [];
    for (const name of names) {
      const dto = dtoClasses.get(name);
      if (!dto) {
        refused.push(`${name}: no class`);
        continue;
      }
      const fields = Object.entries(resolve({ $ref: `#/components/schemas/${name}` }).properties ?? {}).filter(([, p]) => p.format !== 'binary');
      const body = Object.fromEntries(fields.map(([field, p]) => [field, p.example ?? (p.examples as unknown[] | undefined)?.[0]]));
      await pipe
        .transform(body, { type: 'body', metatype: dto, data: '' })
        .catch((err) => refused.push(`${name}: ${err.message} ${JSON.stringify(err.getResponse?.().reasons)}`));
    }
    expect(refused).toEqual([]);
  });

  it('documents the input errors (400 invalid_input with reasons), 429 and 503 redis_unavailable on every route', () => {
    const answers = (op: Operation, status: string) => op.responses[status] as { description: string; content: Record<string, { schema: Schema }> } | undefined;
    const undocumented = operations()
      .filter(({ op }) => ['400', '429', '503'].some((status) => !answers(op, status)?.content?.['application/json']))
      .map(({ name }) => name);
    expect(undocumented).toEqual([]);
    const op = operations()[0].op;
    const example = (status: string) => answers(op, status)!.content['application/json'].schema.example as Record<string, unknown>;
    expect(example('400')).toMatchObject({ statusCode: 400, code: 'invalid_input', reasons: expect.arrayContaining([expect.stringContaining('startsAt')]) });
    expect(answers(op, '400')!.content['application/json'].schema.properties!.reasons).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(example('429')).toMatchObject({ statusCode: 429, code: 'too_many_attempts', retryAfterSeconds: 900 });
    expect(example('503')).toMatchObject({ statusCode: 503, code: 'redis_unavailable' });
    for (const status of ['401', '403', '404', '409'])
      expect(example(status)).toMatchObject({ statusCode: Number(status), code: expect.any(String), message: expect.any(String) });
  });

  it('shows the limits class-validator enforces and which fields are required', () => {
    const login = resolve({ $ref: '#/components/schemas/LoginDto' });
    expect(login.properties!.email).toMatchObject({ type: 'string', format: 'email' });
    expect(login.properties!.password).toMatchObject({ type: 'string', minLength: 1 });
    expect(login.required).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it("shows each route's query parameters, with their types and limits", () => {
    const declared = appRoutes(t).filter((r) => r.path.startsWith('/api/') && r.query.length);
    expect(declared.length).toBeGreaterThan(30);
    const missing = declared.flatMap((r) => {
      const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      const shown = new Set((op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      return r.query.filter((name) => !shown.has(name)).map((name) => `${r.method.toUpperCase()} ${r.path} ?${name}`);
    });
    expect(missing).toEqual([]);
    const decisions = doc.paths['/api/access/decisions'].get.parameters!;
    expect(decisions.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'number', minimum: 1, maximum: 500 } });
    expect(decisions.find((p) => p.name === 'siteId')).toMatchObject({ in: 'query', required: false, schema: { type: 'string', format: 'uuid' } });
    const statements = doc.paths['/api/charges/statements'].get.parameters!;
    expect(statements.find((p) => p.name === 'month')).toMatchObject({ in: 'query', required: true });
  });

  it('documents the error answers (400 with a French message, 403, 404…) on every route', () => {
    for (const { name, op } of operations()) {
      for (const status of ['400', '401', '403', '404', '409', '429', '500', '503'])
        expect([name, status, op.responses[status]]).toEqual([name, status, expect.anything()]);
    }
    const bad = operations()[0].op.responses['400'] as { content: Record<string, { schema: Schema }> };
    expect(Object.keys(bad.content['application/json'].schema.properties!)).toEqual(expect.arrayContaining(['code', 'message']));
  });
});
