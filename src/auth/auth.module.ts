import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SOCKET_AUTHENTICATOR } from '../infra/realtime/socket-authenticator';
import { Person } from '../people/entities/person.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthToken } from './entities/auth-token.entity';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Person, AuthToken])],
  controllers: [AuthController],
  providers: [
    AuthService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: SOCKET_AUTHENTICATOR, useExisting: AuthService },
  ],
  exports: [AuthService, SOCKET_AUTHENTICATOR],
})
export class AuthModule {}
