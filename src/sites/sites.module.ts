import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SiteKey } from './entities/site-key.entity';
import { Site } from './entities/site.entity';
import { SiteKeysService } from './site-keys.service';
import { SitesController } from './sites.controller';
import { SitesService } from './sites.service';

@Module({
  imports: [TypeOrmModule.forFeature([Site, SiteKey])],
  controllers: [SitesController],
  providers: [SitesService, SiteKeysService],
  exports: [SitesService, SiteKeysService],
})
export class SitesModule {}
