import { ConflictException } from '@nestjs/common';
import type { ChecklistItem, Device, Grade } from './entities/device.entity';
import type { EraseMethod, ErasureRecord, NistLevel } from './entities/erasure.entity';
import type { DeviceCategory } from './ords';

/** What must be tested before a device may be called « reconditionné » (décret 2022-190). */
const COMPUTER = ['battery_health', 'screen', 'keyboard', 'storage_test', 'ports', 'wifi', 'os_installed'];
export const CHECKLISTS: Partial<Record<DeviceCategory, string[]>> & { default: string[] } = {
  laptop: COMPUTER,
  desktop: ['storage_test', 'memory_test', 'ports', 'network', 'os_installed'],
  phone: ['battery_health', 'screen', 'touch', 'cameras', 'charging_port', 'calls', 'os_installed'],
  tablet: ['battery_health', 'screen', 'touch', 'charging_port', 'wifi', 'os_installed'],
  default: ['power_on', 'all_functions'],
};

/** The words of each check of the refurbishment checklist, French first. */
export const CHECKLIST_WORDS: Record<string, { fr: string; en: string }> = {
  battery_health: { fr: 'Santé de la batterie', en: 'Battery health' },
  screen: { fr: 'Écran', en: 'Screen' },
  keyboard: { fr: 'Clavier', en: 'Keyboard' },
  storage_test: { fr: 'Test du stockage', en: 'Storage test' },
  ports: { fr: 'Ports', en: 'Ports' },
  wifi: { fr: 'Wi-Fi', en: 'Wi-Fi' },
  os_installed: { fr: 'Système installé (libre par défaut)', en: 'System installed (free software by default)' },
  memory_test: { fr: 'Test mémoire', en: 'Memory test' },
  network: { fr: 'Réseau', en: 'Network' },
  touch: { fr: 'Tactile', en: 'Touch screen' },
  cameras: { fr: 'Caméras', en: 'Cameras' },
  charging_port: { fr: 'Port de charge', en: 'Charging port' },
  calls: { fr: 'Appels', en: 'Calls' },
  power_on: { fr: 'Mise sous tension', en: 'Powers on' },
  all_functions: { fr: 'Toutes les fonctions', en: 'All functions' },
};

export const checklistFor = (c: DeviceCategory): ChecklistItem[] => (CHECKLISTS[c] ?? CHECKLISTS.default).map((item) => ({ item, ok: null }));

/** The workshop installs free software unless asked otherwise. */
export const DEFAULT_OS = 'Linux Mint';

type Words = { fr: string; en: string };

/** Grades as a buyer reads them (the API keeps the codes A, B, C, parts). */
export const GRADE_WORDS: Record<Grade, Words> = {
  A: { fr: 'A — comme neuf', en: 'A — like new' },
  B: { fr: 'B — traces d’usage légères', en: 'B — light signs of use' },
  C: { fr: 'C — traces d’usage visibles', en: 'C — visible signs of use' },
  parts: { fr: 'Pour pièces', en: 'For parts' },
};

/** NIST SP 800-88 levels, in the words of the French translation of the guide. */
export const NIST_LEVEL_WORDS: Record<NistLevel, Words> = {
  clear: { fr: 'Effacement simple (Clear)', en: 'Clear' },
  purge: { fr: 'Purge', en: 'Purge' },
  destroy: { fr: 'Destruction', en: 'Destroy' },
};

export const ERASE_METHOD_WORDS: Record<EraseMethod, Words> = {
  zero_fill: { fr: 'Écriture de zéros', en: 'Zero fill' },
  prng_stream: { fr: 'Écriture de données aléatoires', en: 'Random data stream' },
  secure_erase: { fr: 'Effacement sécurisé du disque (Secure Erase)', en: 'Secure Erase' },
  crypto_erase: { fr: 'Effacement cryptographique', en: 'Cryptographic erase' },
  physical_destruction: { fr: 'Destruction physique', en: 'Physical destruction' },
};

export interface ReleaseRequest {
  mode: 'sale' | 'donation';
  priceCents: number;
  eligibilityCriterion?: string | null;
}

/**
 * The rule before a refurbished device leaves the workshop: donated for refurbishment, every
 * function tested and passed, each drive erased with a verified erasure, a grade and a price,
 * and, where the site asks for it, an eligibility criterion checked.
 */
export function releaseToBeneficiary(
  device: Pick<Device, 'purpose' | 'checklist' | 'hasStorage' | 'grade' | 'releasedAt'>,
  erasures: Pick<ErasureRecord, 'verified'>[],
  siteCriteria: string[],
  req: ReleaseRequest,
): void {
  const refuse = (code: string, message: string) => {
    throw new ConflictException({ code, message });
  };
  if (device.releasedAt) refuse('already_released', 'Cet appareil a déjà été remis. Already released.');
  if (device.purpose !== 'refurbish')
    refuse('not_for_refurbishment', "Cet appareil appartient à son propriétaire : il n'est pas à remettre. Not a donated device.");
  if (device.hasStorage && !erasures.some((e) => e.verified)) {
    refuse('erasure_required', "Effacement des données non enregistré ou non vérifié : l'appareil ne peut pas sortir. A verified data erasure is required.");
  }
  if (device.hasStorage && erasures.some((e) => !e.verified)) {
    refuse('erasure_failed', 'Un effacement a échoué à la vérification : recommencez-le. An erasure failed verification.');
  }
  if (!device.checklist.length || device.checklist.some((c) => c.ok !== true)) {
    refuse(
      'checklist_incomplete',
      'Toutes les fonctions doivent être testées et bonnes avant remise (reconditionné). The refurbishment checklist is incomplete.',
    );
  }
  if (!device.grade || device.grade === 'parts') refuse('grade_required', "Indiquez l'état (grade A, B ou C). A grade is required.");
  if (req.mode === 'donation' && req.priceCents !== 0) refuse('donation_has_price', 'Un don est gratuit (prix 0). A donation is free.');
  if (siteCriteria.length && (!req.eligibilityCriterion || !siteCriteria.includes(req.eligibilityCriterion))) {
    refuse('eligibility_required', `Indiquez le critère d'éligibilité vérifié (${siteCriteria.join(', ')}). An eligibility criterion is required.`);
  }
}
