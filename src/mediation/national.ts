/**
 * The national activity report's words (« compte rendu d'activité » of La Coop de la médiation
 * numérique): codes as it stores and exchanges them, labels exactly as its export prints them
 * (/work/shared/design/MEDIATION-REFERENCE.md §1.3–1.5). Never rename a code or reword a label:
 * funders and the network compare our exports with theirs.
 */

export const ACTIVITY_TYPES = ['individuel', 'collectif'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  individuel: 'Accompagnement individuel',
  collectif: 'Atelier collectif',
};

export const PLACE_TYPES = ['lieu_activite', 'domicile', 'a_distance', 'autre'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];
export const PLACE_TYPE_LABELS: Record<PlaceType, string> = {
  lieu_activite: 'Lieu d’activité',
  domicile: 'À domicile',
  a_distance: 'À distance',
  autre: 'Autre lieu',
};
/** Places where the commune must be given (the site's own address is known, remote uses the site's). */
export const PLACES_WITH_COMMUNE: readonly PlaceType[] = ['domicile', 'autre'];

export const EQUIPMENT = ['ordinateur', 'telephone', 'tablette', 'autre', 'aucun'] as const;
export type Equipment = (typeof EQUIPMENT)[number];
export const EQUIPMENT_LABELS: Record<Equipment, string> = {
  ordinateur: 'Ordinateur',
  telephone: 'Téléphone',
  tablette: 'Tablette',
  autre: 'Autre',
  aucun: 'Pas de matériel',
};

export const GENERAL_TOPICS = [
  'diagnostic_numerique',
  'prendre_en_main_du_materiel',
  'maintenance_de_materiel',
  'gere_ses_contenus_numeriques',
  'navigation_sur_internet',
  'email',
  'bureautique',
  'reseaux_sociaux',
  'sante',
  'banque_et_achats_en_ligne',
  'entrepreneuriat',
  'insertion_professionnelle',
  'securite_numerique',
  'parentalite',
  'scolarite_et_numerique',
  'creer_avec_le_numerique',
  'culture_numerique',
  'intelligence_artificielle',
  'aide_aux_demarches_administratives',
] as const;
/** The topic under which the administrative sub-domains, the procedure's name and a mandate may be given. */
export const ADMIN_HELP = 'aide_aux_demarches_administratives';
export const ADMIN_TOPICS = [
  'papiers_elections_citoyennete',
  'famille_scolarite',
  'social_sante',
  'travail_formation',
  'logement',
  'transports_mobilite',
  'argent_impots',
  'justice',
  'etrangers_europe',
  'loisirs_sports_culture',
  'associations',
] as const;
export const TOPICS = [...GENERAL_TOPICS, ...ADMIN_TOPICS] as const;
export type Topic = (typeof TOPICS)[number];
export const TOPIC_LABELS: Record<Topic, string> = {
  diagnostic_numerique: 'Diagnostic numérique',
  prendre_en_main_du_materiel: 'Prendre en main du matériel',
  maintenance_de_materiel: 'Maintenance de matériel',
  gere_ses_contenus_numeriques: 'Gérer ses contenus numériques',
  navigation_sur_internet: 'Navigation sur internet',
  email: 'E-mail',
  bureautique: 'Bureautique',
  reseaux_sociaux: 'Réseaux sociaux communication',
  sante: 'Santé',
  banque_et_achats_en_ligne: 'Banque et achats en ligne',
  entrepreneuriat: 'Accompagner un professionnel',
  insertion_professionnelle: 'Insertion professionnelle',
  securite_numerique: 'Prévention en sécurité numérique',
  parentalite: 'Parentalité',
  scolarite_et_numerique: 'Scolarité et numérique',
  creer_avec_le_numerique: 'Créer avec le numérique',
  culture_numerique: 'Culture numérique',
  intelligence_artificielle: 'Intelligence artificielle (IA)',
  aide_aux_demarches_administratives: 'Aide aux démarches administratives',
  papiers_elections_citoyennete: 'Papiers - Élections - Citoyenneté',
  famille_scolarite: 'Famille - Scolarité',
  social_sante: 'Social - Santé',
  travail_formation: 'Travail - Formation - Entreprise',
  logement: 'Logement',
  transports_mobilite: 'Transports - Mobilité',
  argent_impots: 'Argent - Impôts',
  justice: 'Justice',
  etrangers_europe: 'Étrangers - Europe',
  loisirs_sports_culture: 'Loisirs - Sports - Culture',
  associations: 'Associations',
};
export const isAdminTopic = (t: string) => (ADMIN_TOPICS as readonly string[]).includes(t);

export const AUTONOMY = ['entierement_accompagne', 'partiellement_autonome', 'autonome'] as const;
export type Autonomy = (typeof AUTONOMY)[number];
export const AUTONOMY_LABELS: Record<Autonomy, string> = {
  entierement_accompagne: 'Avec guidage',
  partiellement_autonome: 'Autonome avec guidage en cas de besoin',
  autonome: 'Autonome',
};
/** Stars in the export (« 2/3 »). */
export const AUTONOMY_STARS: Record<Autonomy, number> = { entierement_accompagne: 1, partiellement_autonome: 2, autonome: 3 };

