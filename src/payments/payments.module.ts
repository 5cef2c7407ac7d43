import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InvoicesModule } from '../invoices/invoices.module';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { PAYMENTS_ENTITIES } from './entities';
import { HelloAssoClient } from './helloasso.client';
import { PaymentsController } from './payments.controller';
import { PaymentsPages } from './payments.pages';
import { PaymentsService } from './payments.service';
import { TreasuryPages } from './treasury.pages';

/** Payments of payables (HelloAsso checkout, desk), refunds, the treasurer's pages and accounting exports. */
@Module({
  imports: [TypeOrmModule.forFeature(PAYMENTS_ENTITIES), InvoicesModule, PeopleModule, SitesModule],
  controllers: [PaymentsController, PaymentsPages, TreasuryPages],
  providers: [PaymentsService, HelloAssoClient],
  exports: [PaymentsService],
})
export class PaymentsModule {}
