import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import {
  adminToken,
  as,
  createBadge,
  createMachine,
  createManager,
  createPerson,
  createSite,
  createTraining,
  isoDaysAgo,
  recordPass,
  registerBridge,
} from '../factories/api.factory';
import { book, makeBookable, parisAt, plusMinutes } from '../factories/bookings.factory';
import { FakeBridge } from '../factories/bridge-client';
import { sampleGcode } from '../factories/gcode.factory';
import { uploadJob } from '../factories/jobs.factory';
import { askFor, createLocation, createPart, finish, goodErasure, intake, readyDevice, receive } from '../factories/repairs.factory';
import { createCertification, createWorkshop, logEvidence, skillsOf } from '../factories/skills.factory';
import { individual } from '../factories/mediation.factory';
import { createStop, stopBody } from '../factories/outreach.factory';
import { createMember } from '../factories/trainings.factory';
import { dayOf } from '../../src/common/local-format';
import { startTestApp, TestApp } from './harness';

/**
 * The route table: every route the app serves, with who may use it. A new route with no line here
 * fails the first test, so nobody adds a route without saying how it is isolated.
 *
 * - `public`: no login (the reason is given);
 * - `self`: any logged-in person, about themselves only; nothing of site A may show to B's manager;
 * - `own`: acts on the viewer's own site, with no site or id parameter to abuse; nothing of site A
 *   may show to B's manager;
 * - `site`: names site A (path id, ?siteId=, or ids in the body): B's manager must be refused (403
 *   or 404, never 2xx);
 * - `admin`: admins only.
 * `makers: false` says a maker (even of site A) is refused on that request: the route is for staff,
 * or it names another person than the maker.
 */
type Req = { path: string; body?: object; multipart?: { fields: Record<string, string>; file: [string, Buffer, string] } };
// A person's own pages (`/people/:id`, a path…) are named with another person of A: a maker sees
// only their own, so there they are refused like B's manager.
type Entry =
  | { kind: 'public'; why: string }
  | { kind: 'self' | 'own'; makers: boolean; req?: (f: Fixtures) => Req }
  | {
      kind: 'site';
      makers: boolean;
      req: (f: Fixtures) => Req | Req[];
      refused?: (res: { status: number; headers: Record<string, string> }) => boolean;
      noOwnControl?: string;
    }
  | { kind: 'admin'; req: (f: Fixtures) => Req };

interface Fixtures {
  siteA: string;
  personA: string;
  otherA: string;
  badgeA: string;
  machineA: string;
  printerA: string;
  trainingA: string;
  qualificationA: string;
  sessionA: string;
  closureA: string;
  bookingA: string;
  bridgeA: string;
  partA: string;
  locationA: string;
  ticketA: string;
  deviceA: string;
  eolDeviceA: string;
  photoA: string;
  eventA: string;
  requestA: string;
  releaseA: string;
  catalogueDeviceA: string;
  workshopA: string;
  certificationA: string;
  planA: string;
  credentialA: string;
  jobA: string;
  skillA: string;
  monitorA: string;
  membershipPlanA: string;
  membershipA: string;
  packOfferA: string;
  statementA: string;
  paymentA: string;
  invoiceA: string;
  activityA: string;
  stopA: string;
  signupA: string;
  loanA: string;
  stationA: string;
  queueEntryA: string;
  gcode: Buffer;
  jpeg: Buffer;
}

const q = (path: string, body?: object): Req => ({ path, body });
/** An activity logged at a stop: the mediation body without the place (the stop's). */
const stopActivity = () => {
  const { placeType: _p, date: _d, ...rest } = individual();
  return rest;
};
const day = '2026-11-02';
// The booking admin forms answer a redirect either way: refused means the message is not « Enregistré. ».
const formRefused = (res: { status: number; headers: Record<string, string> }) =>
  res.status === 303 ? !decodeURIComponent(res.headers.location ?? '').includes('Enregistré') : res.status === 403 || res.status === 404;

// The booking pages answer another site's (or person's) booking or machine with a 404 page.
const pageNotFound = (res: { status: number; headers: Record<string, string> }) =>
  res.status === 404 || (res.status === 303 && decodeURIComponent(res.headers.location ?? '').includes('introuvable'));
/** The answers of the site rule (and of a role refusal), as opposed to a refusal for another reason. */
const SITE_REFUSALS = ['other_site', 'not_found', 'role_required'];

