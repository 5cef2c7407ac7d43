import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Membership } from './entities/membership.entity';
import { MembershipMember } from './entities/membership-member.entity';
import { MembershipRules } from './entities/membership-rules.entity';
import { PackDraw } from './entities/pack-draw.entity';
import { PackPurchase } from './entities/pack-purchase.entity';
import { MembershipStanding } from './membership-standing';
import { PackLedger } from './pack-ledger';

/**
 * What other features read of memberships (is a person a member, the site's rules) and the pack
 * ledger charges draw on. It depends on no feature, so bookings and access import it while the
 * memberships feature (plans, prices by category, pages) imports bookings.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Membership, MembershipMember, MembershipRules, PackPurchase, PackDraw])],
  providers: [MembershipStanding, PackLedger],
  exports: [MembershipStanding, PackLedger],
})
export class MembershipStandingModule {}
