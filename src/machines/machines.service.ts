import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, In, Repository } from 'typeorm';
import { ChangeBus } from '../common/change-bus';
import { assertAllInSite, assertVisible, requireSite, siteOf, Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { dbValue, placeholders, rawRows } from '../infra/database/raw-sql';
import { RealtimeService } from '../infra/realtime/realtime.service';
import { CreateMachineDto, SetMachineStatusDto, UpdateMachineDto } from './dto/machine.dto';
import { Machine, MachineStatus } from './entities/machine.entity';

/** Statuses a person sets by hand; in_use and free follow sessions (MQTT-PROTOCOL.md, server state). */
const MANUAL: MachineStatus[] = ['free', 'maintenance', 'disabled', 'to_check'];

@Injectable()
export class MachinesService {
  constructor(
    @InjectRepository(Machine) private readonly machines: Repository<Machine>,
    private readonly changes: ChangeBus,
    private readonly realtime: RealtimeService,
  ) {}

  list(viewer: Viewer, siteId?: string): Promise<Machine[]> {
    const site = siteOf(viewer, siteId);
    const where: FindOptionsWhere<Machine> = site ? { siteId: site } : {};
    return this.machines.find({ where, order: { name: 'ASC' } });
  }

  async get(viewer: Viewer, id: string): Promise<Machine> {
    return assertVisible(viewer, await this.machines.findOneBy({ id }), 'Machine');
  }

  /** Machines named in a body (a training's, a consumable's) must be of `siteId`: 404 otherwise. */
  async assertInSite(siteId: string, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    assertAllInSite(siteId, ids, await this.machines.findBy({ id: In([...new Set(ids)]) }), 'Machine');
  }

  async create(viewer: Viewer, dto: CreateMachineDto): Promise<Machine> {
    const siteId = requireSite(viewer, dto.siteId);
    try {
      const machine = await this.machines.save(
        this.machines.create({ ...dto, siteId, profile: dto.profile ?? {}, maxSessionMinutes: dto.maxSessionMinutes ?? 480 }),
      );
      this.changes.emit({ kind: 'machine', siteId });
      return machine;
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException({ code: 'slug_taken', message: `La machine « ${dto.slug} » existe déjà dans ce lieu.` });
      throw err;
    }
  }

  async update(viewer: Viewer, id: string, dto: UpdateMachineDto): Promise<Machine> {
    const machine = await this.get(viewer, id);
    Object.assign(machine, dto);
    const saved = await this.machines.save(machine);
    this.changes.emit({ kind: 'machine', siteId: machine.siteId });
    return saved;
  }

  /** A manager puts a machine in maintenance, disables it, or gives it back. */
  async setStatus(viewer: Viewer, id: string, dto: SetMachineStatusDto): Promise<Machine> {
    const machine = await this.get(viewer, id);
    if (!MANUAL.includes(dto.status)) {
      throw new BadRequestException({ code: 'status_not_manual', message: `« ${dto.status} » suit l'usage de la machine et ne se règle pas à la main.` });
    }
    return this.changeStatus(machine, dto.status, dto.reason ?? null, viewer.id);
  }

  /** `setBy`: the person who set it by hand; null when sessions, bookings or an alarm set it. */
  async changeStatus(machine: Machine, status: MachineStatus, reason: string | null, setBy: string | null = null): Promise<Machine> {
    (await this.changeStatusIn(this.machines.manager, machine, status, reason, setBy))();
    return machine;
  }

  /** The machine as the caller's transaction sees it (a status read before changing it there). */
  findByIdIn(em: EntityManager, id: string): Promise<Machine | null> {
    return em.findOneBy(Machine, { id });
  }

  /** The change written in the caller's transaction; the returned step announces it once committed. */
  async changeStatusIn(em: EntityManager, machine: Machine, status: MachineStatus, reason: string | null, setBy: string | null = null): Promise<() => void> {
    const blocking = (s: MachineStatus) => ['maintenance', 'disabled', 'to_check'].includes(s);
    const affectsAccess = blocking(machine.status) !== blocking(status);
    const statusSetAt = new Date();
    await em.update(Machine, { id: machine.id }, { status, statusReason: reason, statusSetBy: setBy, statusSetAt });
    return () => this.announce(machine, { status, statusReason: reason, statusSetBy: setBy, statusSetAt }, affectsAccess);
  }

  /**
   * Sessions opened, in the caller's transaction (the same as their rows, so a session's end can
   * never be written before its machine went in use): free or reserved machines go in use, any
   * other status stays. One statement for all; the returned step announces those that changed.
   */
  async putInUseIn(em: EntityManager, machines: readonly Machine[]): Promise<() => void> {
    const announces = await this.sessionStatusIn(em, machines, 'in_use', ['free', 'reserved']);
    return () => announces.forEach((announce) => announce());
  }

  /**
   * Sessions ended, in the caller's transaction: in-use machines are free again, any other status
   * stays (one statement). The step that announces each machine that changed, by machine id.
   */
  freeIfInUseIn(em: EntityManager, machines: readonly Machine[]): Promise<Map<string, () => void>> {
    return this.sessionStatusIn(em, machines, 'free', ['in_use']);
  }

  /** One statement (issue 16: a batch of badges), in the hot path's own SQL: TypeORM's builder cost more than the database. */
  private async sessionStatusIn(
    em: EntityManager,
    machines: readonly Machine[],
    status: 'in_use' | 'free',
    from: MachineStatus[],
  ): Promise<Map<string, () => void>> {
    const byId = new Map(machines.map((m) => [m.id, m]));
    if (!byId.size) return new Map();
    const statusSetAt = new Date();
    const ids = [...byId.keys()];
    const changed = await rawRows<{ id: string }>(
      em,
      `UPDATE "machines" SET "status" = $1, "statusReason" = NULL, "statusSetBy" = NULL, "statusSetAt" = $2
        WHERE "id" IN (${placeholders(ids.length, 3 + from.length)}) AND "status" IN (${placeholders(from.length, 3)}) RETURNING "id"`,
      [status, dbValue(em, Machine, 'statusSetAt', statusSetAt), ...from, ...ids],
    );
    const change = { status, statusReason: null, statusSetBy: null, statusSetAt };
    return new Map(changed.map((row) => [row.id, () => this.announce(byId.get(row.id)!, { ...change }, false)]));
  }

  private announce(machine: Machine, change: Pick<Machine, 'status' | 'statusReason' | 'statusSetBy' | 'statusSetAt'>, affectsAccess: boolean) {
    Object.assign(machine, change);
    const { status, statusReason, statusSetBy } = change;
    this.changes.emit({ kind: 'machine', siteId: machine.siteId, affectsAccess, machineId: machine.id, status, statusReason });
    this.realtime.toSite(machine.siteId, 'machine.status', { machineId: machine.id, slug: machine.slug, status, reason: statusReason, setBy: statusSetBy });
  }

  findBySlug(siteId: string, slug: string): Promise<Machine | null> {
    return this.machines.findOneBy({ siteId, slug });
  }

  findById(id: string): Promise<Machine | null> {
    return this.machines.findOneBy({ id });
  }

  forBridge(bridgeId: string): Promise<Machine[]> {
    return this.machines.findBy({ bridgeId });
  }

  /** A site's machines, by name. */
  ofSite(siteId: string): Promise<Machine[]> {
    return this.machines.find({ where: { siteId }, order: { name: 'ASC' } });
  }

  /** A site's machines of one type (those a job sent to a type may go to). */
  ofSiteAndType(siteId: string, type: Machine['type']): Promise<Machine[]> {
    return this.machines.findBy({ siteId, type });
  }

  /** Machines by id, in one query whatever the number of ids. */
  byIds(ids: readonly string[]): Promise<Machine[]> {
    return ids.length ? this.machines.findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  async siteIdOf(id: string): Promise<string | null> {
    return (await this.machines.findOne({ where: { id }, select: { siteId: true } }))?.siteId ?? null;
  }

  all(): Promise<Machine[]> {
    return this.machines.find();
  }

  /** Gives a bridge its machines (by slug, in its site); others it had are released. */
  async assignToBridge(siteId: string, bridgeId: string, slugs: string[]): Promise<Machine[]> {
    const found = slugs.length ? await this.machines.findBy({ siteId, slug: In(slugs) }) : [];
    const missing = slugs.filter((s) => !found.some((m) => m.slug === s));
    if (missing.length) {
      throw new BadRequestException({ code: 'unknown_machines', message: `Machines inconnues dans ce lieu : ${missing.join(', ')}. Unknown machines.` });
    }
    await this.machines.update({ bridgeId }, { bridgeId: null });
    if (found.length) await this.machines.update({ id: In(found.map((m) => m.id)) }, { bridgeId });
    this.changes.emit({ kind: 'machine', siteId });
    return this.forBridge(bridgeId);
  }

  /**
   * Machines of a bulk import (src/imports), written in the caller's transaction by multi-row
   * INSERTs (the importer checked slugs and types; a slug taken meanwhile fails the transaction).
   * Returns the step that announces the change once committed.
   */
  async createManyIn(
    em: EntityManager,
    siteId: string,
    rows: ReadonlyArray<Pick<Machine, 'slug' | 'name' | 'type' | 'maxSessionMinutes'>>,
  ): Promise<() => void> {
    const machines = rows.map((r) => ({ siteId, slug: r.slug, name: r.name, type: r.type, profile: {}, maxSessionMinutes: r.maxSessionMinutes }));
    for (let i = 0; i < machines.length; i += 500)
      await em
        .createQueryBuilder()
        .insert()
        .into(Machine)
        .values(machines.slice(i, i + 500))
        .updateEntity(false)
        .execute();
    return () => {
      if (machines.length) this.changes.emit({ kind: 'machine', siteId });
    };
  }
}
