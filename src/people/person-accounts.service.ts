import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Person } from './entities/person.entity';

/**
 * The account side of a person, for auth (login, sessions, passwords). Apart from PeopleService
 * because PeopleService itself calls AuthService; the password hash is made by auth, stored here.
 */
@Injectable()
export class PersonAccounts {
  constructor(@InjectRepository(Person) private readonly people: Repository<Person>) {}

  byId(id: string): Promise<Person | null> {
    return this.people.findOneBy({ id });
  }

  byIdOrFail(id: string): Promise<Person> {
    return this.people.findOneByOrFail({ id });
  }

  byEmail(email: string): Promise<Person | null> {
    return this.people.findOneBy({ email: email.toLowerCase() });
  }

  async setPasswordHash(personId: string, passwordHash: string): Promise<void> {
    await this.people.update({ id: personId }, { passwordHash });
  }

  /** Whether someone can log in as an administrator (the first-admin hint of npm start and /login). */
  activeAdminExists(): Promise<boolean> {
    return this.people.exists({ where: { role: 'admin', active: true } });
  }

  /** A first admin (no site). A second instance creating the same one at once gets a unique violation. */
  async createAdmin(email: string, passwordHash: string): Promise<Person> {
    return this.people.save(this.people.create({ email: email.toLowerCase(), firstName: 'Admin', role: 'admin', siteId: null, passwordHash }));
  }
}
