import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** What this app reads of a checkout intent (HelloAsso v5 `GET …/checkout-intents/{id}`). */
export interface CheckoutIntent {
  id: number;
  redirectUrl?: string;
  metadata?: Record<string, unknown>;
  order?: {
    id: number;
    date?: string;
    amount?: { total: number };
    payments?: Array<{ id: number; amount: number; state: string }>;
  };
}

export interface NewCheckout {
  totalAmount: number;
  initialAmount: number;
  itemName: string;
  backUrl: string;
  errorUrl: string;
  returnUrl: string;
  containsDonation: boolean;
  payer?: { firstName?: string; lastName?: string; email?: string; companyName?: string };
  metadata?: Record<string, unknown>;
}

interface Tokens {
  access: string;
  refresh: string | null;
  expiresAt: number;
}

/**
 * HelloAsso API v5 with the association's own client: OAuth2 client credentials, the access token
 * (30 min) kept until a minute before it ends, then refreshed with the refresh token (or asked
 * again if that fails). A 401 drops the token and tries once more. Production, the sandbox
 * (HELLOASSO_SANDBOX) or any host serving the same endpoints (HELLOASSO_API_URL: the tests' stand-in).
 */
@Injectable()
export class HelloAssoClient {
  private readonly log = new Logger('HelloAsso');
  private tokens: Tokens | null = null;
  private pending: Promise<Tokens> | null = null;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.env.HELLOASSO_CLIENT_ID && this.config.env.HELLOASSO_CLIENT_SECRET);
  }

  get baseUrl(): string {
    const e = this.config.env;
    return (e.HELLOASSO_API_URL ?? (e.HELLOASSO_SANDBOX ? 'https://api.helloasso-sandbox.com' : 'https://api.helloasso.com')).replace(/\/$/, '');
  }

  /** The organisation of a site: its own (HELLOASSO_SITE_ORGANIZATIONS) or the default one. */
  organizationOf(siteSlug: string): string | null {
    const pairs = (this.config.env.HELLOASSO_SITE_ORGANIZATIONS ?? '').split(',').filter(Boolean);
    const own = pairs.map((p) => p.split('=')).find(([site]) => site === siteSlug);
    return own?.[1] ?? this.config.env.HELLOASSO_ORGANIZATION_SLUG ?? null;
  }

  createCheckout(org: string, body: NewCheckout): Promise<{ id: number; redirectUrl: string }> {
    return this.call('POST', `/v5/organizations/${encodeURIComponent(org)}/checkout-intents`, body);
  }

  getCheckout(org: string, id: number): Promise<CheckoutIntent> {
    return this.call('GET', `/v5/organizations/${encodeURIComponent(org)}/checkout-intents/${id}`);
  }

  refund(paymentId: string, amountCents: number, comment: string): Promise<unknown> {
    const q = new URLSearchParams({ amount: String(amountCents), comment, cancelOrder: 'false', sendRefundMail: 'true' });
    return this.call('POST', `/v5/payments/${encodeURIComponent(paymentId)}/refund?${q}`);
  }

  private async call<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
    const token = await this.token();
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token.access}`, ...(body ? { 'Content-Type': 'application/json' } : {}), Accept: 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    }).catch((err) => this.down(err));
    if (res.status === 401 && !retried) {
      if (this.tokens) this.tokens = { ...this.tokens, expiresAt: 0 }; // refreshed next, with its refresh token
      return this.call(method, path, body, true);
    }
    if (!res.ok) this.down(new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 200)}`));
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  private async token(): Promise<Tokens> {
    if (this.tokens && this.tokens.expiresAt > Date.now() + 60_000) return this.tokens;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<Tokens> {
    const e = this.config.env;
    if (!this.enabled)
      throw new ServiceUnavailableException({ code: 'helloasso_off', message: 'Le paiement en ligne n’est pas configuré. Online payment is not set up.' });
    const refresh = this.tokens?.refresh;
    if (refresh) {
      const got = await this.grant({ grant_type: 'refresh_token', client_id: e.HELLOASSO_CLIENT_ID!, refresh_token: refresh }).catch(() => null);
      if (got) return got;
    }
    const got = await this.grant({ grant_type: 'client_credentials', client_id: e.HELLOASSO_CLIENT_ID!, client_secret: e.HELLOASSO_CLIENT_SECRET! });
    if (!got) this.down(new Error('token refused'));
    return got!;
  }

  private async grant(form: Record<string, string>): Promise<Tokens | null> {
    const res = await fetch(`${this.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(15_000),
    }).catch((err) => this.down(err));
    if (!res.ok) return null;
    const j = (await res.json()) as { access_token: string; refresh_token?: string; expires_in: number };
    this.tokens = { access: j.access_token, refresh: j.refresh_token ?? null, expiresAt: Date.now() + j.expires_in * 1000 };
    return this.tokens;
  }

  private down(err: unknown): never {
    this.log.warn(`HelloAsso unreachable: ${err instanceof Error ? err.message : String(err)}`);
    throw new ServiceUnavailableException({
      code: 'helloasso_down',
      message: 'HelloAsso ne répond pas : réessayez dans un instant. HelloAsso is not answering.',
    });
  }
}
