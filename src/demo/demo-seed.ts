import { seedMediation } from './demo-mediation';
import { INestApplication, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuthService } from '../auth/auth.service';
import { BridgesService } from '../bridges/bridges.service';
import { Viewer } from '../common/viewer';
import { AppConfig } from '../config/app-config';
import type { Machine, MachineType } from '../machines/entities/machine.entity';
import { MachinesService } from '../machines/machines.service';
import type { Role } from '../common/roles';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';
import type { DemoLogin } from '../auth/login-hints';
import { DEMO_ACCOUNTS, DEMO_ADMIN, demoLogins } from './demo-accounts';
import { DemoLab, PersonKey, seedBookings, seedLearning, seedOpeningHoursAndPrices } from './demo-lab';
import { seedMemberships } from './demo-memberships';
import { seedPlace } from './demo-place';
import { seedJobs, seedStockAndRepairs } from './demo-workshop';

export const DEMO_SITE_SLUG = 'fablab-demo';
export const DEMO_BRIDGE_SLUG = 'atelier';
export { DEMO_ACCOUNTS, DEMO_ADMIN, DEMO_MANAGER } from './demo-accounts';

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
  /** The logins to show on the demo's login page (the admin's only when the demo made it). */
  logins: DemoLogin[];
}

/** The one who acts for the demo seed: an admin without a site, as the services expect. */
export const demoAdminViewer = (): Viewer => ({ id: '00000000-0000-4000-8000-000000000000', role: 'admin', siteId: null, displayName: 'Démo', locale: 'fr' });

const MACHINES: Array<{ slug: string; name: string; type: MachineType; profile: Record<string, unknown> }> = [
  {
    slug: 'laser-1',
    name: 'Découpeuse laser Trotec',
    type: 'laser',
    profile: { workArea: { x: 600, y: 400 }, materials: ['contreplaqué 3 mm', 'MDF', 'PMMA'], controller: 'none' },
  },
  {
    slug: 'printer-1',
    name: 'Prusa MK4 n°1',
    type: 'printer',
    profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA', 'PETG'], controller: 'marlin', nozzleMm: 0.4 },
  },
  {
    slug: 'printer-2',
    name: 'Prusa MK4 n°2',
    type: 'printer',
    profile: { workArea: { x: 250, y: 210, z: 220 }, materials: ['PLA', 'PETG'], controller: 'marlin', nozzleMm: 0.4 },
  },
  {
    slug: 'cnc-1',
    name: 'Fraiseuse CNC Shapeoko',
    type: 'cnc',
    profile: { workArea: { x: 838, y: 838, z: 95 }, materials: ['bois', 'aluminium'], controller: 'grbl' },
  },
];

const TRAININGS: Array<{ key: 'laser' | 'printer' | 'cnc'; name: string; nameEn: string; type: MachineType; months: number }> = [
  { key: 'laser', name: 'Découpe laser', nameEn: 'Laser cutting', type: 'laser', months: 12 },
  { key: 'printer', name: 'Impression 3D', nameEn: '3D printing', type: 'printer', months: 24 },
  { key: 'cnc', name: 'Fraisage CNC', nameEn: 'CNC milling', type: 'cnc', months: 12 },
];

/** Valid: passed weeks ago. Expiring: due within three weeks (shows on the expiry list). Expired: a year past. */
type Pass = 'valid' | 'expiring' | 'expired';
interface DemoPerson {
  key: PersonKey;
  firstName: string;
  lastName: string;
  role: Role;
  login?: { email: string; password: string };
  /** Qualifications; a training left out is missing. */
  passes: Partial<Record<'laser' | 'printer' | 'cnc', Pass>>;
  inactive?: boolean;
  /** A second, lost card, revoked. */
  revokedBadge?: boolean;
  note?: string;
}

const PEOPLE: DemoPerson[] = [
  { key: 'amina', firstName: 'Amina', lastName: 'Kaci', role: 'maker', login: DEMO_ACCOUNTS.maker, passes: { laser: 'valid', printer: 'valid' } },
  { key: 'lucas', firstName: 'Lucas', lastName: 'Martin', role: 'maker', passes: { printer: 'valid', laser: 'expiring' }, revokedBadge: true },
  { key: 'fatou', firstName: 'Fatou', lastName: 'Diop', role: 'maker', passes: { laser: 'valid' } },
  { key: 'jeanpierre', firstName: 'Jean-Pierre', lastName: 'Le Goff', role: 'maker', passes: { printer: 'valid', cnc: 'expired' }, note: 'senior' },
  { key: 'nicolas', firstName: 'Nicolas', lastName: 'Petit', role: 'maker', passes: { laser: 'expired' } },
  {
    key: 'sofia',
    firstName: 'Sofia',
    lastName: 'Benali',
    role: 'entrepreneur',
    login: DEMO_ACCOUNTS.entrepreneur,
    passes: { laser: 'valid', printer: 'valid', cnc: 'valid' },
  },
  {
    key: 'marc',
    firstName: 'Marc',
    lastName: 'Rousseau',
    role: 'trainer',
    login: DEMO_ACCOUNTS.trainer,
    passes: { laser: 'valid', printer: 'valid', cnc: 'valid' },
  },
  { key: 'claire', firstName: 'Claire', lastName: 'Dubois', role: 'manager', login: DEMO_ACCOUNTS.manager, passes: { laser: 'valid' } },
  { key: 'youssef', firstName: 'Youssef', lastName: 'Haddad', role: 'volunteer', login: DEMO_ACCOUNTS.volunteer, passes: { printer: 'valid' } },
  { key: 'martine', firstName: 'Martine', lastName: 'Girard', role: 'volunteer', passes: {} },
  { key: 'hugo', firstName: 'Hugo', lastName: 'Bernard', role: 'maker', passes: { laser: 'valid', printer: 'valid' }, inactive: true },
];

