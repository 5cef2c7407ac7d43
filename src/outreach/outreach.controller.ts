import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { outstandingOf } from '../inventory/stock-loans';
import { CreateStopDto, LendDto, ReturnDto, SignupDto, StopActivityDto, StopsQuery, UpdateStopDto } from './dto/outreach.dto';
import { OUTREACH_STAFF } from './outreach-access';
import { OutreachSignups } from './outreach-signups';
import { OutreachService } from './outreach.service';

@ApiTags('outreach')
@Controller('api/outreach')
export class OutreachController {
  constructor(
    private readonly outreach: OutreachService,
    private readonly signups: OutreachSignups,
  ) {}

  /** The itinerary: stops from 30 days ago on (or the period asked). */
  @Get('stops')
  @Roles(...OUTREACH_STAFF)
  list(@CurrentViewer() viewer: Viewer, @Query() q: StopsQuery) {
    return this.outreach.list(viewer, q);
  }

  @Post('stops')
  @Roles(...OUTREACH_STAFF)
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreateStopDto) {
    return this.outreach.create(viewer, dto);
  }

  /** A stop with its equipment out and the activities logged there. */
  @Get('stops/:id')
  @Roles(...OUTREACH_STAFF)
  async get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const stop = await this.outreach.get(viewer, id);
    const [loans, activities] = await Promise.all([this.outreach.loansOf(stop), this.outreach.activitiesOf(stop.id)]);
    return { ...stop, loans: loans.map((l) => ({ ...l, outstanding: outstandingOf(l) })), activities };
  }

  @Patch('stops/:id')
  @Roles(...OUTREACH_STAFF)
  update(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateStopDto) {
    return this.outreach.update(viewer, id, dto);
  }

  @Delete('stops/:id')
  @Roles(...OUTREACH_STAFF)
  @HttpCode(200)
  async remove(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    await this.outreach.remove(viewer, id);
    return { id, deleted: true };
  }

  @Get('stops/:id/signups')
  @Roles(...OUTREACH_STAFF)
  async signupsOf(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const stop = await this.outreach.get(viewer, id);
    return this.signups.of(stop.id);
  }

  /** The person cancelled: their place is free again. */
  @Delete('stops/:id/signups/:signupId')
  @Roles(...OUTREACH_STAFF)
  @HttpCode(200)
  async removeSignup(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Param('signupId', ParseUUIDPipe) signupId: string) {
    const stop = await this.outreach.get(viewer, id);
    await this.signups.remove(stop.id, signupId);
    return { id: signupId, deleted: true };
  }

  @Get('stops/:id/loans')
  @Roles(...OUTREACH_STAFF)
  async loans(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    const loans = await this.outreach.loansOf(await this.outreach.get(viewer, id));
    return loans.map((l) => ({ ...l, outstanding: outstandingOf(l) }));
  }

  /** Equipment of the site's stock taken to the stop (the stock goes down). */
  @Post('stops/:id/loans')
  @Roles(...OUTREACH_STAFF)
  lend(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: LendDto) {
    return this.outreach.lend(viewer, id, dto);
  }

  /** Equipment checked back in (the stock comes back up); units lost are written off. */
  @Post('stops/:id/loans/:loanId/return')
  @Roles(...OUTREACH_STAFF)
  @HttpCode(200)
  returnLoan(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Param('loanId', ParseUUIDPipe) loanId: string, @Body() dto: ReturnDto) {
    return this.outreach.returnLoan(viewer, id, loanId, dto);
  }

  /** Logs an accompaniment or workshop at the stop: 201 when written, 200 when this id was already logged. */
  @Post('stops/:id/activities')
  @Roles(...OUTREACH_STAFF)
  async log(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StopActivityDto, @Res({ passthrough: true }) res: Response) {
    const { activity, created, participants } = await this.outreach.log(viewer, id, dto);
    res.status(created ? 201 : 200);
    return { ...activity, created, participants };
  }

  /** Public: a site's coming stops, with the places left (no one's name). */
  @Public()
  @Get('public/:siteSlug/stops')
  upcoming(@Param('siteSlug') siteSlug: string) {
    return this.signups.upcoming(siteSlug);
  }

  /** Public: signing up for a stop (a name, a phone or an e-mail); 409 when it is full. */
  @Public()
  @Post('public/stops/:id/signups')
  signup(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SignupDto) {
    return this.signups.signup(id, dto);
  }
}
