import { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Viewer } from '../common/viewer';
import { FileStore } from '../infra/files/file-store';
import { InventoryService } from '../inventory/inventory.service';
import { StockService } from '../inventory/stock.service';
import { JobsService } from '../jobs/jobs.service';
import { IntakeDto } from '../repairs/dto/repairs.dto';
import { checklistFor } from '../repairs/refurbish';
import { RefurbishService } from '../repairs/refurbish.service';
import { RepairsService } from '../repairs/repairs.service';
import { TicketStatus } from '../repairs/ticket-flow';
import { at, DemoLab, labDay, machine, PersonKey, who } from './demo-lab';

/**
 * The repair workshop: shelves and spare parts (one running low), a Repair Café last week, and
 * tickets at every stage — received, in repair, waiting for parts, repaired, end of life — plus a
 * donated laptop refurbished, its disk erased (certificate) and sold on.
 */
export async function seedStockAndRepairs(lab: DemoLab): Promise<void> {
  const stock = await seedStock(lab);
  const repairs = lab.app.get(RepairsService);
  const youssef = who(lab, 'youssef');
  const event = await repairs.createEvent(youssef, { siteId: lab.siteId, name: 'Repair Café des Capucins', date: labDay(lab, -6) });
  const tickets: Array<{
    intake: IntakeDto;
    by: PersonKey;
    steps: Array<{ to: TicketStatus; notes: string; minutes: number; barrier?: 'Spare parts not available' }>;
    part?: string;
  }> = [
    {
      by: 'youssef',
      intake: {
        purpose: 'repair',
        category: 'kitchen',
        brand: 'Moulinex',
        model: 'Subito',
        reportedFault: 'Le grille-pain ne chauffe plus que d’un côté.',
        broughtBy: 'Mme Perrin',
      },
      steps: [],
    },
    {
      by: 'youssef',
      part: 'battery',
      intake: {
        purpose: 'repair',
        category: 'laptop',
        brand: 'Lenovo',
        model: 'ThinkPad T440',
        serialNumber: 'PB-4K7T2',
        reportedFault: 'Ne tient plus sur batterie, s’éteint au débranchement.',
        broughtBy: 'Karim B.',
        contact: '06 12 34 56 78',
        contactConsent: true,
      },
      steps: [
        { to: 'diagnosed', notes: 'Batterie interne à 12 % de sa capacité, cellules gonflées.', minutes: 25 },
        { to: 'in_repair', notes: 'Batterie de remplacement prise au bac 1.', minutes: 15 },
      ],
    },
    {
      by: 'martine',
      intake: {
        purpose: 'repair',
        category: 'printer',
        brand: 'HP',
        model: 'DeskJet 2630',
        reportedFault: 'Bourrage papier à chaque impression.',
        broughtBy: 'Lucie M.',
      },
      steps: [
        { to: 'diagnosed', notes: 'Rouleau d’entraînement usé : à commander.', minutes: 30 },
        { to: 'waiting_parts', notes: 'Rouleau commandé chez le fabricant.', minutes: 5 },
      ],
    },
    {
      by: 'martine',
      intake: {
        purpose: 'repair',
        category: 'small_appliance',
        brand: 'Ikea',
        model: 'Lampe Tertial',
        reportedFault: 'La lampe clignote puis s’éteint.',
        broughtBy: 'Paul R.',
        eventId: event.id,
      },
      steps: [
        { to: 'diagnosed', notes: 'Faux contact dans la douille.', minutes: 10 },
        { to: 'in_repair', notes: 'Douille resserrée, fil ressoudé.', minutes: 20 },
        { to: 'repaired', notes: 'Testée une heure : ok.', minutes: 5 },
      ],
    },
    {
      by: 'youssef',
      intake: {
        purpose: 'repair',
        category: 'kitchen',
        brand: 'Philips',
        model: 'Senseo HD7810',
        reportedFault: 'Fuite d’eau sous la machine.',
        broughtBy: 'Jean D.',
        eventId: event.id,
      },
      steps: [
        { to: 'diagnosed', notes: 'Chaudière fendue.', minutes: 20 },
        { to: 'end_of_life', notes: 'Pièce introuvable pour ce modèle.', minutes: 5, barrier: 'Spare parts not available' },
      ],
    },
  ];
  for (const t of tickets) {
    const volunteer = who(lab, t.by);
    const ticket = await repairs.intake(volunteer, { siteId: lab.siteId, ...t.intake });
    for (const s of t.steps) {
      await repairs.step(volunteer, ticket.id, {
        to: s.to,
        notes: s.notes,
        minutesSpent: s.minutes,
        ...(s.barrier ? { barrier: s.barrier } : {}),
        ...(s.to === 'waiting_parts' ? { sparePartsNeeded: true } : {}),
      });
      if (s.to === 'in_repair' && t.part)
        await repairs.usePart(volunteer, ticket.id, { partId: stock.parts.get(t.part)!, locationId: stock.binOf.get(t.part)!, quantity: 1 });
    }
  }
  await seedRefurbished(lab);
}

