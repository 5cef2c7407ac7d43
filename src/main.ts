import 'reflect-metadata';
import { ConfigError } from './config/config.schema';
import { AppConfig } from './config/app-config';
import { createApp } from './app.factory';
import { AuthService } from './auth/auth.service';
import { firstAdminLogLines } from './auth/login-hints';
import { MqttService } from './infra/mqtt/mqtt.service';
import { StartupError } from './infra/startup-error';

/** Bootstrap only: configuration, the app, and the three addresses a newcomer needs. */
async function main() {
  const config = AppConfig.fromEnv();
  const app = await createApp(config);
  await app.listen(config.env.PORT, config.env.HOST);
  const mqtt = app.get(MqttService);
  const url = config.publicUrl;
  // The demo makes its own admin; otherwise a newcomer with no admin reads how to get in.
  const noAdmin = !config.env.DEMO && !(await app.get(AuthService).adminExists());
  const lines = [
    '',
    '  Fablab Ops est prêt / is ready',
    `  Pages web        ${url}/`,
    `  API (OpenAPI)    ${url}/api/docs`,
    `  MQTT             ${mqtt.brokerUrl}${mqtt.embeddedPort ? ' (broker intégré / embedded broker)' : ''}`,
    ...(mqtt.movedFromPort
      ? [
          `  (!) Le port MQTT ${mqtt.movedFromPort} était pris : les ponts doivent se connecter au port ${mqtt.embeddedPort}.`,
          `      Port ${mqtt.movedFromPort} was taken: bridges must connect to port ${mqtt.embeddedPort}.`,
        ]
      : []),
    `  Base de données  ${config.database.type === 'sqlite' ? config.database.file : 'PostgreSQL'}`,
    ...(config.env.REDIS_URL
      ? [`  Redis            ${redactedUrl(config.env.REDIS_URL)} (travaux, limites, temps réel partagés : plusieurs instances possibles / several instances)`]
      : [
          '  Travaux de fond  dans la base de données, tout le reste en mémoire : une seule instance (REDIS_URL pour en avoir plusieurs)',
          '                   in the database, everything else in process: one instance only (set REDIS_URL for several)',
        ]),
    ...(config.env.QUEUE_WORKERS ? [] : ['  (!) QUEUE_WORKERS=false : les travaux tournent dans « npm run worker » / jobs run in a separate worker']),
    '',
    ...(noAdmin ? [...firstAdminLogLines(), ''] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (config.env.DEMO) {
    const { startDemo } = await import('./demo/demo');
    await startDemo(app, config);
  }
}

/** An address without its password, for the start-up lines. */
function redactedUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StartupError) {
    process.stderr.write(`\n${err.message}\n\n`);
  } else {
    process.stderr.write(`\nLe serveur n'a pas pu démarrer / the server could not start:\n${err?.stack ?? err}\n`);
  }
  process.exit(1);
});
