import { defineDictionary, Entry, Lang } from '../web/i18n';
import type { Need } from './entities/learner-profile.entity';

/**
 * Entry by need, not by status: what a person came for → the workshop themes and the skills
 * (with a first level to aim for) that usually get them there.
 */
export const NEED_PATHS: Record<Need, { themes: string[]; skills: { code: string; level: number }[] }> = {
  admin_procedures: {
    themes: ['admin_procedures', 'email', 'security'],
    skills: [
      { code: '1.1', level: 2 },
      { code: '2.1', level: 2 },
      { code: '4.2', level: 2 },
      { code: '1.2', level: 1 },
    ],
  },
  job_search: {
    themes: ['job_search', 'office', 'email'],
    skills: [
      { code: '1.1', level: 2 },
      { code: '2.1', level: 2 },
      { code: '3.1', level: 2 },
      { code: '2.4', level: 2 },
    ],
  },
  computer_basics: {
    themes: ['computer_basics', 'email'],
    skills: [
      { code: '5.2', level: 1 },
      { code: '2.1', level: 1 },
      { code: '1.1', level: 1 },
      { code: '4.1', level: 1 },
    ],
  },
  leisure: {
    themes: ['making', 'multimedia'],
    skills: [
      { code: '3.2', level: 2 },
      { code: 'machine:printer', level: 1 },
      { code: 'machine:laser', level: 1 },
    ],
  },
  professional_upskilling: {
    themes: ['office', 'making', 'programming'],
    skills: [
      { code: '1.3', level: 3 },
      { code: '3.1', level: 3 },
      { code: '2.3', level: 3 },
      { code: 'machine:laser', level: 2 },
    ],
  },
};

/** What a person came for, in words (the API keeps the codes). */
const needWords = defineDictionary({
  'need.admin_procedures': { fr: 'Faire mes démarches administratives en ligne', en: 'Do my administrative procedures online' },
  'need.job_search': { fr: 'Chercher un emploi', en: 'Look for a job' },
  'need.computer_basics': { fr: "Apprendre l'ordinateur et les e-mails", en: 'Learn computer and e-mail basics' },
  'need.leisure': { fr: 'Loisirs et création', en: 'Leisure and making' },
  'need.professional_upskilling': { fr: 'Monter en compétences pour mon travail', en: 'Professional upskilling' },
} satisfies Record<`need.${Need}`, Entry>);

export const needWord = (n: Need, lang: Lang) => needWords(`need.${n}`, lang);

export const WORKSHOP_THEMES = [
  'computer_basics',
  'email',
  'admin_procedures',
  'security',
  'job_search',
  'office',
  'making',
  'multimedia',
  'programming',
] as const;
export type WorkshopTheme = (typeof WORKSHOP_THEMES)[number];

/** The workshop themes the paths above point to, as a mediator picks them (the API keeps the codes). */
const themeWords = defineDictionary({
  'theme.computer_basics': { fr: 'Premiers pas sur l’ordinateur', en: 'Computer basics' },
  'theme.email': { fr: 'E-mails', en: 'E-mail' },
  'theme.admin_procedures': { fr: 'Démarches administratives en ligne', en: 'Online administrative procedures' },
  'theme.security': { fr: 'Sécurité en ligne', en: 'Online safety' },
  'theme.job_search': { fr: 'Recherche d’emploi', en: 'Job search' },
  'theme.office': { fr: 'Bureautique', en: 'Office software' },
  'theme.making': { fr: 'Fabrication', en: 'Making' },
  'theme.multimedia': { fr: 'Photo, vidéo et son', en: 'Photo, video and sound' },
  'theme.programming': { fr: 'Programmation', en: 'Programming' },
} satisfies Record<`theme.${WorkshopTheme}`, Entry>);

export const themeWord = (theme: WorkshopTheme, lang: Lang) => themeWords(`theme.${theme}`, lang);
