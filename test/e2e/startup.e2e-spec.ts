import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../factories/mosquitto';

jest.setTimeout(90_000);

const ROOT = path.join(__dirname, '..', '..');

/** Starts the real entry point (src/main.ts) as `npm start` would, and collects what it prints. */
function start(env: Record<string, string>, until: RegExp | null, timeoutMs = 60_000, entry = 'src/main.ts') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-start-'));
  const childEnv: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: '0', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  if (!env.REDIS_URL) delete childEnv.REDIS_URL;
  const proc = spawn(process.execPath, ['-r', './bench/register.js', entry], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const done = (code: number | null) => {
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, out });
    };
    const timer = setTimeout(() => (proc.kill('SIGKILL'), done(null)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until && until.test(out)) {
        proc.once('exit', () => done(0));
        proc.kill('SIGTERM');
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => !until && done(code));
  });
}

describe(`start-up (${process.env.TEST_DB})`, () => {
  if (process.env.TEST_DB === 'postgres') {
    it('is covered on SQLite (the entry point is the same)', () => expect(true).toBe(true));
    return;
  }

  it('needs nothing but Node: no REDIS_URL, a fresh SQLite folder, and it says jobs are in the database', async () => {
    const { out } = await start({ MQTT_PORT: String(await freePort()) }, /MQTT\s+mqtt:\/\/[\s\S]*Travaux de fond/);
    expect(out).toContain('Travaux de fond  dans la base de données');
    expect(out).toContain('une seule instance (REDIS_URL pour en avoir plusieurs)');
    expect(out).not.toMatch(/Redis est injoignable/);
  });

  it('refuses a separate worker without Redis, saying jobs then run inside the app', async () => {
    const { code, out } = await start({}, null, 60_000, 'src/worker.ts');
    expect(code).toBe(1);
    expect(out).toContain('il lui faut REDIS_URL et un broker MQTT externe (MQTT_URL)');
  });

  it('starts, migrates and prints the pages, API docs and MQTT addresses', async () => {
    const port = await freePort();
    const { out } = await start({ MQTT_PORT: String(await freePort()), PUBLIC_URL: `http://localhost:${port}` }, /MQTT\s+mqtt:\/\//);
    expect(out).toContain(`Pages web        http://localhost:${port}/`);
    expect(out).toContain(`API (OpenAPI)    http://localhost:${port}/api/docs`);
    expect(out).toMatch(/MQTT\s+mqtt:\/\/localhost:\d+ \(broker intégré/);
  });

  it('says in French, then English, how to create the first admin while there is none', async () => {
    const { out } = await start({ MQTT_PORT: String(await freePort()), ADMIN_EMAIL: '', ADMIN_PASSWORD: '' }, /Base de données .*\n/);
    expect(out).toContain('Aucun administrateur pour l’instant');
    expect(out).toContain('npm run create-admin -- --email vous@exemple.fr');
    expect(out).toContain('ADMIN_EMAIL=vous@exemple.fr et ADMIN_PASSWORD=');
    expect(out).toMatch(/No admin yet: run npm run create-admin -- --email you@example\.org/);
    expect(out.indexOf('Aucun administrateur')).toBeLessThan(out.indexOf('No admin yet'));
  });

  it('says nothing of a first admin once ADMIN_EMAIL / ADMIN_PASSWORD made one, and never prints the password', async () => {
    const password = 'un-mot-de-passe-secret-42';
    const { out } = await start({ MQTT_PORT: String(await freePort()), ADMIN_EMAIL: 'premiere@exemple.fr', ADMIN_PASSWORD: password }, /Base de données .*\n/);
    expect(out).toContain('Fablab Ops est prêt');
    expect(out).not.toContain('Aucun administrateur');
    expect(out).not.toContain('create-admin');
    expect(out).not.toContain(password);
  });

  it('stops with the variable and why when a setting is wrong', async () => {
    const { code, out } = await start({ PORT: 'quatre-vingt', REDIS_URL: 'http://nope' }, null);
    expect(code).toBe(1);
    expect(out).toContain('PORT');
    expect(out).toContain('REDIS_URL');
  });

  it('exits with one clear sentence when Redis cannot be reached, without hanging', async () => {
    const { code, out } = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, null);
    expect(code).toBe(1);
    expect(out).toMatch(/Redis est injoignable .*REDIS_URL/);
  });

  it('refuses an explicitly chosen MQTT port that is taken, and moves off a taken default port loudly', async () => {
    const taken = net.createServer().listen(0, '0.0.0.0');
    await new Promise((r) => taken.once('listening', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const explicit = await start({ MQTT_PORT: String(port) }, null);
      expect(explicit.code).toBe(1);
      expect(explicit.out).toContain(`Le port MQTT ${port} (MQTT_PORT) est déjà utilisé`);
    } finally {
      taken.close();
    }
    // The default 1883 is taken on this machine by Mosquitto (the suite runs it): the broker moves.
    const mosquittoUp = await new Promise<boolean>((r) => {
      const c = net.connect(1883, '127.0.0.1', () => (c.destroy(), r(true)));
      c.on('error', () => r(false));
    });
    if (!mosquittoUp) return;
    const moved = await start({}, /Port 1883 was taken/);
    expect(moved.out).toMatch(/Le port MQTT 1883 était pris : les ponts doivent se connecter au port \d+/);
  });
});
