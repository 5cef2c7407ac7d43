import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { ConfigError } from './config/config.schema';
import { createRootLogger, PinoNestLogger } from './infra/logging/logger';
import { assertRedisReachable } from './infra/queue/redis';
import { StartupError } from './infra/startup-error';

/**
 * `npm run worker`: runs the background jobs without serving pages or the API, next to app
 * instances started with QUEUE_WORKERS=false. It is one more instance of the app (it shares the
 * job queue, the change bus and the MQTT broker with them), so it needs what several instances
 * need: REDIS_URL and an external broker (MQTT_URL). Without them, jobs run inside the app. What
 * its jobs push live (a job's progress, a machine freed) reaches the browsers connected to the web
 * instances on the instances' live channel (RealtimeService, LiveShare).
 */
async function main() {
  const config = AppConfig.fromEnv({ ...process.env, QUEUE_WORKERS: 'true' }, { worker: true });
  if (!config.env.REDIS_URL || !config.env.MQTT_URL) {
    throw new StartupError(
      'Un processus de travaux séparé (npm run worker) est une instance de plus : il lui faut REDIS_URL et un broker MQTT externe (MQTT_URL). ' +
        "Sans eux, laissez les travaux tourner dans l'application (QUEUE_WORKERS=true, par défaut). " +
        'A separate worker is one more instance: it needs REDIS_URL and MQTT_URL; without them, jobs run inside the app.',
    );
  }
  await assertRedisReachable(config.env.REDIS_URL);
  const logger = new PinoNestLogger(createRootLogger(config.env.LOG_LEVEL));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger, abortOnError: false });
  app.enableShutdownHooks();
  await app.init();
  process.stdout.write('\n  Fablab Ops : processus de travaux prêt / worker ready (file sur Redis)\n\n');
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof StartupError) process.stderr.write(`\n${err.message}\n\n`);
  else process.stderr.write(`\nLe processus de travaux n'a pas pu démarrer / the worker could not start:\n${err?.stack ?? err}\n`);
  process.exit(1);
});
