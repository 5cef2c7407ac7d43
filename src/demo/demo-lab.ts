import { INestApplication } from '@nestjs/common';
import { BookingsService } from '../bookings/bookings.service';
import { ChargesService } from '../bookings/charges.service';
import { SiteHoursService } from '../bookings/site-hours.service';
import { addDays, fromLocal, toLocal, weekdayOf } from '../bookings/time';
import { Viewer } from '../common/viewer';
import type { Machine } from '../machines/entities/machine.entity';
import { WorkshopsService } from '../skills/workshops.service';
import { TrainingSessionsService } from '../trainings/training-sessions.service';

export type PersonKey = 'amina' | 'lucas' | 'fatou' | 'jeanpierre' | 'sofia' | 'marc' | 'claire' | 'hugo' | 'youssef' | 'martine' | 'nicolas';

/** What every part of the demo seed needs: the site, who is who, the machines and trainings. */
export interface DemoLab {
  app: INestApplication;
  siteId: string;
  admin: Viewer;
  machines: Map<string, Machine>;
  trainingIds: Map<string, string>;
  people: Map<PersonKey, Viewer>;
  now: Date;
  /** The demo site's zone (APP_TIME_ZONE, else Europe/Paris). */
  zone: string;
}

export const who = (lab: DemoLab, key: PersonKey): Viewer => lab.people.get(key)!;
export const machine = (lab: DemoLab, slug: string): Machine => lab.machines.get(slug)!;

/** The lab's day `offset` days from today, moved off Sunday (closed) away from today. */
export function labDay(lab: DemoLab, offset: number): string {
  const day = addDays(toLocal(lab.now, lab.zone).date, offset);
  if (weekdayOf(day) !== 0) return day;
  return addDays(day, offset < 0 ? -1 : 1);
}

/** « 14:30 » on a lab day, as an instant. */
export function at(lab: DemoLab, day: string, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  return fromLocal(day, h * 60 + m, lab.zone);
}

/** Open Monday to Saturday, 9 h – 20 h; closed three weeks in August. */
export async function seedOpeningHoursAndPrices(lab: DemoLab): Promise<void> {
  const hours = lab.app.get(SiteHoursService);
  const weekly = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '20:00' }));
  // The simulated machines badge in at any hour (a demo is opened in the evening too): the hours
  // frame bookings only, as in a lab whose members keep keys.
  await hours.setWeekly(lab.admin, lab.siteId, { weekly, badgesAnyTime: true });
  const year = lab.now.getUTCMonth() >= 6 ? lab.now.getUTCFullYear() + 1 : lab.now.getUTCFullYear();
  await hours.addClosure(lab.admin, lab.siteId, { startsOn: `${year}-08-03`, endsOn: `${year}-08-23`, reason: 'Fermeture estivale' });
  const policies: Record<string, { slotMinutes: number; maxMinutes: number }> = {
    'laser-1': { slotMinutes: 30, maxMinutes: 120 },
    'printer-1': { slotMinutes: 60, maxMinutes: 480 },
    'printer-2': { slotMinutes: 60, maxMinutes: 480 },
    'cnc-1': { slotMinutes: 60, maxMinutes: 240 },
  };
  for (const [slug, p] of Object.entries(policies)) {
    await hours.setBookable(lab.admin, machine(lab, slug).id, { ...p, minMinutes: p.slotMinutes, horizonDays: 30, cancelNoticeMinutes: 120 });
  }

  const charges = lab.app.get(ChargesService);
  const siteId = lab.siteId;
  await charges.setCategory(lab.admin, who(lab, 'sofia').id, { category: 'entreprise', companyName: 'Benali Design SARL' });
  const prices = [
    { label: 'Découpe laser (la demi-heure)', machineId: machine(lab, 'laser-1').id, unit: 'slot' as const, slotMinutes: 30, unitCents: 600 },
    {
      label: 'Découpe laser, tarif entreprise (la demi-heure)',
      machineId: machine(lab, 'laser-1').id,
      category: 'entreprise',
      unit: 'slot' as const,
      slotMinutes: 30,
      unitCents: 1500,
    },
    { label: 'Impression 3D (l’heure machine)', machineType: 'printer', unit: 'slot' as const, slotMinutes: 60, unitCents: 200 },
    {
      label: 'Fraisage CNC (l’heure, réservation due)',
      machineId: machine(lab, 'cnc-1').id,
      unit: 'slot' as const,
      slotMinutes: 60,
      unitCents: 1200,
      bookingIsMinimum: true,
    },
    { label: 'Filament PLA (le gramme)', consumable: 'PLA', unit: 'gram' as const, unitCents: 5 },
    { label: 'Contreplaqué peuplier 3 mm (feuille 600 × 400)', consumable: 'contreplaque-3mm', unit: 'sheet' as const, unitCents: 450 },
  ];
  for (const p of prices) await charges.addPrice(lab.admin, { siteId, ...p });
  await charges.recordConsumable(lab.admin, {
    personId: who(lab, 'sofia').id,
    consumable: 'contreplaque-3mm',
    quantity: 2,
    machineId: machine(lab, 'laser-1').id,
    usedAt: at(lab, labDay(lab, -1), '15:00').toISOString(),
  });
}

