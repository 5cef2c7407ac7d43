/**
 * What the person at the machine reads, in one table: each message gives the reason and what to
 * do next, written for the two character displays the reader boards carry (2 lines of 16 and
 * 4 lines of 20). Texts are ASCII after `asciiText` (the boards have no accents); `{name}` and
 * `{seconds}` are filled in and clipped to the line, never cut elsewhere.
 */
export type DisplaySize = '16x2' | '20x4';
export const DISPLAY_SIZES: Record<DisplaySize, { cols: number; rows: number }> = {
  '16x2': { cols: 16, rows: 2 },
  '20x4': { cols: 20, rows: 4 },
};

type Texts = Record<DisplaySize, string[]>;

export const MESSAGES = {
  granted: {
    '16x2': ['Bonjour {name}', 'Machine ouverte'],
    '20x4': ['Bonjour {name}', 'Machine ouverte.', 'Repassez le badge', 'pour terminer.'],
  },
  granted_offline: {
    '16x2': ['Acces accorde', '(hors ligne)'],
    '20x4': ['Acces accorde', '(serveur absent:', 'liste hors ligne)', 'Bonne session !'],
  },
  badge_unknown: {
    '16x2': ['Badge inconnu', "Voir l'accueil"],
    '20x4': ['Badge inconnu.', 'Faites enregistrer', 'votre badge a', "l'accueil."],
  },
  badge_revoked: {
    '16x2': ['Badge desactive', "Voir l'accueil"],
    '20x4': ['Badge desactive.', 'Demandez un nouveau', "badge a l'accueil."],
  },
  badge_not_yet_valid: {
    '16x2': ['Carte pas encore', 'valable'],
    '20x4': ['Carte pas encore', 'valable.', "Voyez l'accueil."],
  },
  badge_expired: {
    '16x2': ['Carte expiree', "Voir l'accueil"],
    '20x4': ['Carte expiree.', 'Rendez-la a', "l'accueil."],
  },
  person_inactive: {
    '16x2': ['Compte inactif', "Voir l'accueil"],
    '20x4': ['Compte inactif.', 'Renouvelez votre', 'adhesion a', "l'accueil."],
  },
  not_allowed_on_site: {
    '16x2': ['Pas inscrit ici', "Voir l'accueil"],
    '20x4': ['Pas inscrit sur', 'ce site.', "Voyez l'accueil."],
  },
  training_missing: {
    '16x2': ['Pas de formation', 'Voir formateur'],
    '20x4': ['Formation requise', 'pour cette machine.', 'Inscrivez-vous a', 'une session.'],
  },
  training_expired: {
    '16x2': ['Recyclage requis', 'Voir formateur'],
    '20x4': ['Formation expiree.', 'Un recyclage est', 'necessaire: voyez', 'un formateur.'],
  },
  training_suspended: {
    '16x2': ['Habilitation', 'suspendue'],
    '20x4': ['Habilitation', 'suspendue.', 'Voyez un', 'responsable.'],
  },
  training_lapsed: {
    '16x2': ['Non utilisee', 'Voir formateur'],
    '20x4': ['Formation inactive', '(machine non', 'utilisee). Voyez', 'un formateur.'],
  },
  machine_maintenance: {
    '16x2': ['En maintenance', 'Voir responsable'],
    '20x4': ['Machine en', 'maintenance.', 'Voyez un', 'responsable.'],
  },
  membership_expired: {
    '16x2': ['Adhesion expiree', "Voir l'accueil"],
    '20x4': ['Adhesion a', 'renouveler.', "Voyez l'accueil ou", 'la page Adhesion.'],
  },
  machine_in_use: {
    '16x2': ['Machine occupee', 'Reessayez apres'],
    '20x4': ['Machine occupee.', 'Reessayez quand', 'la session en cours', 'sera terminee.'],
  },
  booked_by_other: {
    '16x2': ['Reservee par', 'un autre membre'],
    '20x4': ['Machine reservee', 'par un autre membre.', 'Voyez le planning', 'des reservations.'],
  },
  free_access_queue: {
    '16x2': ["File d'attente", "Voir l'accueil"],
    '20x4': ['Des personnes', 'attendent un poste.', 'Inscrivez-vous a', "l'accueil."],
  },
  outside_hours: {
    '16x2': ['Hors horaires', 'Revenez ouvert'],
    '20x4': ['Hors des horaires', "d'ouverture.", 'Revenez pendant', "l'ouverture."],
  },
  denied: {
    '16x2': ['Acces refuse', 'Voir responsable'],
    '20x4': ['Acces refuse.', 'Voyez un', 'responsable.'],
  },
  offline_not_listed: {
    '16x2': ['Badge non admis', 'ici hors ligne'],
    '20x4': ['Badge pas sur la', 'liste de la machine', '(mode hors ligne).', 'Voyez un responsable'],
  },
  offline_entry_expired: {
    '16x2': ['Droits expires', 'Voir responsable'],
    '20x4': ['Vos droits ont', 'expire (mode hors', 'ligne). Voyez un', 'responsable.'],
  },
  offline_no_list: {
    '16x2': ['Serveur absent', 'Reessayez + tard'],
    '20x4': ['Serveur injoignable', 'et pas de liste', 'hors ligne. Voyez', 'un responsable.'],
  },
  grace: {
    '16x2': ['Fin dans {seconds} s', 'Badge: continuer'],
    '20x4': ['Fin de session', 'dans {seconds} s.', 'Repassez le badge', 'pour continuer.'],
  },
  grace_cancelled: {
    '16x2': ['Session reprise', 'Bon travail !'],
    '20x4': ['Session reprise.', 'Bon travail !'],
  },
  end_waits_job: {
    '16x2': ['Fin apres le', 'travail en cours'],
    '20x4': ['Fin de session', 'a la fin du travail', 'en cours. La machine', 'reste alimentee.'],
  },
  session_ended: {
    '16x2': ['Session terminee', 'Merci !'],
    '20x4': ['Session terminee.', 'Merci et', 'a bientot !'],
  },
  job_started: {
    '16x2': ['Travail lance', 'Restez proche'],
    '20x4': ['Travail lance.', 'Restez pres de', 'la machine pendant', 'le travail.'],
  },
  job_completed: {
    '16x2': ['Travail termine', 'Badge: finir'],
    '20x4': ['Travail termine.', 'Repassez le badge', 'pour finir la', 'session.'],
  },
  job_failed: {
    '16x2': ['Travail arrete', 'Voir responsable'],
    '20x4': ['Travail arrete.', 'La raison est sur', 'le tableau de bord.', 'Voyez un responsable'],
  },
} satisfies Record<string, Texts>;