/** Shelves with their path, and parts received into them. */
async function seedStock(lab: DemoLab) {
  const claire = who(lab, 'claire');
  const inventory = lab.app.get(InventoryService);
  const siteId = lab.siteId;
  const room = await inventory.createLocation(claire, { siteId, name: 'Atelier réparation', kind: 'room' });
  const shelf = await inventory.createLocation(claire, { siteId, name: 'Étagère A', kind: 'shelf', parentId: room.id });
  const cupboard = await inventory.createLocation(claire, { siteId, name: 'Armoire du fab lab', kind: 'shelf', parentId: room.id });
  const bins = {
    batteries: await inventory.createLocation(claire, { siteId, name: 'Bac 1 — Batteries', parentId: shelf.id }),
    small: await inventory.createLocation(claire, { siteId, name: 'Bac 2 — Fusibles et visserie', parentId: shelf.id }),
    printers: await inventory.createLocation(claire, { siteId, name: 'Tiroir — Pièces d’imprimantes 3D', parentId: cupboard.id }),
  };
  const plan = [
    {
      key: 'battery',
      name: 'Batterie ThinkPad 45N1127',
      category: 'batterie',
      models: ['ThinkPad T440', 'ThinkPad T450'],
      cents: 3490,
      low: 1,
      bin: bins.batteries.id,
      received: 3,
    },
    {
      key: 'keyboard',
      name: 'Clavier AZERTY ThinkPad T440',
      category: 'clavier',
      models: ['ThinkPad T440'],
      cents: 2450,
      low: 0,
      bin: bins.batteries.id,
      received: 2,
    },
    { key: 'fuse', name: 'Fusible temporisé 10 A (lot de 10)', category: 'électrique', models: [], cents: 250, low: 2, bin: bins.small.id, received: 8 },
    // Below its threshold: shows on the low-stock list.
    {
      key: 'belt',
      name: 'Courroie GT2 6 mm (Prusa MK4)',
      category: 'imprimante 3D',
      models: ['Prusa MK4'],
      cents: 890,
      low: 2,
      bin: bins.printers.id,
      received: 1,
    },
    { key: 'nozzle', name: 'Buse laiton 0,4 mm', category: 'imprimante 3D', models: ['Prusa MK4'], cents: 390, low: 3, bin: bins.printers.id, received: 12 },
  ];
  const stockService = lab.app.get(StockService);
  const parts = new Map<string, string>();
  const binOf = new Map<string, string>();
  for (const p of plan) {
    const part = await inventory.createPart(claire, {
      siteId,
      name: p.name,
      category: p.category,
      compatibleModels: p.models,
      unitCostCents: p.cents,
      lowStockThreshold: p.low,
    });
    await stockService.recordMove(claire, { kind: 'received', partId: part.id, locationId: p.bin, quantity: p.received, note: 'Commande de rentrée' });
    parts.set(p.key, part.id);
    binOf.set(p.key, p.bin);
  }
  return { parts, binOf };
}

/** A donated laptop: checked, erased (verified, certificate), graded and sold 90 €. */
async function seedRefurbished(lab: DemoLab): Promise<void> {
  const youssef = who(lab, 'youssef');
  const repairs = lab.app.get(RepairsService);
  const refurbish = lab.app.get(RefurbishService);
  const ticket = await repairs.intake(youssef, {
    siteId: lab.siteId,
    purpose: 'refurbish',
    category: 'laptop',
    brand: 'Dell',
    model: 'Latitude E7450',
    serialNumber: 'CN-0G7R4-8H2',
    yearOfManufacture: 2016,
    reportedFault: 'Don d’entreprise : à reconditionner.',
    broughtBy: 'Agence Lumen (don)',
    weightKg: 1.6,
  });
  for (const to of ['diagnosed', 'in_repair', 'repaired'] as const)
    await repairs.step(youssef, ticket.id, { to, minutesSpent: 30, notes: to === 'repaired' ? 'Linux Mint installé, tout fonctionne.' : '' });
  const deviceId = ticket.device.id;
  await refurbish.update(youssef, deviceId, {
    checklist: checklistFor('laptop').map((c) => ({ item: c.item, ok: true })),
    grade: 'B',
    osInstalled: 'Linux Mint 22',
  });
  const started = at(lab, labDay(lab, -3), '14:00');
  await refurbish.recordErasure(youssef, deviceId, {
    driveMake: 'Samsung',
    driveModel: 'PM871 256 Go',
    driveSerial: 'S2F5NX0H412345',
    bus: 'SATA',
    sizeBytes: 256_060_514_304,
    nistLevel: 'purge',
    method: 'secure_erase',
    tool: 'nwipe 0.35',
    passes: 1,
    verified: true,
    verification: 'Relecture complète : 100 % à zéro.',
    startedAt: started.toISOString(),
    endedAt: new Date(started.getTime() + 41 * 60_000).toISOString(),
    bytesErased: 256_060_514_304,
    hiddenAreasChecked: true,
  });
  await refurbish.release(youssef, deviceId, { mode: 'sale', priceCents: 9000 });
  // A second donation, just in: still to check and erase.
  await repairs.intake(youssef, {
    siteId: lab.siteId,
    purpose: 'refurbish',
    category: 'tablet',
    brand: 'Samsung',
    model: 'Galaxy Tab A 10.1',
    reportedFault: 'Don : à reconditionner.',
    broughtBy: 'M. Lefèvre (don)',
  });
}