export const WORKSHOP_LEVELS = ['debutant', 'intermediaire', 'avance'] as const;
export type WorkshopLevel = (typeof WORKSHOP_LEVELS)[number];
export const WORKSHOP_LEVEL_LABELS: Record<WorkshopLevel, string> = { debutant: 'Débutant', intermediaire: 'Intermédiaire', avance: 'Avancé' };
export const WORKSHOP_LEVEL_STARS: Record<WorkshopLevel, number> = { debutant: 1, intermediaire: 2, avance: 3 };

export const REDIRECTIONS = [
  'administration',
  'mediation_numerique',
  'operateur_ou_organisme_en_charge',
  'aide_sociale',
  'insertion_professionnelle',
  'aide_aux_demarches_administratives',
  'autre',
] as const;
export type Redirection = (typeof REDIRECTIONS)[number];
export const REDIRECTION_LABELS: Record<Redirection, string> = {
  administration: 'Administration (mairie, préfecture…)',
  mediation_numerique: 'Autre structure de médiation numérique',
  operateur_ou_organisme_en_charge: 'Opérateur ou organisme en charge de la démarche administrative',
  aide_sociale: 'Structure d’aide sociale (maison des solidarités, centre social…)',
  insertion_professionnelle: 'Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)',
  aide_aux_demarches_administratives: 'Structure d’aide aux démarches administratives (France Services…)',
  autre: 'Autre',
};

export const GENDERS = ['masculin', 'feminin', 'non_communique'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, string> = { masculin: 'Masculin', feminin: 'Féminin', non_communique: 'Non communiqué' };

export const AGE_BANDS = [
  'moins_de_douze',
  'douze_dix_huit',
  'dix_huit_vingt_quatre',
  'vingt_cinq_trente_neuf',
  'quarante_cinquante_neuf',
  'soixante_soixante_neuf',
  'soixante_dix_plus',
  'non_communique',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  moins_de_douze: 'Moins de 12 ans',
  douze_dix_huit: '12 - 17 ans',
  dix_huit_vingt_quatre: '18 - 24 ans',
  vingt_cinq_trente_neuf: '25 - 39 ans',
  quarante_cinquante_neuf: '40 - 59 ans',
  soixante_soixante_neuf: '60 - 69 ans',
  soixante_dix_plus: '70 ans et plus',
  non_communique: 'Non communiqué',
};

export const SOCIAL_STATUSES = ['scolarise', 'sans_emploi', 'en_emploi', 'retraite', 'non_communique'] as const;
export type SocialStatus = (typeof SOCIAL_STATUSES)[number];
export const SOCIAL_STATUS_LABELS: Record<SocialStatus, string> = {
  scolarise: 'Scolarisé',
  sans_emploi: 'Sans emploi',
  en_emploi: 'En emploi',
  retraite: 'Retraité',
  non_communique: 'Non communiqué ou hétérogène',
};

/** Upper bounds of each band (age < bound), in order; 70 and more falls through. */
const AGE_BOUNDS: Array<[number, AgeBand]> = [
  [12, 'moins_de_douze'],
  [18, 'douze_dix_huit'],
  [25, 'dix_huit_vingt_quatre'],
  [40, 'vingt_cinq_trente_neuf'],
  [60, 'quarante_cinquante_neuf'],
  [70, 'soixante_soixante_neuf'],
];

/**
 * The age band is derived from the birth year, never typed (the national rule): the age reached in
 * the year of the activity, so an old activity keeps the band the person had then.
 */
export function ageBandOf(birthYear: number | null | undefined, activityYear: number): AgeBand {
  if (!birthYear) return 'non_communique';
  const age = activityYear - birthYear;
  return AGE_BOUNDS.find(([bound]) => age < bound)?.[1] ?? 'soixante_dix_plus';
}

/** The most a workshop's anonymous counters may say (the national form's own limit). */
export const MAX_ANONYMOUS = 10_000;

/**
 * The activity export's columns, in the national report's order and words, as exported by someone
 * other than the mediator (a manager, the federation): mediator columns, no beneficiary name, no notes.
 */
export const EXPORT_COLUMNS = [
  'Date',
  'Enregistré le',
  'Dernière modification le',
  'Prénom du médiateur',
  'Nom du médiateur',
  'Rôle',
  'ID - Conum',
  'Type',
  'Participants',
  'Canaux d’accompagnement',
  'Nom du lieu',
  'Adresse',
  'Commune',
  'Code postal',
  'Code Insee',
  'Durée (min)',
  'Nom de l’atelier',
  'Matériel numérique utilisé',
  'Thématique(s) d’accompagnement',
  'Tags',
  'Nom de la démarche administrative',
  'Niveau d’autonomie (ou de l’atelier)',
  'Bénéficiaire réorienté',
  'Structure de redirection',
  'Commune du bénéficiaire',
  'Code postal du bénéficiaire',
  'Code Insee du bénéficiaire',
  'Genre du bénéficiaire',
  'Tranche d’âge du bénéficiaire',
  'Statut du bénéficiaire',
  'ID CRA',
] as const;
