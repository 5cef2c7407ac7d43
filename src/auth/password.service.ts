import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { defineDictionary, Lang } from '../web/i18n';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MailService } from '../infra/mail/mail.service';
import { PersonAccounts } from '../people/person-accounts.service';
import { AuthService } from './auth.service';
import { PasswordReset } from './entities/password-reset.entity';
import { LoginAttempts } from './login-attempts';
import { checkPassword, hashPassword } from './password-hashing';
import { RateLimitStore } from './rate-limits';
import { newSecret, sha256 } from './tokens';

const RESET_MINUTES = 60;
const RESET_MAILS_PER_HOUR = 3;

export const RESET_REQUESTED =
  'Si un compte existe pour cette adresse, un e-mail vient de partir avec un lien valable une heure. ' +
  'If an account exists for this address, an e-mail with a link valid for one hour is on its way.';

const deadLink = () =>
  new BadRequestException({
    code: 'reset_link_invalid',
    message: "Ce lien n'est plus valable (déjà utilisé ou expiré) : demandez-en un nouveau. This link is used or expired.",
  });

/** Changing one's password, and "mot de passe oublié" by e-mail. Both end the person's other logins. */
const resetWords = defineDictionary({
  'resetMail.subject': { fr: 'Votre nouveau mot de passe', en: 'Your new password' },
  'resetMail.text': {
    fr: "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n",
    en: 'Hello,\n\nTo choose a new password, open this link (valid one hour, once):\n{link}\n\nIf you did not ask for it, ignore this message: your password does not change.\n',
  },
});

@Injectable()
export class PasswordService {
  private readonly log = new Logger('Password');

  constructor(
    private readonly people: PersonAccounts,
    @InjectRepository(PasswordReset) private readonly resets: Repository<PasswordReset>,
    private readonly auth: AuthService,
    private readonly attempts: LoginAttempts,
    private readonly store: RateLimitStore,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  /** The current password is checked (and counted like a login) so a borrowed session cannot take the account. */
  async change(personId: string, sessionToken: string | undefined, current: string, next: string, address: string): Promise<void> {
    const person = await this.people.byIdOrFail(personId);
    const account = person.email ?? person.id;
    await this.attempts.assertMayTry(account, address);
    if (!(await checkPassword(person.passwordHash, current)).ok) {
      await this.attempts.failed(account, address);
      throw new BadRequestException({ code: 'bad_password', message: 'Mot de passe actuel incorrect. Wrong current password.' });
    }
    await this.people.setPasswordHash(person.id, await hashPassword(next));
    await this.auth.endOtherSessions(person.id, sessionToken);
  }

  /**
   * Same answer, same time, whether the address has an account or not: the mail goes out in the
   * background. Only people who can already log in get a link; at most 3 mails an hour each.
   */
  async requestReset(email: string): Promise<void> {
    const person = await this.people.byEmail(email);
    if (!person?.email || !person.active || !person.passwordHash) return;
    const quota = await this.store.increment(`reset-mails:${person.id}`, 3600_000, RESET_MAILS_PER_HOUR, 3600_000);
    if (quota.isBlocked) return;
    const token = newSecret();
    const expiresAt = new Date(Date.now() + RESET_MINUTES * 60_000);
    await this.resets.save(this.resets.create({ personId: person.id, tokenHash: sha256(token), expiresAt, usedAt: null }));
    this.mail
      .send(this.resetMail(person.email, token, person.locale === 'en' ? 'en' : 'fr'))
      .catch((err) => this.log.warn(`reset mail not sent: ${(err as Error).message}`));
  }

  /** In the person's language (the reset page is bilingual anyway). */
  private resetMail(to: string, token: string, lang: Lang) {
    const link = `${this.config.publicUrl}/password/reset?token=${encodeURIComponent(token)}`;
    return { to, subject: resetWords('resetMail.subject', lang), text: resetWords('resetMail.text', lang, { link }) };
  }

  /** Uses the link (once: the row is claimed atomically), sets the password and ends every login. */
  async reset(token: string, password: string): Promise<void> {
    const row = await this.resets.findOneBy({ tokenHash: sha256(token) });
    if (!row || row.usedAt || row.expiresAt.getTime() < Date.now()) throw deadLink();
    const claimed = await this.resets.update({ id: row.id, usedAt: IsNull() }, { usedAt: new Date() });
    if (!claimed.affected) throw deadLink();
    await this.people.setPasswordHash(row.personId, await hashPassword(password));
    await this.resets.update({ personId: row.personId, usedAt: IsNull() }, { usedAt: new Date() });
    await this.auth.endOtherSessions(row.personId);
  }
}
