import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessReadService } from './access-read.service';
import { AccessDecision } from './entities/access-decision.entity';
import { UsageSession } from './entities/usage-session.entity';

/** Access's read side on its own, for the features AccessModule itself depends on (bookings, plugs). */
@Module({
  imports: [TypeOrmModule.forFeature([UsageSession, AccessDecision])],
  providers: [AccessReadService],
  exports: [AccessReadService],
})
export class AccessReadModule {}
