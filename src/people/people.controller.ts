import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentViewer, Roles, Viewer } from '../common/viewer';
import { CreateBadgeDto, CreatePersonDto, LendDayCardDto, RevokeBadgeDto, UpdatePersonDto } from './dto/people.dto';
import { PeopleService, publicPerson } from './people.service';
import { SiteQuery } from '../common/query.dto';
import { BadgesQuery } from './dto/people-query.dto';

@ApiTags('people')
@Controller('api')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get('people')
  @Roles('manager', 'trainer', 'volunteer')
  list(@CurrentViewer() viewer: Viewer, @Query() q: SiteQuery) {
    return this.people.list(viewer, q.siteId);
  }

  @Get('people/:id')
  async get(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return publicPerson(await this.people.get(viewer, id));
  }

  @Post('people')
  @Roles('manager')
  create(@CurrentViewer() viewer: Viewer, @Body() dto: CreatePersonDto) {
    return this.people.create(viewer, dto);
  }

  @Patch('people/:id')
  @Roles('manager')
  update(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdatePersonDto) {
    return this.people.update(viewer, id, dto);
  }

  @Get('badges')
  @Roles('manager', 'trainer')
  badges(@CurrentViewer() viewer: Viewer, @Query() q: BadgesQuery) {
    return this.people.listBadges(viewer, q.personId);
  }

  @Post('badges')
  @Roles('manager')
  addBadge(@CurrentViewer() viewer: Viewer, @Body() dto: CreateBadgeDto) {
    return this.people.addBadge(viewer, dto);
  }

  /** Day cards and visitor passes of the site: who holds which, until when. */
  @Get('badges/day-cards')
  @Roles('manager')
  dayCards(@CurrentViewer() viewer: Viewer) {
    return this.people.dayCards(viewer);
  }

  @Post('badges/day-cards')
  @Roles('manager')
  lendDayCard(@CurrentViewer() viewer: Viewer, @Body() dto: LendDayCardDto) {
    return this.people.lendDayCard(viewer, dto);
  }

  @Post('badges/:id/return')
  @Roles('manager')
  returnDayCard(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string) {
    return this.people.returnDayCard(viewer, id);
  }

  @Post('badges/:id/revoke')
  @Roles('manager')
  revoke(@CurrentViewer() viewer: Viewer, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RevokeBadgeDto) {
    return this.people.revokeBadge(viewer, id, dto);
  }
}
