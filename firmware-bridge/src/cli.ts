#!/usr/bin/env node
import { loadConfig, ConfigError } from './config';
import { bridgeVersion } from './bridge';
import { BridgeRunner } from './runner';
import { checkDevices, checkServer, STOP_SERVICE_FIRST } from './check';
import type { LoadedConfig } from './config';
import { createLogger } from './util/log';

function usage(): never {
  process.stderr.write(
    'usage: fablab-bridge --config <file.yaml|file.json> [--check [--click]]\n' +
      '  --check   (service stopped) probe every serial device, then the server: MQTT login, topic\n' +
      '            rights for the site and bridge names, the signed allow-list, the job files URL\n' +
      '  --click   with --check: switch each relay on for 1 s, beep and show a line on the boards\n',
  );
  process.exit(2);
}

/** `--check`: one line per device and per server check; exit 0 when all passed. */
async function check(cfg: LoadedConfig, click: boolean): Promise<number> {
  const devices = await checkDevices(cfg, 6000, undefined, click);
  for (const r of devices) console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.device} (${r.driver}, machine ${r.machine}) ${r.port}: ${r.detail}`);
  if (devices.some((r) => r.detail === STOP_SERVICE_FIRST)) {
    // The broker takes one connection per client id: checking now would push the service off.
    console.log(`SKIP server checks: ${STOP_SERVICE_FIRST}`);
    return 1;
  }
  const server = await checkServer(cfg);
  for (const r of server) console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.what}: ${r.detail}`);
  return [...devices, ...server].every((r) => r.ok) ? 0 : 1;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--version')) {
    console.log(bridgeVersion());
    return;
  }
  const i = args.indexOf('--config');
  const file = i >= 0 ? args[i + 1] : process.env.FABLAB_BRIDGE_CONFIG;
  if (!file) usage();
  let cfg;
  try {
    cfg = loadConfig(file);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (args.includes('--check')) process.exit(await check(cfg, args.includes('--click')));
  const log = createLogger('main');
  // config.yaml, with the last good configuration served by the server applied (and again on change).
  const runner = new BridgeRunner(cfg);
  runner.start();
  log.info(`bridge ${cfg.server.bridge} (site ${cfg.server.site}) started, version ${bridgeVersion()}`);
  // Stopping waits for the running jobs (an update must not cut a print); a second signal stops
  // at once and the jobs fail saying so.
  let stopping = false;
  let force: () => void = () => undefined;
  const forced = new Promise<'forced'>((r) => (force = () => r('forced')));
  const stop = async (sig: string) => {
    if (stopping) {
      log.warn(`${sig} again: stopping now; running jobs fail`);
      return force();
    }
    stopping = true;
    log.info(`${sig}: stopping`);
    // A configuration being applied (waiting for a job) is let finish, or cut by a second signal.
    runner.stopApplying();
    const applied = await Promise.race([runner.settled().then(() => 'settled' as const), forced]);
    const bridge = runner.current();
    const how =
      applied === 'forced'
        ? applied
        : await Promise.race([
            bridge.drain((jobs) =>
              log.info(
                `waiting for ${jobs.map((j) => `job ${j.jobId} on ${j.machine}`).join(', ')} to finish before stopping ` +
                  `(no new job is accepted; send ${sig} again to stop now and fail it)`,
              ),
            ),
            forced,
          ]);
    const t = setTimeout(() => process.exit(1), 5000);
    await bridge.stop(how === 'forced' ? `bridge stopped by force (${sig} sent twice) during the job` : 'bridge stopped').catch(() => undefined);
    clearTimeout(t);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('uncaughtException', (e) => log.error('uncaught exception', e));
  process.on('unhandledRejection', (e) => log.error('unhandled rejection', e as Error));
}

void main();