/** Small PrusaSlicer-style G-code: a header with time and filament, a few layers of a square. */
function demoGcode(name: string, minutes: number, grams: number): string {
  const lines = [
    `; generated by PrusaSlicer 2.8.1 — ${name}`,
    `; estimated printing time (normal mode) = ${Math.floor(minutes / 60)}h ${minutes % 60}m 0s`,
    `; filament used [g] = ${grams}`,
    '; nozzle_diameter = 0.4',
    'G21',
    'G90',
    'M82',
    'G28',
  ];
  let e = 0;
  for (let layer = 1; layer <= 5; layer++) {
    lines.push(';LAYER_CHANGE', `G1 Z${(layer * 0.2).toFixed(2)} F720`);
    for (const [x, y] of [
      [90, 90],
      [130, 90],
      [130, 130],
      [90, 130],
      [90, 90],
    ])
      lines.push(`G1 X${x} Y${y} E${((e += 1.2)).toFixed(3)} F1800`);
  }
  lines.push('M104 S0', 'M140 S0', 'M84');
  return lines.join('\n') + '\n';
}

/**
 * Print jobs waiting in the queue: uploaded as a maker would (the analysis runs on the job queue
 * and puts them in line). Printing and done jobs need a bridge: see startFirstPrints.
 */
export async function seedJobs(lab: DemoLab): Promise<string[]> {
  const jobs = lab.app.get(JobsService);
  const incoming = lab.app.get(FileStore).incomingDir;
  await mkdir(incoming, { recursive: true });
  // In line per printer, in this order; the first of each is started by the demo (demo.ts).
  const plan: Array<{ by: PersonKey; slug: string; file: string; minutes: number; grams: number }> = [
    { by: 'marc', slug: 'printer-1', file: 'cube-calibration.gcode', minutes: 4, grams: 3 },
    { by: 'jeanpierre', slug: 'printer-1', file: 'engrenage-moulin.gcode', minutes: 40, grams: 12 },
    { by: 'amina', slug: 'printer-1', file: 'support-drone.gcode', minutes: 95, grams: 38 },
    { by: 'sofia', slug: 'printer-2', file: 'presentoir-clips.gcode', minutes: 150, grams: 64 },
    { by: 'amina', slug: 'printer-2', file: 'porte-cles-fablab.gcode', minutes: 25, grams: 6 },
  ];
  const ids: string[] = [];
  for (const j of plan) {
    const body = demoGcode(j.file, j.minutes, j.grams);
    const file = path.join(incoming, `${randomBytes(12).toString('hex')}.part`);
    await writeFile(file, body);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const job = await jobs.upload(
      who(lab, j.by),
      { path: file, size: Buffer.byteLength(body), sha256, originalname: j.file },
      { machineId: machine(lab, j.slug).id, material: 'PLA' },
    );
    ids.push(job.id);
  }
  return ids;
}

/**
 * Once the simulated bridge is online: the first job in line on each idle printer is started, as
 * a manager would from the queue page; the bridge prints it (sped up) and reports it done. The
 * analysis of the seeded files may still be running, and the bridge may not be seen online yet:
 * tried again for a while.
 */
export async function startFirstPrints(app: INestApplication, siteId: string, admin: Viewer, stopped: () => boolean): Promise<number> {
  const jobs = app.get(JobsService);
  let started = 0;
  for (let attempt = 0; attempt < 60 && !stopped(); attempt++) {
    const queue = await jobs.siteQueue(admin, siteId);
    const analysing = queue.some((m) => m.waiting.some((j) => j.status === 'analysing'));
    const idle = queue.filter((m) => m.active.length === 0 && m.waiting[0]?.status === 'queued');
    for (const m of idle) {
      const ok = await jobs.start(admin, m.waiting[0].id).then(
        () => true,
        () => false,
      );
      if (ok) started++;
    }
    if (started >= 2 || (!analysing && !idle.length)) return started;
    await new Promise((r) => setTimeout(r, 500));
  }
  return started;
}
