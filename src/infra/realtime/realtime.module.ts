import { Global, Module } from '@nestjs/common';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeRelay } from './realtime-relay';
import { RealtimeService } from './realtime.service';

@Global()
@Module({ providers: [RealtimeService, RealtimeGateway, RealtimeRelay], exports: [RealtimeService] })
export class RealtimeModule {}
