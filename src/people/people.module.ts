import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Badge } from './entities/badge.entity';
import { Person } from './entities/person.entity';
import { PeopleController } from './people.controller';
import { PersonAccounts } from './person-accounts.service';
import { PeopleService } from './people.service';
import { SitesModule } from '../sites/sites.module';

@Module({
  imports: [TypeOrmModule.forFeature([Person, Badge]), SitesModule],
  controllers: [PeopleController],
  providers: [PeopleService, PersonAccounts],
  exports: [PeopleService, PersonAccounts],
})
export class PeopleModule {}
