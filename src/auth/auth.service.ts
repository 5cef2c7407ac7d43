import { Injectable, Logger, OnApplicationBootstrap, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Not, Repository } from 'typeorm';
import { Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { SocketAuthenticator, SocketViewer } from '../infra/realtime/socket-authenticator';
import { isUniqueViolation } from '../infra/database/db-errors';
import type { Person } from '../people/entities/person.entity';
import { PersonAccounts } from '../people/person-accounts.service';
import { AuthToken } from './entities/auth-token.entity';
import { LoginAttempts } from './login-attempts';
import { checkPassword, hashPassword, setHashConcurrency, setHashProfile } from './password-hashing';
import { newSecret, sha256 } from './tokens';

export { hashPassword } from './password-hashing';

const badCredentials = () => new UnauthorizedException({ code: 'bad_credentials', message: 'E-mail ou mot de passe incorrect. Wrong e-mail or password.' });

/** The live sockets of one login, and of every login of one person (socket.io rooms). */
export const sessionRoom = (tokenId: string) => `session:${tokenId}`;
export const personRoom = (personId: string) => `person:${personId}`;

@Injectable()
export class AuthService implements SocketAuthenticator, OnApplicationBootstrap {
  private readonly log = new Logger('Auth');

  constructor(
    private readonly people: PersonAccounts,
    @InjectRepository(AuthToken) private readonly tokens: Repository<AuthToken>,
    private readonly config: AppConfig,
    private readonly attempts: LoginAttempts,
    private readonly realtime: RealtimeService,
  ) {
    setHashConcurrency(config.env.HASH_CONCURRENCY);
    setHashProfile(config.env.PASSWORD_HASH);
  }

  /** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.config.env;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    const created = await this.ensureAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
    if (created) this.log.log(`first admin created: ${ADMIN_EMAIL}`);
  }

  /** Whether someone can already log in as an administrator (the login page's first-admin hint). */
  adminExists(): Promise<boolean> {
    return this.people.activeAdminExists();
  }

  async ensureAdmin(email: string, password: string): Promise<boolean> {
    const existing = await this.people.byEmail(email);
    if (existing) return false;
    try {
      await this.people.createAdmin(email, await hashPassword(password));
    } catch (err) {
      if (isUniqueViolation(err)) return false; // another instance starting at the same time made it
      throw err;
    }
    return true;
  }

  /**
   * Unknown e-mails, inactive people and people without a password cost one real hash check too,
   * so the time taken says nothing about who has an account. `address` is the caller's IP.
   */
  async login(email: string, password: string, address: string): Promise<{ token: string; expiresAt: Date; viewer: Viewer }> {
    await this.attempts.assertMayTry(email, address);
    const person = await this.people.byEmail(email);
    const check = await checkPassword(person?.passwordHash ?? null, password);
    if (!person || !person.active || !check.ok) {
      await this.attempts.failed(email, address);
      throw badCredentials();
    }
    await this.attempts.succeeded(email);
    if (check.stale) await this.people.setPasswordHash(person.id, await hashPassword(password));
    return { ...(await this.openSession(person.id)), viewer: this.toViewer(person) };
  }

  private async openSession(personId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + this.config.env.SESSION_TTL_HOURS * 3600_000);
    await this.tokens.save(this.tokens.create({ personId, tokenHash: sha256(token), expiresAt }));
    await this.tokens.delete({ personId, expiresAt: LessThan(new Date()) });
    return { token, expiresAt };
  }

  async logout(token: string): Promise<void> {
    const row = await this.tokens.findOneBy({ tokenHash: sha256(token) });
    if (!row) return;
    await this.tokens.delete({ id: row.id });
    this.realtime.disconnect(sessionRoom(row.id));
  }

  /**
   * A person's standing changed (deactivated, new role): their live sockets are closed so they
   * reconnect through the gateway's checks again; a deactivated person loses every login.
   */
  async standingChanged(personId: string, opts: { deactivated: boolean }): Promise<void> {
    if (opts.deactivated) await this.tokens.delete({ personId });
    this.realtime.disconnect(personRoom(personId));
  }

  /** Ends every login of a person but `keepToken` (the one that changed the password). */
  async endOtherSessions(personId: string, keepToken?: string): Promise<void> {
    const keep = keepToken ? await this.tokens.findOneBy({ tokenHash: sha256(keepToken) }) : null;
    const others = await this.tokens.findBy(keep ? { personId, id: Not(keep.id) } : { personId });
    if (others.length === 0) return;
    await this.tokens.delete(others.map((t) => t.id));
    for (const t of others) this.realtime.disconnect(sessionRoom(t.id));
  }

  private async sessionOf(token: string | undefined): Promise<{ row: AuthToken; person: Person } | null> {
    if (!token) return null;
    const row = await this.tokens.findOneBy({ tokenHash: sha256(token) });
    if (!row || row.expiresAt.getTime() < Date.now()) return null;
    const person = await this.people.byId(row.personId);
    if (!person || !person.active) return null;
    return { row, person };
  }

  async viewerFromToken(token: string | undefined): Promise<Viewer | null> {
    const session = await this.sessionOf(token);
    return session ? this.toViewer(session.person) : null;
  }

  toViewer(p: Person): Viewer {
    return { id: p.id, role: p.role, siteId: p.siteId, displayName: p.displayName, locale: p.locale };
  }

  /** A socket joins the rooms of its login and of its person, so logout or deactivation can close it. */
  async fromToken(token: string | undefined): Promise<SocketViewer | null> {
    const session = await this.sessionOf(token);
    if (!session) return null;
    return { ...this.toViewer(session.person), rooms: [sessionRoom(session.row.id), personRoom(session.person.id)], expiresAt: session.row.expiresAt };
  }

  canWatch(viewer: SocketViewer): boolean {
    return ['admin', 'manager', 'trainer', 'volunteer'].includes(viewer.role);
  }
}
