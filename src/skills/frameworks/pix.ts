import type { SkillLevel } from '../entities/skill.entity';

/** Pix, the French digital competence framework: 5 domains, 16 competences, levels 1–8. */
export const PIX_DOMAINS = [
  { code: '1', name: 'Information et données', nameEn: 'Information and data' },
  { code: '2', name: 'Communication et collaboration', nameEn: 'Communication and collaboration' },
  { code: '3', name: 'Création de contenu', nameEn: 'Content creation' },
  { code: '4', name: 'Protection et sécurité', nameEn: 'Protection and security' },
  { code: '5', name: 'Environnement numérique', nameEn: 'Digital environment' },
] as const;

export const PIX_COMPETENCES = [
  { code: '1.1', name: "Mener une recherche et une veille d'information", nameEn: 'Search and monitor information' },
  { code: '1.2', name: 'Gérer des données', nameEn: 'Manage data' },
  { code: '1.3', name: 'Traiter des données', nameEn: 'Process data' },
  { code: '2.1', name: 'Interagir', nameEn: 'Interact' },
  { code: '2.2', name: 'Partager et publier', nameEn: 'Share and publish' },
  { code: '2.3', name: 'Collaborer', nameEn: 'Collaborate' },
  { code: '2.4', name: "S'insérer dans le monde numérique", nameEn: 'Find a place in the digital world' },
  { code: '3.1', name: 'Développer des documents textuels', nameEn: 'Develop text documents' },
  { code: '3.2', name: 'Développer des documents multimédia', nameEn: 'Develop multimedia documents' },
  { code: '3.3', name: 'Adapter les documents à leur finalité', nameEn: 'Adapt documents to their purpose' },
  { code: '3.4', name: 'Programmer', nameEn: 'Program' },
  { code: '4.1', name: "Sécuriser l'environnement numérique", nameEn: 'Secure the digital environment' },
  { code: '4.2', name: 'Protéger les données personnelles et la vie privée', nameEn: 'Protect personal data and privacy' },
  { code: '4.3', name: "Protéger la santé, le bien-être et l'environnement", nameEn: 'Protect health, well-being and the environment' },
  { code: '5.1', name: 'Résoudre des problèmes techniques', nameEn: 'Solve technical problems' },
  { code: '5.2', name: 'Construire un environnement numérique', nameEn: 'Build a digital environment' },
] as const;

/** Certification bands (Pix v3): level → band. */
export const PIX_BANDS = [
  { band: 'pre_beginner', fr: 'Pré-débutant', en: 'Pre-beginner', levels: [0] },
  { band: 'beginner', fr: 'Débutant', en: 'Beginner', levels: [1, 2] },
  { band: 'independent', fr: 'Indépendant', en: 'Independent', levels: [3, 4] },
  { band: 'advanced', fr: 'Avancé', en: 'Advanced', levels: [5, 6] },
  { band: 'expert', fr: 'Expert', en: 'Expert', levels: [7, 8] },
] as const;

/** 8 Pix points per level. */
export const PIX_POINTS_PER_LEVEL = 8;

export function pixBand(level: number) {
  return PIX_BANDS.find((b) => (b.levels as readonly number[]).includes(level)) ?? PIX_BANDS[0];
}

export const PIX_LEVELS: SkillLevel[] = Array.from({ length: 8 }, (_, i) => {
  const b = pixBand(i + 1);
  return { level: i + 1, label: `Niveau ${i + 1} (${b.fr})`, labelEn: `Level ${i + 1} (${b.en})` };
});

export const pixDomainOf = (code: string) => PIX_DOMAINS.find((d) => code.startsWith(d.code + '.'))!;
