import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, Not, Repository } from 'typeorm';
import { DomainEventBus } from '../common/domain-events';
import { assertVisible, Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import type { Invoice, InvoiceParty } from '../invoices/entities/invoice.entity';
import { InvoicesService } from '../invoices/invoices.service';
import { SitesService } from '../sites/sites.service';
import { Payment, PaymentMethod } from './entities/payment.entity';
import { HelloAssoClient } from './helloasso.client';
import { Payable, PayableKind, Payables } from './payables';

/** HelloAsso payment states that mean the money is taken (HA-SPEC PaymentState). */
const PAID_STATES = ['Authorized', 'Registered', 'AuthorizedPreprod'];
const REFUSED_STATES = ['Refused', 'Error', 'Canceled', 'Abandoned'];
const DESK_ROLES = ['admin', 'manager', 'trainer', 'volunteer'];

/** The SQLite connection under TypeORM, for one synchronous BEGIN IMMEDIATE transaction. */
interface SqliteDb {
  prepare(sql: string): { get(...p: unknown[]): unknown; run(...p: unknown[]): unknown };
  transaction<T>(fn: () => T): { immediate(): T };
}

const notFound = () => new NotFoundException({ code: 'not_found', message: 'Introuvable. Not found.' });

/**
 * Payments of payables: online through a HelloAsso checkout (the notification is only a trigger:
 * the intent is read back from the API), or recorded at the desk. Every settled payment gets its
 * invoice (or is tied to the invoice its company statement already has) and is announced once
 * with `payments.settled`; a refund issues a credit note and `payments.refunded`.
 */
@Injectable()
export class PaymentsService {
  private readonly log = new Logger('Payments');

  constructor(
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly payables: Payables,
    private readonly invoices: InvoicesService,
    private readonly helloasso: HelloAssoClient,
    private readonly sites: SitesService,
    private readonly events: DomainEventBus,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A payable with what is left to pay, as the seller and this ledger both see it. */
  async payable(kind: PayableKind, ref: string): Promise<Payable & { dueCents: number }> {
    const p = await this.payables.read(kind, ref);
    if (!p) throw notFound();
    const settled = await this.payments
      .createQueryBuilder('p')
      .select('COALESCE(SUM(p.amountCents - p.refundedCents), 0)', 's')
      .where('p.kind = :kind AND p.ref = :ref AND p.status = :st AND p.duplicate = :dup', { kind, ref, st: 'settled', dup: false })
      .getRawOne<{ s: string | number }>();
    const paid = Math.max(p.paidCents, Number(settled?.s ?? 0));
    return { ...p, dueCents: Math.max(0, p.totalCents - paid) };
  }

  /** Staff of the payable's site, or the person it is for. */
  private async payableFor(viewer: Viewer, kind: PayableKind, ref: string, staffOnly: boolean) {
    const p = await this.payable(kind, ref).catch(() => null);
    if (p && !staffOnly && p.personId === viewer.id) return p;
    if (!p || !DESK_ROLES.includes(viewer.role)) throw notFound();
    assertVisible(viewer, p, 'Paiement');
    return p;
  }

  async preview(viewer: Viewer, kind: PayableKind, ref: string) {
    return this.payableFor(viewer, kind, ref, false);
  }

  // ---- at the desk -----------------------------------------------------------------------

  async recordDesk(
    viewer: Viewer,
    dto: { kind: PayableKind; ref: string; method: PaymentMethod; amountCents?: number; reference?: string; buyer?: InvoiceParty | null },
  ): Promise<Payment> {
    const p = await this.payableFor(viewer, dto.kind, dto.ref, true);
    const amount = dto.amountCents ?? p.dueCents;
    if (p.dueCents <= 0) throw new ConflictException({ code: 'already_paid', message: 'C’est déjà payé. Already paid.' });
    if (amount <= 0 || amount > p.dueCents)
      throw new ConflictException({
        code: 'more_than_due',
        message: `Il reste ${(p.dueCents / 100).toFixed(2).replace('.', ',')} € à payer : pas davantage. More than what is due.`,
      });
    const now = new Date();
    const payment = {
      id: randomUUID(),
      siteId: p.siteId,
      kind: p.kind,
      ref: p.ref,
      personId: p.personId,
      label: p.label,
      method: dto.method,
      status: 'settled',
      amountCents: amount,
      refundedCents: 0,
      duplicate: false,
      checkoutIntentId: null,
      organizationSlug: null,
      redirectUrl: null,
      expiresAt: null,
      providerPaymentId: null,
      providerOrderId: null,
      reference: dto.reference ?? '',
      settledAt: now,
      invoiceId: null,
      recordedById: viewer.id,
      createdAt: now,
    } as Payment;
    const left = await this.insertWithinDue(payment, p.totalCents, p.paidCents);
    if (left !== null)
      throw new ConflictException({
        code: 'more_than_due',
        message: `Il reste ${(left / 100).toFixed(2).replace('.', ',')} € à payer : pas davantage. More than what is due.`,
      });
    return this.afterSettle(payment, p, dto.buyer ?? null);
  }

  /**
   * Inserts a desk payment unless, counted again under a lock on its payable, it exceeds what is
   * left (the total less the larger of what the seller says is paid and what this ledger settled). Two desks taking the
   * last euros at once: one gets a 409. Returns null when inserted, else what is left.
   */
  private async insertWithinDue(row: Payment, totalCents: number, sellerPaidCents: number): Promise<number | null> {
    const sum = `SELECT COALESCE(SUM("amountCents" - "refundedCents"), 0) AS s FROM "payments" WHERE "kind" = $1 AND "ref" = $2 AND "status" = 'settled' AND "duplicate" = false`;
    const left = (settled: number) => totalCents - Math.max(sellerPaidCents, settled);
    if (this.dataSource.options.type === 'postgres') {
      return this.dataSource.transaction(async (em) => {
        await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`payable:${row.kind}:${row.ref}`]);
        const [{ s }] = await em.query(sum, [row.kind, row.ref]);
        const due = left(Number(s));
        if (row.amountCents > due) return Math.max(0, due);
        await em.insert(Payment, row);
        return null;
      });
    }
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
    const cols = Object.keys(row) as Array<keyof Payment>;
    const value = (k: keyof Payment) => {
      const v = row[k];
      if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
      if (typeof v === 'boolean') return v ? 1 : 0;
      return v;
    };
    return db
      .transaction(() => {
        const { s } = db.prepare(sum.replace('$1', '?').replace('$2', '?')).get(row.kind, row.ref) as { s: number };
        const due = left(Number(s));
        if (row.amountCents > due) return Math.max(0, due);
        db.prepare(`INSERT INTO "payments" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map(value));
        return null;
      })
      .immediate();
  }

  // ---- online ----------------------------------------------------------------------------

  /** Starts (or gives back the open) HelloAsso checkout for what is left to pay. */
  async startCheckout(viewer: Viewer, kind: PayableKind, ref: string): Promise<{ paymentId: string; redirectUrl: string }> {
    const p = await this.payableFor(viewer, kind, ref, false);
    if (p.dueCents <= 0) throw new ConflictException({ code: 'already_paid', message: 'C’est déjà payé. Already paid.' });
    const open = await this.payments.findOne({ where: { kind, ref, status: 'pending', method: 'helloasso' }, order: { createdAt: 'DESC' } });
    if (open?.redirectUrl && open.expiresAt && open.expiresAt > new Date() && open.amountCents === p.dueCents)
      return { paymentId: open.id, redirectUrl: open.redirectUrl };
    const site = await this.sites.findByIdOrFail(p.siteId);
    const org = this.helloasso.organizationOf(site.slug);
    if (!org || !this.helloasso.enabled)
      throw new ConflictException({
        code: 'helloasso_off',
        message: 'Le paiement en ligne n’est pas proposé ici : payez à l’accueil. Online payment is off here.',
      });
    const payment = await this.payments.save(
      this.payments.create({
        siteId: p.siteId,
        kind,
        ref,
        personId: p.personId,
        label: p.label,
        method: 'helloasso',
        status: 'pending',
        amountCents: p.dueCents,
        organizationSlug: org,
        recordedById: viewer.id,
        expiresAt: new Date(Date.now() + this.config.env.HELLOASSO_CHECKOUT_MINUTES * 60_000),
      }),
    );
    const back = `${this.config.publicUrl}/me/payments`;
    const intent = await this.helloasso.createCheckout(org, {
      totalAmount: p.dueCents,
      initialAmount: p.dueCents,
      itemName: p.label.slice(0, 250),
      backUrl: back,
      errorUrl: `${back}?done=error`,
      returnUrl: `${this.config.publicUrl}/me/payments/return?payment=${payment.id}`,
      containsDonation: false,
      metadata: { paymentId: payment.id, kind, ref },
    });
    await this.payments.update(payment.id, { checkoutIntentId: intent.id, redirectUrl: intent.redirectUrl });
    return { paymentId: payment.id, redirectUrl: intent.redirectUrl };
  }

  /**
   * A HelloAsso notification (Payment or Order): only says which checkout to look at. The intent
   * is read back from the API and decides; unknown, repeated or stale notifications change nothing.
   */
  async notified(body: unknown): Promise<void> {
    const b = (body ?? {}) as { data?: Record<string, unknown>; metadata?: Record<string, unknown> };
    const paymentId = typeof b.metadata?.paymentId === 'string' ? b.metadata.paymentId : null;
    const intentId = Number(b.data?.checkoutIntentId ?? (b.data?.order as { checkoutIntentId?: unknown } | undefined)?.checkoutIntentId);
    const payment = paymentId
      ? await this.payments.findOne({ where: { id: paymentId } }).catch(() => null)
      : Number.isInteger(intentId)
        ? await this.payments.findOneBy({ checkoutIntentId: intentId })
        : null;
    if (payment) await this.confirm(payment.id);
  }

  /** Reads the checkout intent and settles the payment if HelloAsso says it is paid, once. Also after the checkout expired. */
  async confirm(paymentId: string): Promise<Payment> {
    const payment = await this.payments.findOneBy({ id: paymentId });
    if (!payment) throw notFound();
    if (payment.status === 'settled' && !payment.invoiceId && !payment.duplicate) return this.repairInvoice(payment);
    if (payment.status === 'settled' || payment.method !== 'helloasso' || payment.checkoutIntentId === null) return payment;
    const intent = await this.helloasso.getCheckout(payment.organizationSlug!, payment.checkoutIntentId);
    if (intent.metadata?.paymentId && intent.metadata.paymentId !== payment.id) return payment; // not ours
    const paid = intent.order?.payments?.find((x) => PAID_STATES.includes(x.state));
    if (!paid) {
      if (intent.order?.payments?.length && intent.order.payments.every((x) => REFUSED_STATES.includes(x.state)))
        await this.payments.update({ id: payment.id, status: 'pending' }, { status: 'failed' });
      return (await this.payments.findOneBy({ id: paymentId }))!;
    }
    const p = await this.payable(payment.kind as PayableKind, payment.ref).catch(() => null);
    const amount = intent.order?.amount?.total ?? paid.amount;
    const duplicate = !p || p.dueCents < amount;
    const won = await this.payments.update(
      { id: payment.id, status: Not('settled') },
      {
        status: 'settled',
        settledAt: new Date(),
        amountCents: amount,
        duplicate,
        providerPaymentId: String(paid.id),
        providerOrderId: String(intent.order!.id),
      },
    );
    if (!won.affected) return (await this.payments.findOneBy({ id: paymentId }))!; // another notification settled it
    const settled = (await this.payments.findOneBy({ id: paymentId }))!;
    if (duplicate) this.log.warn(`payment ${payment.id} arrived for ${payment.kind} ${payment.ref} already paid: to refund`);
    const payable = p ?? {
      kind: payment.kind,
      ref: payment.ref,
      personId: payment.personId,
      label: payment.label,
      lines: [],
      totalCents: amount,
      siteId: payment.siteId,
    };
    return this.afterSettle(settled, payable as Payable, null, duplicate);
  }

  /** A settled payment whose invoice was never written (the process died in between): issued now, once (unique per payment). */
  private async repairInvoice(payment: Payment): Promise<Payment> {
    const p = await this.payables.read(payment.kind as PayableKind, payment.ref);
    const payable =
      p ??
      ({
        kind: payment.kind,
        ref: payment.ref,
        personId: payment.personId,
        label: payment.label,
        lines: [],
        totalCents: payment.amountCents,
      } as unknown as Payable);
    return this.afterSettle(payment, payable, null);
  }

  private async afterSettle(payment: Payment, p: Payable, buyer: InvoiceParty | null, duplicate = false): Promise<Payment> {
    const open = duplicate ? null : await this.invoices.openInvoiceFor(p.kind, p.ref);
    const invoice =
      open ??
      (await this.invoices.issueForPayment({
        siteId: payment.siteId,
        paymentId: payment.id,
        payable: { kind: p.kind, ref: p.ref, personId: p.personId, label: p.label, lines: p.lines, totalCents: p.totalCents },
        amountCents: payment.amountCents,
        buyer,
        issuedById: payment.recordedById,
      }));
    await this.payments.update(payment.id, { invoiceId: invoice.id });
    payment.invoiceId = invoice.id;
    if (!duplicate) {
      this.events.emit('payments.settled', {
        paymentId: payment.id,
        siteId: payment.siteId,
        personId: payment.personId,
        kind: payment.kind as PayableKind,
        ref: payment.ref,
        amountCents: payment.amountCents,
        paidAt: payment.settledAt ?? new Date(),
      });
    }
    return payment;
  }

  // ---- refunds ---------------------------------------------------------------------------

  /** Gives back all that is left of a payment, or `amountCents` of it; HelloAsso refunds the card; a credit note follows. */
  async refund(viewer: Viewer, paymentId: string, amountCents: number | null): Promise<{ payment: Payment; creditNote: Invoice }> {
    const payment = await this.payments.findOneBy({ id: paymentId });
    assertVisible(viewer, payment, 'Paiement');
    this.invoices.assertTreasurer(viewer, payment!.siteId);
    const p = payment!;
    const left = p.amountCents - p.refundedCents;
    const amount = amountCents ?? left;
    if (p.status !== 'settled' || amount <= 0 || amount > left)
      throw new ConflictException({
        code: 'refund_too_large',
        message: `Il reste ${(left / 100).toFixed(2).replace('.', ',')} € remboursables. Refund exceeds what is left.`,
      });
    const claimed = await this.payments.update({ id: p.id, refundedCents: p.refundedCents }, { refundedCents: p.refundedCents + amount });
    if (!claimed.affected)
      throw new ConflictException({ code: 'refund_busy', message: 'Un autre remboursement vient d’être fait : rechargez. Another refund just happened.' });
    if (p.method === 'helloasso' && p.providerPaymentId) {
      await this.helloasso.refund(p.providerPaymentId, amount, `Remboursement ${p.label}`).catch(async (err) => {
        await this.payments.update({ id: p.id }, { refundedCents: p.refundedCents });
        throw err;
      });
    }
    const creditNote = await this.invoices.creditNote(null, p.invoiceId!, amount).catch(async (err) => {
      await this.payments.update({ id: p.id }, { refundedCents: p.refundedCents });
      throw err;
    });
    const after = (await this.payments.findOneBy({ id: p.id }))!;
    if (!p.duplicate) {
      this.events.emit('payments.refunded', {
        paymentId: p.id,
        siteId: p.siteId,
        kind: p.kind as PayableKind,
        ref: p.ref,
        refundedCents: amount,
        full: after.refundedCents === after.amountCents,
      });
    }
    return { payment: after, creditNote };
  }

  // ---- reading ---------------------------------------------------------------------------

  mine(viewer: Viewer): Promise<Payment[]> {
    return this.payments.find({ where: { personId: viewer.id, status: Not('failed') }, order: { createdAt: 'DESC' }, take: 100 });
  }

  async ofSite(siteId: string, from?: Date, to?: Date): Promise<Payment[]> {
    const qb = this.payments.createQueryBuilder('p').where('p.siteId = :siteId AND p.status = :s', { siteId, s: 'settled' });
    if (from) qb.andWhere('p.settledAt >= :from', { from });
    if (to) qb.andWhere('p.settledAt <= :to', { to });
    return qb.orderBy('p.settledAt', 'DESC').getMany();
  }

  async get(viewer: Viewer, id: string): Promise<Payment> {
    const p = await this.payments.findOneBy({ id });
    if (p && p.personId === viewer.id) return p;
    assertVisible(viewer, p, 'Paiement');
    this.invoices.assertTreasurer(viewer, p!.siteId);
    return p!;
  }

  /** Invoices issued before payment (company statements) that are not wholly paid nor credited. */
  async unpaid(viewer: Viewer, siteId?: string): Promise<Array<{ invoice: Invoice; dueCents: number }>> {
    const site = this.invoices.assertTreasurer(viewer, siteId);
    const issued = (await this.invoices.list(viewer, { siteId: site })).filter((i) => i.kind === 'invoice' && !i.paymentId && i.payableRef);
    const paid = issued.length ? await this.payments.find({ where: { siteId: site, status: 'settled', invoiceId: In(issued.map((i) => i.id)) } }) : [];
    const out = [];
    for (const invoice of issued) {
      const settled = paid.filter((x) => x.invoiceId === invoice.id).reduce((s, x) => s + x.amountCents - x.refundedCents, 0);
      const due = invoice.grossCents - (await this.invoices.creditedCents(invoice.id)) - settled;
      if (due > 0) out.push({ invoice, dueCents: due });
    }
    return out;
  }

  /** Late settled payments to give back (see `duplicate`). */
  toRefund(siteId: string): Promise<Payment[]> {
    return this.payments.find({ where: { siteId, duplicate: true, status: 'settled', invoiceId: Not(IsNull()) } });
  }
}
