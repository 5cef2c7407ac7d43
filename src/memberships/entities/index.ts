import { Membership } from './membership.entity';
import { MembershipMember } from './membership-member.entity';
import { MembershipPlan } from './membership-plan.entity';
import { MembershipReminder } from './membership-reminder.entity';
import { MembershipRules } from './membership-rules.entity';
import { PackDraw } from './pack-draw.entity';
import { PackOffer } from './pack-offer.entity';
import { PackPurchase } from './pack-purchase.entity';

export { Membership, MembershipMember, MembershipPlan, MembershipReminder, MembershipRules, PackDraw, PackOffer, PackPurchase };
export const MEMBERSHIP_ENTITIES = [MembershipPlan, Membership, MembershipMember, MembershipReminder, MembershipRules, PackOffer, PackPurchase, PackDraw];
