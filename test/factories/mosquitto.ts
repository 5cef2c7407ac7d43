import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const DYNSEC_PLUGIN = ['/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so', '/usr/lib/mosquitto_dynamic_security.so', '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so'].find((p) => fs.existsSync(p));

/** A private Mosquitto with the dynamic-security plugin, on a free port, for one test file. */
export async function startDynsecMosquitto(admin: { username: string; password: string }) {
  if (!DYNSEC_PLUGIN) throw new Error('mosquitto_dynamic_security.so not found (apt install mosquitto)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-mosq-'));
  const port = await freePort();
  execFileSync('mosquitto_ctrl', ['dynsec', 'init', path.join(dir, 'dynsec.json'), admin.username, admin.password], { stdio: 'ignore' });
  fs.writeFileSync(
    path.join(dir, 'mosquitto.conf'),
    [`listener ${port} 127.0.0.1`, 'allow_anonymous false', `user ${os.userInfo().username}`, `plugin ${DYNSEC_PLUGIN}`, `plugin_opt_config_file ${path.join(dir, 'dynsec.json')}`, ''].join('\n'),
  );
  const proc: ChildProcess = spawn('mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
