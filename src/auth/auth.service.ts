import { Injectable, Logger, OnApplicationBootstrap, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as bcrypt from 'bcryptjs';
import { LessThan, Repository } from 'typeorm';
import { Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { SocketAuthenticator, SocketViewer } from '../infra/realtime/socket-authenticator';
import { isUniqueViolation } from '../infra/database/db-errors';
import { Person } from '../people/entities/person.entity';
import { AuthToken } from './entities/auth-token.entity';
import { newSecret, sha256 } from './tokens';

const BCRYPT_ROUNDS = 12;
export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_ROUNDS);

@Injectable()
export class AuthService implements SocketAuthenticator, OnApplicationBootstrap {
  private readonly log = new Logger('Auth');

  constructor(
    @InjectRepository(Person) private readonly people: Repository<Person>,
    @InjectRepository(AuthToken) private readonly tokens: Repository<AuthToken>,
    private readonly config: AppConfig,
  ) {}

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.config.env;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    const created = await this.ensureAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
    if (created) this.log.log(`first admin created: ${ADMIN_EMAIL}`);
  }

  async ensureAdmin(email: string, password: string): Promise<boolean> {
    const existing = await this.people.findOneBy({ email: email.toLowerCase() });
    if (existing) return false;
    const admin = this.people.create({ email: email.toLowerCase(), firstName: 'Admin', role: 'admin', siteId: null, passwordHash: await hashPassword(password) });
    try {
      await this.people.save(admin);
    } catch (err) {
      if (isUniqueViolation(err)) return false; // another instance starting at the same time made it
      throw err;
    }
    return true;
  }

  async login(email: string, password: string): Promise<{ token: string; expiresAt: Date; viewer: Viewer }> {
    const person = await this.people.findOneBy({ email: email.toLowerCase() });
    const ok = person?.passwordHash && person.active && (await bcrypt.compare(password, person.passwordHash));
    if (!person || !ok) {
      throw new UnauthorizedException({ code: 'bad_credentials', message: 'E-mail ou mot de passe incorrect. Wrong e-mail or password.' });
    }
    const token = newSecret();
    const expiresAt = new Date(Date.now() + this.config.env.SESSION_TTL_HOURS * 3600_000);
    await this.tokens.save(this.tokens.create({ personId: person.id, tokenHash: sha256(token), expiresAt }));
    await this.tokens.delete({ personId: person.id, expiresAt: LessThan(new Date()) });
    return { token, expiresAt, viewer: this.toViewer(person) };
  }

  async logout(token: string): Promise<void> {
    await this.tokens.delete({ tokenHash: sha256(token) });
  }

  async viewerFromToken(token: string | undefined): Promise<Viewer | null> {
    if (!token) return null;
    const row = await this.tokens.findOneBy({ tokenHash: sha256(token) });
    if (!row || row.expiresAt.getTime() < Date.now()) return null;
    const person = await this.people.findOneBy({ id: row.personId });
    if (!person || !person.active) return null;
    return this.toViewer(person);
  }

  toViewer(p: Person): Viewer {
    return { id: p.id, role: p.role, siteId: p.siteId, displayName: p.displayName, locale: p.locale };
  }

  fromToken(token: string | undefined): Promise<SocketViewer | null> {
    return this.viewerFromToken(token);
  }

  canWatch(viewer: SocketViewer): boolean {
    return ['admin', 'manager', 'trainer', 'volunteer'].includes(viewer.role);
  }
}
