/** Topic names (MQTT contract, "Topics"), all under `fablab/v1/{site}`. */
export class Topics {
  readonly root: string;
  constructor(
    readonly site: string,
    readonly bridge: string,
  ) {
    this.root = `fablab/v1/${site}`;
  }
  status() {
    return `${this.root}/bridges/${this.bridge}/status`;
  }
  heartbeat() {
    return `${this.root}/bridges/${this.bridge}/heartbeat`;
  }
  config() {
    return `${this.root}/bridges/${this.bridge}/config`;
  }
  allowlist() {
    return `${this.root}/bridges/${this.bridge}/allowlist`;
  }
  machine(machine: string, leaf: 'badge' | 'access' | 'cmd' | 'state' | 'telemetry' | 'events' | 'acks') {
    return `${this.root}/machines/${machine}/${leaf}`;
  }
  /** `{machine, leaf}` of a machine topic, or undefined. */
  parseMachine(topic: string): { machine: string; leaf: string } | undefined {
    const prefix = `${this.root}/machines/`;
    if (!topic.startsWith(prefix)) return undefined;
    const [machine, leaf, ...rest] = topic.slice(prefix.length).split('/');
    if (!machine || !leaf || rest.length) return undefined;
    return { machine, leaf };
  }
}
