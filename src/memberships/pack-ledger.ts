import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { idsWithRowsPerTurn } from '../infra/database/raw-sql';
import { PackDraw } from './entities/pack-draw.entity';
import { PackPurchase } from './entities/pack-purchase.entity';

/** What a charge took from packs: minutes in all, and from which pack. */
export interface PackCover {
  minutes: number;
  draws: Array<{ purchaseId: string; name: string; minutes: number }>;
}

/** Does a pack cover time on this machine: the machine itself, or any machine of its type. */
export const packCovers = (p: Pick<PackPurchase, 'machineId' | 'machineType'>, machine: { id: string; type: string }) =>
  p.machineId ? p.machineId === machine.id : p.machineType === machine.type;

export const packLeft = (p: Pick<PackPurchase, 'minutes' | 'usedMinutes'>) => Math.max(0, p.minutes - p.usedMinutes);

/**
 * Prepaid minutes, drawn before anything is charged. A charge (`source`: `session:<id>`,
 * `booking:<id>`) draws once: a second call with the same source returns what the first drew.
 * Packs valid at the charge's time are used oldest-expiring first, never below zero; what they do
 * not cover is left to the price list.
 */
@Injectable()
export class PackLedger {
  private readonly log = new Logger('PackLedger');

  constructor(
    @InjectRepository(PackPurchase) private readonly purchases: Repository<PackPurchase>,
    @InjectRepository(PackDraw) private readonly draws: Repository<PackDraw>,
  ) {}

  /** Whether the person holds an active pack at all (one indexed read: most sessions end with none). */
  hasActivePack(personId: string): Promise<boolean> {
    return this.activePackAsks.add(personId);
  }

  /** Asked at every session's end: the asks of one turn of the loop share one statement (issue 16). */
  private readonly activePackAsks = idsWithRowsPerTurn(() => this.purchases.manager, 'pack_purchases', 'personId', `"status" = 'active'`);

  /** The packs of a person that can still be drawn on at `at`, oldest-expiring first. */
  async usable(siteId: string, personId: string, at: Date): Promise<PackPurchase[]> {
    const rows = await this.purchases.find({
      where: { siteId, personId, status: 'active', expiresAt: MoreThan(at) },
      order: { expiresAt: 'ASC', createdAt: 'ASC' },
    });
    return rows.filter((p) => packLeft(p) > 0);
  }

  async draw(source: string, o: { siteId: string; personId: string; machine: { id: string; type: string }; minutes: number; at: Date }): Promise<PackCover> {
    const already = await this.coverOf(source);
    if (already.draws.length || o.minutes <= 0) return already;
    try {
      return await this.purchases.manager.transaction((em) => this.drawIn(em, source, o));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return this.coverOf(source); // drawn at the same moment by another instance
    }
  }

  private async drawIn(
    em: EntityManager,
    source: string,
    o: { siteId: string; personId: string; machine: { id: string; type: string }; minutes: number; at: Date },
  ): Promise<PackCover> {
    const packs = (
      await em.find(PackPurchase, {
        where: { siteId: o.siteId, personId: o.personId, status: 'active', expiresAt: MoreThan(o.at) },
        order: { expiresAt: 'ASC', createdAt: 'ASC' },
      })
    ).filter((p) => packCovers(p, o.machine));
    let wanted = o.minutes;
    const cover: PackCover = { minutes: 0, draws: [] };
    for (const p of packs) {
      const take = Math.min(wanted, packLeft(p));
      if (take <= 0) continue;
      // Guarded: of two charges drawing at once, the pack never goes below zero.
      const res = await em
        .createQueryBuilder()
        .update(PackPurchase)
        .set({ usedMinutes: () => `"usedMinutes" + ${take}` })
        .where('id = :id AND "usedMinutes" + :take <= minutes', { id: p.id, take })
        .execute();
      if (!res.affected) continue;
      await em.insert(PackDraw, { purchaseId: p.id, personId: o.personId, source, minutes: take, drawnAt: o.at });
      cover.minutes += take;
      cover.draws.push({ purchaseId: p.id, name: p.name, minutes: take });
      wanted -= take;
      if (!wanted) break;
    }
    if (cover.minutes) this.log.log(`${source}: ${cover.minutes} min drawn from packs`);
    return cover;
  }

  async coverOf(source: string): Promise<PackCover> {
    return (await this.coversOf([source])).get(source) ?? { minutes: 0, draws: [] };
  }

  /** What each charge drew, for many at once (a month's statement: one query). */
  async coversOf(sources: string[]): Promise<Map<string, PackCover>> {
    const out = new Map<string, PackCover>();
    if (!sources.length) return out;
    const rows = await this.draws.findBy({ source: In([...new Set(sources)]) });
    const names = new Map((await this.purchases.findBy({ id: In([...new Set(rows.map((r) => r.purchaseId))]) })).map((p) => [p.id, p.name]));
    for (const r of rows) {
      const c = out.get(r.source) ?? { minutes: 0, draws: [] };
      c.minutes += r.minutes;
      c.draws.push({ purchaseId: r.purchaseId, name: names.get(r.purchaseId) ?? '', minutes: r.minutes });
      out.set(r.source, c);
    }
    return out;
  }
}
