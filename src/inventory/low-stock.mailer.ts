import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { PeopleService } from '../people/people.service';
import { langOfLocale } from '../web/i18n';
import { Part } from './entities/part.entity';
import { StockService } from './stock.service';
import { LOW_STOCK_JOB, INVENTORY_QUEUE, lowStockMail } from './low-stock';

/** Mails the managers of the part's site, if the part is still low when the job runs. */
@Injectable()
export class LowStockMailer {
  private readonly log = new Logger('LowStockMailer');

  constructor(
    @InjectRepository(Part) private readonly parts: Repository<Part>,
    private readonly people: PeopleService,
    private readonly stock: StockService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    queues: Queues,
  ) {
    queues.handle<{ partId: string }>(INVENTORY_QUEUE, LOW_STOCK_JOB, (d) => this.mailIfLow(d.partId));
  }

  async mailIfLow(partId: string): Promise<{ sent: number }> {
    const part = await this.parts.findOneBy({ id: partId });
    if (!part) return { sent: 0 };
    const quantity = await this.stock.sumOfMoves(part.id);
    if (quantity > part.lowStockThreshold) return { sent: 0 }; // restocked meanwhile
    const managers = await this.people.managersToMail(part.siteId);
    const url = `${this.config.publicUrl}/inventory`;
    for (const m of managers) await this.mail.send({ to: m.email!, ...lowStockMail(m.firstName, part, quantity, url, langOfLocale(m.locale)) });
    this.log.log(`low stock of ${part.name} (${quantity}) mailed to ${managers.length} manager(s)`);
    return { sent: managers.length };
  }
}
