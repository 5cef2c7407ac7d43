import { loadPublicKey } from './allowlist/allowlist';
import { Bridge, BridgeOptions } from './bridge';
import type { LoadedConfig } from './config';
import { RemoteConfigStore } from './remote/remote-config';
import { createLogger } from './util/log';

/**
 * Runs the bridge with the configuration it should have: config.yaml with the last good served
 * configuration applied (kept on disk, so a restart without the server runs it too), and runs it
 * again whenever a newer one is accepted. Applying one is a restart of the bridge in the process,
 * as an update's restart is: running jobs end first (no new one is taken meanwhile), the devices
 * are closed and opened again, and the MQTT connection is made again.
 */
export class BridgeRunner {
  readonly remote: RemoteConfigStore;
  private bridge?: Bridge;
  private applying: Promise<void> = Promise.resolve();
  private stopping = false;
  private log = createLogger('main');

  constructor(
    readonly local: LoadedConfig,
    private readonly opts: Pick<BridgeOptions, 'bindingFor'> = {},
  ) {
    this.remote = new RemoteConfigStore(local, loadPublicKey(local.publicKeyPem));
  }

  /** Starts with the stored served configuration if there is a good one, else config.yaml's. */
  start(): Bridge {
    const v = this.remote.version();
    this.log.info(v ? `devices and machines from the served configuration version ${v} (stored on disk)` : 'devices and machines from config.yaml');
    this.bridge = this.make(this.remote.effective());
    this.bridge.start();
    return this.bridge;
  }

  current(): Bridge {
    if (!this.bridge) throw new Error('bridge not started');
    return this.bridge;
  }

  /** Resolves once the configuration changes asked so far are applied (tests, and a clean stop). */
  settled(): Promise<void> {
    return this.applying;
  }

  private make(cfg: LoadedConfig): Bridge {
    return new Bridge(cfg, { ...this.opts, remote: this.remote, onConfig: (_effective, version) => this.apply(version) });
  }

  /** One change at a time; a later one arriving meanwhile runs the newest stored version. */
  private apply(version: number): void {
    this.applying = this.applying.then(async () => {
      if (this.stopping || !this.bridge) return;
      const old = this.bridge;
      this.log.info(`applying configuration version ${version}: the bridge restarts once its running jobs end`);
      await old.drain((jobs) => this.log.info(`configuration ${version} waits for ${jobs.map((j) => `job ${j.jobId} on ${j.machine}`).join(', ')}`));
      if (this.stopping) return;
      await old
        .stop(`bridge restarted for configuration version ${version}`)
        .catch((e) => this.log.error('stopping for the new configuration failed', e as Error));
      this.bridge = this.make(this.remote.effective());
      this.bridge.start();
      this.log.info(`configuration version ${this.remote.version()} applied (${this.bridge.devices.length} devices, ${this.bridge.machines.size} machines)`);
    });
  }

  /** No configuration is applied any more: the caller drains and stops `current()`. */
  stopApplying(): void {
    this.stopping = true;
  }
}
