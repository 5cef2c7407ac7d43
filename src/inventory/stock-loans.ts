import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { assertVisible, siteOf, Viewer } from '../common/viewer';
import { StockLoan } from './entities/loan.entity';
import { StockService } from './stock.service';

export interface LendRequest {
  partId: string;
  locationId: string;
  quantity: number;
  /** The borrowing feature's key (`outreach-stop:<id>`): its loans are read back by it. */
  forRef: string;
  /** What the stock's history says the units went for (« Numéribus — Mairie de Plouzané, 12/12 »). */
  forLabel: string;
}

export interface ReturnRequest {
  /** Units back on the shelf (default: every unit still out, when `lost` is not given either). */
  returned?: number;
  /** Units that will not come back (broken, lost): written off, the stock stays down. */
  lost?: number;
}

/** Units of a loan still out. */
export const outstandingOf = (l: Pick<StockLoan, 'quantity' | 'returnedQuantity' | 'lostQuantity'>) => l.quantity - l.returnedQuantity - l.lostQuantity;

/**
 * Lending a site's equipment and checking it back in. Each step is a stock move (`lent`, then
 * `returned`) written with the loan's row in one transaction, under the lock of the stock level the
 * units come from: two returns of one loan at once cannot bring back more than went out.
 */
@Injectable()
export class StockLoans {
  constructor(
    private readonly stock: StockService,
    @InjectRepository(StockLoan) private readonly loans: Repository<StockLoan>,
  ) {}

  async lend(viewer: Viewer, req: LendRequest): Promise<StockLoan> {
    if (!Number.isInteger(req.quantity) || req.quantity < 1)
      throw new BadRequestException({ code: 'bad_quantity', message: 'Quantité prêtée : un nombre entier, 1 au moins. Invalid quantity.' });
    const part = await this.stock.part(viewer, req.partId);
    const id = randomUUID();
    await this.stock.recordMove(
      viewer,
      { partId: part.id, locationId: req.locationId, kind: 'lent', quantity: req.quantity, loanId: id, note: req.forLabel },
      (em) =>
        em
          .insert(StockLoan, {
            id,
            siteId: part.siteId,
            partId: part.id,
            locationId: req.locationId,
            quantity: req.quantity,
            returnedQuantity: 0,
            lostQuantity: 0,
            forRef: req.forRef,
            forLabel: req.forLabel.slice(0, 200),
            lentBy: viewer.id,
            closedAt: null,
            closedBy: null,
          })
          .then(() => undefined),
    );
    return this.loans.findOneByOrFail({ id });
  }

  /**
   * Units checked back in (and any written off). Asking for more than is still out is refused in
   * French; when nothing is left out the loan is closed.
   */
  async returnLoan(viewer: Viewer, loanId: string, req: ReturnRequest): Promise<StockLoan> {
    const loan = await this.loan(viewer, loanId);
    const out = outstandingOf(loan);
    const explicit = req.returned !== undefined || req.lost !== undefined;
    const returned = explicit ? (req.returned ?? 0) : out;
    const lost = req.lost ?? 0;
    if (!Number.isInteger(returned) || !Number.isInteger(lost) || returned < 0 || lost < 0 || returned + lost < 1)
      throw new BadRequestException({ code: 'bad_quantity', message: 'Indiquez combien reviennent (ou sont perdus) : 1 au moins. Nothing to check in.' });
    const apply = async (em: EntityManager) => {
      const fresh = await em.findOneByOrFail(StockLoan, { id: loan.id });
      const left = outstandingOf(fresh);
      if (fresh.closedAt || returned + lost > left)
        throw new ConflictException({
          code: 'loan_over',
          message: `Ce prêt n'a plus que ${left} « unité(s) » dehors : impossible d'en rendre ${returned + lost}. More than is still out.`,
          outstanding: left,
        });
      const closes = returned + lost === left;
      await em.update(
        StockLoan,
        { id: fresh.id },
        {
          returnedQuantity: fresh.returnedQuantity + returned,
          lostQuantity: fresh.lostQuantity + lost,
          ...(closes ? { closedAt: new Date(), closedBy: viewer.id } : {}),
        },
      );
    };
    if (returned > 0) {
      await this.stock.recordMove(
        viewer,
        { partId: loan.partId, locationId: loan.locationId, kind: 'returned', quantity: returned, loanId: loan.id, note: loan.forLabel },
        (em) => apply(em),
      );
    } else {
      // Only units written off: no stock moves (they left with the loan), the loan's row alone changes.
      await this.loans.manager.transaction((em) => apply(em));
    }
    return this.loans.findOneByOrFail({ id: loan.id });
  }

  async loan(viewer: Viewer, id: string): Promise<StockLoan> {
    return assertVisible(viewer, await this.loans.findOneBy({ id }), 'Prêt');
  }

  /** The loans made for one borrower (a feature's key), oldest first. */
  loansFor(siteId: string, forRefs: string[]): Promise<StockLoan[]> {
    if (!forRefs.length) return Promise.resolve([]);
    return this.loans.find({ where: { siteId, forRef: In(forRefs) }, order: { lentAt: 'ASC' } });
  }

  /** Loans of a site with units still out. */
  open(viewer: Viewer, siteId?: string): Promise<StockLoan[]> {
    const site = siteOf(viewer, siteId);
    return this.loans.find({ where: { ...(site ? { siteId: site } : {}), closedAt: IsNull() }, order: { lentAt: 'ASC' } });
  }
}