export type MessageKey = keyof typeof MESSAGES;
export type MessageVars = { name?: string; seconds?: number };
export interface DisplayMessage {
  key: MessageKey;
  vars?: MessageVars;
}

const SERVER_REASONS = new Set<string>([
  'badge_unknown',
  'badge_revoked',
  'badge_not_yet_valid',
  'badge_expired',
  'person_inactive',
  'not_allowed_on_site',
  'training_missing',
  'training_expired',
  'training_suspended',
  'training_lapsed',
  'machine_maintenance',
  'machine_in_use',
  'booked_by_other',
  'outside_hours',
  'membership_expired',
  'free_access_queue',
]);

/** The message for a server denial reason (MQTT contract's list); an unknown one says "see a manager". */
export function deniedMessage(reason: string): MessageKey {
  return SERVER_REASONS.has(reason) ? (reason as MessageKey) : 'denied';
}

/** The message for an offline denial (allow-list reasons): the card, not the server, when listed. */
export function offlineDeniedMessage(reason: string): MessageKey {
  if (reason === 'not_in_allowlist') return 'offline_not_listed';
  if (reason === 'entry_expired') return 'offline_entry_expired';
  return 'offline_no_list';
}

/** Plain ASCII for a character display: accents dropped, quotes made plain, `|` and `*` kept out of the wire. */
export function asciiText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[«»“”]/g, '"')
    .replace(/[’‘]/g, "'")
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\*/g, '+')
    .replace(/\|/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The lines of a message for one display: filled in, ASCII, each at most `cols` characters. */
export function renderMessage(m: DisplayMessage, size: DisplaySize): string[] {
  const { cols, rows } = DISPLAY_SIZES[size];
  const firstName = (m.vars?.name ?? '').trim().split(/\s+/)[0] ?? '';
  return MESSAGES[m.key][size].slice(0, rows).map((line) =>
    asciiText(line.replace('{name}', firstName).replace('{seconds}', String(m.vars?.seconds ?? '')))
      .slice(0, cols)
      .trimEnd(),
  );
}
