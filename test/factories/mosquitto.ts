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

const DYNSEC_PLUGIN = [
  '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/mosquitto_dynamic_security.so',
  '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
].find((p) => fs.existsSync(p));

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runMosquitto(dir: string, confFile: string, port: number) {
  const proc: ChildProcess = spawn('mosquitto', ['-c', confFile], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    pid: proc.pid,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A private Mosquitto with the dynamic-security plugin, on a free port, for one test file. */
export async function startDynsecMosquitto(admin: { username: string; password: string }) {
  if (!DYNSEC_PLUGIN) throw new Error('mosquitto_dynamic_security.so not found (apt install mosquitto)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-mosq-'));
  const port = await freePort();
  execFileSync('mosquitto_ctrl', ['dynsec', 'init', path.join(dir, 'dynsec.json'), admin.username, admin.password], { stdio: 'ignore' });
  fs.writeFileSync(
    path.join(dir, 'mosquitto.conf'),
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `user ${os.userInfo().username}`,
      `plugin ${DYNSEC_PLUGIN}`,
      `plugin_opt_config_file ${path.join(dir, 'dynsec.json')}`,
      '',
    ].join('\n'),
  );
  return runMosquitto(dir, path.join(dir, 'mosquitto.conf'), port);
}

const DOCKER_MOSQUITTO = path.join(__dirname, '../../docker/mosquitto');

/**
 * Mosquitto as docker/compose.yaml runs it: its mosquitto.conf (only the listener, the data folder
 * and the plugin's path changed) and its init-dynsec.sh creating the server's admin account.
 */
export async function startComposeMosquitto(server: { username: string; password: string }) {
  if (!DYNSEC_PLUGIN) throw new Error('mosquitto_dynamic_security.so not found (apt install mosquitto)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fablab-compose-mosq-'));
  const port = await freePort();
  const conf = fs
    .readFileSync(path.join(DOCKER_MOSQUITTO, 'mosquitto.conf'), 'utf8')
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1\nuser ${os.userInfo().username}`)
    .replaceAll('/mosquitto/data/', `${dir}/`)
    .replace('/usr/lib/mosquitto_dynamic_security.so', DYNSEC_PLUGIN);
  if (!conf.includes(`listener ${port}`) || conf.includes('/mosquitto/'))
    throw new Error('docker/mosquitto/mosquitto.conf changed shape: update startComposeMosquitto');
  fs.writeFileSync(path.join(dir, 'mosquitto.conf'), conf);
  execFileSync('sh', [path.join(DOCKER_MOSQUITTO, 'init-dynsec.sh')], {
    env: { ...process.env, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password, DYNSEC_FILE: `${dir}/dynamic-security.json`, MOSQUITTO_CONF: '' },
    stdio: 'ignore',
  });
  return runMosquitto(dir, path.join(dir, 'mosquitto.conf'), port);
}
