/**
 * The national places standard: « Schéma de données des lieux de médiation numérique » v1.0.2
 * (Table Schema `standard-mediation-num`, github.com/LaMednum/standard-mediation-num, schema.json
 * last changed in commit 13b05e2, repository read at e347ff40a0072ed2e0caf7f04384dfd2c84dbaff; the
 * typology codes from npm `@gouvfr-anct/lieux-de-mediation-numerique`, src/models/typologie/typologie.ts
 * at 1e844c7577c1b472b3cffccbf38d478a53a4a720). Notes: /work/shared/design/MEDIATION-REFERENCE.md §2.
 *
 * The one list of the allowed values: the settings DTO, the settings page, the CSV/JSON writer and
 * the tests read them here. Every string is the interchange value itself: never reword one (the
 * national map compares them character for character, accents and apostrophes included).
 */

export const PLACES_STANDARD = { name: 'standard-mediation-num', version: '1.0.2' } as const;

/** The 32 columns, in the order of the CSV (the header is exactly this line). */
export const PLACE_COLUMNS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;
export type PlaceColumn = (typeof PLACE_COLUMNS)[number];

/** Required in v1.0.2 (`services` is not since 9467e60, but the national map's tools want one: the settings require it to publish). */
export const REQUIRED_COLUMNS: readonly PlaceColumn[] = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'];

/** Columns holding several values, joined with `|` (the schema's separator since 064c02c). */
export const MULTI_VALUE_COLUMNS: readonly PlaceColumn[] = [
  'typologie',
  'courriels',
  'site_web',
  'itinerance',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
];
export const MULTI_VALUE_SEPARATOR = '|';

export const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
] as const;

export const PUBLICS = ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'] as const;

export const SPECIFIC_SUPPORT = [
  'Surdité',
  'Handicaps moteurs',
  'Handicaps mentaux',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Déficience visuelle',
] as const;

export const FEES = ['Gratuit', 'Gratuit sous condition', 'Payant'] as const;

export const ROAMING = ['Itinérant', 'Fixe'] as const;

/** `dispositif_programmes_nationaux`: the national labels and programmes. */
export const NATIONAL_PROGRAMMES = [
  'Aidants Connect',
  'Bibliothèques numérique de référence',
  'Certification PIX',
  'Conseillers numériques',
  'Emmaüs Connect',
  'France Services',
  'Grande école du numérique',
  'La Croix Rouge',
  "Point d'accès numérique CAF",
  'Promeneurs du net',
  'Relais numérique (Emmaüs Connect)',
] as const;

/**
 * `formations_labels`. « Étapes numériques (La Poste) » is written with the space its description
 * and the national library use (the schema's regular expression lacks it: §2.5 of the notes).
 */
export const TRAINING_LABELS = [
  'Formé à « Mon Espace Santé »',
  'Formé à « DUPLEX » (illettrisme)',
  'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
  'Collectif ressources et acteurs réemploi (Normandie)',
  'Étapes numériques (La Poste)',
  'Fabriques de Territoire',
  'Les Éclaireurs du numérique (Drôme)',
  'Mes Papiers (Métropole de Lyon)',
  'ORDI 3.0',
  'SUD LABS (PACA)',
] as const;

/** `modalites_acces`, with the ASCII apostrophe of the schema and the library (not the Coop's typographic one). */
export const ACCESS_MODES = [
  'Se présenter',
  'Téléphoner',
  'Contacter par mail',
  'Prendre un RDV en ligne',
  "Ce lieu n'accueille pas de public",
  'Envoyer un mail avec une fiche de prescription',
] as const;

export const SUPPORT_MODES = ['En autonomie', 'Accompagnement individuel', 'Dans un atelier collectif', 'À distance'] as const;

/** `typologie`: the 93 data·inclusion structure codes (`Autre` is not upper-case). */
export const TYPOLOGIES = [
  'ACI',
  'ACIPHC',
  'AFPA',
  'AI',
  'ASE',
  'ASSO',
  'ASSO_CHOMEUR',
  'Autre',
  'AVIP',
  'BIB',
  'CAARUD',
  'CADA',
  'CAF',
  'CAP_EMPLOI',
  'CAVA',
  'CC',
  'CCAS',
  'CCONS',
  'CD',
  'CDAS',
  'CFP',
  'CHRS',
  'CHU',
  'CIAS',
  'CIDFF',
  'CITMET',
  'CMP',
  'CMS',
  'CPAM',
  'CPH',
  'CS',
  'CSAPA',
  'CSC',
  'DEETS',
  'DEPT',
  'DIPLP',
  'E2C',
  'EA',
  'EATT',
  'EI',
  'EITI',
  'ENM',
  'EPCI',
  'EPI',
  'EPIDE',
  'EPN',
  'ES',
  'ESAT',
  'ESS',
  'ETTI',
  'EVS',
  'FABLAB',
  'FABRIQUE',
  'FAIS',
  'FT',
  'GEIQ',
  'HUDA',
  'LA_POSTE',
  'MDE',
  'MDH',
  'MDEF',
  'MDPH',
  'MDS',
  'MJC',
  'ML',
  'MQ',
  'MSA',
  'MSAP',
  'MUNI',
  'OACAS',
  'ODC',
  'OF',
  'OIL',
  'OPCS',
  'PAD',
  'PENSION',
  'PI',
  'PIJ_BIJ',
  'PIMMS',
  'PJJ',
  'PLIE',
  'PREF',
  'PREVENTION',
  'REG',
  'RELAIS_LECTURE',
  'RESSOURCERIE',
  'RFS',
  'RS_FJT',
  'SCP',
  'SPIP',
  'TIERS_LIEUX',
  'UDAF',
] as const;

/**
 * The typologies a fab lab, public digital space or repair workshop is most likely to be, shown
 * first on the settings page with their meaning (the API takes every code above).
 */
export const COMMON_TYPOLOGIES: Record<string, { fr: string; en: string }> = {
  EPN: { fr: 'Espace public numérique (EPN)', en: 'Public digital space (EPN)' },
  FABLAB: { fr: 'Fab lab', en: 'Fab lab' },
  TIERS_LIEUX: { fr: 'Tiers-lieu', en: 'Third place' },
  RESSOURCERIE: { fr: 'Ressourcerie', en: 'Reuse centre (ressourcerie)' },
  FABRIQUE: { fr: 'Fabrique de territoire', en: 'Fabrique de territoire' },
  ASSO: { fr: 'Association', en: 'Association' },
  EPI: { fr: 'Espace public internet (EPI)', en: 'Public internet space (EPI)' },
  ENM: { fr: 'Espace numérique mobile', en: 'Mobile digital space' },
  BIB: { fr: 'Bibliothèque, médiathèque', en: 'Library' },
  MUNI: { fr: 'Mairie, service municipal', en: 'Town hall, municipal service' },
  RFS: { fr: 'France Services', en: 'France Services' },
  Autre: { fr: 'Autre', en: 'Other' },
};

/** Telephone: international form without spaces, one of the schema's prefixes (France, overseas). */
export const PHONE_PATTERN = /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$/;
/** INSEE commune code (Corsica 2A/2B). */
export const INSEE_PATTERN = /^([013-9]\d|2[AB1-9])\d{3}$/;
export const POSTAL_CODE_PATTERN = /^\d{5}$/;
/** `presentation_resume`: 280 characters at most. */
export const SUMMARY_MAX = 280;
