import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Intent {
  id: number;
  org: string;
  body: Record<string, unknown>;
  order?: { id: number; date: string; amount: { total: number }; payments: Array<{ id: number; amount: number; state: string }> };
}

/**
 * A local stand-in for HelloAsso API v5, serving the documented endpoints the app uses (MONEY-
 * REFERENCE.md §1): `POST /oauth2/token` (client_credentials and refresh_token, form-encoded),
 * `POST|GET /v5/organizations/{slug}/checkout-intents[/{id}]` (bearer token required, amounts in
 * cents, totalAmount = initialAmount + terms), `POST /v5/payments/{id}/refund`. The test plays
 * the payer (`pay`) and builds the notifications HelloAsso would send (`paymentNotification`,
 * `orderNotification`, shapes of the official examples). Tokens can be made to expire at once.
 */
export class HelloAssoStandIn {
  readonly clientId = `client-${randomBytes(3).toString('hex')}`;
  readonly clientSecret = randomBytes(12).toString('hex');
  readonly intents = new Map<number, Intent>();
  readonly refunds: Array<{ paymentId: string; amount: number }> = [];
  readonly grants: string[] = [];
  private tokens = new Map<string, number>(); // access token → expiry (ms)
  private refreshTokens = new Set<string>();
  private nextId = 1000 + Math.floor(Math.random() * 1000);
  tokenSeconds = 1800;
  private server!: http.Server;
  url = '';

  static async start(): Promise<HelloAssoStandIn> {
    const s = new HelloAssoStandIn();
    s.server = http.createServer((req, res) => void s.handle(req, res));
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** Every access token given so far ends now (the app must refresh). */
  expireTokens(): void {
    for (const k of this.tokens.keys()) this.tokens.set(k, 0);
  }

  /** The payer pays on HelloAsso's page: the intent gets its order and an authorized payment. */
  pay(intentId: number, state = 'Authorized'): Intent {
    const i = this.intents.get(intentId);
    if (!i) throw new Error(`no intent ${intentId}`);
    const amount = Number(i.body.totalAmount);
    i.order = { id: this.nextId++, date: new Date().toISOString(), amount: { total: amount }, payments: [{ id: this.nextId++, amount, state }] };
    return i;
  }

  paymentNotification(intentId: number): object {
    const i = this.intents.get(intentId)!;
    const p = i.order?.payments[0];
    return {
      eventType: 'Payment',
      data: {
        id: p?.id ?? 0,
        amount: p?.amount ?? 0,
        state: p?.state ?? 'Pending',
        paymentMeans: 'Card',
        order: { id: i.order?.id ?? 0, formType: 'Checkout', organizationSlug: i.org },
      },
      metadata: i.body.metadata,
    };
  }

  orderNotification(intentId: number): object {
    const i = this.intents.get(intentId)!;
    return {
      eventType: 'Order',
      data: { id: i.order?.id ?? 0, checkoutIntentId: intentId, formType: 'Checkout', payments: i.order?.payments ?? [], amount: i.order?.amount },
      metadata: i.body.metadata,
    };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname === '/oauth2/token') return send(...this.token(new URLSearchParams(raw)));
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!auth || (this.tokens.get(auth) ?? 0) < Date.now()) return send(401, { message: 'Authorization has been denied for this request.' });
    let m = /^\/v5\/organizations\/([a-z0-9-]+)\/checkout-intents$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const body = JSON.parse(raw) as Record<string, unknown>;
      const missing = ['totalAmount', 'initialAmount', 'itemName', 'backUrl', 'errorUrl', 'returnUrl', 'containsDonation'].filter((k) => body[k] === undefined);
      const terms = ((body.terms as Array<{ amount: number }>) ?? []).reduce((s, t) => s + t.amount, 0);
      if (missing.length || !Number.isInteger(body.totalAmount) || body.totalAmount !== Number(body.initialAmount) + terms)
        return send(400, { errors: [{ code: 'ArgumentInvalid', message: `invalid: ${missing.join(',') || 'totalAmount'}` }] });
      const id = this.nextId++;
      this.intents.set(id, { id, org: m[1], body });
      return send(200, { id, redirectUrl: `${this.url}/checkout/${id}` });
    }
    m = /^\/v5\/organizations\/([a-z0-9-]+)\/checkout-intents\/(\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      const i = this.intents.get(Number(m[2]));
      if (!i || i.org !== m[1]) return send(404, { message: 'not found' });
      return send(200, { id: i.id, redirectUrl: `${this.url}/checkout/${i.id}`, metadata: i.body.metadata, ...(i.order ? { order: i.order } : {}) });
    }
    m = /^\/v5\/payments\/(\d+)\/refund$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const amount = Number(url.searchParams.get('amount') ?? 0);
      this.refunds.push({ paymentId: m[1], amount });
      return send(200, { id: Number(m[1]), state: amount ? 'Refunding' : 'Refunded' });
    }
    send(404, { message: 'not found' });
  }

  private token(form: URLSearchParams): [number, unknown] {
    const grant = form.get('grant_type') ?? '';
    this.grants.push(grant);
    const ok =
      form.get('client_id') === this.clientId &&
      ((grant === 'client_credentials' && form.get('client_secret') === this.clientSecret) ||
        (grant === 'refresh_token' && this.refreshTokens.delete(form.get('refresh_token') ?? '')));
    if (!ok) return [400, { error: 'invalid_grant' }];
    const access = randomBytes(16).toString('hex');
    const refresh = randomBytes(16).toString('hex');
    this.tokens.set(access, Date.now() + this.tokenSeconds * 1000);
    this.refreshTokens.add(refresh);
    return [200, { access_token: access, refresh_token: refresh, token_type: 'bearer', expires_in: this.tokenSeconds }];
  }
}
