import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import * as path from 'node:path';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { useBodyParsers, InputParamsInterceptor, InputValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { createRootLogger, PinoNestLogger } from './infra/logging/logger';
import { assertRedisReachable } from './infra/queue/redis';
import { RedisIoAdapter } from './infra/realtime/redis-io.adapter';

/** Builds the whole app (used by `npm start`, the demo and the end-to-end tests). */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  await assertRedisReachable(config.env.REDIS_URL);
  const logger = new PinoNestLogger(createRootLogger(config.env.LOG_LEVEL));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger, abortOnError: false, bodyParser: false });
  app.enableShutdownHooks();
  app.use(cookieParser());
  useBodyParsers(app);
  app.useGlobalPipes(new InputValidationPipe());
  app.useGlobalInterceptors(new InputParamsInterceptor());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useStaticAssets(path.join(__dirname, 'web', 'assets'), { prefix: '/assets/', maxAge: '1h' });
  const io = new RedisIoAdapter(app, config.env.REDIS_URL, `${config.env.QUEUE_PREFIX}-io`);
  await io.connect();
  app.useWebSocketAdapter(io);
  setupOpenApi(app);
  return app;
}

function setupOpenApi(app: INestApplication) {
  const doc = new DocumentBuilder()
    .setTitle('Fablab Ops API')
    .setDescription("API du système d'exploitation pour fab labs, EPN et ateliers de réparation. Contrat MQTT : docs/MQTT-PROTOCOL.md.")
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('fablab_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
}
