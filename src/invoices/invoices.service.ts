import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { addDays, dayOf } from '../common/local-format';
import { isUniqueViolation } from '../infra/database/db-errors';
import { assertVisible, requireSite, Viewer } from '../common/viewer';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { SetBillingProfileDto } from './dto/invoices.dto';
import { AccountingPeriod } from './entities/accounting-period.entity';
import { BillingProfile } from './entities/billing-profile.entity';
import { Invoice, InvoiceKind, InvoiceLine, InvoiceParty } from './entities/invoice.entity';
import { ChainReport, GENESIS_HASH, hashOf, numberOf, verifyChain } from './invoice-chain';
import { GrossLine, invoiceLines, shareOf, totalsOf } from './invoice-lines';
import { invoicePdf } from './invoice-pdf';

/** What a new document says; the number, date, hashes and seller are added when it is issued. */
interface Draft {
  siteId: string;
  kind: InvoiceKind;
  corrects?: Invoice;
  paymentId?: string | null;
  payableKind?: string | null;
  payableRef?: string | null;
  personId?: string | null;
  buyer: InvoiceParty;
  business: boolean;
  lines: InvoiceLine[];
  dueDays?: number | null;
  issuedById: string | null;
}

export interface PaymentInvoiceInput {
  siteId: string;
  paymentId: string;
  payable: { kind: string; ref: string; personId: string | null; label: string; lines: GrossLine[]; totalCents: number };
  amountCents: number;
  /** Set when the payer asked for an invoice in a company's name. */
  buyer?: InvoiceParty | null;
  issuedById: string | null;
}

/** The SQLite connection under TypeORM, for one synchronous BEGIN IMMEDIATE transaction. */
interface SqliteDb {
  prepare(sql: string): { get(...p: unknown[]): unknown; run(...p: unknown[]): unknown };
  transaction<T>(fn: () => T): { immediate(): T };
}
const sqliteDate = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
const isTreasurer = (v: Viewer) => v.role === 'admin' || v.role === 'manager';

