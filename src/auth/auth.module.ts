import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SOCKET_AUTHENTICATOR } from '../infra/realtime/socket-authenticator';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CsrfMiddleware } from './csrf';
import { AuthToken } from './entities/auth-token.entity';
import { PasswordReset } from './entities/password-reset.entity';
import { PagesController } from './login.pages';
import { PasswordPages } from './password.pages';
import { PasswordService } from './password.service';
import { LoginAttempts } from './login-attempts';
import { LoginHints } from './login-hints';
import { AnonymousThrottlerGuard, RateLimitStore, throttlerOptions } from './rate-limits';

/** The Redis store of the rate limits, shared by the throttler and the login counters. */
@Global()
@Module({ providers: [RateLimitStore], exports: [RateLimitStore] })
class RateLimitStoreModule {}

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([AuthToken, PasswordReset]),
    PeopleModule,
    SitesModule,
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({ inject: [AppConfig, RateLimitStore], useFactory: throttlerOptions }),
  ],
  controllers: [AuthController, PasswordPages, PagesController],
  providers: [
    AuthService,
    LoginAttempts,
    LoginHints,
    PasswordService,
    // In this order: the throttler only counts requests the AuthGuard found no login on.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: AnonymousThrottlerGuard },
    { provide: SOCKET_AUTHENTICATOR, useExisting: AuthService },
  ],
  exports: [AuthService, LoginHints, SOCKET_AUTHENTICATOR],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsrfMiddleware).forRoutes('{*path}');
  }
}
