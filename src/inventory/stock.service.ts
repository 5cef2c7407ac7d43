import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { assertVisible, siteOf, Viewer } from '../common/viewer';
import { Queues } from '../infra/queue/queues';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { StockLocation } from './entities/location.entity';
import { Part } from './entities/part.entity';
import { StockLevel } from './entities/stock-level.entity';
import { MoveKind, StockMove } from './entities/stock-move.entity';
import { SitesService } from '../sites/sites.service';
import { INVENTORY_QUEUE, LOW_STOCK_JOB, lowStockJobId } from './low-stock';

export interface MoveRequest {
  partId: string;
  locationId: string;
  kind: MoveKind;
  /** Units (always positive); for `counted`, the number of units found on the shelf. */
  quantity: number;
  ticketId?: string | null;
  donorDeviceId?: string | null;
  /** The loan a `lent` or `returned` move belongs to (StockLoans). */
  loanId?: string | null;
  note?: string;
}

/** How a move changes the stock: in, out, or set to what was counted. */
export function deltaOf(kind: MoveKind, quantity: number, current: number): number {
  switch (kind) {
    case 'received':
    case 'harvested':
    case 'returned':
      return quantity;
    case 'used':
    case 'scrapped':
    case 'lent':
      return -quantity;
    case 'counted':
      return quantity - current;
  }
}

/** Runs tasks one after another (SQLite has one writer; this keeps its transactions apart). */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

