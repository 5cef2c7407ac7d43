import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SiteQuery } from '../common/query.dto';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import {
  AddMemberDto,
  BuyPackDto,
  CreatePackOfferDto,
  CreatePlanDto,
  JoinDto,
  MembershipRulesDto,
  MembershipsQuery,
  SetPlanPriceDto,
  UpdatePackOfferDto,
  UpdatePlanDto,
} from './dto/memberships.dto';
import { MembershipsService } from './memberships.service';
import { PacksService } from './packs.service';

/** Plans, memberships and the site's membership rules (docs/memberships.md). */
@ApiTags('memberships')
@Controller('api/memberships')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  /** The site's plans (a maker sees those offered). */
  @Get('plans')
  plans(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.memberships.listPlans(viewer, q.siteId);
  }

  @Post('plans')
  @Roles('manager')
  createPlan(@CurrentViewer() viewer: Viewer, @Body() dto: CreatePlanDto) {
    return this.memberships.createPlan(viewer, dto);
  }

  @Patch('plans/:id')
  @Roles('manager')
  updatePlan(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePlanDto) {
    return this.memberships.updatePlan(viewer, id, dto);
  }

  /** The price of one price category (`*`: everyone without a price of their own). */
  @Put('plans/:id/prices')
  @Roles('manager')
  setPrice(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SetPlanPriceDto) {
    return this.memberships.setPlanPrice(viewer, id, dto);
  }

  @Get('rules')
  rules(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.memberships.rulesOf(viewer, q.siteId);
  }

  /** Must membership be current to book, to unlock a machine. */
  @Put('rules')
  @Roles('manager')
  setRules(@CurrentViewer() viewer: Viewer, @Body() dto: MembershipRulesDto) {
    return this.memberships.setRules(viewer, dto);
  }

  /** Join a plan: a pending membership and where to pay it (`payUrl`). */
  @Post()
  join(@CurrentViewer() viewer: Viewer, @Body() dto: JoinDto) {
    return this.memberships.join(viewer, dto);
  }

  @Get('mine')
  mine(@CurrentViewer() viewer: Viewer) {
    return this.memberships.mine(viewer);
  }

  /** The site's memberships; `endingWithinDays`: the current ones ending soon. */
  @Get()
  @Roles('manager')
  list(@CurrentViewer() viewer: Viewer, @Query() q: MembershipsQuery) {
    return this.memberships.list(viewer, q);
  }

  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.memberships.get(viewer, id);
  }

  /** A person covered by a company membership. */
  @Post(':id/members')
  @Roles('manager')
  addMember(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AddMemberDto) {
    return this.memberships.addMember(viewer, id, dto);
  }

  @Delete(':id/members/:personId')
  @Roles('manager')
  removeMember(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Param('personId', ParseUUIDPipe) personId: string) {
    return this.memberships.removeMember(viewer, id, personId);
  }
}

/** Prepaid packs: offers and the packs people hold. */
@ApiTags('memberships')
@Controller('api/packs')
export class PacksController {
  constructor(private readonly packs: PacksService) {}

  @Get('offers')
  offers(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.packs.listOffers(viewer, q.siteId);
  }

  @Post('offers')
  @Roles('manager')
  createOffer(@CurrentViewer() viewer: Viewer, @Body() dto: CreatePackOfferDto) {
    return this.packs.createOffer(viewer, dto);
  }

  @Patch('offers/:id')
  @Roles('manager')
  updateOffer(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePackOfferDto) {
    return this.packs.updateOffer(viewer, id, dto);
  }

  /** Buy a pack: pending until paid at `payUrl`. */
  @Post()
  buy(@CurrentViewer() viewer: Viewer, @Body() dto: BuyPackDto) {
    return this.packs.buy(viewer, dto);
  }

  @Get('mine')
  mine(@CurrentViewer() viewer: Viewer) {
    return this.packs.mine(viewer);
  }

  /** Every pack of the site with what is left. */
  @Get()
  @Roles('manager')
  list(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.packs.list(viewer, q.siteId);
  }
}