const TABLE: Record<string, Entry> = {
  'GET /api/docs/swagger-ui-init.js': { kind: 'public', why: 'OpenAPI viewer (no data)' },
  'GET /api/docs/docs/swagger-ui-init.js': { kind: 'public', why: 'OpenAPI viewer (no data)' },
  'GET /api/docs': { kind: 'public', why: 'OpenAPI viewer (no data)' },
  'GET /api/docs/index.html': { kind: 'public', why: 'OpenAPI viewer (no data)' },
  'GET /api/docs/LICENSE': { kind: 'public', why: 'OpenAPI viewer (no data)' },
  'GET /api/docs/': { kind: 'public', why: 'OpenAPI viewer (no data)' },
  'GET /api/docs-json': { kind: 'public', why: 'the API description (no data)' },
  'GET /api/docs-yaml': { kind: 'public', why: 'the API description (no data)' },
  'GET /metrics': { kind: 'public', why: 'Prometheus counters by kind and outcome: no site, person, badge or id' },
  'GET /health': { kind: 'public', why: 'liveness probe' },
  'POST /api/auth/login': { kind: 'public', why: 'logging in' },
  'POST /api/auth/logout': { kind: 'self', makers: true },
  'POST /api/auth/password': { kind: 'self', makers: true }, // one's own password, the current one required
  'POST /api/auth/password/forgot': { kind: 'public', why: 'asking for a reset link (same answer whether the e-mail exists or not)' },
  'POST /api/auth/password/reset': { kind: 'public', why: 'a reset: the single-use token mailed to the person is the key' },
  'GET /password/forgot': { kind: 'public', why: 'the « mot de passe oublié » form' },
  'GET /password/reset': { kind: 'public', why: 'the reset form (the token is checked when it is sent)' },
  'GET /password/change': { kind: 'self', makers: true, req: () => q('/password/change') },
  'GET /api/auth/me': { kind: 'self', makers: true, req: () => q('/api/auth/me') },

  'GET /api/sites': { kind: 'own', makers: true, req: () => q('/api/sites') },
  'GET /api/sites/:id': { kind: 'site', makers: true, req: (f) => q(`/api/sites/${f.siteA}`) },
  'POST /api/sites': { kind: 'admin', req: () => q('/api/sites', { slug: `lab-${randomBytes(3).toString('hex')}`, name: 'Autre' }) },

  'GET /api/people': { kind: 'site', makers: false, req: (f) => q(`/api/people?siteId=${f.siteA}`) },
  'GET /api/people/:id': { kind: 'site', makers: false, req: (f) => q(`/api/people/${f.otherA}`) },
  'POST /api/people': { kind: 'site', makers: false, req: (f) => q('/api/people', { siteId: f.siteA, firstName: 'Intrus', lastName: 'B' }) },
  'PATCH /api/people/:id': { kind: 'site', makers: false, req: (f) => q(`/api/people/${f.personA}`, { firstName: 'Renommé' }) },
  'GET /api/badges': { kind: 'site', makers: false, req: (f) => q(`/api/badges?personId=${f.personA}`) },
  'POST /api/badges': { kind: 'site', makers: false, req: (f) => q('/api/badges', { personId: f.personA, uid: randomBytes(7).toString('hex').toUpperCase() }) },
  'POST /api/badges/:id/revoke': { kind: 'site', makers: false, req: (f) => q(`/api/badges/${f.badgeA}/revoke`, { reason: 'perdu' }) },
  'GET /api/badges/day-cards': { kind: 'own', makers: false, req: () => q('/api/badges/day-cards') },
  'POST /api/badges/day-cards': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/badges/day-cards', { uid: randomBytes(7).toString('hex').toUpperCase(), personId: f.personA }),
  },
  'POST /api/badges/:id/return': { kind: 'site', makers: false, req: (f) => q(`/api/badges/${f.badgeA}/return`) },
  'GET /badges/day-cards': { kind: 'own', makers: false, req: () => q('/badges/day-cards') },
  'POST /badges/day-cards': {
    kind: 'site',
    makers: false,
    req: (f) => q('/badges/day-cards', { uid: randomBytes(7).toString('hex').toUpperCase(), personId: f.personA }),
  },
  'POST /badges/day-cards/:id/return': { kind: 'site', makers: false, req: (f) => q(`/badges/day-cards/${f.badgeA}/return`) },

  'GET /api/machines': { kind: 'site', makers: true, req: (f) => q(`/api/machines?siteId=${f.siteA}`) },
  'GET /api/machines/:id': { kind: 'site', makers: true, req: (f) => q(`/api/machines/${f.machineA}`) },
  'POST /api/machines': { kind: 'site', makers: false, req: (f) => q('/api/machines', { siteId: f.siteA, slug: 'intrus', name: 'Intrus', type: 'laser' }) },
  'PATCH /api/machines/:id': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}`, { name: 'Renommée' }) },
  'PUT /api/machines/:id/status': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}/status`, { status: 'maintenance' }) },
  'GET /api/machines/:id/telemetry': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}/telemetry`) },
  'GET /api/machines/:id/telemetry.csv': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}/telemetry.csv`) },
  'PUT /api/machines/:id/plug': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}/plug`, { kind: 'shelly' }) },
  'GET /api/machines/:id/plug': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}/plug`) },

  'GET /api/trainings': { kind: 'site', makers: true, req: (f) => q(`/api/trainings?siteId=${f.siteA}`) },
  'POST /api/trainings': { kind: 'site', makers: false, req: (f) => q('/api/trainings', { siteId: f.siteA, name: 'Intrus', machineTypes: ['laser'] }) },
  'PATCH /api/trainings/:id': { kind: 'site', makers: false, req: (f) => q(`/api/trainings/${f.trainingA}`, { name: 'Renommée' }) },
  'POST /api/qualifications': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/qualifications', { personId: f.personA, trainingId: f.trainingA, passedOn: isoDaysAgo(1) }),
  },
  'GET /api/qualifications/expiring': { kind: 'site', makers: false, req: (f) => q(`/api/qualifications/expiring?siteId=${f.siteA}`) },
  'POST /api/qualifications/:id/suspend': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/qualifications/${f.qualificationA}/suspend`, { reason: 'intrus' }),
  },
  'POST /api/qualifications/:id/renew': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/qualifications/${f.qualificationA}/renew`, { checkedOn: isoDaysAgo(0) }),
  },
  'POST /api/qualifications/:id/reinstate': { kind: 'site', makers: false, req: (f) => q(`/api/qualifications/${f.qualificationA}/reinstate`) },
  'GET /api/people/:id/qualifications': { kind: 'site', makers: false, req: (f) => q(`/api/people/${f.otherA}/qualifications`) },
  'POST /api/training-sessions': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/training-sessions', { trainingId: f.trainingA, date: isoDaysAgo(1), attendees: [{ personId: f.personA, result: 'passed' }] }),
  },
  'POST /api/training-sessions/form': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/training-sessions/form', { trainingId: f.trainingA, date: isoDaysAgo(1), [`r_${f.personA}`]: 'passed' }),
  },
  'GET /api/training-sessions': {
    kind: 'site',
    makers: false,
    req: (f) => [q(`/api/training-sessions?siteId=${f.siteA}`), q(`/api/training-sessions?trainingId=${f.trainingA}`)],
  },
  'GET /trainings/expiring': { kind: 'site', makers: false, req: (f) => q(`/trainings/expiring?siteId=${f.siteA}`) },
  'GET /trainings/sessions': { kind: 'own', makers: false, req: () => q('/trainings/sessions') },
  'GET /people/:id/qualifications': { kind: 'site', makers: false, req: (f) => q(`/people/${f.otherA}/qualifications`) },

  'GET /api/access/decisions': { kind: 'site', makers: false, req: (f) => q(`/api/access/decisions?siteId=${f.siteA}`) },
  'GET /api/sessions/open': { kind: 'site', makers: false, req: (f) => q(`/api/sessions/open?siteId=${f.siteA}`) },
  'POST /api/sessions/:id/end': { kind: 'site', makers: false, req: (f) => q(`/api/sessions/${f.sessionA}/end`) },
  'GET /api/sessions': { kind: 'site', makers: true, req: (f) => q(`/api/sessions?siteId=${f.siteA}&machineId=${f.machineA}`) },
  'GET /api/sessions.csv': { kind: 'site', makers: true, req: (f) => q(`/api/sessions.csv?siteId=${f.siteA}&machineId=${f.machineA}`) },
  'GET /machines/:id/history': { kind: 'site', makers: false, req: (f) => q(`/machines/${f.machineA}/history`) },
  'GET /maintenance': { kind: 'own', makers: false },
  'GET /api/stations': { kind: 'site', makers: false, req: (f) => q(`/api/stations?siteId=${f.siteA}`) },
  'POST /api/stations/sessions': { kind: 'site', makers: false, req: (f) => q('/api/stations/sessions', { machineId: f.stationA }) },
  'POST /api/stations/:machineId/end': { kind: 'site', makers: false, req: (f) => q(`/api/stations/${f.stationA}/end`) },
  'POST /api/stations/queue': { kind: 'site', makers: false, req: (f) => q('/api/stations/queue', { siteId: f.siteA, personId: f.otherA }) },
  'POST /api/stations/queue/:id/leave': { kind: 'site', makers: false, req: (f) => q(`/api/stations/queue/${f.queueEntryA}/leave`) },
  'PUT /api/stations/settings': { kind: 'site', makers: false, req: (f) => q('/api/stations/settings', { siteId: f.siteA, minutes: 45 }) },
  'GET /stations': { kind: 'own', makers: false, req: () => q('/stations') },
  'POST /stations/sessions': { kind: 'site', makers: false, req: (f) => q('/stations/sessions', { machineId: f.stationA }) },
  'POST /stations/:machineId/end': { kind: 'site', makers: false, req: (f) => q(`/stations/${f.stationA}/end`) },
  'POST /stations/queue': { kind: 'site', makers: false, req: (f) => q('/stations/queue', { personId: f.otherA }) },
  'POST /stations/queue/:id/leave': { kind: 'site', makers: false, req: (f) => q(`/stations/queue/${f.queueEntryA}/leave`) },
  'POST /stations/settings': { kind: 'site', makers: false, req: (f) => q('/stations/settings', { siteId: f.siteA, minutes: '45' }) },
  'GET /machines/:id/maintenance': { kind: 'site', makers: false, req: (f) => q(`/machines/${f.machineA}/maintenance`) },
  'POST /machines/:id/maintenance': { kind: 'site', makers: false, req: (f) => q(`/machines/${f.machineA}/maintenance`, { what: 'Intrusion' }) },
  'POST /machines/:id/maintenance/plans': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/machines/${f.machineA}/maintenance/plans`, { task: 'Intrusion', everyHours: '5' }),
  },
  'GET /api/machines/:machineId/maintenance': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}/maintenance`) },
  'POST /api/machines/:machineId/maintenance': { kind: 'site', makers: false, req: (f) => q(`/api/machines/${f.machineA}/maintenance`, { what: 'Intrusion' }) },
  'POST /api/machines/:machineId/maintenance/plans': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/machines/${f.machineA}/maintenance/plans`, { task: 'Intrusion', everyHours: 5 }),
  },
  'DELETE /api/machines/:machineId/maintenance/plans/:planId': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/machines/${f.machineA}/maintenance/plans/${f.machineA}`),
    noOwnControl: "no plan fixture: the machine is checked first, A's manager gets the plan's 404",
  },
  'GET /people/:id/history': { kind: 'site', makers: false, req: (f) => q(`/people/${f.otherA}/history`) },

  'GET /api/bookings/sites/:siteId/hours': { kind: 'site', makers: true, req: (f) => q(`/api/bookings/sites/${f.siteA}/hours`) },
  'PUT /api/bookings/sites/:siteId/hours': { kind: 'site', makers: false, req: (f) => q(`/api/bookings/sites/${f.siteA}/hours`, { weekly: [] }) },
  'POST /api/bookings/sites/:siteId/closures': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/bookings/sites/${f.siteA}/closures`, { startsOn: day, endsOn: day }),
  },
  'DELETE /api/bookings/closures/:id': { kind: 'site', makers: false, req: (f) => q(`/api/bookings/closures/${f.closureA}`) },
  'PUT /api/bookings/machines/:machineId/settings': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/bookings/machines/${f.machineA}/settings`, { slotMinutes: 15 }),
  },
  'DELETE /api/bookings/machines/:machineId/settings': { kind: 'site', makers: false, req: (f) => q(`/api/bookings/machines/${f.machineA}/settings`) },
  'GET /api/bookings/availability': { kind: 'site', makers: true, req: (f) => q(`/api/bookings/availability?machineId=${f.machineA}`) },
  'POST /api/bookings': {
    kind: 'site',
    makers: true,
    req: (f) =>
      q('/api/bookings', { machineId: f.machineA, startsAt: parisAt(3, 10).toISOString(), endsAt: parisAt(3, 11).toISOString(), kind: 'maintenance' }),
  },
  'GET /api/bookings/mine': { kind: 'self', makers: true, req: () => q('/api/bookings/mine') },
  'GET /api/bookings': { kind: 'site', makers: false, req: (f) => [q(`/api/bookings?siteId=${f.siteA}`), q(`/api/bookings?machineId=${f.machineA}`)] },
  // bookingA is blocked time (no person): a maker is neither its person nor staff, so 404 as for B's manager.
  'POST /api/bookings/:id/move': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/bookings/${f.bookingA}/move`, { startsAt: parisAt(6, 10).toISOString(), endsAt: parisAt(6, 10, 30).toISOString() }),
  },
  'GET /api/bookings/:id/changes': { kind: 'site', makers: false, req: (f) => q(`/api/bookings/${f.bookingA}/changes`) },
  'POST /api/bookings/:id/cancel': { kind: 'site', makers: true, req: (f) => q(`/api/bookings/${f.bookingA}/cancel`) },
  'POST /api/bookings/calendar-feeds': { kind: 'site', makers: true, req: (f) => q('/api/bookings/calendar-feeds', { machineId: f.machineA }) },
  'POST /api/bookings/calendar-feeds/rotate': {
    kind: 'site',
    makers: true,
    req: (f) => q('/api/bookings/calendar-feeds/rotate', { kind: 'machine', machineId: f.machineA }),
  },
  'POST /api/bookings/calendar-feeds/revoke': {
    kind: 'site',
    makers: true,
    req: (f) => q('/api/bookings/calendar-feeds/revoke', { kind: 'machine', machineId: f.machineA }),
  },
  'GET /api/bookings/calendar-settings': { kind: 'site', makers: false, req: (f) => q(`/api/bookings/calendar-settings?siteId=${f.siteA}`) },
  'PUT /api/bookings/calendar-settings': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/bookings/calendar-settings', { siteId: f.siteA, namesOnStaffFeeds: false }),
  },
  'GET /sites/:slug/workshops.ics': { kind: 'public', why: "a site's public workshops: title, time and seats left, no names" },
  'GET /api/calendar/:file': { kind: 'public', why: 'an iCalendar feed: its long random secret is the key (calendar apps cannot log in)' },
  'GET /api/charges/prices': { kind: 'site', makers: true, req: (f) => q(`/api/charges/prices?siteId=${f.siteA}`) },
  'POST /api/charges/prices': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/charges/prices', { siteId: f.siteA, label: 'Laser', machineType: 'laser', unit: 'minute', unitCents: 10 }),
  },
  'PUT /api/charges/people/:personId/category': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/charges/people/${f.personA}/category`, { category: 'adherent' }),
  },
  'POST /api/charges/consumables': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/charges/consumables', { personId: f.personA, consumable: 'PLA', quantity: 3 }),
  },
  'GET /api/charges/statements': {
    kind: 'site',
    makers: true,
    req: (f) => [q(`/api/charges/statements?month=2026-11&siteId=${f.siteA}`), q(`/api/charges/statements?month=2026-11&personId=${f.personA}`)],
  },
  'GET /api/charges/statements.csv': { kind: 'site', makers: false, req: (f) => q(`/api/charges/statements.csv?month=2026-11&siteId=${f.siteA}`) },
  'GET /api/memberships/plans': { kind: 'site', makers: true, req: (f) => q(`/api/memberships/plans?siteId=${f.siteA}`) },
  'POST /api/memberships/plans': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/memberships/plans', { siteId: f.siteA, name: 'Adhésion intruse', period: 'moving_year', priceEuros: '10' }),
  },
  'PATCH /api/memberships/plans/:id': { kind: 'site', makers: false, req: (f) => q(`/api/memberships/plans/${f.membershipPlanA}`, { name: 'Renommée' }) },
  'PUT /api/memberships/plans/:id/prices': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/memberships/plans/${f.membershipPlanA}/prices`, { category: 'etudiant', priceEuros: '5' }),
  },
  'GET /api/memberships/rules': { kind: 'site', makers: true, req: (f) => q(`/api/memberships/rules?siteId=${f.siteA}`) },
  'PUT /api/memberships/rules': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/memberships/rules', { siteId: f.siteA, requiredToBook: false, requiredToUnlock: false }),
  },
  // A maker joins their own site's plan; B's manager finds no such plan at their site.
  'POST /api/memberships': { kind: 'site', makers: true, req: (f) => q('/api/memberships', { planId: f.membershipPlanA }) },
  'GET /api/memberships/mine': { kind: 'self', makers: true, req: () => q('/api/memberships/mine') },
  'GET /api/memberships': { kind: 'site', makers: false, req: (f) => q(`/api/memberships?siteId=${f.siteA}&endingWithinDays=30`) },
  'GET /api/memberships/:id': { kind: 'site', makers: false, req: (f) => q(`/api/memberships/${f.membershipA}`) },
  'POST /api/memberships/:id/members': { kind: 'site', makers: false, req: (f) => q(`/api/memberships/${f.membershipA}/members`, { personId: f.personA }) },
  'DELETE /api/memberships/:id/members/:personId': { kind: 'site', makers: false, req: (f) => q(`/api/memberships/${f.membershipA}/members/${f.personA}`) },
  'GET /api/packs/offers': { kind: 'site', makers: true, req: (f) => q(`/api/packs/offers?siteId=${f.siteA}`) },
  'POST /api/packs/offers': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/packs/offers', { siteId: f.siteA, name: 'Pack intrus', machineId: f.machineA, hours: '1', priceEuros: '9', validityDays: 30 }),
  },
  'PATCH /api/packs/offers/:id': { kind: 'site', makers: false, req: (f) => q(`/api/packs/offers/${f.packOfferA}`, { active: true }) },
  'POST /api/packs': { kind: 'site', makers: true, req: (f) => q('/api/packs', { offerId: f.packOfferA }) },
  'GET /api/packs/mine': { kind: 'self', makers: true, req: () => q('/api/packs/mine') },
  'GET /api/packs': { kind: 'site', makers: false, req: (f) => q(`/api/packs?siteId=${f.siteA}`) },
  'GET /adhesion': { kind: 'self', makers: true, req: () => q('/adhesion') },
  'GET /memberships/admin': { kind: 'own', makers: false, req: () => q('/memberships/admin') },
  'GET /memberships/:id': { kind: 'site', makers: false, req: (f) => q(`/memberships/${f.membershipA}`) },

  'GET /api/invoices': { kind: 'site', makers: false, req: (f) => q(`/api/invoices?siteId=${f.siteA}`) },
  'GET /api/invoices/verify': { kind: 'site', makers: false, req: (f) => q(`/api/invoices/verify?siteId=${f.siteA}`) },
  'GET /api/invoices/profile': { kind: 'site', makers: false, req: (f) => q(`/api/invoices/profile?siteId=${f.siteA}`) },
  'PUT /api/invoices/profile': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/invoices/profile', { siteId: f.siteA, legalName: 'Intrus', vatRegime: 'franchise' }),
  },
  'GET /api/invoices/periods': { kind: 'site', makers: false, req: (f) => q(`/api/invoices/periods?siteId=${f.siteA}`) },
  'POST /api/invoices/periods': { kind: 'site', makers: false, req: (f) => q('/api/invoices/periods', { siteId: f.siteA, endDay: '2020-01-31' }) },
  'GET /api/invoices/:id': { kind: 'site', makers: true, req: (f) => q(`/api/invoices/${f.invoiceA}`) },
  'GET /api/invoices/:id/pdf': { kind: 'site', makers: true, req: (f) => q(`/api/invoices/${f.invoiceA}/pdf`) },
  'POST /api/invoices/:id/credit-notes': { kind: 'site', makers: false, req: (f) => q(`/api/invoices/${f.invoiceA}/credit-notes`, { amountEuros: '0,01' }) },
  'GET /api/payments/payable': { kind: 'site', makers: true, req: (f) => q(`/api/payments/payable?kind=statement&ref=${encodeURIComponent(f.statementA)}`) },
  'GET /api/payments/mine': { kind: 'self', makers: true, req: () => q('/api/payments/mine') },
  'POST /api/payments/desk': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/payments/desk', { kind: 'statement', ref: f.statementA, method: 'cash', amountEuros: '0,01' }),
  },
  'POST /api/payments/checkout': { kind: 'site', makers: true, req: (f) => q('/api/payments/checkout', { kind: 'statement', ref: f.statementA }) },
  'POST /api/payments/helloasso/notifications': {
    kind: 'public',
    why: 'HelloAsso notifications: the body is never believed, only used to re-read the checkout through the API',
  },
  'POST /api/payments/invoice-payable': {
    kind: 'site',
    makers: false,
    req: (f) =>
      q('/api/payments/invoice-payable', {
        kind: 'statement',
        ref: f.statementA,
        companyName: 'Intrus SA',
        companyAddress: '1 rue B',
        companySiren: '123456789',
      }),
  },
  'GET /api/payments/unpaid': { kind: 'site', makers: false, req: (f) => q(`/api/payments/unpaid?siteId=${f.siteA}`) },
  'GET /api/payments/exports/fec': { kind: 'site', makers: false, req: (f) => q(`/api/payments/exports/fec?siteId=${f.siteA}&year=2026`) },
  'GET /api/payments/exports/entries.csv': { kind: 'site', makers: false, req: (f) => q(`/api/payments/exports/entries.csv?siteId=${f.siteA}&year=2026`) },
  'GET /api/payments/:id': { kind: 'site', makers: true, req: (f) => q(`/api/payments/${f.paymentA}`) },
  'POST /api/payments/:id/confirm': { kind: 'site', makers: true, req: (f) => q(`/api/payments/${f.paymentA}/confirm`) },
  'POST /api/payments/:id/refund': { kind: 'site', makers: false, req: (f) => q(`/api/payments/${f.paymentA}/refund`, { amountEuros: '0,01' }) },
  'GET /me/payments': { kind: 'self', makers: true, req: () => q('/me/payments') },
  // A maker pays their own membership; B's manager finds nothing to pay at their site.
  'GET /pay/:kind/:ref': { kind: 'site', makers: true, req: (f) => q(`/pay/membership/${f.membershipA}`) },
  'POST /me/payments/checkout': {
    kind: 'site',
    makers: true,
    refused: pageNotFound,
    req: (f) => q('/me/payments/checkout', { kind: 'statement', ref: f.statementA }),
  },
  'GET /me/payments/return': { kind: 'site', makers: true, refused: pageNotFound, req: (f) => q(`/me/payments/return?payment=${f.paymentA}`) },
  'GET /desk/checkout': { kind: 'site', makers: false, req: (f) => q(`/desk/checkout?kind=statement&ref=${encodeURIComponent(f.statementA)}`) },
  'GET /treasury': { kind: 'site', makers: false, req: (f) => q(`/treasury?siteId=${f.siteA}`) },
  'GET /bookings/admin': { kind: 'own', makers: false, req: () => q('/bookings/admin') },
  'POST /bookings/admin/hours': { kind: 'own', makers: false, req: () => q('/bookings/admin/hours', {}) },
  'POST /bookings/admin/closures/:id/remove': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/bookings/admin/closures/${f.closureA}/remove`),
    noOwnControl: 'closureA is removed by DELETE /api/bookings/closures/:id in the same run; booking-pages.e2e checks the own manager',
  },
  'POST /bookings/admin/closures': { kind: 'own', makers: false, req: () => q('/bookings/admin/closures', { startsOn: '2027-01-02', endsOn: '2027-01-02' }) },
  'POST /bookings/admin/machine': {
    kind: 'site',
    makers: false,
    refused: formRefused,
    req: (f) => q('/bookings/admin/machine', { machineId: f.machineA, bookable: 'on', slotMinutes: '15' }),
  },
  'POST /bookings/admin/price': {
    kind: 'site',
    makers: false,
    refused: formRefused,
    req: (f) => q('/bookings/admin/price', { label: 'Laser', machineId: f.machineA, unit: 'minute', unitEuros: '0,10' }),
  },
  'POST /bookings/admin/block': {
    kind: 'site',
    makers: false,
    refused: formRefused,
    req: (f) => q('/bookings/admin/block', { machineId: f.machineA, date: parisAt(4, 0).toISOString().slice(0, 10), from: '10:00', to: '11:00' }),
  },
  'POST /bookings/admin/category': {
    kind: 'site',
    makers: false,
    refused: formRefused,
    req: (f) => q('/bookings/admin/category', { personId: f.personA, category: 'adherent' }),
  },
  'POST /bookings/admin/consumable': {
    kind: 'site',
    makers: false,
    refused: formRefused,
    req: (f) => q('/bookings/admin/consumable', { personId: f.personA, consumable: 'PLA', quantity: '2' }),
  },
  // ?machineId= is only ever picked among the viewer's own site's bookable machines.
  'GET /bookings': { kind: 'own', makers: true, req: (f) => q(`/bookings?machineId=${f.machineA}`) },
  'POST /bookings/book': {
    kind: 'site',
    makers: true,
    refused: pageNotFound,
    req: (f) => q('/bookings/book', { machineId: f.machineA, startsAt: parisAt(5, 10).toISOString(), endsAt: parisAt(5, 11).toISOString() }),
  },
  'GET /bookings/mine': { kind: 'self', makers: true, req: () => q('/bookings/mine') },
  'POST /bookings/:id/cancel': { kind: 'site', makers: false, refused: pageNotFound, req: (f) => q(`/bookings/${f.bookingA}/cancel`) },
  'POST /bookings/quote': {
    kind: 'site',
    makers: true,
    refused: pageNotFound,
    req: (f) =>
      q('/bookings/quote', { machineId: f.machineA, bookingId: f.bookingA, date: parisAt(6, 10).toISOString().slice(0, 10), time: '10:00', minutes: '30' }),
  },
  'GET /bookings/:id/change': { kind: 'site', makers: false, refused: pageNotFound, req: (f) => q(`/bookings/${f.bookingA}/change`) },
  'POST /bookings/:id/move': {
    kind: 'site',
    makers: false,
    refused: pageNotFound,
    req: (f) => q(`/bookings/${f.bookingA}/move`, { startsAt: parisAt(6, 10).toISOString(), endsAt: parisAt(6, 10, 30).toISOString() }),
  },
  'GET /bookings/statement': { kind: 'self', makers: true, req: () => q('/bookings/statement') },

  'GET /api/bridges': { kind: 'site', makers: false, req: (f) => q(`/api/bridges?siteId=${f.siteA}`) },
  'POST /api/bridges': { kind: 'admin', req: (f) => q('/api/bridges', { siteId: f.siteA, slug: 'pont-intrus', machines: [] }) },
  'POST /api/bridges/:id/secret': { kind: 'admin', req: (f) => q(`/api/bridges/${f.bridgeA}/secret`) },
  'DELETE /api/bridges/:id': { kind: 'admin', req: (f) => q(`/api/bridges/${f.bridgeA}`) },
  'GET /bridges': { kind: 'admin', req: () => q('/bridges') },
  'GET /site': { kind: 'site', makers: false, req: (f) => q(`/site?siteId=${f.siteA}`) },
  'GET /api/monitors': { kind: 'site', makers: false, req: (f) => q(`/api/monitors?siteId=${f.siteA}`) },
  'POST /api/monitors': { kind: 'site', makers: false, req: (f) => q('/api/monitors', { siteId: f.siteA, slug: `ecran-${randomBytes(3).toString('hex')}` }) },
  'POST /api/monitors/:id/secret': { kind: 'site', makers: false, req: (f) => q(`/api/monitors/${f.monitorA}/secret`) },
  'DELETE /api/monitors/:id': { kind: 'site', makers: false, req: (f) => q(`/api/monitors/${f.monitorA}`) },
  'PUT /api/bridges/:id/machines': { kind: 'site', makers: false, req: (f) => q(`/api/bridges/${f.bridgeA}/machines`, { machines: [] }) },
  'GET /api/bridges/:id/config': { kind: 'site', makers: false, req: (f) => q(`/api/bridges/${f.bridgeA}/config`) },
  'PUT /api/bridges/:id/config': { kind: 'site', makers: false, req: (f) => q(`/api/bridges/${f.bridgeA}/config`, { devices: [] }) },
  'GET /bridges/:id': { kind: 'site', makers: false, refused: pageNotFound, req: (f) => q(`/bridges/${f.bridgeA}`) },

  'GET /api/inventory/locations': { kind: 'site', makers: false, req: (f) => q(`/api/inventory/locations?siteId=${f.siteA}`) },
  'POST /api/inventory/locations': { kind: 'site', makers: false, req: (f) => q('/api/inventory/locations', { siteId: f.siteA, name: 'Intrus' }) },
  'PUT /api/inventory/locations/:id': { kind: 'site', makers: false, req: (f) => q(`/api/inventory/locations/${f.locationA}`, { name: 'Intrus' }) },
  'PUT /api/inventory/parts/:id': { kind: 'site', makers: false, req: (f) => q(`/api/inventory/parts/${f.partA}`, { name: 'Intrus' }) },
  'GET /api/inventory/parts': { kind: 'site', makers: false, req: (f) => q(`/api/inventory/parts?siteId=${f.siteA}`) },
  'POST /api/inventory/parts': { kind: 'site', makers: false, req: (f) => q('/api/inventory/parts', { siteId: f.siteA, name: 'Intrus', category: 'battery' }) },
  'GET /api/inventory/parts/:id': { kind: 'site', makers: false, req: (f) => q(`/api/inventory/parts/${f.partA}`) },
  'GET /api/inventory/parts/:id/moves': { kind: 'site', makers: false, req: (f) => q(`/api/inventory/parts/${f.partA}/moves`) },
  'POST /api/inventory/moves': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/inventory/moves', { partId: f.partA, locationId: f.locationA, kind: 'received', quantity: 1 }),
  },
  'GET /api/inventory/low-stock': { kind: 'site', makers: false, req: (f) => q(`/api/inventory/low-stock?siteId=${f.siteA}`) },
  'GET /inventory': { kind: 'own', makers: false, req: () => q('/inventory') },
  'GET /inventory/labels': { kind: 'own', makers: false, req: () => q('/inventory/labels') },

  'POST /api/repairs/intake': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/repairs/intake', { siteId: f.siteA, purpose: 'repair', category: 'laptop', reportedFault: 'HS', broughtBy: 'Intrus' }),
  },
  'GET /api/repairs/tickets': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/tickets?siteId=${f.siteA}`) },
  'GET /api/repairs/tickets/:id': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/tickets/${f.ticketA}`) },
  'POST /api/repairs/tickets/:id/steps': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/tickets/${f.ticketA}/steps`, { to: 'diagnosed' }) },
  'POST /api/repairs/tickets/:id/time': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/tickets/${f.ticketA}/time`, { minutesSpent: 5 }) },
  'POST /api/repairs/tickets/:id/parts': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/repairs/tickets/${f.ticketA}/parts`, { partId: f.partA, locationId: f.locationA, quantity: 1 }),
  },
  'GET /api/repairs/refurbished': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/refurbished?siteId=${f.siteA}`) },
  'GET /api/repairs/devices/:id': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/devices/${f.deviceA}`) },
  'POST /api/repairs/devices/:id/photos': {
    kind: 'site',
    makers: false,
    req: (f) => ({ path: `/api/repairs/devices/${f.deviceA}/photos`, multipart: { fields: {}, file: ['photo', f.jpeg, 'photo.jpg'] } }),
  },
  'GET /api/repairs/photos/:id': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/photos/${f.photoA}`) },
  'POST /api/repairs/devices/:id/harvest': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/repairs/devices/${f.eolDeviceA}/harvest`, { partId: f.partA, locationId: f.locationA, quantity: 1 }),
  },
  'PUT /api/repairs/devices/:id/refurbishment': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/repairs/devices/${f.deviceA}/refurbishment`, { osInstalled: 'Debian' }),
  },
  'POST /api/repairs/devices/:id/erasures': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/devices/${f.deviceA}/erasures`, goodErasure()) },
  'GET /api/repairs/devices/:id/erasures': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/devices/${f.deviceA}/erasures`) },
  'GET /api/repairs/devices/:id/erasure-certificate.pdf': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/repairs/devices/${f.deviceA}/erasure-certificate.pdf`),
  },
  'POST /api/repairs/devices/:id/release': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/repairs/devices/${f.deviceA}/release`, { mode: 'donation', priceCents: 0 }),
  },
  'PUT /api/repairs/settings': { kind: 'site', makers: false, req: (f) => q('/api/repairs/settings', { siteId: f.siteA, country: 'FRA' }) },
  'POST /api/repairs/events': { kind: 'site', makers: false, req: (f) => q('/api/repairs/events', { siteId: f.siteA, name: 'Intrus', date: day }) },
  'GET /api/repairs/events': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/events?siteId=${f.siteA}`) },
  'GET /api/repairs/events/:id': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/events/${f.eventA}`) },
  'GET /api/repairs/export/ords.csv': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/export/ords.csv?siteId=${f.siteA}`) },
  'GET /api/repairs/impact': { kind: 'public', why: 'aggregate impact figures published for funders and the public' },
  'GET /repairs/refurbished': { kind: 'own', makers: false, req: () => q('/repairs/refurbished') },
  'GET /repairs/events': { kind: 'own', makers: false, req: () => q('/repairs/events') },
  'GET /repairs/events/:id': { kind: 'site', makers: false, req: (f) => q(`/repairs/events/${f.eventA}`) },
  'GET /repairs': { kind: 'own', makers: false, req: () => q('/repairs') },
  'GET /repairs/impact': { kind: 'public', why: 'the public impact page (aggregates only)' },
  'GET /repairs/device/:id': { kind: 'site', makers: false, req: (f) => q(`/repairs/device/${f.deviceA}`) },
  'GET /repairs/labels': { kind: 'site', makers: false, req: (f) => q(`/repairs/labels?devices=${f.deviceA}`) },
  'GET /repairs/:id': { kind: 'site', makers: false, req: (f) => q(`/repairs/${f.ticketA}`) },
  'GET /repairs/requests': { kind: 'own', makers: false, req: () => q('/repairs/requests') },
  'GET /api/repairs/requests': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/requests?siteId=${f.siteA}`) },
  'POST /api/repairs/requests/:id/reserve': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/requests/${f.requestA}/reserve`, {}) },
  'POST /api/repairs/requests/:id/release': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/requests/${f.requestA}/release`, {}) },
  'POST /api/repairs/requests/:id/cancel': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/requests/${f.requestA}/cancel`) },
  'PUT /api/repairs/devices/:id/listing': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/repairs/devices/${f.catalogueDeviceA}/listing`, { listed: true }),
  },
  'GET /api/repairs/releases/:id/receipt.pdf': { kind: 'site', makers: false, req: (f) => q(`/api/repairs/releases/${f.releaseA}/receipt.pdf`) },
  'GET /api/catalogue/:slug': {
    kind: 'public',
    why: "a site's published catalogue of refurbished devices (people on low incomes ask without an account): no serial number, donor or person",
  },
  'GET /api/catalogue/:slug/devices/:id': { kind: 'public', why: 'one device of a published catalogue, the same facts as the list' },
  'GET /api/catalogue/photos/:id': { kind: 'public', why: 'the photo of a device while it is in a published catalogue (404 otherwise)' },
  'POST /api/catalogue/:slug/requests': {
    kind: 'public',
    why: 'the public request form: situations ticked (yes), a name and a phone or e-mail; anonymous rate limit',
  },
  'GET /catalogue/:slug': { kind: 'public', why: 'the public catalogue page of a site that published it' },
  'GET /catalogue/:slug/:deviceId': { kind: 'public', why: 'a device of the public catalogue and its request form' },

  'GET /': { kind: 'public', why: "the home page redirects to the login or the viewer's home" },
  'GET /me': { kind: 'self', makers: true, req: () => q('/me') },
  'POST /me/jobs/:id/cancel': {
    kind: 'site',
    makers: true,
    noOwnControl: "only the job's owner may: A's manager gets the same 404 as B's",
    req: (f) => q(`/me/jobs/${f.jobA}/cancel`),
  },
  'GET /bench': { kind: 'own', makers: false, req: () => q('/bench') },
  'GET /today': { kind: 'site', makers: false, req: (f) => q(`/today?siteId=${f.siteA}`) },
  'GET /login': { kind: 'public', why: 'the login page' },
  'POST /login': { kind: 'public', why: 'logging in' },
  'POST /logout': { kind: 'self', makers: true },
  'GET /machines': { kind: 'site', makers: true, req: (f) => q(`/machines?siteId=${f.siteA}`) },
  'GET /people': { kind: 'site', makers: false, req: (f) => q(`/people?siteId=${f.siteA}`) },
  'GET /people/:id': { kind: 'site', makers: false, req: (f) => q(`/people/${f.otherA}`) },
  'GET /badges': { kind: 'own', makers: false, req: () => q('/badges') },
  'GET /trainings': { kind: 'site', makers: true, req: (f) => q(`/trainings?siteId=${f.siteA}`) },
  'GET /admin/machines': { kind: 'site', makers: false, req: (f) => q(`/admin/machines?siteId=${f.siteA}`) },
  'GET /dashboard': { kind: 'site', makers: false, req: (f) => q(`/dashboard?siteId=${f.siteA}`) },

  'GET /api/skills/frameworks': { kind: 'site', makers: true, req: (f) => q(`/api/skills/frameworks?siteId=${f.siteA}`) },
  'POST /api/skills/custom-skills': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/skills/custom-skills', { siteId: f.siteA, code: 'x1', name: 'Intrus', levels: [{ level: 1, label: 'Un' }] }),
  },
  'GET /api/skills/rules': { kind: 'site', makers: false, req: (f) => q(`/api/skills/rules?siteId=${f.siteA}`) },
  'POST /api/skills/rules': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/skills/rules?siteId=${f.siteA}`, { skillId: f.skillA, level: 1, source: 'training', trainingId: f.trainingA }),
  },
  'POST /api/skills/evidence': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/skills/evidence', { personId: f.personA, skillId: f.skillA, level: 1, date: day, source: 'assessment' }),
  },
  'GET /api/skills/people/:id/evidence': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/evidence`) },
  'POST /api/skills/people/:id/apply-rules': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.personA}/apply-rules`) },
  'GET /api/skills/certifications': { kind: 'site', makers: true, req: (f) => q(`/api/skills/certifications?siteId=${f.siteA}`) },
  'POST /api/skills/certifications': {
    kind: 'site',
    makers: false,
    req: (f) => q('/api/skills/certifications', { siteId: f.siteA, name: 'Intrus', requirements: [] }),
  },
  'GET /api/skills/people/:id/progress': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/progress`) },
  'GET /api/skills/people/:id/profile': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/profile`) },
  'PUT /api/skills/people/:id/profile': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/profile`, { need: 'job_search' }) },
  'GET /api/skills/needs/:need/path': { kind: 'site', makers: true, req: (f) => q(`/api/skills/needs/job_search/path?siteId=${f.siteA}`) },
  'POST /api/skills/people/:id/assessment': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/skills/people/${f.personA}/assessment`, { levels: [{ skillId: f.skillA, level: 1 }] }),
  },
  'POST /api/skills/people/:id/plans': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/skills/people/${f.personA}/plans`, { certificationId: f.certificationA, hoursPerWeek: 2, startsOn: day }),
  },
  'GET /api/skills/people/:id/plans': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/plans`) },
  'POST /api/skills/plans/:id/confirm': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/skills/plans/${f.planA}/confirm`, { by: 'employer', name: 'Intrus' }),
  },
  'POST /api/skills/people/:id/credentials': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/skills/people/${f.personA}/credentials`, { kind: 'skill', refId: f.skillA, level: 1 }),
  },
  'POST /api/skills/credentials/:id/revoke': { kind: 'site', makers: false, req: (f) => q(`/api/skills/credentials/${f.credentialA}/revoke`) },
  'GET /api/skills/people/:id/credentials': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/credentials`) },
  'GET /api/skills/people/:id/path.json': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/path.json`) },
  'GET /api/skills/people/:id/path.pdf': { kind: 'site', makers: false, req: (f) => q(`/api/skills/people/${f.otherA}/path.pdf`) },
  'GET /api/skills/reports/funders': { kind: 'site', makers: false, req: (f) => q(`/api/skills/reports/funders?siteId=${f.siteA}`) },
  'GET /api/workshops': { kind: 'site', makers: true, req: (f) => q(`/api/workshops?siteId=${f.siteA}`) },
  'POST /api/workshops': {
    kind: 'site',
    makers: false,
    req: (f) =>
      q('/api/workshops', {
        siteId: f.siteA,
        title: 'Intrus',
        theme: 'computer_basics',
        startsAt: parisAt(6, 10).toISOString(),
        durationMinutes: 60,
        capacity: 5,
      }),
  },
  'GET /api/workshops/:id': { kind: 'site', makers: true, req: (f) => q(`/api/workshops/${f.workshopA}`) },
  'POST /api/workshops/:id/enrol': { kind: 'site', makers: true, req: (f) => q(`/api/workshops/${f.workshopA}/enrol`, {}) },
  'DELETE /api/workshops/:id/enrolment': { kind: 'site', makers: true, req: (f) => q(`/api/workshops/${f.workshopA}/enrolment?personId=${f.personA}`) },
  'POST /api/workshops/:id/attendance': { kind: 'site', makers: false, req: (f) => q(`/api/workshops/${f.workshopA}/attendance`, { personIds: [f.personA] }) },
  'GET /credentials/:id.json': { kind: 'public', why: 'a signed credential: its holder hands the link to whoever must verify it' },
  'GET /credentials/:id.jwt': { kind: 'public', why: 'the VC-JWT form of a signed credential, for whoever must verify it' },
  'GET /sites/:slug/did.json': { kind: 'public', why: "the site's DID document: its public key, for verifiers" },
  'GET /sites/:slug/credentials/status/:list': { kind: 'public', why: 'a signed status list: revoked or not, by an opaque index' },
  'GET /credentials/:id': { kind: 'public', why: 'the verification page of a signed credential' },
  'GET /skills/me': { kind: 'self', makers: true, req: () => q('/skills/me') },
  'GET /skills/people/:id': { kind: 'site', makers: false, req: (f) => q(`/skills/people/${f.personA}`) },
  'GET /workshops': { kind: 'own', makers: true, req: (f) => q(`/workshops?siteId=${f.siteA}`) },

  'POST /api/mediation/activities': { kind: 'site', makers: false, req: (f) => q('/api/mediation/activities', individual({ siteId: f.siteA })) },
  'GET /api/mediation/activities': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/activities?siteId=${f.siteA}`) },
  'GET /api/mediation/activities/:id': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/activities/${f.activityA}`) },
  'PUT /api/mediation/followed/:personId': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/followed/${f.personA}`, { consent: true }) },
  'DELETE /api/mediation/followed/:personId': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/followed/${f.otherA}`) },
  'GET /api/mediation/followed/:personId/follow-up': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/followed/${f.otherA}/follow-up`) },
  'GET /api/mediation/reports': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/reports?siteId=${f.siteA}`) },
  'GET /api/mediation/exports/activities.xlsx': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/exports/activities.xlsx?siteId=${f.siteA}`) },
  'GET /api/mediation/exports/activities.csv': { kind: 'site', makers: false, req: (f) => q(`/api/mediation/exports/activities.csv?siteId=${f.siteA}`) },
  'GET /mediation': { kind: 'own', makers: false, req: () => q('/mediation') },
  'GET /mediation/new': { kind: 'own', makers: false, req: () => q('/mediation/new?type=collectif') },
  'GET /mediation/people': { kind: 'own', makers: false, req: () => q('/mediation/people') },
  'GET /mediation/people/:id': { kind: 'site', makers: false, req: (f) => q(`/mediation/people/${f.personA}`) },
  'GET /mediation/me': { kind: 'self', makers: true, req: () => q('/mediation/me') },
  'GET /mediation/reports': { kind: 'site', makers: false, req: (f) => q(`/mediation/reports?siteId=${f.siteA}`) },
  'GET /api/places.csv': { kind: 'public', why: 'open data: only the records sites chose to publish, in the national places standard' },
  'GET /api/places.json': { kind: 'public', why: 'open data: the same published records as JSON' },
  'GET /api/places/sites/:siteId': { kind: 'site', makers: false, req: (f) => q(`/api/places/sites/${f.siteA}`) },
  'PUT /api/places/sites/:siteId': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/places/sites/${f.siteA}`, { published: false, summary: 'Fiche intruse' }),
  },
  'GET /places/settings': { kind: 'site', makers: false, req: (f) => q(`/places/settings?siteId=${f.siteA}`) },
  'GET /lieux': { kind: 'public', why: 'the public map and list of the places that chose to publish' },
  'GET /vendor/leaflet/leaflet.js': { kind: 'public', why: 'the map library, served from node_modules (no data)' },
  'GET /vendor/leaflet/leaflet.css': { kind: 'public', why: 'the map library, served from node_modules (no data)' },

  'GET /api/outreach/stops': { kind: 'site', makers: false, req: (f) => q(`/api/outreach/stops?siteId=${f.siteA}`) },
  'POST /api/outreach/stops': { kind: 'site', makers: false, req: (f) => q('/api/outreach/stops', stopBody({ siteId: f.siteA })) },
  'GET /api/outreach/stops/:id': { kind: 'site', makers: false, req: (f) => q(`/api/outreach/stops/${f.stopA}`) },
  'PATCH /api/outreach/stops/:id': { kind: 'site', makers: false, req: (f) => q(`/api/outreach/stops/${f.stopA}`, { capacity: 20 }) },
  'DELETE /api/outreach/stops/:id': {
    kind: 'site',
    makers: false,
    // A's stop has a sign-up and a loan: A's own manager is answered 409 (in use), past the site check.
    req: (f) => q(`/api/outreach/stops/${f.stopA}`),
  },
  'GET /api/outreach/stops/:id/signups': { kind: 'site', makers: false, req: (f) => q(`/api/outreach/stops/${f.stopA}/signups`) },
  'DELETE /api/outreach/stops/:id/signups/:signupId': { kind: 'site', makers: false, req: (f) => q(`/api/outreach/stops/${f.stopA}/signups/${f.signupA}`) },
  'GET /api/outreach/stops/:id/loans': { kind: 'site', makers: false, req: (f) => q(`/api/outreach/stops/${f.stopA}/loans`) },
  'POST /api/outreach/stops/:id/loans': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/outreach/stops/${f.stopA}/loans`, { partId: f.partA, locationId: f.locationA, quantity: 1 }),
  },
  'POST /api/outreach/stops/:id/loans/:loanId/return': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/outreach/stops/${f.stopA}/loans/${f.loanA}/return`, { returned: 1 }),
  },
  'POST /api/outreach/stops/:id/activities': { kind: 'site', makers: false, req: (f) => q(`/api/outreach/stops/${f.stopA}/activities`, stopActivity()) },
  'GET /api/outreach/public/:siteSlug/stops': { kind: 'public', why: "the coming stops of a site, for anyone to sign up: places and hours, no one's name" },
  'POST /api/outreach/public/stops/:id/signups': {
    kind: 'public',
    why: 'anyone signs up for a stop (name and contact), up to its cap; rate-limited like every anonymous call',
  },
  'GET /outreach': { kind: 'site', makers: false, req: (f) => q(`/outreach?siteId=${f.siteA}`) },
  'GET /outreach/stops/:id': { kind: 'site', makers: false, req: (f) => q(`/outreach/stops/${f.stopA}`) },
  'GET /outreach/stops/:id/log': { kind: 'site', makers: false, req: (f) => q(`/outreach/stops/${f.stopA}/log`) },
  'GET /outreach/sw.js': { kind: 'public', why: "the offline page's service worker: static code, no data" },
  'GET /outreach/public/:siteSlug': { kind: 'public', why: "the public page of the coming stops and their sign-up forms (no one's name)" },

  'POST /api/jobs': {
    kind: 'site',
    makers: true,
    req: (f) => ({ path: '/api/jobs', multipart: { fields: { machineId: f.printerA }, file: ['file', f.gcode, 'piece.gcode'] } }),
  },
  'GET /api/jobs/mine': { kind: 'self', makers: true, req: () => q('/api/jobs/mine') },
  'GET /api/jobs/queue': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/queue?siteId=${f.siteA}`) },
  'GET /api/jobs/:id': { kind: 'site', makers: true, req: (f) => q(`/api/jobs/${f.jobA}`) },
  'GET /api/jobs/:id/thumbnail': { kind: 'site', makers: true, req: (f) => q(`/api/jobs/${f.jobA}/thumbnail`) },
  'GET /api/jobs/:id/file': { kind: 'public', why: "the bridge's download: the job's short-lived token is the key (a login is not enough: 401)" },
  'POST /api/jobs/:id/start': { kind: 'site', makers: true, req: (f) => q(`/api/jobs/${f.jobA}/start`) },
  'POST /api/jobs/:id/cancel': { kind: 'site', makers: true, req: (f) => q(`/api/jobs/${f.jobA}/cancel`) },
  'POST /api/jobs/:id/requeue': { kind: 'site', makers: true, req: (f) => q(`/api/jobs/${f.jobA}/requeue`) },
  'POST /api/jobs/:id/pause': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/pause`) },
  'POST /api/jobs/:id/resume': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/resume`) },
  'POST /api/jobs/:id/hold': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/hold`) },
  'POST /api/jobs/:id/release': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/release`) },
  'POST /api/jobs/:id/move': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/move`, { position: 1 }) },
  'GET /api/jobs/approval-rules': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/approval-rules?siteId=${f.siteA}`) },
  'PUT /api/jobs/approval-rules': { kind: 'site', makers: false, req: (f) => q('/api/jobs/approval-rules', { siteId: f.siteA, machineTypes: ['printer'] }) },
  'GET /api/jobs/approvals': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/approvals?siteId=${f.siteA}`) },
  'POST /api/jobs/:id/approve': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/approve`) },
  'POST /api/jobs/:id/refuse': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/refuse`, { message: 'Trop fin' }) },
  'POST /api/jobs/:id/request-changes': { kind: 'site', makers: false, req: (f) => q(`/api/jobs/${f.jobA}/request-changes`, { message: 'Des supports' }) },
  // The job's maker answers (a maker of A, not its owner, is refused like B's manager: 404/403).
  'POST /api/jobs/:id/answer': { kind: 'site', makers: true, req: (f) => q(`/api/jobs/${f.jobA}/answer`, { message: 'Sans supports' }) },
  'POST /api/jobs/:id/version': {
    kind: 'site',
    makers: true,
    req: (f) => ({ path: `/api/jobs/${f.jobA}/version`, multipart: { fields: {}, file: ['file', f.gcode, 'piece-v2.gcode'] } }),
  },
  'GET /jobs/approvals': { kind: 'site', makers: false, req: (f) => q(`/jobs/approvals?siteId=${f.siteA}`) },
  'POST /jobs/:id/review': { kind: 'site', makers: false, req: (f) => q(`/jobs/${f.jobA}/review`, { decision: 'approve' }) },
  'POST /jobs/:id/reply': {
    kind: 'site',
    makers: true,
    req: (f) => q(`/jobs/${f.jobA}/reply`, { message: 'Sans supports' }),
    noOwnControl: "only the job's maker answers: A's manager is refused too (403 not_owner); job-approval.e2e checks the maker",
  },
  'POST /jobs/:id/version': {
    kind: 'site',
    makers: true,
    noOwnControl: "only the job's maker sends a new version: A's manager is refused too (403 not_owner); job-approval.e2e checks the maker",
    req: (f) => ({ path: `/jobs/${f.jobA}/version`, multipart: { fields: {}, file: ['file', f.gcode, 'piece-v2.gcode'] } }),
  },
  'GET /jobs': { kind: 'self', makers: true, req: () => q('/jobs') },
  'GET /jobs/live.js': { kind: 'public', why: 'a static script' },
  'POST /jobs': { kind: 'own', makers: true }, // a type of machine of the sender's own site, never an id
  // Bulk import (src/imports): the API names its site in the form, the page imports into the manager's own.
  'POST /api/imports/:kind/check': {
    kind: 'site',
    makers: false,
    req: (f) => ({
      path: '/api/imports/people/check',
      multipart: { fields: { siteId: f.siteA }, file: ['file', Buffer.from('prenom\nIntrus\n'), 'membres.csv'] },
    }),
  },
  'POST /api/imports/:kind': {
    kind: 'site',
    makers: false,
    req: (f) => ({
      path: '/api/imports/machines',
      multipart: { fields: { siteId: f.siteA }, file: ['file', Buffer.from('nom;type\nIntruse;laser\n'), 'machines.csv'] },
    }),
  },
  'GET /imports': { kind: 'own', makers: false, req: () => q('/imports') },
  'POST /imports': {
    kind: 'own',
    makers: false,
    req: () => ({ path: '/imports', multipart: { fields: { kind: 'people', mode: 'check' }, file: ['file', Buffer.from('prenom\nIntrus\n'), 'membres.csv'] } }),
  },
  'GET /jobs/queue': { kind: 'site', makers: false, req: (f) => q(`/jobs/queue?siteId=${f.siteA}`) },
  'POST /jobs/:id/restart': { kind: 'site', makers: true, req: (f) => q(`/jobs/${f.jobA}/restart`, {}) },
  'POST /jobs/:id/:action': { kind: 'site', makers: false, req: (f) => q(`/jobs/${f.jobA}/hold`) },

  'GET /api/dashboard': { kind: 'site', makers: false, req: (f) => q(`/api/dashboard?siteId=${f.siteA}`) },
  'GET /api/dashboard/actions': { kind: 'site', makers: false, req: (f) => q(`/api/dashboard/actions?siteId=${f.siteA}`) },
  'POST /api/dashboard/machines/:id/lock': { kind: 'site', makers: false, req: (f) => q(`/api/dashboard/machines/${f.machineA}/lock`, { reason: 'intrus' }) },
  'POST /api/dashboard/machines/:id/end-session': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/dashboard/machines/${f.machineA}/end-session`, { reason: 'intrus' }),
  },
  'POST /api/dashboard/machines/:id/maintenance': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/dashboard/machines/${f.machineA}/maintenance`, { reason: 'intrus' }),
  },
  'POST /api/dashboard/machines/:id/release': {
    kind: 'site',
    makers: false,
    req: (f) => q(`/api/dashboard/machines/${f.machineA}/release`, { reason: 'intrus' }),
  },
  'POST /api/dashboard/alerts/ack': {
    kind: 'site',
    makers: false,
    noOwnControl: "site A has no alert: A's own key is as unknown as B's (same 404)",
    req: (f) => q('/api/dashboard/alerts/ack', { key: `bridge_offline:${f.bridgeA}:0` }),
  },
};

describe(`every route is checked for role and site (${process.env.TEST_DB})`, () => {
  let t: TestApp;
  let f: Fixtures;
  let managerA: string;
  let managerB: string;
  let makerA: string;
  let bridge: FakeBridge | undefined;
  const markers: string[] = [];

  function send(token: string, method: string, r: Req) {
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let call = t.http()[verb](r.path).set('Authorization', `Bearer ${token}`).redirects(0);
    if (r.multipart) {
      for (const [k, v] of Object.entries(r.multipart.fields)) call = call.field(k, v);
      return call.attach(...r.multipart.file);
    }
    return r.body ? call.send(r.body) : call;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const siteA = await createSite(t, admin);
    const siteB = await createSite(t, admin);
    managerA = (await createManager(t, admin, siteA.id)).token;
    managerB = (await createManager(t, admin, siteB.id)).token;
    const uniq = randomBytes(4).toString('hex');
    const machine = await createMachine(t, managerA, siteA.id, { name: `Laser-A-${uniq}` });
    const training = await createTraining(t, managerA, siteA.id, { name: `Formation-A-${uniq}` });
    const member = await createMember(t, managerA, siteA.id, { firstName: `Zoé${uniq}`, lastName: 'Alpha' });
    makerA = member.token;
    const other = await createPerson(t, managerA, siteA.id, { firstName: `Léa${uniq}` });
    const badge = await createBadge(t, managerA, member.person.id);
    const qualification = await recordPass(t, managerA, member.person.id, training.id, isoDaysAgo(5));
    await makeBookable(t, managerA, machine.id);
    const booking = (
      await book(t, admin, { machineId: machine.id, startsAt: parisAt(2, 10), endsAt: plusMinutes(parisAt(2, 10), 30), kind: 'maintenance' }).expect(201)
    ).body;
    const closure = (await as(t, managerA).post(`/api/bookings/sites/${siteA.id}/closures`, { startsOn: '2026-12-24', endsOn: '2026-12-26' }).expect(201)).body;
    const creds = await registerBridge(t, admin, siteA.id, [machine.slug]);
    bridge = await FakeBridge.connect(t.mqttUrl, creds.credentials, siteA.slug, creds.bridge.slug);
    await bridge.serve(machine.slug);
    const granted = await bridge.badge(machine.slug, badge.uid);
    const location = await createLocation(t, managerA, siteA.id);
    const part = await createPart(t, managerA, siteA.id, { name: `Batterie-A-${uniq}` });
    await receive(t, managerA, part.id, location.id, 5);
    const ticket = await intake(t, managerA, { siteId: siteA.id, broughtBy: `Mme A-${uniq}` });
    const eol = await intake(t, managerA, { siteId: siteA.id });
    await finish(t, managerA, eol.id, 'end_of_life');
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#c33' } })
      .jpeg()
      .toBuffer();
    const photo = (
      await t
        .http()
        .post(`/api/repairs/devices/${ticket.device.id}/photos`)
        .set('Authorization', `Bearer ${managerA}`)
        .attach('photo', jpeg, { filename: 'p.jpg', contentType: 'image/jpeg' })
        .expect(201)
    ).body;
    const event = (
      await as(t, managerA)
        .post('/api/repairs/events', { siteId: siteA.id, name: `Café-A-${uniq}`, date: day })
        .expect(201)
    ).body;
    await as(t, managerA)
      .put('/api/repairs/settings', { siteId: siteA.id, eligibilityCriteria: [{ code: 'job_seeker', label: "Demandeur d'emploi" }], catalogueOpen: true })
      .expect(200);
    const catalogueDevice = await readyDevice(t, managerA, siteA.id);
    const request = await askFor(t, managerA, siteA.slug, catalogueDevice, { name: `Demandeur-A-${uniq}` });
    const releasedDevice = await readyDevice(t, managerA, siteA.id, { list: false });
    const release = (
      await as(t, managerA)
        .post(`/api/repairs/devices/${releasedDevice}/release`, { mode: 'sale', priceCents: 4500, eligibilityCriterion: 'job_seeker' })
        .expect(201)
    ).body;
    const skill = (await skillsOf(t, managerA, siteA.id)).frameworks.flatMap((fw) => fw.skills)[0];
    await logEvidence(t, managerA, member.person.id, skill.id, 1);
    const certification = await createCertification(t, managerA, siteA.id, `Certif-A-${uniq}`, [{ skillId: skill.id, level: 2 }]);
    const plan = (
      await as(t, managerA)
        .post(`/api/skills/people/${member.person.id}/plans`, { certificationId: certification.id, hoursPerWeek: 2, startsOn: day })
        .expect(201)
    ).body;
    const credential = (
      await as(t, managerA).post(`/api/skills/people/${member.person.id}/credentials`, { kind: 'skill', refId: skill.id, level: 1 }).expect(201)
    ).body;
    const monitor = (
      await as(t, admin)
        .post('/api/monitors', { siteId: siteA.id, slug: `ecran-${uniq}` })
        .expect(201)
    ).body;
    await as(t, managerA)
      .post('/api/charges/prices', { siteId: siteA.id, label: 'PLA', consumable: 'pla', unit: 'gram', unitCents: 10, vatBasisPoints: 2000 })
      .expect(201);
    await as(t, managerA).post('/api/charges/consumables', { personId: member.person.id, consumable: 'pla', quantity: 100 }).expect(201);
    const statementA = `${siteA.id}/${dayOf(new Date(), 'Europe/Paris').slice(0, 7)}/${member.person.id}`;
    const paymentA = (await as(t, managerA).post('/api/payments/desk', { kind: 'statement', ref: statementA, method: 'cash', amountEuros: '1,00' }).expect(201))
      .body;
    const workshop = await createWorkshop(t, managerA, siteA.id, { title: `Atelier-A-${uniq}` });
    const activity = (
      await as(t, managerA)
        .post('/api/mediation/activities', individual({ notes: `Médiation-A-${uniq}` }))
        .expect(201)
    ).body;
    const stop = await createStop(t, managerA, { placeName: `Arrêt-A-${uniq}` });
    const signup = (
      await t
        .http()
        .post(`/api/outreach/public/stops/${stop.id}/signups`)
        .send({ name: `Inscrite-A-${uniq}`, phone: '0611223344' })
        .expect(201)
    ).body;
    const loan = (await as(t, managerA).post(`/api/outreach/stops/${stop.id}/loans`, { partId: part.id, locationId: location.id, quantity: 2 }).expect(201))
      .body;
    const printer = await createMachine(t, managerA, siteA.id, { type: 'printer', name: `Imprimante-A-${uniq}` });
    const gcode = Buffer.from(await sampleGcode('prusaslicer'));
    const job = (await uploadJob(t, member.token, gcode, { machineId: printer.id }).expect(201)).body;
    const membershipPlan = (
      await as(t, managerA)
        .post('/api/memberships/plans', { name: `Adhésion-A-${uniq}`, period: 'calendar_year', priceEuros: '20', forCompany: true })
        .expect(201)
    ).body;
    const membership = (
      await as(t, managerA)
        .post('/api/memberships', { planId: membershipPlan.id, personId: other.id, companyName: `Société-A-${uniq}` })
        .expect(201)
    ).body;
    const packOffer = (
      await as(t, managerA)
        .post('/api/packs/offers', { name: `Pack-A-${uniq}`, machineId: machine.id, hours: '10', priceEuros: '90', validityDays: 365 })
        .expect(201)
    ).body;
    const station = await createMachine(t, managerA, siteA.id, { type: 'public_computer', name: `Poste-A-${uniq}` });
    const queueEntry = (await as(t, managerA).post('/api/stations/queue', { personId: member.person.id }).expect(201)).body;
    f = {
      stationA: station.id,
      queueEntryA: queueEntry.id,
      siteA: siteA.id,
      personA: member.person.id,
      otherA: other.id,
      badgeA: badge.id,
      machineA: machine.id,
      printerA: printer.id,
      trainingA: training.id,
      qualificationA: qualification.id,
      sessionA: granted.sessionId,
      closureA: closure.id,
      bookingA: booking.id,
      bridgeA: creds.bridge.id,
      partA: part.id,
      locationA: location.id,
      ticketA: ticket.id,
      deviceA: ticket.device.id,
      eolDeviceA: eol.device.id,
      photoA: photo.id,
      eventA: event.id,
      requestA: request.id,
      releaseA: release.id,
      catalogueDeviceA: catalogueDevice,
      workshopA: workshop.id,
      certificationA: certification.id,
      planA: plan.id,
      credentialA: credential.id,
      jobA: job.id,
      skillA: skill.id,
      monitorA: monitor.monitor.id,
      membershipPlanA: membershipPlan.id,
      membershipA: membership.id,
      packOfferA: packOffer.id,
      statementA,
      paymentA: paymentA.id,
      invoiceA: paymentA.invoiceId,
      activityA: activity.id,
      stopA: stop.id,
      signupA: signup.id,
      loanA: loan.id,
      gcode,
      jpeg,
    };
    markers.push(uniq, siteA.id, siteA.slug, machine.id, member.person.id, badge.uid);
  }, 180_000);

  afterAll(async () => {
    await bridge?.end();
    await t?.close();
  });

  it('has a line for every route the app serves, and none for a route that is gone', () => {
    const stack = (t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } }).router
      .stack;
    const served = stack.filter((l) => l.route).flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`));
    expect(served.filter((r) => !(r in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((r) => !served.includes(r))).toEqual([]);
  });

  /** Why B's manager's answer is wrong, or null when it is right. */
  function wrongForManagerB(e: Entry, req: Req, res: { status: number; headers: Record<string, string>; text?: string; body?: unknown }): string | null {
    if (e.kind === 'site') {
      const refused = e.refused ? e.refused(res) : res.status === 403 || res.status === 404;
      return refused ? null : `${res.status} ${res.headers.location ?? ''}`;
    }
    if (e.kind === 'admin') return res.status === 403 ? null : `${res.status} (admin only)`;
    // What the caller sent may be echoed back (the page's own links): only the rest counts.
    const text = typeof res.text === 'string' ? res.text : JSON.stringify(res.body ?? '');
    return res.status < 400 && markers.some((m) => text.includes(m) && !req.path.includes(m)) ? "shows site A's data" : null;
  }

  it("refuses another site's manager on every route that names site A, and shows them nothing of A elsewhere", async () => {
    const failures: string[] = [];
    for (const [route, e] of Object.entries(TABLE)) {
      if (e.kind === 'public' || !('req' in e) || !e.req) continue;
      const [method] = route.split(' ');
      for (const req of [e.req(f)].flat()) {
        const wrong = wrongForManagerB(e, req, (await send(managerB, method, req)) as never);
        if (wrong) failures.push(`${route} ${req.path} → ${wrong}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses a maker on every route for staff', async () => {
    const failures: string[] = [];
    for (const [route, e] of Object.entries(TABLE)) {
      if (e.kind === 'public' || !('req' in e) || !e.req || (e.kind !== 'admin' && e.makers)) continue;
      const [method] = route.split(' ');
      for (const req of [e.req(f)].flat()) {
        const res = await send(makerA, method, req);
        if (res.status !== 403 && res.status !== 404) failures.push(`${route} ${req.path} → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  // Last, as it changes site A: A's own manager gets past the site check on every site-scoped
  // route (served, redirected on, or a state conflict), so the refusals above are about the site.
  it("serves A's own manager on every site-scoped route", async () => {
    const failures: string[] = [];
    const routes = Object.entries(TABLE).sort(([a], [b]) => Number(!a.startsWith('GET ')) - Number(!b.startsWith('GET ')));
    for (const [route, e] of routes) {
      if (e.kind !== 'site' || e.noOwnControl) continue;
      const [method] = route.split(' ');
      for (const req of [e.req(f)].flat()) {
        const res = await send(managerA, method, req);
        const code = (res.body as { code?: string } | undefined)?.code;
        const refused = e.refused ? e.refused(res as never) : (res.status === 403 || res.status === 404) && (!code || SITE_REFUSALS.includes(code));
        if (refused || res.status >= 500) failures.push(`${route} ${req.path} → ${res.status} ${res.headers.location ?? ''}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
