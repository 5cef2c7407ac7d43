#!/usr/bin/env node
import { loadConfig, ConfigError } from './config';
import { Bridge, bridgeVersion } from './bridge';
import { checkDevices } from './check';
import { createLogger } from './util/log';

function usage(): never {
  process.stderr.write(
    'usage: fablab-bridge --config <file.yaml|file.json> [--check]\n' +
      '  --check   open every configured serial port, say which device answered, then exit\n',
  );
  process.exit(2);
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
  if (args.includes('--check')) {
    const results = await checkDevices(cfg);
    for (const r of results)
      console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.device} (${r.driver}, machine ${r.machine}) ${r.port}: ${r.detail}`);
    process.exit(results.every((r) => r.ok) ? 0 : 1);
  }
  const log = createLogger('main');
  const bridge = new Bridge(cfg);
  bridge.start();
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
    const how = await Promise.race([
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
