import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../infra/mail/mail.service';
import { InventoryModule } from '../inventory/inventory.module';
import { MediationModule } from '../mediation/mediation.module';
import { SitesModule } from '../sites/sites.module';
import { OUTREACH_ENTITIES } from './entities';
import { OutreachController } from './outreach.controller';
import { OutreachPages } from './outreach.pages';
import { OutreachSignups } from './outreach-signups';
import { OutreachService } from './outreach.service';

/**
 * Going to the people (« aller vers ») : an itinerary of stops at partners' places or of the mobile
 * unit, public sign-ups with a cap, equipment lent from the site's stock (inventory's StockLoans)
 * and activities logged on a phone, offline if need be, into the mediation log (ActivityRecorder).
 */
@Module({
  imports: [TypeOrmModule.forFeature(OUTREACH_ENTITIES), SitesModule, InventoryModule, MediationModule, MailModule],
  controllers: [OutreachController, OutreachPages],
  providers: [OutreachService, OutreachSignups],
})
export class OutreachModule {}
