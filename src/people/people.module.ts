import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Badge } from './entities/badge.entity';
import { Person } from './entities/person.entity';
import { PeopleController } from './people.controller';
import { PersonAccounts } from './person-accounts.service';
import { PeopleService } from './people.service';

@Module({
  imports: [TypeOrmModule.forFeature([Person, Badge])],
  controllers: [PeopleController],
  providers: [PeopleService, PersonAccounts],
  exports: [PeopleService, PersonAccounts],
})
export class PeopleModule {}
