import { MACHINE_TYPES } from '../../machines/machine-types';
import type { FrameworkKind } from '../entities/skill-framework.entity';
import type { SkillLevel } from '../entities/skill.entity';
import { PIX_COMPETENCES, PIX_LEVELS, pixDomainOf } from './pix';

export interface SkillSeed {
  code: string;
  name: string;
  nameEn: string;
  area: string;
  levels: SkillLevel[];
  hoursPerLevel: number;
}

export const MACHINE_LEVELS: SkillLevel[] = [
  { level: 1, label: 'Sous supervision', labelEn: 'Supervised' },
  { level: 2, label: 'Autonome', labelEn: 'Autonomous' },
  { level: 3, label: "Peut former d'autres personnes", labelEn: 'Can train others' },
];

const MACHINE_NAMES: Record<string, [string, string]> = {
  laser: ['Découpeuse laser', 'Laser cutter'],
  printer: ['Imprimante 3D', '3D printer'],
  cnc: ['Fraiseuse numérique', 'CNC mill'],
  other: ['Autre machine', 'Other machine'],
};

/** The frameworks every site starts with (version 1). Custom starts empty. */
export const SEED_FRAMEWORKS: Record<FrameworkKind, { name: string; skills: SkillSeed[] }> = {
  machines: {
    name: 'Machines',
    // A public computer is no machine skill (free access needs no training; Pix covers digital skills).
    skills: MACHINE_TYPES.filter((t) => t !== 'public_computer').map((t) => ({
      code: `machine:${t}`,
      name: MACHINE_NAMES[t][0],
      nameEn: MACHINE_NAMES[t][1],
      area: t,
      levels: MACHINE_LEVELS,
      hoursPerLevel: 3,
    })),
  },
  pix: {
    name: 'Pix — compétences numériques',
    skills: PIX_COMPETENCES.map((c) => {
      const d = pixDomainOf(c.code);
      return { code: c.code, name: c.name, nameEn: c.nameEn, area: `${d.code} ${d.name}`, levels: PIX_LEVELS, hoursPerLevel: 4 };
    }),
  },
  custom: { name: 'Compétences du lieu', skills: [] },
};
