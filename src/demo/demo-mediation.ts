import { randomUUID } from 'node:crypto';
import { MediationService } from '../mediation/mediation.service';
import type { RecordActivityDto } from '../mediation/dto/mediation.dto';
import { PeopleService } from '../people/people.service';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { DemoLab, labDay, who } from './demo-lab';

/**
 * The public digital space's side of the demo: a mediator, two people followed with their
 * consent, and six weeks of accompaniments and workshops in the national report's codes, so the
 * log, the follow-up and the reports have something to show.
 */
export async function seedMediation(lab: DemoLab): Promise<void> {
  const mediator = await lab.app.get(PeopleService).create(lab.admin, {
    siteId: lab.siteId,
    firstName: 'Nadia',
    lastName: 'Leroy',
    role: 'mediator',
    locale: 'fr',
    email: DEMO_ACCOUNTS.mediator.email,
    password: DEMO_ACCOUNTS.mediator.password,
  });
  const mediation = lab.app.get(MediationService);
  const fatou = who(lab, 'fatou').id;
  const jeanpierre = who(lab, 'jeanpierre').id;
  await mediation.follow(lab.siteId, fatou, mediator.id, {
    consent: true,
    birthYear: 1987,
    gender: 'feminin',
    socialStatus: 'sans_emploi',
    commune: 'Brest',
    postalCode: '29200',
  });
  await mediation.follow(lab.siteId, jeanpierre, mediator.id, { consent: true, birthYear: 1952, gender: 'masculin', socialStatus: 'retraite' });
  const by = { siteId: lab.siteId, mediatorId: mediator.id };
  const base = { equipment: ['ordinateur'] as RecordActivityDto['equipment'], placeType: 'lieu_activite' as const };
  const log: Array<Omit<RecordActivityDto, 'date'> & { day: number }> = [
    { day: -40, type: 'individuel', durationMinutes: 45, topics: ['email'], personId: fatou, autonomy: 'entierement_accompagne', ...base },
    {
      day: -33,
      type: 'individuel',
      durationMinutes: 60,
      topics: ['insertion_professionnelle', 'bureautique'],
      personId: fatou,
      autonomy: 'partiellement_autonome',
      ...base,
    },
    {
      day: -30,
      type: 'individuel',
      durationMinutes: 30,
      topics: ['aide_aux_demarches_administratives', 'social_sante'],
      procedureName: 'Renouvellement de la complémentaire santé solidaire',
      mandateUsed: true,
      placeType: 'domicile',
      placeCommune: 'Brest',
      placePostalCode: '29200',
      equipment: ['tablette'],
      personId: jeanpierre,
      autonomy: 'entierement_accompagne',
    },
    {
      day: -26,
      type: 'collectif',
      durationMinutes: 120,
      topics: ['navigation_sur_internet', 'securite_numerique'],
      workshopTitle: 'Naviguer sans se faire piéger',
      workshopLevel: 'debutant',
      participantIds: [fatou],
      anonymous: { total: 6, alreadyAccompanied: 2, genders: { feminin: 4, masculin: 2 }, ageBands: { soixante_dix_plus: 2, quarante_cinquante_neuf: 3 } },
      ...base,
    },
    {
      day: -19,
      type: 'individuel',
      durationMinutes: 30,
      topics: ['prendre_en_main_du_materiel'],
      equipment: ['telephone'],
      placeType: 'lieu_activite',
      gender: 'feminin',
      birthYear: 1944,
      socialStatus: 'retraite',
    },
    {
      day: -12,
      type: 'individuel',
      durationMinutes: 45,
      topics: ['aide_aux_demarches_administratives', 'logement'],
      procedureName: 'Demande d’aide au logement',
      placeType: 'a_distance',
      equipment: ['telephone'],
      gender: 'masculin',
      birthYear: 1999,
      socialStatus: 'en_emploi',
      redirected: true,
      redirectedTo: 'aide_aux_demarches_administratives',
    },
    { day: -5, type: 'individuel', durationMinutes: 90, topics: ['bureautique'], personId: fatou, autonomy: 'autonome', ...base },
    {
      day: -2,
      type: 'collectif',
      durationMinutes: 90,
      topics: ['intelligence_artificielle', 'culture_numerique'],
      workshopTitle: 'Café IA',
      workshopLevel: 'intermediaire',
      participantIds: [jeanpierre],
      anonymous: { total: 9, alreadyAccompanied: 5, genders: { feminin: 5, masculin: 3 }, statuses: { retraite: 4, en_emploi: 2 } },
      ...base,
    },
  ];
  for (const { day, ...dto } of log) await mediation.record(by, { id: randomUUID(), date: labDay(lab, day), ...dto });
}
