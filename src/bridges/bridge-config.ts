/** What a paired bridge needs in its `config.yaml` (firmware-bridge/config.example.yaml). */
export interface BridgeConfigInput {
  mqttUrl: string;
  site: string;
  bridge: string;
  username: string;
  password: string;
  publicKeyPem: string;
  httpBaseUrl: string;
  machines: string[];
}

/** JSON strings are YAML double-quoted scalars: any value (a password with `#` or `:`) stays intact. */
const q = (s: string) => JSON.stringify(s);

/**
 * A ready-to-paste `config.yaml`: the `server` part is complete; one reader per machine is
 * sketched, its serial port to be filled in (the installer knows the wiring, we do not).
 */
export function bridgeConfigYaml(c: BridgeConfigInput): string {
  const key = c.publicKeyPem
    .trim()
    .split('\n')
    .map((line) => `    ${line}`);
  const lines = [
    "# Passerelle fab lab : configuration donnée à l'appairage (firmware-bridge/README.md).",
    '# À copier vers /etc/fablab-bridge/config.yaml ; compléter les ports série des appareils.',
    'server:',
    `  mqttUrl: ${q(c.mqttUrl)}`,
    `  site: ${q(c.site)}`,
    `  bridge: ${q(c.bridge)}`,
    `  username: ${q(c.username)}`,
    `  password: ${q(c.password)}`,
    '  publicKey: |',
    ...key,
    `  httpBaseUrl: ${q(c.httpBaseUrl)}`,
    'dataDir: /var/lib/fablab-bridge',
    '',
    'devices:',
  ];
  if (!c.machines.length) lines.push('  # Aucune machine affectée : ajoutez lecteurs et relais ici.', '  []');
  for (const m of c.machines) {
    lines.push(`  - name: ${q(`lecteur-${m}`)}`, '    driver: fablab-board', '    port: /dev/serial/by-id/A-RENSEIGNER', `    machine: ${q(m)}`);
  }
  lines.push('', 'machines:');
  if (!c.machines.length) lines.push('  {}');
  for (const m of c.machines) lines.push(`  ${q(m)}:`, `    relay: ${q(`lecteur-${m}`)}`);
  return `${lines.join('\n')}\n`;
}
