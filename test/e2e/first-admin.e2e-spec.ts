import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { LoginHints } from '../../src/auth/login-hints';
import { login } from '../factories/api.factory';
import { startTestApp, TestApp } from './harness';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..', '..');
const FIRST = { email: 'premiere.admin@exemple.fr', password: 'premier-mot-de-passe-7' };

/** `npm run create-admin -- --email … --password …`, on the same data as the running app. */
function createAdmin(t: TestApp, email: string, password: string): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, DATA_DIR: t.config.env.DATA_DIR, LOG_LEVEL: 'warn' } as Record<string, string>;
  const proc = spawn(process.execPath, ['-r', './bench/register.js', 'src/cli/create-admin.ts', '--email', email, '--password', password], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, out })));
}

describe(`first admin: the login page says how (${process.env.TEST_DB})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    // No ADMIN_EMAIL / ADMIN_PASSWORD: a fresh install nobody can log in to yet.
    t = await startTestApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('shows, while no admin exists, how to create the first one, in French then English', async () => {
    const fr = (await t.http().get('/login').expect(200)).text;
    expect(fr).toContain('Aucun administrateur pour l’instant');
    expect(fr).toContain('npm run create-admin -- --email vous@exemple.fr');
    expect(fr).toContain('ADMIN_EMAIL');
    expect(fr).toContain('ADMIN_PASSWORD');
    expect(fr).not.toMatch(/style=/);
    // Nothing internal: no path, database, secret or demo account.
    expect(fr).not.toContain(t.config.env.DATA_DIR);
    expect(fr).not.toMatch(/postgres(ql)?:\/\/|redis:\/\/|mqtt:\/\//i);
    expect(fr).not.toContain('Comptes de démonstration');
    const en = (await t.http().get('/login?lang=en').set('Accept-Language', 'en').expect(200)).text;
    expect(en).toContain('No administrator yet');
  });

  it('stops showing it once the first admin exists, who can then log in', async () => {
    const made = await createAdmin(t, FIRST.email, FIRST.password);
    expect(made).toMatchObject({ code: 0 });
    expect(made.out).toContain('Administrateur créé');
    const page = (await t.http().get('/login').expect(200)).text;
    expect(page).toContain('Se connecter');
    expect(page).not.toContain('Aucun administrateur');
    expect(page).not.toContain('create-admin');
    expect(await login(t, FIRST.email, FIRST.password)).toBeTruthy();
  });

  it('never lists demo logins outside the demo (DEMO unset), even if asked to', async () => {
    t.app.get(LoginHints).showDemoLogins([{ role: 'Maker', name: 'Amina Kaci', email: 'amina.kaci@demo.fablab', password: 'demo-maker-2026' }]);
    const page = (await t.http().get('/login').expect(200)).text;
    expect(page).not.toContain('demo-maker-2026');
    expect(page).not.toContain('Comptes de démonstration');
  });
});