/**
 * Bookings around today: some already past, some to come, and a maintenance block. A past one is
 * booked as it was, the day before (the service takes « now »), so every booking rule holds.
 */
export async function seedBookings(lab: DemoLab): Promise<void> {
  const bookings = lab.app.get(BookingsService);
  const plan: Array<{ person?: PersonKey; slug: string; day: number; from: string; to: string; note: string }> = [
    { person: 'amina', slug: 'laser-1', day: -2, from: '10:00', to: '11:00', note: 'Boîte à épices gravée' },
    { person: 'jeanpierre', slug: 'printer-1', day: -1, from: '09:00', to: '12:00', note: 'Engrenages de remplacement pour un moulin à café' },
    { person: 'sofia', slug: 'cnc-1', day: -1, from: '14:00', to: '17:00', note: 'Prototype de présentoir en chêne' },
    { person: 'amina', slug: 'printer-1', day: 1, from: '14:00', to: '16:00', note: 'Support de drone' },
    { person: 'sofia', slug: 'laser-1', day: 2, from: '10:00', to: '12:00', note: 'Stand du salon Made in Lyon' },
    { person: 'fatou', slug: 'laser-1', day: 3, from: '16:00', to: '17:00', note: 'Faire-part en papier découpé' },
    { slug: 'cnc-1', day: 4, from: '09:00', to: '12:00', note: 'Entretien : changement de la fraise et graissage' },
  ];
  for (const b of plan) {
    const day = labDay(lab, b.day);
    const startsAt = at(lab, day, b.from);
    const bookedAt = b.day < 0 ? new Date(startsAt.getTime() - 86400_000) : lab.now;
    await bookings.book(
      lab.admin,
      {
        machineId: machine(lab, b.slug).id,
        startsAt: startsAt.toISOString(),
        endsAt: at(lab, day, b.to).toISOString(),
        note: b.note,
        ...(b.person ? { personId: who(lab, b.person).id } : { kind: 'maintenance' }),
      },
      bookedAt,
    );
  }
}

/** A training session of last week, and workshops to come: one with free seats, one full. */
export async function seedLearning(lab: DemoLab): Promise<void> {
  const marc = who(lab, 'marc');
  await lab.app.get(TrainingSessionsService).record(marc, {
    trainingId: lab.trainingIds.get('printer')!,
    date: labDay(lab, -9),
    notes: 'Prise en main de la Prusa MK4 : nivellement, changement de filament, premier objet.',
    attendees: [
      { personId: who(lab, 'fatou').id, result: 'passed' },
      { personId: who(lab, 'nicolas').id, result: 'absent' },
      { personId: who(lab, 'martine').id, result: 'failed' },
    ],
  });
  const workshops = lab.app.get(WorkshopsService);
  const plan: Array<{ title: string; theme: string; trainer?: PersonKey; day: number; from: string; minutes: number; capacity: number; enrol: PersonKey[] }> = [
    {
      title: 'Initiation à la découpe laser',
      theme: 'fabrication',
      trainer: 'marc',
      day: 5,
      from: '14:00',
      minutes: 120,
      capacity: 6,
      enrol: ['amina', 'fatou', 'nicolas'],
    },
    {
      title: 'Repair Café : redonner vie au petit électroménager',
      theme: 'réparation',
      day: 8,
      from: '10:00',
      minutes: 180,
      capacity: 12,
      enrol: ['jeanpierre', 'amina'],
    },
    {
      title: 'Arduino pour débutant·es',
      theme: 'électronique',
      trainer: 'marc',
      day: 12,
      from: '18:00',
      minutes: 120,
      capacity: 3,
      enrol: ['amina', 'lucas', 'fatou', 'jeanpierre'],
    },
  ];
  for (const w of plan) {
    const row = await workshops.create(lab.siteId, {
      title: w.title,
      theme: w.theme,
      startsAt: at(lab, labDay(lab, w.day), w.from).toISOString(),
      durationMinutes: w.minutes,
      capacity: w.capacity,
      ...(w.trainer ? { trainerId: who(lab, w.trainer).id } : {}),
    });
    for (const p of w.enrol) await workshops.enrol(row.id, who(lab, p).id);
  }
}
