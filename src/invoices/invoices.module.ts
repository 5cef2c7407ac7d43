import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { SitesModule } from '../sites/sites.module';
import { INVOICES_ENTITIES } from './entities';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';

/** Invoices and credit notes (numbering, hash chain, PDF and Factur-X), closing of periods. Payments builds on it. */
@Module({
  imports: [TypeOrmModule.forFeature(INVOICES_ENTITIES), PeopleModule, SitesModule],
  controllers: [InvoicesController],
  providers: [InvoicesService],
  exports: [InvoicesService],
})
export class InvoicesModule {}
