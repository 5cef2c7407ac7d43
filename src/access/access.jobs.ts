import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { Queues } from '../infra/queue/queues';
import { ProcessedEvent } from './entities/processed-event.entity';

export const ACCESS_QUEUE = 'access';
const EVENT_MEMORY_DAYS = 30;

/** Housekeeping of access memory: processed event ids after 30 days (request ids expire in Redis). */
@Injectable()
export class AccessHousekeeping {
  private readonly log = new Logger('AccessHousekeeping');

  constructor(
    @InjectRepository(ProcessedEvent) private readonly processed: Repository<ProcessedEvent>,
    queues: Queues,
  ) {
    queues.handle(ACCESS_QUEUE, 'forget-old', () => this.forgetOld());
  }

  async forgetOld(): Promise<{ events: number }> {
    const cutoff = new Date(Date.now() - EVENT_MEMORY_DAYS * 86400_000);
    const { affected } = await this.processed.delete({ receivedAt: LessThan(cutoff) });
    this.log.debug(`forgot ${affected ?? 0} event ids`);
    return { events: affected ?? 0 };
  }
}

@Injectable()
export class AccessSchedule {
  constructor(queues: Queues) {
    queues.schedule({ queue: ACCESS_QUEUE, job: 'forget-old', repeat: { every: 3600_000 } });
  }
}