@Injectable()
export class StockService {
  private readonly log = new Logger('Stock');
  private readonly sqliteWrites = new SerialQueue();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Part) private readonly parts: Repository<Part>,
    @InjectRepository(StockLocation) private readonly locations: Repository<StockLocation>,
    @InjectRepository(StockLevel) private readonly levels: Repository<StockLevel>,
    @InjectRepository(StockMove) private readonly moves: Repository<StockMove>,
    private readonly realtime: RealtimeService,
    private readonly queues: Queues,
    private readonly sites: SitesService,
  ) {
    queues.produces(INVENTORY_QUEUE, LOW_STOCK_JOB);
  }

  private get isPostgres() {
    return this.db.options.type === 'postgres';
  }

  async part(viewer: Viewer, id: string): Promise<Part> {
    return assertVisible(viewer, await this.parts.findOneBy({ id }), 'Pièce');
  }

  async location(viewer: Viewer, id: string): Promise<StockLocation> {
    return assertVisible(viewer, await this.locations.findOneBy({ id }), 'Emplacement');
  }

  /**
   * Records one stock move, the only way stock changes. The level row of (part, location) is
   * locked for the whole transaction (FOR UPDATE on PostgreSQL; one writer at a time on SQLite),
   * so when fifty volunteers reach for the last unit, exactly one gets it. `within` runs in the same
   * transaction, under that lock, before the move is written (a loan's row kept in step with its
   * moves); what it throws undoes the move.
   */
  async recordMove(
    viewer: Viewer,
    req: MoveRequest,
    within?: (em: EntityManager, move: { id: string; delta: number }) => Promise<void>,
  ): Promise<{ move: StockMove; quantity: number }> {
    if (!Number.isInteger(req.quantity) || req.quantity < 0 || (req.kind !== 'counted' && req.quantity === 0)) {
      throw new BadRequestException({ code: 'bad_quantity', message: 'Quantité invalide (nombre entier positif). Invalid quantity.' });
    }
    const part = await this.part(viewer, req.partId);
    const location = await this.location(viewer, req.locationId);
    if (location.siteId !== part.siteId) {
      throw new BadRequestException({ code: 'other_site', message: "L'emplacement n'est pas dans le même lieu que la pièce. Location of another site." });
    }
    await this.levels.createQueryBuilder().insert().values({ siteId: part.siteId, partId: part.id, locationId: location.id, quantity: 0 }).orIgnore().execute();
    const work = () =>
      this.db.transaction(async (em) => {
        const level = await this.lockedLevel(em, part.id, location.id);
        const delta = deltaOf(req.kind, req.quantity, level.quantity);
        const after = level.quantity + delta;
        if (after < 0) {
          throw new ConflictException({
            code: 'out_of_stock',
            message: `Stock insuffisant : ${level.quantity} « ${part.name} » à cet emplacement. Not enough in stock.`,
            available: level.quantity,
          });
        }
        const moveId = randomUUID();
        if (within) await within(em, { id: moveId, delta });
        const move = await em.save(
          em.create(StockMove, {
            id: moveId,
            siteId: part.siteId,
            partId: part.id,
            locationId: location.id,
            kind: req.kind,
            delta,
            ticketId: req.ticketId ?? null,
            donorDeviceId: req.donorDeviceId ?? null,
            loanId: req.loanId ?? null,
            personId: viewer.id,
            note: req.note ?? '',
          }),
        );
        await em.update(StockLevel, { id: level.id }, { quantity: after });
        return { move, quantity: after };
      });
    const result = this.isPostgres ? await work() : await this.sqliteWrites.run(work);
    if (result.move.delta < 0) void this.alertIfLow(part).catch((err) => this.log.warn(`low-stock alert for ${part.name}: ${(err as Error).message}`));
    return result;
  }

  private async lockedLevel(em: EntityManager, partId: string, locationId: string): Promise<StockLevel> {
    const qb = em.createQueryBuilder(StockLevel, 'l').where('l.partId = :partId AND l.locationId = :locationId', { partId, locationId });
    if (this.isPostgres) qb.setLock('pessimistic_write');
    const level = await qb.getOne();
    if (!level) throw new NotFoundException({ code: 'not_found', message: 'Stock introuvable. Not found.' });
    return level;
  }

  /** Total units of each part across its locations. */
  async totals(partIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>(partIds.map((id) => [id, 0]));
    if (!partIds.length) return out;
    const rows = await this.levels.findBy({ partId: In(partIds) });
    for (const r of rows) out.set(r.partId, (out.get(r.partId) ?? 0) + r.quantity);
    return out;
  }

  /** Sum of the recorded moves, for audits and tests (must equal the levels). */
  async sumOfMoves(partId: string): Promise<number> {
    const row = await this.moves.createQueryBuilder('m').select('COALESCE(SUM(m.delta), 0)', 'sum').where('m.partId = :partId', { partId }).getRawOne();
    return Number(row?.sum ?? 0);
  }

  async levelsOf(partId: string): Promise<StockLevel[]> {
    return this.levels.find({ where: { partId }, order: { locationId: 'ASC' } });
  }

  async movesOf(viewer: Viewer, partId: string): Promise<StockMove[]> {
    await this.part(viewer, partId);
    return this.moves.find({ where: { partId }, order: { at: 'DESC' }, take: 500 });
  }

  movesForTicket(ticketId: string): Promise<StockMove[]> {
    return this.moves.find({ where: { ticketId }, order: { at: 'ASC' } });
  }

  movesOfLoan(loanId: string): Promise<StockMove[]> {
    return this.moves.find({ where: { loanId }, order: { at: 'ASC' } });
  }

  movesFromDonor(donorDeviceId: string): Promise<StockMove[]> {
    return this.moves.find({ where: { donorDeviceId }, order: { at: 'ASC' } });
  }

  /** Parts at or below their threshold (a threshold of 0 alerts when none is left). */
  async lowStock(viewer: Viewer, siteId?: string): Promise<Array<{ part: Part; quantity: number }>> {
    const site = siteOf(viewer, siteId);
    const parts = await this.parts.find({ where: site ? { siteId: site } : {}, order: { name: 'ASC' } });
    const totals = await this.totals(parts.map((p) => p.id));
    return parts.filter((p) => (totals.get(p.id) ?? 0) <= p.lowStockThreshold).map((part) => ({ part, quantity: totals.get(part.id) ?? 0 }));
  }

  private async alertIfLow(part: Part): Promise<void> {
    const quantity = (await this.totals([part.id])).get(part.id) ?? 0;
    if (quantity <= part.lowStockThreshold) {
      this.realtime.toSite(part.siteId, 'inventory.low_stock', { partId: part.id, name: part.name, quantity, threshold: part.lowStockThreshold });
      const day = 24 * 3600;
      // The move is recorded already: without the queue the mail waits for the next move below the threshold.
      await this.queues
        .add(
          INVENTORY_QUEUE,
          LOW_STOCK_JOB,
          { partId: part.id },
          {
            jobId: lowStockJobId(part.id, await this.sites.zoneOf(part.siteId)),
            attempts: 3,
            backoffMs: 5000,
            keepMs: 2 * day * 1000,
          },
        )
        .catch((err) => this.log.warn(`low-stock mail of ${part.name} not queued: ${(err as Error).message}`));
    }
  }
}
