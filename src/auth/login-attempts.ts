import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RateLimitStore, TooManyAttempts } from './rate-limits';
import { sha256 } from './tokens';

const WINDOW_MS = 15 * 60_000;

/**
 * Wrong passwords counted per account and per address for 15 minutes. Only failures count, so a
 * lab where everyone logs in at 9 o'clock from one address is not locked out; past the limit the
 * password is not even checked (no hashing spent on a guesser). Unknown e-mails are counted the
 * same way as known ones, so the answer says nothing about who has an account.
 */
@Injectable()
export class LoginAttempts {
  constructor(
    private readonly store: RateLimitStore,
    private readonly config: AppConfig,
  ) {}

  private limits(email: string, address: string): Array<[string, number]> {
    const { LOGIN_FAILURES_PER_ACCOUNT: perAccount, LOGIN_FAILURES_PER_ADDRESS: perAddress } = this.config.env;
    const limits: Array<[string, number]> = [
      [`login-failures:account:${sha256(email.toLowerCase())}`, perAccount],
      [`login-failures:address:${address}`, perAddress],
    ];
    return limits.filter(([, limit]) => limit > 0);
  }

  async assertMayTry(email: string, address: string): Promise<void> {
    const waits = await Promise.all(this.limits(email, address).map(([key]) => this.store.blockedFor(key)));
    const wait = Math.max(0, ...waits);
    if (wait > 0) throw new TooManyAttempts(wait, 'mots de passe erronés');
  }

  /** The limit-th failure blocks the next try. */
  async failed(email: string, address: string): Promise<void> {
    await Promise.all(this.limits(email, address).map(([key, limit]) => this.store.increment(key, WINDOW_MS, limit - 1, WINDOW_MS)));
  }

  async succeeded(email: string): Promise<void> {
    await this.store.forget(`login-failures:account:${sha256(email.toLowerCase())}`);
  }
}
