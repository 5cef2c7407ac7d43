import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** A group that exists here and is not ours, to see the config really handed to it. */
function otherGroup(): { name: string; gid: number } {
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [name, , gid] = line.split(':');
    if (name && ['dialout', 'nogroup', 'daemon', 'users'].includes(name) && Number(gid) !== process.getgid!()) return { name, gid: Number(gid) };
  }
  throw new Error('no spare group in /etc/group');
}

describe('the bundle and its install script (no systemd needed)', () => {
  const work = mkdtempSync(join(tmpdir(), 'fablab-bundle-'));
  let pkg: string;
  let bundleTgz: string;
  const group = otherGroup();
  const install = (root: string, env: Record<string, string> = {}) =>
    spawnSync('sh', [join(pkg, 'install.sh'), '--root', root, '--no-system'], {
      env: { ...process.env, FABLAB_BRIDGE_GROUP: group.name, ...env },
      encoding: 'utf8',
    });

  beforeAll(() => {
    bundleTgz = execFileSync('sh', [join(ROOT, 'scripts', 'bundle.sh')], { env: { ...process.env, BUNDLE_OUT: work }, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    execFileSync('tar', ['-xzf', bundleTgz, '-C', work]);
    pkg = join(work, readdirSync(work).find((f) => f.startsWith('fablab-bridge-') && !f.endsWith('.tgz'))!);
  }, 480_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the compiled bridge and production dependencies only, with serialport binaries for the Pi', () => {
    expect(existsSync(join(pkg, 'dist', 'cli.js'))).toBe(true);
    expect(existsSync(join(pkg, 'install.sh'))).toBe(true);
    expect(existsSync(join(pkg, 'systemd', 'fablab-bridge.service'))).toBe(true);
    expect(existsSync(join(pkg, 'node_modules', 'mqtt'))).toBe(true);
    for (const dev of ['typescript', 'jest', '@swc/core', '@swc/jest'])
      expect({ dev, there: existsSync(join(pkg, 'node_modules', dev)) }).toEqual({ dev, there: false });
    const prebuilds = join(pkg, 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds');
    expect(readdirSync(join(prebuilds, 'linux-arm'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/armv6\.glibc/), expect.stringMatching(/armv7\.glibc/)]),
    );
    expect(readdirSync(join(prebuilds, 'linux-arm64'))).toEqual(expect.arrayContaining([expect.stringMatching(/armv8\.glibc/)]));
  });

  it('installs the files, protects the config (0640, the bridge group) and writes the unit', () => {
    const root = join(work, 'root1');
    const r = install(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Adaptez .*\/etc\/fablab-bridge\/config\.yaml/);
    expect(existsSync(join(root, 'opt/fablab-bridge/dist/cli.js'))).toBe(true);
    const cfg = statSync(join(root, 'etc/fablab-bridge/config.yaml'));
    expect(cfg.mode & 0o777).toBe(0o640);
    expect(cfg.gid).toBe(group.gid);
    expect(statSync(join(root, 'etc/fablab-bridge')).mode & 0o777).toBe(0o750);
    expect(statSync(join(root, 'var/lib/fablab-bridge')).mode & 0o777).toBe(0o750);
    const unit = readFileSync(join(root, 'etc/systemd/system/fablab-bridge.service'), 'utf8');
    expect(unit).toContain(`ExecStart=${process.execPath} /opt/fablab-bridge/dist/cli.js --config /etc/fablab-bridge/config.yaml`);
    expect(unit).toMatch(/^User=fablab$/m);
    expect(unit).toMatch(/^SupplementaryGroups=dialout$/m);
    expect(unit).toMatch(/^TimeoutStopSec=infinity$/m); // stopping waits for the running job
    expect(statSync(join(root, 'etc/systemd/system/fablab-bridge.service')).mode & 0o777).toBe(0o644);
    // The installed copy runs with production dependencies only (serialport's native binary included).
    const loaded = spawnSync(
      process.execPath,
      ['-e', `const b = require(${JSON.stringify(join(root, 'opt/fablab-bridge/dist/index.js'))}); console.log(typeof b.Bridge, typeof b.openSerial)`],
      { encoding: 'utf8' },
    );
    expect(loaded.stdout.trim()).toBe('function function');
    const version = spawnSync(process.execPath, [join(root, 'opt/fablab-bridge/dist/cli.js'), '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('an update keeps the site config, and puts its protection back', () => {
    const root = join(work, 'root2');
    expect(install(root).status).toBe(0);
    const cfgFile = join(root, 'etc/fablab-bridge/config.yaml');
    writeFileSync(cfgFile, '# my site\n');
    chmodSync(cfgFile, 0o644);
    const r = install(root);
    expect(r.status).toBe(0);
    expect(readFileSync(cfgFile, 'utf8')).toBe('# my site\n');
    expect(statSync(cfgFile).mode & 0o777).toBe(0o640);
    expect(r.stdout).not.toMatch(/Adaptez/);
    expect(existsSync(join(root, 'opt/fablab-bridge.old'))).toBe(false);
  });

  /**
   * `--update` with systemd: a fake `systemctl` on PATH records each call with what is installed
   * at that moment. Its `stop` stands for the real one (TimeoutStopSec=infinity), which returns
   * only once the bridge has finished its running jobs: it takes a while, and the files must not
   * change under it.
   */
  describe('update of a running bridge (systemctl stubbed)', () => {
    const fakeBin = join(work, 'fake-bin');
    const fakeSystemctl = (active: boolean) => {
      mkdirSync(fakeBin, { recursive: true });
      writeFileSync(
        join(fakeBin, 'systemctl'),
        [
          '#!/bin/sh',
          'app="$FAKE_ROOT/opt/fablab-bridge"',
          'mark=new; [ -f "$app/OLD_VERSION" ] && mark=old; [ -d "$app" ] || mark=none',
          'echo "$* | $mark" >> "$FAKE_LOG"',
          'case "$1" in',
          `  is-active) exit ${active ? 0 : 3} ;;`,
          '  stop) [ "$2" = --no-block ] || { sleep 1; echo "stopped after the jobs | $mark" >> "$FAKE_LOG"; } ;;',
          'esac',
          'exit 0',
          '',
        ].join('\n'),
      );
      chmodSync(join(fakeBin, 'systemctl'), 0o755);
    };
    const update = (root: string, args: string[], active = true) => {
      fakeSystemctl(active);
      const log = join(root, 'systemctl.log');
      writeFileSync(log, '');
      const r = spawnSync('sh', [join(pkg, 'install.sh'), '--root', root, '--no-system', '--service', ...args], {
        env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, FAKE_ROOT: root, FAKE_LOG: log, FABLAB_BRIDGE_GROUP: group.name },
        encoding: 'utf8',
      });
      return { ...r, calls: readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) };
    };
    /** An installed older version with its site config and a journal of events not yet sent. */
    const installedOld = (name: string) => {
      const root = join(work, name);
      expect(install(root).status).toBe(0);
      writeFileSync(join(root, 'opt/fablab-bridge/OLD_VERSION'), '0.9.0\n');
      writeFileSync(join(root, 'opt/fablab-bridge/dist/gone-in-new-version.js'), '');
      writeFileSync(join(root, 'etc/fablab-bridge/config.yaml'), 'server:\n  site: fablab-lyon\n');
      mkdirSync(join(root, 'var/lib/fablab-bridge/journal'), { recursive: true });
      writeFileSync(join(root, 'var/lib/fablab-bridge/journal/000001.jsonl'), '{"event":"session.start"}\n');
      return root;
    };

    it('waits for the running jobs (systemctl stop), then replaces the version, keeps config and journal, restarts', () => {
      const root = installedOld('root-update');
      const r = update(root, ['--update']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.calls).toEqual([
        'is-active --quiet fablab-bridge | old',
        'stop fablab-bridge | old',
        'stopped after the jobs | old', // the old version stays in place while its jobs run
        'daemon-reload | new',
        'enable fablab-bridge | new',
        'start fablab-bridge | new',
      ]);
      expect(r.stdout).toMatch(/attend la fin des travaux en cours/);
      expect(existsSync(join(root, 'opt/fablab-bridge/dist/gone-in-new-version.js'))).toBe(false);
      expect(existsSync(join(root, 'opt/fablab-bridge/dist/cli.js'))).toBe(true);
      expect(existsSync(join(root, 'opt/fablab-bridge.old'))).toBe(false);
      expect(existsSync(join(root, 'opt/fablab-bridge.new'))).toBe(false);
      expect(readFileSync(join(root, 'etc/fablab-bridge/config.yaml'), 'utf8')).toBe('server:\n  site: fablab-lyon\n');
      expect(readFileSync(join(root, 'var/lib/fablab-bridge/journal/000001.jsonl'), 'utf8')).toBe('{"event":"session.start"}\n');
      expect(r.stdout).not.toMatch(/Adaptez/);
    });

    it('--force sends the second SIGTERM (running jobs fail) before swapping', () => {
      const root = installedOld('root-force');
      const r = update(root, ['--update', '--force']);
      expect(r.status).toBe(0);
      expect(r.calls).toEqual([
        'is-active --quiet fablab-bridge | old',
        'stop --no-block fablab-bridge | old',
        'kill --kill-whom=main --signal=SIGTERM fablab-bridge | old',
        'stop fablab-bridge | old',
        'stopped after the jobs | old',
        'daemon-reload | new',
        'enable fablab-bridge | new',
        'start fablab-bridge | new',
      ]);
    });

    it('refuses a plain install over a running bridge (it would keep running the old version)', () => {
      const root = installedOld('root-plain');
      const r = update(root, []);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/--update/);
      expect(r.calls).toEqual(['is-active --quiet fablab-bridge | old']);
      expect(existsSync(join(root, 'opt/fablab-bridge/OLD_VERSION'))).toBe(true);
      expect(existsSync(join(root, 'opt/fablab-bridge.new'))).toBe(false);
    });

    it('leaves a bridge stopped on purpose stopped', () => {
      const root = installedOld('root-stopped');
      const r = update(root, ['--update'], false);
      expect(r.status).toBe(0);
      expect(r.calls).toEqual(['is-active --quiet fablab-bridge | old', 'daemon-reload | new', 'enable fablab-bridge | new']);
      expect(r.stdout).toMatch(/était arrêté : il le reste/);
    });
  });

  it('refuses a Node older than 20.19 and says where to get one', () => {
    const fakeNode = join(work, 'node18');
    writeFileSync(fakeNode, '#!/bin/sh\necho 18.19.0\n');
    chmodSync(fakeNode, 0o755);
    const r = install(join(work, 'root3'), { NODE: fakeNode });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Node\.js 18\.19\.0 trouvé .* il faut >= 20\.19/);
    expect(r.stderr).toMatch(/NodeSource/);
    expect(existsSync(join(work, 'root3', 'opt'))).toBe(false);
  });
});
