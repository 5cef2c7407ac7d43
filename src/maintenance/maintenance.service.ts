import { BadRequestException, ConflictException, Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import { DomainEventBus } from '../common/domain-events';
import { instantIn } from '../common/local-format';
import { Viewer } from '../common/viewer';
import { StockService } from '../inventory/stock.service';
import { MachinesService } from '../machines/machines.service';
import { SitesService } from '../sites/sites.service';
import { CreateMaintenancePlanDto, RecordMaintenanceDto } from './dto/maintenance.dto';
import { MaintenancePlan } from './entities/maintenance-plan.entity';
import { MaintenanceRecord, PartUsed } from './entities/maintenance-record.entity';
import { usageSince } from './usage-hours';

export interface PlanState {
  id: string;
  machineId: string;
  task: string;
  everyHours: number;
  lastDoneAt: string;
  /** Hours of use since it was last done. */
  usedHours: number;
  due: boolean;
  /** When it fell due (hours of use reached), if it did. */
  dueAt: string | null;
}

/** How long a site's due tasks are kept for the wall screen; dropped at once on a change here. */
const DUE_CACHE_MS = 30_000;

/**
 * Machine care: a log of what was done to each machine (by whom, parts from stock, downtime), and
 * preventive tasks counted in hours of use from the usage sessions, due on the wall screen.
 */
@Injectable()
export class MaintenanceService implements OnModuleInit {
  private readonly dueCache = new Map<string, { at: number; value: Promise<PlanState[]> }>();

  constructor(
    @InjectRepository(MaintenancePlan) private readonly plans: Repository<MaintenancePlan>,
    @InjectRepository(MaintenanceRecord) private readonly records: Repository<MaintenanceRecord>,
    private readonly machines: MachinesService,
    private readonly sessions: AccessReadService,
    private readonly stock: StockService,
    private readonly sites: SitesService,
    private readonly events: DomainEventBus,
  ) {}

  onModuleInit(): void {
    // A session ending adds hours of use: the site's due tasks are read again.
    this.events.on('session.ended', ({ machine }) => void this.dueCache.delete(machine.siteId));
  }

  async plansOf(viewer: Viewer, machineId: string): Promise<PlanState[]> {
    const machine = await this.machines.get(viewer, machineId);
    const plans = await this.plans.find({ where: { machineId: machine.id }, order: { createdAt: 'ASC' } });
    return Promise.all(plans.map((p) => this.stateOf(p)));
  }

  async addPlan(viewer: Viewer, machineId: string, dto: CreateMaintenancePlanDto): Promise<PlanState> {
    const machine = await this.machines.get(viewer, machineId);
    const plan = await this.plans.save(
      this.plans.create({ siteId: machine.siteId, machineId: machine.id, task: dto.task.trim(), everyHours: dto.everyHours, lastDoneAt: new Date() }),
    );
    this.dueCache.delete(machine.siteId);
    return this.stateOf(plan);
  }

  async removePlan(viewer: Viewer, machineId: string, planId: string): Promise<void> {
    const machine = await this.machines.get(viewer, machineId);
    const plan = await this.plans.findOneBy({ id: planId, machineId: machine.id });
    if (!plan) throw new NotFoundException({ code: 'not_found', message: 'Tâche d’entretien introuvable. Not found.' });
    await this.plans.delete({ id: plan.id });
    this.dueCache.delete(machine.siteId);
  }

  async history(viewer: Viewer, machineId: string): Promise<MaintenanceRecord[]> {
    const machine = await this.machines.get(viewer, machineId);
    return this.records.find({ where: { machineId: machine.id }, order: { doneAt: 'DESC' }, take: 200 });
  }

  /**
   * Logs care done on a machine. Parts are checked first, all of them, then taken from stock (one
   * `used` move each, noted with the machine), so a missing part refuses the whole entry.
   */
  async record(viewer: Viewer, machineId: string, dto: RecordMaintenanceDto): Promise<MaintenanceRecord> {
    const machine = await this.machines.get(viewer, machineId);
    const plan = dto.planId ? await this.plans.findOneBy({ id: dto.planId, machineId: machine.id }) : null;
    if (dto.planId && !plan) throw new BadRequestException({ code: 'unknown_plan', message: 'Cette tâche d’entretien n’est pas celle de cette machine.' });
    const doneAt = dto.doneAt ? instantIn(dto.doneAt, await this.sites.zoneOf(machine.siteId)) : new Date();
    if (doneAt.getTime() > Date.now() + 5 * 60_000)
      throw new BadRequestException({ code: 'future', message: 'L’entretien ne peut pas être daté dans le futur.' });
    const parts = await this.checkParts(viewer, machine.siteId, dto.parts ?? []);
    for (const p of parts)
      await this.stock.recordMove(viewer, {
        partId: p.partId,
        locationId: p.locationId,
        kind: 'used',
        quantity: p.quantity,
        note: `Entretien ${machine.name}`,
      });
    const row = await this.records.save(
      this.records.create({
        siteId: machine.siteId,
        machineId: machine.id,
        planId: plan?.id ?? null,
        doneAt,
        doneById: viewer.id,
        what: dto.what.trim(),
        downtimeMinutes: dto.downtimeMinutes ?? 0,
        partsUsed: parts,
      }),
    );
    if (plan && doneAt > plan.lastDoneAt) await this.plans.update({ id: plan.id }, { lastDoneAt: doneAt });
    this.dueCache.delete(machine.siteId);
    return row;
  }

  /** The site's preventive tasks that are due, for the wall screen (kept a little, dropped on any change here). */
  dueOfSite(siteId: string): Promise<PlanState[]> {
    const hit = this.dueCache.get(siteId);
    if (hit && Date.now() - hit.at < DUE_CACHE_MS) return hit.value;
    const value = this.plans
      .find({ where: { siteId } })
      .then((plans) => Promise.all(plans.map((p) => this.stateOf(p))))
      .then((states) => states.filter((s) => s.due));
    this.dueCache.set(siteId, { at: Date.now(), value });
    value.catch(() => this.dueCache.delete(siteId));
    return value;
  }

  private async stateOf(plan: MaintenancePlan): Promise<PlanState> {
    const sessions = await this.sessions.sessionsOnSince(plan.machineId, plan.lastDoneAt);
    const { hours, dueAt } = usageSince(sessions, plan.lastDoneAt, new Date(), plan.everyHours);
    return {
      id: plan.id,
      machineId: plan.machineId,
      task: plan.task,
      everyHours: plan.everyHours,
      lastDoneAt: plan.lastDoneAt.toISOString(),
      usedHours: hours,
      due: !!dueAt,
      dueAt: dueAt?.toISOString() ?? null,
    };
  }

  private async checkParts(viewer: Viewer, siteId: string, wanted: Array<{ partId: string; locationId: string; quantity: number }>): Promise<PartUsed[]> {
    const out: PartUsed[] = [];
    for (const w of wanted) {
      const part = await this.stock.part(viewer, w.partId);
      if (part.siteId !== siteId) throw new BadRequestException({ code: 'other_site', message: 'Cette pièce est celle d’un autre lieu.' });
      const level = (await this.stock.levelsOf(part.id)).find((l) => l.locationId === w.locationId);
      const already = out.filter((o) => o.partId === w.partId && o.locationId === w.locationId).reduce((n, o) => n + o.quantity, 0);
      if (!level || level.quantity < already + w.quantity)
        throw new ConflictException({
          code: 'out_of_stock',
          message: `Stock insuffisant : ${level?.quantity ?? 0} « ${part.name} » à cet emplacement.`,
          available: level?.quantity ?? 0,
        });
      out.push({ partId: part.id, locationId: w.locationId, quantity: w.quantity, name: part.name });
    }
    return out;
  }
}