/** Days since a pass of each kind (the laser and CNC trainings last 12 months). */
const PASSED_DAYS_AGO: Record<Pass, (i: number) => number> = { valid: (i) => 20 + i * 7, expiring: () => 350, expired: () => 400 };

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86400_000).toISOString().slice(0, 10);
const randomUid = () => randomBytes(7).toString('hex').toUpperCase();

/**
 * Fills an empty install with a small fab lab in Lyon: machines bookable with opening hours and
 * prices, trainings, people of every role with badges and qualifications (valid, expiring,
 * expired, missing), bookings, workshops, print jobs, repair tickets, spare parts, and one bridge,
 * « atelier ». Everything goes through the features' services, as a person would through the
 * pages. Once: when the site `fablab-demo` already exists, nothing is added.
 */
export async function seedDemo(app: INestApplication, config: AppConfig): Promise<DemoSeedResult> {
  const sites = app.get(SitesService);
  const admin = demoAdminViewer();
  const adminMade = await ensureDemoAdmin(app, config);
  const existing = await sites.findBySlug(DEMO_SITE_SLUG);
  if (existing) return { created: false, siteId: existing.id, siteSlug: existing.slug, logins: demoLogins(adminMade) };

  const site = await sites.create({ slug: DEMO_SITE_SLUG, name: 'Fab Lab des Capucins' });
  const machines = new Map<string, Machine>();
  for (const m of MACHINES)
    machines.set(m.slug, await app.get(MachinesService).create(admin, { siteId: site.id, slug: m.slug, name: m.name, type: m.type, profile: m.profile }));
  const trainingIds = new Map<string, string>();
  for (const t of TRAININGS) {
    const row = await app
      .get(TrainingsService)
      .create(admin, { siteId: site.id, name: t.name, nameEn: t.nameEn, machineTypes: [t.type], validityMonths: t.months });
    trainingIds.set(t.key, row.id);
  }
  const people = await seedPeople(app, site.id, trainingIds);
  const lab: DemoLab = { app, siteId: site.id, admin, machines, trainingIds, people, now: new Date(), zone: site.timezone };
  await seedOpeningHoursAndPrices(lab);
  await seedBookings(lab);
  await seedMemberships(lab);
  await seedLearning(lab);
  await seedStockAndRepairs(lab);
  await seedJobs(lab);
  await seedMediation(lab);
  await seedPlace(lab);

  const reg = await app.get(BridgesService).register(admin, {
    siteId: site.id,
    slug: DEMO_BRIDGE_SLUG,
    name: 'Atelier (pont simulé)',
    machines: MACHINES.map((m) => m.slug),
  });
  new Logger('Demo').log(`démo : lieu « ${site.name} » créé avec ${MACHINES.length} machines et ${PEOPLE.length} personnes`);
  return {
    created: true,
    siteId: site.id,
    siteSlug: site.slug,
    bridge: {
      bridgeSlug: reg.bridge.slug,
      username: reg.credentials.username,
      clientId: reg.credentials.clientId,
      password: reg.credentials.password,
      machines: reg.machines,
    },
    logins: demoLogins(adminMade),
  };
}

/** The admin of ADMIN_EMAIL / ADMIN_PASSWORD, else the demo's; true when the demo's exists. */
async function ensureDemoAdmin(app: INestApplication, config: AppConfig): Promise<boolean> {
  const auth = app.get(AuthService);
  if (!(await auth.adminExists())) {
    await auth.ensureAdmin(config.env.ADMIN_EMAIL ?? DEMO_ADMIN.email, config.env.ADMIN_PASSWORD ?? DEMO_ADMIN.password);
  }
  const everyone = await app.get(PeopleService).list(demoAdminViewer());
  return everyone.some((p) => p.role === 'admin' && p.active && p.email === DEMO_ADMIN.email);
}

/** People with badges and qualifications; the trainer first, who signs the others' passes. */
async function seedPeople(app: INestApplication, siteId: string, trainingIds: Map<string, string>): Promise<Map<PersonKey, Viewer>> {
  const admin = demoAdminViewer();
  const people = app.get(PeopleService);
  const trainings = app.get(TrainingsService);
  const ordered = [...PEOPLE].sort((a, b) => Number(b.role === 'trainer') - Number(a.role === 'trainer'));
  const out = new Map<PersonKey, Viewer>();
  let trainer: Viewer | null = null;
  for (const [i, p] of ordered.entries()) {
    const person = await people.create(admin, {
      siteId,
      firstName: p.firstName,
      lastName: p.lastName,
      role: p.role,
      locale: 'fr',
      ...(p.login ? { email: p.login.email, password: p.login.password } : {}),
    });
    const viewer: Viewer = { id: person.id, role: p.role, siteId, displayName: person.displayName, locale: 'fr' };
    out.set(p.key, viewer);
    if (p.role === 'trainer') trainer = viewer;
    await people.addBadge(admin, { personId: person.id, uid: randomUid(), label: 'Carte du lab' });
    if (p.revokedBadge) {
      const lost = await people.addBadge(admin, { personId: person.id, uid: randomUid(), label: 'Ancienne carte' });
      await people.revokeBadge(admin, lost.id, { reason: 'Carte perdue' });
    }
    for (const [key, pass] of Object.entries(p.passes)) {
      // Four eyes: the trainer's own passes are signed by the admin.
      const signer = trainer && trainer.id !== person.id ? trainer : admin;
      await trainings.recordPass(signer, { personId: person.id, trainingId: trainingIds.get(key)!, passedOn: isoDaysAgo(PASSED_DAYS_AGO[pass](i)) });
    }
    if (p.inactive) await people.update(admin, person.id, { active: false });
  }
  return out;
}
