import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dayOf } from '../common/local-format';
import { ROLES, type Role } from '../common/roles';
import { requireSite, Viewer } from '../common/viewer';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MachinesService } from '../machines/machines.service';
import { normalizeUid, UID_PATTERN } from '../people/dto/people.dto';
import { ImportedPerson, PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';
import { headerKey, readCsv } from './csv-reader';
import { dayFrom, ImportKind, ImportReject, listIn, machineTypeOf, mapHeaders, REQUIRED, slugOf } from './import-rows';

/** Rows one file may hold (a whole lab's members fit many times over). */
export const MAX_IMPORT_ROWS = 50_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const IMPORTABLE_ROLES = ROLES.filter((r) => r !== 'admin');

export interface ImportCheck {
  kind: ImportKind;
  siteId: string;
  rows: number;
  accepted: number;
  rejected: ImportReject[];
  /** The file's columns read, and what each fills. */
  columns: Array<{ header: string; field: string }>;
  ignoredColumns: string[];
}

export interface ImportResult extends ImportCheck {
  imported: { people: number; badges: number; qualifications: number; machines: number };
}

interface PreparedPeople {
  kind: 'people';
  rows: Array<ImportedPerson & { trainingIds: string[]; passedOn: string }>;
}
interface PreparedMachines {
  kind: 'machines';
  rows: Array<{ name: string; slug: string; type: 'laser' | 'printer' | 'cnc' | 'other'; maxSessionMinutes: number }>;
}

/**
 * Bulk import of a site's people (with their badges and trainings passed) or machines from a CSV:
 * a dry run that lists every row it would refuse and why, and an import that writes all rows or
 * none, in one transaction. Writes go through the owning features' bulk paths
 * (`PeopleService.importIn`, `TrainingsService.recordPassesIn`, `MachinesService.createManyIn`).
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly db: DataSource,
    private readonly people: PeopleService,
    private readonly trainings: TrainingsService,
    private readonly machines: MachinesService,
    private readonly sites: SitesService,
  ) {}

  /** The dry run: nothing is written. */
  async check(viewer: Viewer, kind: ImportKind, text: string, siteId?: string): Promise<ImportCheck> {
    return (await this.prepare(viewer, kind, text, siteId)).check;
  }

  /**
   * The import: refused as a whole (400 `rows_rejected`, every reason listed) when any row would
   * be; else every row in one transaction, announced once committed.
   */
  async run(viewer: Viewer, kind: ImportKind, text: string, siteId?: string): Promise<ImportResult> {
    const { check, prepared } = await this.prepare(viewer, kind, text, siteId);
    if (check.rejected.length) {
      throw new BadRequestException({
        code: 'rows_rejected',
        message: `Rien n’a été importé : ${check.rejected.length} ligne(s) à corriger (voir la liste). Nothing imported: fix the rows listed.`,
        rejected: check.rejected,
      });
    }
    const imported = { people: 0, badges: 0, qualifications: 0, machines: 0 };
    let announce: Array<() => void> = [];
    try {
      await this.db.transaction(async (em) => {
        announce = [];
        if (prepared.kind === 'people') {
          const written = await this.people.importIn(em, check.siteId, prepared.rows);
          announce.push(written.announce);
          const passes = prepared.rows.flatMap((r, i) => r.trainingIds.map((trainingId) => ({ personId: written.ids[i], trainingId, passedOn: r.passedOn })));
          announce.push(await this.trainings.recordPassesIn(em, check.siteId, viewer.id, passes));
          imported.people = prepared.rows.length;
          imported.badges = prepared.rows.reduce((n, r) => n + r.badgeUids.length, 0);
          imported.qualifications = passes.length;
        } else {
          announce.push(await this.machines.createManyIn(em, check.siteId, prepared.rows));
          imported.machines = prepared.rows.length;
        }
      });
    } catch (err) {
      // Someone took an e-mail, a badge or a slug of the file between the check and the write.
      if (isUniqueViolation(err))
        throw new ConflictException({
          code: 'import_conflict',
          message: 'Rien n’a été importé : un courriel, un badge ou un identifiant du fichier vient d’être enregistré ailleurs. Relancez la vérification.',
        });
      throw err;
    }
    for (const step of announce) step();
    return { ...check, imported };
  }

  private async prepare(viewer: Viewer, kind: ImportKind, text: string, requested?: string) {
    const siteId = requireSite(viewer, requested);
    const [header, ...rows] = readCsv(text);
    if (!header) throw new BadRequestException({ code: 'empty_file', field: 'file', message: 'Le fichier est vide. The file is empty.' });
    if (rows.length > MAX_IMPORT_ROWS)
      throw new BadRequestException({
        code: 'too_many_rows',
        field: 'file',
        message: `Au plus ${MAX_IMPORT_ROWS} lignes par fichier (celui-ci en a ${rows.length}) : coupez-le. At most ${MAX_IMPORT_ROWS} rows.`,
      });
    const map = mapHeaders(kind, header.cells);
    if (!map.fields.has(REQUIRED[kind])) {
      const wanted = kind === 'people' ? '« prenom » (Fab-manager : « Prénom »)' : '« nom »';
      throw new BadRequestException({
        code: 'missing_column',
        field: 'file',
        message: `Colonne ${wanted} introuvable sur la première ligne. Required column missing.`,
      });
    }
    const rejected: ImportReject[] = [];
    const cellOf = (cells: string[], field: string) => {
      const col = map.fields.get(field);
      return col ? (cells[col.index] ?? '').trim() : '';
    };
    const reject = (line: number, field: string, value: string, reason: string) =>
      rejected.push({ row: line, column: map.fields.get(field)?.header ?? field, value: value.slice(0, 200), reason });
    const prepared = kind === 'people' ? await this.preparePeople(siteId, rows, cellOf, reject) : await this.prepareMachines(siteId, rows, cellOf, reject);
    const refusedLines = new Set(rejected.map((r) => r.row));
    const check: ImportCheck = {
      kind,
      siteId,
      rows: rows.length,
      accepted: rows.length - refusedLines.size,
      rejected: rejected.sort((a, b) => a.row - b.row),
      columns: [...map.fields].map(([field, c]) => ({ header: c.header, field })),
      ignoredColumns: map.ignored,
    };
    return { check, prepared };
  }

  private async preparePeople(
    siteId: string,
    rows: Array<{ row: number; cells: string[] }>,
    cellOf: (cells: string[], field: string) => string,
    reject: (line: number, field: string, value: string, reason: string) => void,
  ): Promise<PreparedPeople> {
    const [trainings, zone] = await Promise.all([this.trainings.trainingsOfSite(siteId), this.sites.zoneOf(siteId)]);
    const today = dayOf(new Date(), zone);
    const byName = new Map<string, (typeof trainings)[number]>();
    for (const t of trainings) for (const n of [t.nameEn, t.name]) if (n) byName.set(headerKey(n), t);
    const emails = rows.map((r) => cellOf(r.cells, 'email').toLowerCase()).filter(Boolean);
    const uids = rows.flatMap((r) => listIn(cellOf(r.cells, 'badges').replace(/[,;\s]+/g, '|')).map(normalizeUid));
    const [takenEmails, takenUids] = await Promise.all([this.people.takenEmails(emails), this.people.takenUids(uids)]);
    const emailLine = new Map<string, number>();
    const uidLine = new Map<string, number>();
    const out: PreparedPeople['rows'] = [];

    for (const { row: line, cells } of rows) {
      let ok = true;
      const no = (field: string, value: string, reason: string) => {
        ok = false;
        reject(line, field, value, reason);
      };
      const firstName = cellOf(cells, 'firstName');
      const lastName = cellOf(cells, 'lastName');
      if (!firstName) no('firstName', '', 'Le prénom manque.');
      else if (firstName.length > 120) no('firstName', firstName, 'Prénom trop long (120 caractères au plus).');
      if (lastName.length > 120) no('lastName', lastName, 'Nom trop long (120 caractères au plus).');

      const email = cellOf(cells, 'email').toLowerCase();
      if (email) {
        if (!EMAIL.test(email) || email.length > 254) no('email', email, 'Adresse de courriel invalide.');
        else if (takenEmails.has(email)) no('email', email, 'Ce courriel est déjà celui d’une personne enregistrée.');
        else if (emailLine.has(email)) no('email', email, `Ce courriel est déjà à la ligne ${emailLine.get(email)} du fichier.`);
        else emailLine.set(email, line);
      }

      const roleSaid = cellOf(cells, 'role') || 'maker';
      const role = IMPORTABLE_ROLES.find((r) => r === roleSaid.toLowerCase());
      if (!role) no('role', roleSaid, `Rôle inconnu : ${IMPORTABLE_ROLES.join(', ')} (un administrateur ne s’importe pas).`);
      const locale = (cellOf(cells, 'locale') || 'fr').toLowerCase();
      if (locale !== 'fr' && locale !== 'en') no('locale', locale, 'Langue : fr ou en.');

      const badgeUids: string[] = [];
      for (const said of listIn(cellOf(cells, 'badges').replace(/[,;\s]+/g, '|'))) {
        const uid = normalizeUid(said);
        if (!UID_PATTERN.test(uid)) no('badges', said, 'UID de badge invalide : 8 à 20 chiffres hexadécimaux (ex. 04A224B2C35E80).');
        else if (takenUids.has(uid)) no('badges', said, 'Ce badge est déjà enregistré.');
        else if (uidLine.has(uid)) no('badges', said, `Ce badge est déjà à la ligne ${uidLine.get(uid)} du fichier.`);
        else {
          uidLine.set(uid, line);
          badgeUids.push(uid);
        }
      }

      const trainingIds: string[] = [];
      for (const name of listIn(cellOf(cells, 'trainings'))) {
        const t = byName.get(headerKey(name));
        if (!t) no('trainings', name, `Formation inconnue dans ce lieu : « ${name} ».`);
        else if (!trainingIds.includes(t.id)) trainingIds.push(t.id);
      }
      for (const id of trainingIds) {
        const t = trainings.find((x) => x.id === id)!;
        const missing = t.prerequisiteIds.filter((p) => !trainingIds.includes(p));
        if (missing.length) {
          const names = missing.map((p) => `« ${trainings.find((x) => x.id === p)?.name ?? p} »`).join(', ');
          no('trainings', t.name, `« ${t.name} » demande d’abord ${names}, absent de cette ligne.`);
        }
      }
      const dateSaid = cellOf(cells, 'passedOn');
      const passedOn = dateSaid ? dayFrom(dateSaid) : today;
      if (!passedOn) no('passedOn', dateSaid, 'Date invalide : JJ/MM/AAAA ou AAAA-MM-JJ.');
      else if (passedOn > today) no('passedOn', dateSaid, 'La date de formation ne peut pas être dans le futur.');

      if (ok) out.push({ firstName, lastName, email: email || null, role: role!, locale, badgeUids, trainingIds, passedOn: passedOn! });
    }
    return { kind: 'people', rows: out };
  }

  private async prepareMachines(
    siteId: string,
    rows: Array<{ row: number; cells: string[] }>,
    cellOf: (cells: string[], field: string) => string,
    reject: (line: number, field: string, value: string, reason: string) => void,
  ): Promise<PreparedMachines> {
    const taken = new Set((await this.machines.ofSite(siteId)).map((m) => m.slug));
    const slugLine = new Map<string, number>();
    const out: PreparedMachines['rows'] = [];
    for (const { row: line, cells } of rows) {
      let ok = true;
      const no = (field: string, value: string, reason: string) => {
        ok = false;
        reject(line, field, value, reason);
      };
      const name = cellOf(cells, 'name');
      if (!name) no('name', '', 'Le nom de la machine manque.');
      else if (name.length > 200) no('name', name, 'Nom trop long (200 caractères au plus).');
      const slug = cellOf(cells, 'slug') || slugOf(name);
      if (name || cellOf(cells, 'slug')) {
        if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) no('slug', slug, 'Identifiant : minuscules, chiffres et tirets (ex. laser-1).');
        else if (taken.has(slug)) no('slug', slug, 'Une machine de ce lieu a déjà cet identifiant.');
        else if (slugLine.has(slug)) no('slug', slug, `Cet identifiant est déjà à la ligne ${slugLine.get(slug)} du fichier.`);
        else slugLine.set(slug, line);
      }
      const typeSaid = cellOf(cells, 'type');
      const type = machineTypeOf(typeSaid);
      if (!type) no('type', typeSaid, 'Type : laser, imprimante 3D, fraiseuse (cnc) ou autre.');
      const minutesSaid = cellOf(cells, 'maxSessionMinutes');
      const minutes = minutesSaid ? Number(minutesSaid) : 480;
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
        no('maxSessionMinutes', minutesSaid, 'Durée maximale : un nombre entier de minutes, de 1 à 1440.');
      if (ok) out.push({ name, slug, type: type!, maxSessionMinutes: minutes });
    }
    return { kind: 'machines', rows: out };
  }
}