/**
 * Invoices and credit notes: one continuous numbered series per site and year, each document
 * chained to the previous one by its hash, never changed nor deleted; closing of periods.
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectRepository(Invoice) private readonly invoices: Repository<Invoice>,
    @InjectRepository(BillingProfile) private readonly profiles: Repository<BillingProfile>,
    @InjectRepository(AccountingPeriod) private readonly periods: Repository<AccountingPeriod>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sites: SitesService,
    private readonly people: PeopleService,
  ) {}

  assertTreasurer(viewer: Viewer, siteId?: string | null): string {
    if (!isTreasurer(viewer)) throw new NotFoundException({ code: 'not_found', message: 'Introuvable. Not found.' });
    return requireSite(viewer, siteId);
  }

  // ---- the seller ------------------------------------------------------------------------

  async profileOf(siteId: string): Promise<BillingProfile> {
    const found = await this.profiles.findOneBy({ siteId });
    if (found) return found;
    const site = await this.sites.findByIdOrFail(siteId);
    return this.profiles.create({ siteId, legalName: site.name, address: '', siren: null, vatNumber: null, vatRegime: 'franchise', paymentDays: 30 });
  }

  async setProfile(viewer: Viewer, dto: SetBillingProfileDto): Promise<BillingProfile> {
    const siteId = this.assertTreasurer(viewer, dto.siteId);
    if (dto.vatRegime === 'subject' && !dto.vatNumber)
      throw new BadRequestException({
        code: 'vat_number_required',
        message: 'Un lieu assujetti à la TVA indique son numéro de TVA. A VAT-registered site gives its VAT number.',
      });
    return this.profiles.save({
      siteId,
      legalName: dto.legalName,
      address: dto.address ?? '',
      siren: dto.siren || null,
      vatNumber: dto.vatNumber || null,
      vatRegime: dto.vatRegime,
      paymentDays: dto.paymentDays ?? 30,
    });
  }

  // ---- issuing ---------------------------------------------------------------------------

  /** The invoice of a settled payment: the payable's lines, or their share for a part payment. */
  async issueForPayment(input: PaymentInvoiceInput): Promise<Invoice> {
    const existing = await this.invoices.findOneBy({ paymentId: input.paymentId, kind: 'invoice' });
    if (existing) return existing;
    try {
      return await this.newPaymentInvoice(input);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const other = await this.invoices.findOneBy({ paymentId: input.paymentId, kind: 'invoice' }); // issued meanwhile by another try
      if (!other) throw err;
      return other;
    }
  }

  private async newPaymentInvoice(input: PaymentInvoiceInput): Promise<Invoice> {
    const profile = await this.profileOf(input.siteId);
    const total = input.payable.lines.reduce((s, l) => s + l.unitCents * l.quantity, 0);
    const base: GrossLine[] = total > 0 ? input.payable.lines : [{ label: input.payable.label, quantity: 1, unitCents: input.amountCents, vatRatePercent: 0 }];
    let lines = invoiceLines(base, profile.vatRegime);
    if (input.amountCents !== totalsOf(lines).grossCents) lines = shareOf(lines, input.amountCents, ' (acompte)');
    const buyer = input.buyer ?? (await this.personParty(input.payable.personId, input.payable.label));
    return this.issue({
      siteId: input.siteId,
      kind: 'invoice',
      paymentId: input.paymentId,
      payableKind: input.payable.kind,
      payableRef: input.payable.ref,
      personId: input.payable.personId,
      buyer,
      business: Boolean(input.buyer?.siren),
      lines,
      issuedById: input.issuedById,
    });
  }

  /** A company's statement invoiced before it is paid, with its due date (the payment will not be invoiced again). */
  async issueForPayable(
    viewer: Viewer,
    payable: { siteId: string; kind: string; ref: string; personId: string | null; lines: GrossLine[] },
    buyer: InvoiceParty,
  ): Promise<Invoice> {
    this.assertTreasurer(viewer, payable.siteId);
    if (!payable.lines.length) throw new ConflictException({ code: 'nothing_to_invoice', message: 'Rien à facturer. Nothing to invoice.' });
    const open = await this.openInvoiceFor(payable.kind, payable.ref);
    if (open) throw new ConflictException({ code: 'already_invoiced', message: `Déjà facturé (n° ${open.number}). Already invoiced.` });
    const profile = await this.profileOf(payable.siteId);
    return this.issue({
      siteId: payable.siteId,
      kind: 'invoice',
      payableKind: payable.kind,
      payableRef: payable.ref,
      personId: payable.personId,
      buyer,
      business: Boolean(buyer.siren),
      lines: invoiceLines(payable.lines, profile.vatRegime),
      dueDays: profile.paymentDays,
      issuedById: viewer.id,
    });
  }

  /** The invoice issued for a payable before payment and not wholly credited, if any. */
  async openInvoiceFor(kind: string, ref: string): Promise<Invoice | null> {
    const found = await this.invoices.find({ where: { payableKind: kind, payableRef: ref, kind: 'invoice' }, order: { issuedAt: 'ASC' } });
    for (const inv of found.filter((i) => !i.paymentId)) {
      if ((await this.creditedCents(inv.id)) < inv.grossCents) return inv;
    }
    return null;
  }

  /**
   * A credit note on an invoice: the whole of what is left, or `amountCents` of it (its share of
   * each line). Never more than the invoice less its earlier credit notes.
   */
  async creditNote(viewer: Viewer | null, invoiceId: string, amountCents: number | null): Promise<Invoice> {
    const original = await this.invoices.findOneBy({ id: invoiceId });
    if (viewer) {
      assertVisible(viewer, original, 'Facture');
      this.assertTreasurer(viewer, original!.siteId);
    }
    if (!original) throw new NotFoundException({ code: 'not_found', message: 'Facture introuvable. Not found.' });
    if (original.kind !== 'invoice')
      throw new ConflictException({ code: 'not_an_invoice', message: 'Un avoir ne se corrige pas par un avoir. A credit note cannot be credited.' });
    const left = original.grossCents - (await this.creditedCents(original.id));
    const amount = amountCents ?? left;
    if (amount <= 0 || amount > left)
      throw new ConflictException({
        code: 'credit_too_large',
        message: `Il reste ${(left / 100).toFixed(2).replace('.', ',')} € à créditer sur cette facture. Credit exceeds what is left.`,
      });
    const lines = amount === original.grossCents ? original.lines : shareOf(original.lines, amount, ' (avoir partiel)');
    return this.issue({
      siteId: original.siteId,
      kind: 'credit_note',
      corrects: original,
      paymentId: original.paymentId,
      payableKind: original.payableKind,
      payableRef: original.payableRef,
      personId: original.personId,
      buyer: original.buyer,
      business: original.business,
      lines,
      issuedById: viewer?.id ?? null,
    });
  }

  async creditedCents(invoiceId: string): Promise<number> {
    const notes = await this.invoices.findBy({ correctsId: invoiceId });
    return notes.reduce((s, n) => s + n.grossCents, 0);
  }

  private async personParty(personId: string | null, fallback: string): Promise<InvoiceParty> {
    const p = personId ? await this.people.findPerson(personId) : null;
    return { name: p ? `${p.firstName} ${p.lastName}`.trim() : fallback, address: '', siren: null, vatNumber: null };
  }

  /** Dates, numbers, chains and inserts one document; refuses a day inside a closed period. */
  private async issue(d: Draft): Promise<Invoice> {
    const [profile, zone] = await Promise.all([this.profileOf(d.siteId), this.sites.zoneOf(d.siteId)]);
    const issuedAt = new Date();
    const issueDay = dayOf(issuedAt, zone);
    await this.assertOpen(d.siteId, issueDay);
    const totals = totalsOf(d.lines);
    const row = {
      id: randomUUID(),
      siteId: d.siteId,
      kind: d.kind,
      year: Number(issueDay.slice(0, 4)),
      seq: 0,
      number: '',
      issuedAt,
      issueDay,
      dueDay: d.dueDays ? addDays(issueDay, d.dueDays) : null,
      correctsId: d.corrects?.id ?? null,
      correctsNumber: d.corrects?.number ?? null,
      paymentId: d.paymentId ?? null,
      payableKind: d.payableKind ?? null,
      payableRef: d.payableRef ?? null,
      personId: d.personId ?? null,
      business: d.business,
      seller: { name: profile.legalName, address: profile.address, siren: profile.siren, vatNumber: profile.vatNumber },
      buyer: d.buyer,
      vatRegime: profile.vatRegime,
      lines: d.lines,
      ...totals,
      previousHash: '',
      hash: '',
      issuedById: d.issuedById,
      createdAt: issuedAt,
    } as Invoice;
    const limit = d.corrects ? { id: d.corrects.id, grossCents: d.corrects.grossCents } : null;
    if (this.dataSource.options.type === 'postgres') await this.insertPostgres(row, limit);
    else this.insertSqlite(row, limit);
    return row;
  }

  private seal(row: Invoice, seq: number, previousHash: string | undefined): void {
    row.seq = seq;
    row.number = numberOf(row.year, seq);
    row.previousHash = previousHash ?? GENESIS_HASH;
    row.hash = hashOf(row);
  }

  /**
   * PostgreSQL: the site-year counter row is taken (INSERT … ON CONFLICT DO UPDATE locks it) in the
   * invoice's own transaction, so a second instance waits for the commit and reads the number and
   * hash just written; a rollback gives the number back.
   */
  private async insertPostgres(row: Invoice, limit: { id: string; grossCents: number } | null): Promise<void> {
    await this.dataSource.transaction(async (em: EntityManager) => {
      const [{ last }] = await em.query(
        `INSERT INTO "invoice_counters" ("siteId", "year", "last") VALUES ($1, $2, 1)
         ON CONFLICT ("siteId", "year") DO UPDATE SET "last" = "invoice_counters"."last" + 1 RETURNING "last"`,
        [row.siteId, row.year],
      );
      if (limit)
        await this.assertCreditFits(
          await em.query(`SELECT COALESCE(SUM("grossCents"), 0)::int AS s FROM "invoices" WHERE "correctsId" = $1`, [limit.id]),
          row,
          limit,
        );
      const prev = await em.query(`SELECT "hash" FROM "invoices" WHERE "siteId" = $1 ORDER BY "year" DESC, "seq" DESC LIMIT 1`, [row.siteId]);
      this.seal(row, Number(last), prev[0]?.hash);
      await em.insert(Invoice, row);
    });
  }

  /** SQLite: the same steps in one synchronous BEGIN IMMEDIATE transaction, which no other writer can interleave. */
  private insertSqlite(row: Invoice, limit: { id: string; grossCents: number } | null): void {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
    const cols = Object.keys(row) as Array<keyof Invoice>;
    const value = (k: keyof Invoice) => {
      const v = row[k];
      if (v instanceof Date) return sqliteDate(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v && typeof v === 'object') return JSON.stringify(v);
      return v;
    };
    db.transaction(() => {
      const { last } = db
        .prepare(
          `INSERT INTO "invoice_counters" ("siteId", "year", "last") VALUES (?, ?, 1) ON CONFLICT ("siteId", "year") DO UPDATE SET "last" = "last" + 1 RETURNING "last"`,
        )
        .get(row.siteId, row.year) as { last: number };
      if (limit)
        this.assertCreditFits([db.prepare(`SELECT COALESCE(SUM("grossCents"), 0) AS s FROM "invoices" WHERE "correctsId" = ?`).get(limit.id)], row, limit);
      const prev = db.prepare(`SELECT "hash" FROM "invoices" WHERE "siteId" = ? ORDER BY "year" DESC, "seq" DESC LIMIT 1`).get(row.siteId) as
        | { hash: string }
        | undefined;
      this.seal(row, last, prev?.hash);
      db.prepare(`INSERT INTO "invoices" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map(value));
    }).immediate();
  }

  /** Checked again inside the numbering transaction: two credit notes at once never exceed the invoice. */
  private assertCreditFits(rows: unknown[], row: Invoice, limit: { grossCents: number }): void {
    const credited = Number((rows[0] as { s: number | string } | undefined)?.s ?? 0);
    if (credited + row.grossCents > limit.grossCents)
      throw new ConflictException({ code: 'credit_too_large', message: 'Cette facture est déjà créditée. This invoice is already credited.' });
  }

  // ---- periods ---------------------------------------------------------------------------

  private async assertOpen(siteId: string, day: string): Promise<void> {
    const closed = await this.periods.createQueryBuilder('p').where('p.siteId = :siteId AND p.endDay >= :day', { siteId, day }).getCount();
    if (closed)
      throw new ConflictException({
        code: 'period_closed',
        message: `La période comptable du ${day} est close : aucune facture ne peut y être datée. This accounting period is closed.`,
      });
  }

  async closePeriod(viewer: Viewer, siteId: string | undefined, endDay: string): Promise<AccountingPeriod> {
    const site = this.assertTreasurer(viewer, siteId);
    const today = dayOf(new Date(), await this.sites.zoneOf(site));
    if (endDay >= today)
      throw new BadRequestException({
        code: 'period_not_over',
        message: 'Seule une période terminée (avant aujourd’hui) se clôt. Only a past period can be closed.',
      });
    const last = await this.periods.findOne({ where: { siteId: site }, order: { endDay: 'DESC' } });
    if (last && last.endDay >= endDay) throw new ConflictException({ code: 'already_closed', message: `Déjà clos jusqu’au ${last.endDay}. Already closed.` });
    const startDay = last ? addDays(last.endDay, 1) : '1970-01-01';
    const docs = await this.invoices
      .createQueryBuilder('i')
      .where('i.siteId = :site AND i.issueDay >= :startDay AND i.issueDay <= :endDay', { site, startDay, endDay })
      .orderBy('i.year', 'DESC')
      .addOrderBy('i.seq', 'DESC')
      .getMany();
    return this.periods.save(
      this.periods.create({
        siteId: site,
        startDay,
        endDay,
        lastHash: docs[0]?.hash ?? last?.lastHash ?? GENESIS_HASH,
        invoiceCount: docs.length,
        closedById: viewer.id,
      }),
    );
  }

  listPeriods(viewer: Viewer, siteId?: string): Promise<AccountingPeriod[]> {
    const site = this.assertTreasurer(viewer, siteId);
    return this.periods.find({ where: { siteId: site }, order: { endDay: 'DESC' } });
  }

  // ---- reading ---------------------------------------------------------------------------

  async list(viewer: Viewer, q: { siteId?: string; from?: string; to?: string }): Promise<Invoice[]> {
    const site = this.assertTreasurer(viewer, q.siteId);
    const qb = this.invoices.createQueryBuilder('i').where('i.siteId = :site', { site });
    if (q.from) qb.andWhere('i.issueDay >= :from', { from: q.from });
    if (q.to) qb.andWhere('i.issueDay <= :to', { to: q.to });
    return qb.orderBy('i.year', 'DESC').addOrderBy('i.seq', 'DESC').getMany();
  }

  /** A person's own documents (« Mon espace »). */
  mine(viewer: Viewer): Promise<Invoice[]> {
    return this.invoices.find({ where: { personId: viewer.id }, order: { issuedAt: 'DESC' }, take: 100 });
  }

  byIds(ids: string[]): Promise<Invoice[]> {
    return ids.length ? this.invoices.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  byPayables(kind: string, refs: string[]): Promise<Invoice[]> {
    return refs.length ? this.invoices.findBy({ payableKind: kind, payableRef: In(refs) }) : Promise.resolve([]);
  }

  /** The person it is for, or the site's treasurers; anyone else gets a 404. */
  async get(viewer: Viewer, id: string): Promise<Invoice> {
    const inv = await this.invoices.findOneBy({ id });
    if (inv && inv.personId === viewer.id) return inv;
    assertVisible(viewer, inv, 'Facture');
    this.assertTreasurer(viewer, inv!.siteId);
    return inv!;
  }

  async pdf(viewer: Viewer, id: string): Promise<{ invoice: Invoice; pdf: Buffer }> {
    const invoice = await this.get(viewer, id);
    return { invoice, pdf: await invoicePdf(invoice, await this.sites.zoneOf(invoice.siteId)) };
  }

  async verify(viewer: Viewer | null, siteId?: string): Promise<ChainReport> {
    const site = viewer ? this.assertTreasurer(viewer, siteId) : siteId!;
    return verifyChain(await this.invoices.findBy({ siteId: site }));
  }

  /** Every site's chain, for the command line (`npm run invoices:verify`). */
  async verifyAll(): Promise<Array<{ siteId: string; report: ChainReport }>> {
    const rows: Array<{ siteId: string }> = await this.invoices.createQueryBuilder('i').select('DISTINCT i.siteId', 'siteId').getRawMany();
    return Promise.all(rows.map(async (r) => ({ siteId: r.siteId, report: await this.verify(null, r.siteId) })));
  }

  siteInvoices(siteId: string, from: string, to: string): Promise<Invoice[]> {
    return this.invoices
      .createQueryBuilder('i')
      .where('i.siteId = :siteId AND i.issueDay >= :from AND i.issueDay <= :to', { siteId, from, to })
      .orderBy('i.year', 'ASC')
      .addOrderBy('i.seq', 'ASC')
      .getMany();
  }
}
