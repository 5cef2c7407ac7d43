import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingsModule } from '../bookings/bookings.module';
import { SitesModule } from '../sites/sites.module';
import { PLACES_ENTITIES } from './entities';
import { PlacesController } from './places.controller';
import { PlacesPages } from './places.pages';
import { PlacesService } from './places.service';

/**
 * Publishing the place (issue 19): each site's public record in the national places standard
 * « lieux de médiation numérique » v1.0.2, the federation's open-data files (/api/places.csv,
 * /api/places.json) and the public map and list of places (/lieux). Reads the site's name
 * (sites) and its opening hours and closed days (bookings' SiteHoursService).
 */
@Module({
  imports: [TypeOrmModule.forFeature(PLACES_ENTITIES), SitesModule, BookingsModule],
  controllers: [PlacesController, PlacesPages],
  providers: [PlacesService],
  exports: [PlacesService],
})
export class PlacesModule {}
