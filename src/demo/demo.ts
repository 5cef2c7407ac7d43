import { INestApplication, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { LoginHints } from '../auth/login-hints';
import { demoAdminViewer, seedDemo } from './demo-seed';
import { startFirstPrints } from './demo-workshop';
import { DemoSimulator, SimulatorOptions } from './demo-simulator';

export interface DemoOptions extends SimulatorOptions {
  /** Do not print the start-up lines (tests). */
  quiet?: boolean;
}

export interface DemoHandle {
  siteId: string;
  siteSlug: string;
  seeded: boolean;
  simulator: DemoSimulator;
  /** How many waiting print jobs this start sent to an idle printer. */
  prints: Promise<number>;
  stop: () => Promise<void>;
}

/**
 * `npm run demo`: seeds the demo site once, then starts simulated machines that badge in, run and
 * report telemetry over MQTT. The simulator stops when the app closes.
 */
export async function startDemo(app: INestApplication, config: AppConfig, options: DemoOptions = {}): Promise<DemoHandle> {
  const seed = await seedDemo(app, config);
  app.get(LoginHints).showDemoLogins(seed.logins);
  const simulator = new DemoSimulator(app, config, seed.siteId, seed.siteSlug, options);
  await simulator.start(seed.bridge);
  // The next print in line on each idle printer starts: one finishing soon, one long, others waiting.
  const prints = startFirstPrints(app, seed.siteId, demoAdminViewer(), () => simulator.isStopped);
  prints.catch((err) => new Logger('Demo').warn(`démo : impressions non lancées (${(err as Error).message})`));

  // Stop the simulated bridge before the broker and the database go away.
  const close = app.close.bind(app);
  app.close = async () => {
    await simulator.stop();
    return close();
  };

  if (!options.quiet) {
    const url = config.publicUrl;
    process.stdout.write(
      [
        '  Démo : un compte par rôle (aussi sur la page de connexion) / one login per role:',
        ...seed.logins.map((l) => `    ${l.role.padEnd(34)} ${l.email} / ${l.password}`),
        `  Machines         ${url}/machines`,
        `  Écran mural      ${url}/dashboard`,
        seed.created ? '  (lieu « Fab Lab des Capucins » créé / demo site created)' : '  (lieu de démo déjà présent / demo site already there)',
        '',
      ].join('\n') + '\n',
    );
  }
  return { siteId: seed.siteId, siteSlug: seed.siteSlug, seeded: seed.created, simulator, prints: prints.catch(() => 0), stop: () => simulator.stop() };
}
