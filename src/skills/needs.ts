import type { Need } from './entities/learner-profile.entity';

/**
 * Entry by need, not by status: what a person came for → the workshop themes and the skills
 * (with a first level to aim for) that usually get them there.
 */
export const NEED_PATHS: Record<Need, { fr: string; en: string; themes: string[]; skills: { code: string; level: number }[] }> = {
  admin_procedures: {
    fr: 'Faire mes démarches administratives en ligne',
    en: 'Do my administrative procedures online',
    themes: ['admin_procedures', 'email', 'security'],
    skills: [
      { code: '1.1', level: 2 },
      { code: '2.1', level: 2 },
      { code: '4.2', level: 2 },
      { code: '1.2', level: 1 },
    ],
  },
  job_search: {
    fr: 'Chercher un emploi',
    en: 'Look for a job',
    themes: ['job_search', 'office', 'email'],
    skills: [
      { code: '1.1', level: 2 },
      { code: '2.1', level: 2 },
      { code: '3.1', level: 2 },
      { code: '2.4', level: 2 },
    ],
  },
  computer_basics: {
    fr: "Apprendre l'ordinateur et les e-mails",
    en: 'Learn computer and e-mail basics',
    themes: ['computer_basics', 'email'],
    skills: [
      { code: '5.2', level: 1 },
      { code: '2.1', level: 1 },
      { code: '1.1', level: 1 },
      { code: '4.1', level: 1 },
    ],
  },
  leisure: {
    fr: 'Loisirs et création',
    en: 'Leisure and making',
    themes: ['making', 'multimedia'],
    skills: [
      { code: '3.2', level: 2 },
      { code: 'machine:printer', level: 1 },
      { code: 'machine:laser', level: 1 },
    ],
  },
  professional_upskilling: {
    fr: 'Monter en compétences pour mon travail',
    en: 'Professional upskilling',
    themes: ['office', 'making', 'programming'],
    skills: [
      { code: '1.3', level: 3 },
      { code: '3.1', level: 3 },
      { code: '2.3', level: 3 },
      { code: 'machine:laser', level: 2 },
    ],
  },
};

/** The workshop themes the paths above point to, as a mediator picks them (the API keeps the codes). */
export const THEME_WORDS: Record<string, { fr: string; en: string }> = {
  computer_basics: { fr: 'Premiers pas sur l’ordinateur', en: 'Computer basics' },
  email: { fr: 'E-mails', en: 'E-mail' },
  admin_procedures: { fr: 'Démarches administratives en ligne', en: 'Online administrative procedures' },
  security: { fr: 'Sécurité en ligne', en: 'Online safety' },
  job_search: { fr: 'Recherche d’emploi', en: 'Job search' },
  office: { fr: 'Bureautique', en: 'Office software' },
  making: { fr: 'Fabrication', en: 'Making' },
  multimedia: { fr: 'Photo, vidéo et son', en: 'Photo, video and sound' },
  programming: { fr: 'Programmation', en: 'Programming' },
};
