import { BadRequestException, ConflictException } from '@nestjs/common';
import { defineDictionary, Entry, Lang } from '../web/i18n';
import type { OrdsBarrier } from './ords';

export const TICKET_STATUSES = ['received', 'diagnosed', 'waiting_parts', 'in_repair', 'repaired', 'repairable_later', 'end_of_life'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * Where a ticket may go from each status. No step is skipped: a device is diagnosed before any
 * repair, and is in repair before it is called repaired.
 */
export const NEXT_STATUSES: Record<TicketStatus, TicketStatus[]> = {
  received: ['diagnosed'],
  diagnosed: ['waiting_parts', 'in_repair', 'repairable_later', 'end_of_life'],
  waiting_parts: ['in_repair', 'repairable_later', 'end_of_life'],
  in_repair: ['repaired', 'waiting_parts', 'repairable_later', 'end_of_life'],
  repairable_later: ['in_repair', 'end_of_life'],
  repaired: [],
  end_of_life: [],
};

/** A ticket's status in words (the API keeps the codes). */
const statusWords = defineDictionary({
  'ticket.status.received': { fr: 'Reçu', en: 'Received' },
  'ticket.status.diagnosed': { fr: 'Diagnostiqué', en: 'Diagnosed' },
  'ticket.status.waiting_parts': { fr: 'En attente de pièces', en: 'Waiting for parts' },
  'ticket.status.in_repair': { fr: 'En réparation', en: 'In repair' },
  'ticket.status.repaired': { fr: 'Réparé', en: 'Repaired' },
  'ticket.status.repairable_later': { fr: 'Réparable plus tard', en: 'Repairable later' },
  'ticket.status.end_of_life': { fr: 'Fin de vie', en: 'End of life' },
} satisfies Record<`ticket.status.${TicketStatus}`, Entry>);

export const statusWord = (s: TicketStatus, lang: Lang) => statusWords(`ticket.status.${s}`, lang);

export const isFinished = (s: TicketStatus) => NEXT_STATUSES[s].length === 0;

/** The rule of one step; throws with words a volunteer understands. */
export function checkStep(from: TicketStatus, to: TicketStatus, barriers: OrdsBarrier[]): void {
  if (!NEXT_STATUSES[from].includes(to)) {
    const allowed = NEXT_STATUSES[from].map((s) => `« ${statusWord(s, 'fr')} »`).join(', ') || 'aucune (dossier clos)';
    throw new ConflictException({
      code: 'step_not_allowed',
      message: `Impossible de passer de « ${statusWord(from, 'fr')} » à « ${statusWord(to, 'fr')} ». Étapes possibles : ${allowed}. This step is not allowed.`,
      allowed: NEXT_STATUSES[from],
    });
  }
  if (to === 'end_of_life' && barriers.length === 0) {
    throw new BadRequestException({
      code: 'barrier_required',
      message: 'Indiquez ce qui empêche la réparation (pièces, information…). A barrier is required for end of life.',
    });
  }
}
