import { INestApplication, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuthService } from '../auth/auth.service';
import { BridgesService } from '../bridges/bridges.service';
import { Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import { MachineType } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import { Role } from '../people/entities/person.entity';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';

export const DEMO_SITE_SLUG = 'fablab-demo';
export const DEMO_BRIDGE_SLUG = 'atelier';
export const DEMO_MANAGER = { email: 'manager@demo.fablab', password: 'demo-manager-2026' };
export const DEMO_ADMIN = { email: 'admin@demo.fablab', password: 'demo-admin-2026' };

/** Credentials a simulated bridge needs; the secret is shown once by BridgesService.register. */
export interface DemoBridgeCredentials {
  bridgeSlug: string;
  username: string;
  clientId: string;
  password: string;
  machines: string[];
}

export interface DemoSeedResult {
  created: boolean;
  siteId: string;
  siteSlug: string;
  /** Only when this call created the bridge (its secret is never readable again). */
  bridge?: DemoBridgeCredentials;
}

/** The one who acts for the demo seed: an admin without a site, as the services expect. */
export const demoAdminViewer = (): Viewer => ({ id: '00000000-0000-4000-8000-000000000000', role: 'admin', siteId: null, displayName: 'Démo', locale: 'fr' });

const MACHINES: Array<{ slug: string; name: string; type: MachineType; profile: Record<string, unknown> }> = [
  { slug: 'laser-1', name: 'Découpeuse laser Trotec', type: 'laser', profile: { workArea: { x: 600, y: 400 }, materials: ['contreplaqué 3 mm', 'MDF', 'PMMA'], controller: 'none' } },
  { slug: 'printer-1', name: 'Prusa MK4 n°1', type: 'printer', profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA', 'PETG'], controller: 'marlin', nozzleMm: 0.4 } },
  { slug: 'printer-2', name: 'Prusa MK4 n°2', type: 'printer', profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA', 'PETG'], controller: 'marlin', nozzleMm: 0.4 } },
  { slug: 'cnc-1', name: 'Fraiseuse CNC Shapeoko', type: 'cnc', profile: { workArea: { x: 838, y: 838, z: 95 }, materials: ['bois', 'aluminium'], controller: 'grbl' } },
];

const TRAININGS: Array<{ key: 'laser' | 'printer' | 'cnc'; name: string; nameEn: string; type: MachineType; months: number }> = [
  { key: 'laser', name: 'Découpe laser', nameEn: 'Laser cutting', type: 'laser', months: 12 },
  { key: 'printer', name: 'Impression 3D', nameEn: '3D printing', type: 'printer', months: 24 },
  { key: 'cnc', name: 'Fraisage CNC', nameEn: 'CNC milling', type: 'cnc', months: 12 },
];

type Pass = 'valid' | 'expired';
interface DemoPerson {
  firstName: string;
  lastName: string;
  role: Role;
  email?: string;
  password?: string;
  /** Qualifications; a training left out is missing. */
  passes: Partial<Record<'laser' | 'printer' | 'cnc', Pass>>;
  inactive?: boolean;
  /** A second, lost card, revoked. */
  revokedBadge?: boolean;
  note?: string;
}

const PEOPLE: DemoPerson[] = [
  { firstName: 'Amina', lastName: 'Kaci', role: 'maker', passes: { laser: 'valid', printer: 'valid' } },
  { firstName: 'Lucas', lastName: 'Martin', role: 'maker', passes: { printer: 'valid', laser: 'expired' }, revokedBadge: true },
  { firstName: 'Fatou', lastName: 'Diop', role: 'maker', passes: { laser: 'valid' } },
  { firstName: 'Jean-Pierre', lastName: 'Le Goff', role: 'maker', passes: { printer: 'valid', cnc: 'expired' }, note: 'senior' },
  { firstName: 'Sofia', lastName: 'Benali', role: 'entrepreneur', passes: { laser: 'valid', printer: 'valid', cnc: 'valid' } },
  { firstName: 'Marc', lastName: 'Trainer', role: 'trainer', passes: { laser: 'valid', printer: 'valid', cnc: 'valid' } },
  { firstName: 'Claire', lastName: 'Dubois', role: 'manager', email: DEMO_MANAGER.email, password: DEMO_MANAGER.password, passes: { laser: 'valid' } },
  { firstName: 'Hugo', lastName: 'Bernard', role: 'maker', passes: { laser: 'valid', printer: 'valid' }, inactive: true },
];

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86400_000).toISOString().slice(0, 10);
const randomUid = () => randomBytes(7).toString('hex').toUpperCase();

/**
 * Fills an empty install with a small French fab lab: four machines, three trainings, people with
 * badges and a mix of valid, expired and missing qualifications, and one bridge, « atelier ».
 * Does nothing when the site `fablab-demo` already exists.
 */
export async function seedDemo(app: INestApplication, config: AppConfig): Promise<DemoSeedResult> {
  const log = new Logger('Demo');
  const sites = app.get(SitesService);
  const existing = await sites.findBySlug(DEMO_SITE_SLUG);
  if (existing) return { created: false, siteId: existing.id, siteSlug: existing.slug };

  const admin = demoAdminViewer();
  const people = app.get(PeopleService);
  const machines = app.get(MachinesService);
  const trainings = app.get(TrainingsService);

  const everyone = await people.list(admin);
  if (!everyone.some((p) => p.role === 'admin')) {
    const email = config.env.ADMIN_EMAIL ?? DEMO_ADMIN.email;
    const password = config.env.ADMIN_PASSWORD ?? DEMO_ADMIN.password;
    await app.get(AuthService).ensureAdmin(email, password);
  }

  const site = await sites.create({ slug: DEMO_SITE_SLUG, name: 'Fab Lab des Capucins', timezone: 'Europe/Paris' });
  for (const m of MACHINES) await machines.create(admin, { siteId: site.id, slug: m.slug, name: m.name, type: m.type, profile: m.profile });

  const trainingIds = new Map<string, string>();
  for (const t of TRAININGS) {
    const row = await trainings.create(admin, { siteId: site.id, name: t.name, nameEn: t.nameEn, machineTypes: [t.type], validityMonths: t.months });
    trainingIds.set(t.key, row.id);
  }

  // The trainer is created first: they sign everyone's qualifications.
  const ordered = [...PEOPLE].sort((a, b) => Number(b.role === 'trainer') - Number(a.role === 'trainer'));
  let trainer: Viewer | null = null;
  for (const [i, p] of ordered.entries()) {
    const person = await people.create(admin, {
      siteId: site.id,
      firstName: p.firstName,
      lastName: p.lastName,
      role: p.role,
      ...(p.email ? { email: p.email } : {}),
      ...(p.password ? { password: p.password } : {}),
      locale: 'fr',
    });
    if (p.role === 'trainer') trainer = { id: person.id, role: 'trainer', siteId: site.id, displayName: person.displayName, locale: 'fr' };
    await people.addBadge(admin, { personId: person.id, uid: randomUid(), label: 'Carte du lab' });
    if (p.revokedBadge) {
      const lost = await people.addBadge(admin, { personId: person.id, uid: randomUid(), label: 'Ancienne carte' });
      await people.revokeBadge(admin, lost.id, { reason: 'Carte perdue' });
    }
    for (const [key, pass] of Object.entries(p.passes)) {
      // Valid: passed a few weeks ago. Expired: 400 days ago on a 12-month training.
      const passedOn = isoDaysAgo(pass === 'valid' ? 20 + i * 7 : 400);
      // Four eyes: the trainer's own passes are signed by the admin.
      const signer = trainer && trainer.id !== person.id ? trainer : admin;
      await trainings.recordPass(signer, { personId: person.id, trainingId: trainingIds.get(key)!, passedOn });
    }
    if (p.inactive) await people.update(admin, person.id, { active: false });
  }

  const reg = await app.get(BridgesService).register(admin, {
    siteId: site.id,
    slug: DEMO_BRIDGE_SLUG,
    name: 'Atelier (pont simulé)',
    machines: MACHINES.map((m) => m.slug),
  });
  log.log(`démo : lieu « ${site.name} » créé avec ${MACHINES.length} machines et ${PEOPLE.length} personnes`);
  return {
    created: true,
    siteId: site.id,
    siteSlug: site.slug,
    bridge: { bridgeSlug: reg.bridge.slug, username: reg.credentials.username, clientId: reg.credentials.clientId, password: reg.credentials.password, machines: reg.machines },
  };
}
