import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { useBodyParsers, InputParamsInterceptor, InputValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { createRootLogger, PinoNestLogger } from './infra/logging/logger';
import { securityHeaders } from './infra/http/security-headers';
import { REDIS_DOWN_MESSAGE } from './infra/queue/queues';
import { assertRedisReachable } from './infra/queue/redis';
import { RedisIoAdapter } from './infra/realtime/redis-io.adapter';
import { ioKey } from './infra/realtime/realtime-relay';

/** Builds the whole app (used by `npm start`, the demo and the end-to-end tests). */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  if (config.env.REDIS_URL) await assertRedisReachable(config.env.REDIS_URL);
  const logger = new PinoNestLogger(createRootLogger(config.env.LOG_LEVEL));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, abortOnError: false, bodyParser: false });
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  if (config.env.TRUST_PROXY > 0) app.set('trust proxy', config.env.TRUST_PROXY);
  app.use(securityHeaders({ https: config.env.SECURE_COOKIES }));
  app.use(cookieParser());
  useBodyParsers(app);
  app.useGlobalPipes(new InputValidationPipe());
  app.useGlobalInterceptors(new InputParamsInterceptor());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useStaticAssets(path.join(__dirname, 'web', 'assets'), { prefix: '/assets/', maxAge: '1h' });
  app.useWebSocketAdapter(await socketAdapter(app, config));
  setupOpenApi(app);
  return app;
}

/** socket.io over Redis when several instances share it (REDIS_URL), in process otherwise. */
async function socketAdapter(app: NestExpressApplication, config: AppConfig) {
  if (!config.env.REDIS_URL) return new IoAdapter(app);
  const io = new RedisIoAdapter(app, config.env.REDIS_URL, ioKey(config));
  await io.connect();
  return io;
}

/** The body of every error answer (AllExceptionsFilter): a stable code and a French sentence. */
const ERROR_BODY = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer', example: 400 },
    code: { type: 'string', description: 'Code stable, à tester plutôt que le message. Stable code.', example: 'step_not_allowed' },
    message: {
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: 'Ce qui ne va pas, en français (puis en anglais). What is wrong, French first.',
      example: 'Impossible de passer de « Reçu » à « En réparation ».',
    },
    reasons: {
      type: 'array',
      items: { type: 'string' },
      description: 'invalid_input (400) : une raison par champ, pour la placer à côté du champ. One reason per field.',
    },
    fields: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
      description:
        'invalid_input (400) : les raisons par nom de champ, sans le nom devant, pour les placer sous chaque champ (en anglais si la page est en anglais : cookie lang=en). Reasons by field name.',
    },
    field: { type: 'string', description: 'Une règle métier qui porte sur un seul champ le nomme (future_date : passedOn). The one field a rule is about.' },
    retryAfterSeconds: { type: 'integer', description: 'too_many_attempts (429) : attente avant de réessayer (aussi dans Retry-After).' },
  },
  required: ['message'],
};

/** One error answer, with what a client really receives as its example. */
const errorAnswer = (status: number, description: string, example: Record<string, unknown>) =>
  ({ status, description, schema: { ...ERROR_BODY, example: { statusCode: status, ...example } } }) as const;

const ERROR_ANSWERS = [
  errorAnswer(
    400,
    'Requête refusée : un champ manque ou sort de ses limites, chaque raison dans `reasons` (code invalid_input) ; ou une règle métier (autre code). Bad input.',
    {
      code: 'invalid_input',
      error: 'Bad Request',
      message: '« startsAt » : date et heure ISO 8601 avec fuseau attendues (ex. 2026-12-14T09:00:00+01:00). ; « machineId » : identifiant (UUID) attendu.',
      reasons: ['« startsAt » : date et heure ISO 8601 avec fuseau attendues (ex. 2026-12-14T09:00:00+01:00).', '« machineId » : identifiant (UUID) attendu.'],
      fields: { startsAt: ['Date et heure ISO 8601 avec fuseau attendues (ex. 2026-12-14T09:00:00+01:00).'], machineId: ['Identifiant (UUID) attendu.'] },
    },
  ),
  errorAnswer(401, 'Non connecté ou session expirée. Not logged in.', { code: 'login_required', message: 'Connectez-vous. Please log in.' }),
  errorAnswer(403, 'Rôle ou lieu sans droit sur cette ressource. Not allowed for this role or site.', {
    code: 'other_site',
    message: "Ce lieu n'est pas le vôtre. This site is not yours.",
  }),
  errorAnswer(404, 'Introuvable (ou d’un autre lieu). Not found.', { code: 'not_found', message: 'Machine introuvable. Not found.' }),
  errorAnswer(409, "Conflit avec l'état actuel (déjà fait, changé entre-temps). Conflict.", {
    code: 'slug_taken',
    message: 'Le lieu « fablab-lyon » existe déjà. Site slug already used.',
  }),
  errorAnswer(429, 'Trop de tentatives : réessayer après Retry-After secondes. Too many attempts.', {
    code: 'too_many_attempts',
    message: 'Trop de tentatives : réessayez dans 15 minutes. Too many attempts, try again later.',
    retryAfterSeconds: 900,
  }),
  errorAnswer(500, 'Erreur interne, sans détail. Internal error.', { message: 'Erreur interne, réessayez ou prévenez un responsable. Internal error.' }),
  errorAnswer(503, "Redis (file d'attente, sessions) injoignable : rien n'a été fait, réessayer. Service unavailable.", {
    code: 'redis_unavailable',
    message: REDIS_DOWN_MESSAGE,
  }),
];

/**
 * /api/docs. Request and response schemas come from the @nestjs/swagger CLI plugin, which reads
 * the DTOs (types, class-validator limits, doc comments) when `nest build` compiles them
 * (nest-cli.json); the error answers are the same for every route.
 */
function setupOpenApi(app: INestApplication) {
  const builder = new DocumentBuilder()
    .setTitle('Fablab Ops API')
    .setDescription(
      "API du système d'exploitation pour fab labs, EPN et ateliers de réparation. Contrat MQTT : docs/MQTT-PROTOCOL.md. Normes : docs/STANDARDS.md.",
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('fablab_session');
  for (const answer of ERROR_ANSWERS) builder.addGlobalResponse(answer);
  const doc = builder.build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
}
