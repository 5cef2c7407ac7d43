import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { buildCalendar } from '../bookings/ics';
import { Public } from '../common/public.decorator';
import { SitesService } from '../sites/sites.service';
import { WorkshopsService } from './workshops.service';

/**
 * A site's workshops as an iCalendar feed, for its public agenda and people's calendar apps.
 * Public like the workshops themselves: title, time and seats left, never who enrolled.
 */
@ApiExcludeController()
@Controller('sites')
export class WorkshopsCalendar {
  constructor(
    private readonly workshops: WorkshopsService,
    private readonly sites: SitesService,
  ) {}

  @Public()
  @Get(':slug/workshops.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  async ics(@Param('slug') slug: string): Promise<string> {
    const site = /^[a-z0-9-]{1,63}$/.test(slug) ? await this.sites.findBySlug(slug) : null;
    if (!site) throw new NotFoundException({ code: 'not_found', message: 'Lieu introuvable. Site not found.' });
    const list = await this.workshops.list(site.id, new Date(Date.now() - 30 * 86400_000));
    const events = list.map((w) => ({
      uid: `workshop-${w.id}@fablab-ops`,
      start: w.startsAt,
      end: new Date(w.startsAt.getTime() + w.durationMinutes * 60_000),
      stamp: w.createdAt,
      summary: `Atelier : ${w.title}`,
      description: `${Math.max(0, w.capacity - w.enrolled)} place(s) libre(s) sur ${w.capacity}.`,
      location: site.name,
    }));
    return buildCalendar(`Ateliers — ${site.name}`, events, site.timezone);
  }
}
