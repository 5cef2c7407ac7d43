import { Injectable, Module } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { StationQueueEntry } from './entities/station-queue-entry.entity';

/** The waiting line as a badge at a public computer sees it (BadgeInReader, docs/free-access.md). */
export interface QueueStanding {
  /** People waiting or called, this person aside. */
  othersWaiting: number;
  /** This person was called to a station. */
  calledForMe: boolean;
}

/**
 * The stations' waiting line read by access, on its own so that access (which stations depends
 * on to open sessions) needs nothing else of stations. One query, only for a badge at a public computer.
 */
@Injectable()
export class StationQueueRead {
  constructor(@InjectRepository(StationQueueEntry) private readonly entries: Repository<StationQueueEntry>) {}

  async standing(siteId: string, personId: string | null): Promise<QueueStanding> {
    const open = await this.entries.find({ where: { siteId, status: In(['waiting', 'called']) }, select: { id: true, personId: true, status: true } });
    const mine = open.filter((e) => personId && e.personId === personId);
    return { othersWaiting: open.length - mine.length, calledForMe: mine.some((e) => e.status === 'called') };
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([StationQueueEntry])],
  providers: [StationQueueRead],
  exports: [StationQueueRead],
})
export class StationQueueReadModule {}
