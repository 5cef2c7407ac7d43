import type { Lang } from '../web/i18n';
import {
  ACTIVITY_TYPE_LABELS,
  AGE_BAND_LABELS,
  AUTONOMY_LABELS,
  EQUIPMENT_LABELS,
  GENDER_LABELS,
  PLACE_TYPE_LABELS,
  REDIRECTION_LABELS,
  SOCIAL_STATUS_LABELS,
  TOPIC_LABELS,
  WORKSHOP_LEVEL_LABELS,
} from './national';

/**
 * Words for the national codes on pages: French, the national label itself; English, our own
 * translation (exports always keep the national French labels).
 */
const FR = {
  type: ACTIVITY_TYPE_LABELS,
  place: PLACE_TYPE_LABELS,
  equipment: EQUIPMENT_LABELS,
  topic: TOPIC_LABELS,
  autonomy: AUTONOMY_LABELS,
  level: WORKSHOP_LEVEL_LABELS,
  redirection: REDIRECTION_LABELS,
  gender: GENDER_LABELS,
  ageBand: AGE_BAND_LABELS,
  status: SOCIAL_STATUS_LABELS,
} as const;
export type WordKind = keyof typeof FR;

const EN: { [K in WordKind]: Record<keyof (typeof FR)[K], string> } = {
  type: { individuel: 'Individual accompaniment', collectif: 'Group workshop' },
  place: { lieu_activite: 'On site', domicile: 'At home', a_distance: 'Remote', autre: 'Another place' },
  equipment: { ordinateur: 'Computer', telephone: 'Phone', tablette: 'Tablet', autre: 'Other', aucun: 'No equipment' },
  topic: {
    diagnostic_numerique: 'Digital skills check',
    prendre_en_main_du_materiel: 'Getting to grips with a device',
    maintenance_de_materiel: 'Device maintenance',
    gere_ses_contenus_numeriques: 'Managing digital content',
    navigation_sur_internet: 'Browsing the internet',
    email: 'E-mail',
    bureautique: 'Office software',
    reseaux_sociaux: 'Social networks, communication',
    sante: 'Health',
    banque_et_achats_en_ligne: 'Online banking and shopping',
    entrepreneuriat: 'Helping a professional',
    insertion_professionnelle: 'Finding work',
    securite_numerique: 'Staying safe online',
    parentalite: 'Parenting',
    scolarite_et_numerique: 'School and digital',
    creer_avec_le_numerique: 'Creating with digital tools',
    culture_numerique: 'Digital culture',
    intelligence_artificielle: 'Artificial intelligence (AI)',
    aide_aux_demarches_administratives: 'Help with administrative procedures',
    papiers_elections_citoyennete: 'Papers - Elections - Citizenship',
    famille_scolarite: 'Family - School',
    social_sante: 'Social - Health',
    travail_formation: 'Work - Training - Business',
    logement: 'Housing',
    transports_mobilite: 'Transport - Mobility',
    argent_impots: 'Money - Taxes',
    justice: 'Justice',
    etrangers_europe: 'Foreigners - Europe',
    loisirs_sports_culture: 'Leisure - Sports - Culture',
    associations: 'Associations',
  },
  autonomy: { entierement_accompagne: 'Guided', partiellement_autonome: 'Autonomous, guided when needed', autonome: 'Autonomous' },
  level: { debutant: 'Beginner', intermediaire: 'Intermediate', avance: 'Advanced' },
  redirection: {
    administration: 'Public administration (town hall, prefecture…)',
    mediation_numerique: 'Another digital mediation place',
    operateur_ou_organisme_en_charge: 'The body in charge of the procedure',
    aide_sociale: 'Social support (social centre…)',
    insertion_professionnelle: 'Employment support (France Travail, mission locale…)',
    aide_aux_demarches_administratives: 'Administrative help (France Services…)',
    autre: 'Other',
  },
  gender: { masculin: 'Male', feminin: 'Female', non_communique: 'Not given' },
  ageBand: {
    moins_de_douze: 'Under 12',
    douze_dix_huit: '12 - 17',
    dix_huit_vingt_quatre: '18 - 24',
    vingt_cinq_trente_neuf: '25 - 39',
    quarante_cinquante_neuf: '40 - 59',
    soixante_soixante_neuf: '60 - 69',
    soixante_dix_plus: '70 and over',
    non_communique: 'Not given',
  },
  status: { scolarise: 'In school', sans_emploi: 'Unemployed', en_emploi: 'Employed', retraite: 'Retired', non_communique: 'Not given or mixed' },
};

/** The words of a national code in the page's language. */
export function nationalWord(kind: WordKind, code: string, lang: Lang): string {
  const table = (lang === 'en' ? EN[kind] : FR[kind]) as Record<string, string>;
  return table[code] ?? code;
}
