import { dayOf, localDate, localTime } from '../common/local-format';

/** What a person reads on the machine's display and on the wall screen, French first. */
export type DenialReason =
  | 'badge_unknown'
  | 'badge_revoked'
  | 'badge_not_yet_valid'
  | 'badge_expired'
  | 'person_inactive'
  | 'not_allowed_on_site'
  | 'membership_expired'
  | 'training_missing'
  | 'training_expired'
  | 'training_suspended'
  | 'training_lapsed'
  | 'machine_maintenance'
  | 'outside_hours'
  | 'booked_by_other'
  | 'machine_in_use'
  /** A public computer while others wait for one (docs/free-access.md): the desk calls people in turn. */
  | 'free_access_queue';

export interface Message {
  fr: string;
  en: string;
}

/** Ends with one full stop, even after an initial ("Lucas M."). */
const sentence = (s: string) => (s.endsWith('.') ? s : `${s}.`);

export interface DenialDetail {
  trainingName?: string;
  trainingNameEn?: string;
  expiredOn?: Date;
  suspendedReason?: string | null;
  machineStatus?: string;
  statusReason?: string | null;
  holder?: string;
  /** The window of a day card or visitor pass (badge_not_yet_valid, badge_expired). */
  validFrom?: Date;
  validUntil?: Date;
  /** When the site opens next (outside_hours), and the time of the badge, to say « today » or the day. */
  opensAt?: Date;
  now?: Date;
  /** A training that lapsed when unused: its rule (months) and the last day the person was active on it (training_lapsed). */
  lapseMonths?: number;
  lastActiveOn?: Date;
  /** When the person's last membership ended (membership_expired); none if they never joined. */
  membershipEndedAt?: Date;
  /** How many people wait for a public computer (free_access_queue). */
  waiting?: number;
}

/** `zone`: the site's, so dates and times are read on its clock. */
export function denialMessage(reason: DenialReason, d: DenialDetail = {}, zone: string): Message {
  switch (reason) {
    case 'badge_unknown':
      return { fr: "Badge inconnu. Présentez-vous à l'accueil.", en: 'Unknown badge. Please ask at the front desk.' };
    case 'badge_revoked':
      return { fr: "Ce badge est désactivé. Présentez-vous à l'accueil.", en: 'This badge has been deactivated. Please ask at the front desk.' };
    case 'badge_not_yet_valid':
      return {
        fr: `Cette carte n'est valable qu'à partir du ${d.validFrom ? `${localDate(d.validFrom, zone, 'fr', 'short')} à ${localTime(d.validFrom, zone, 'fr')}` : '?'}.`,
        en: `This card is only valid from ${d.validFrom ? `${localDate(d.validFrom, zone, 'en', 'short')} at ${localTime(d.validFrom, zone, 'en')}` : '?'}.`,
      };
    case 'badge_expired':
      return {
        fr: `Cette carte n'est plus valable depuis le ${d.validUntil ? `${localDate(d.validUntil, zone, 'fr', 'short')} à ${localTime(d.validUntil, zone, 'fr')}` : '?'}. Rendez-la à l'accueil.`,
        en: `This card expired on ${d.validUntil ? `${localDate(d.validUntil, zone, 'en', 'short')} at ${localTime(d.validUntil, zone, 'en')}` : '?'}. Please return it to the front desk.`,
      };
    case 'person_inactive':
      return { fr: "Votre compte est inactif. Présentez-vous à l'accueil.", en: 'Your account is inactive. Please ask at the front desk.' };
    case 'not_allowed_on_site':
      return { fr: "Ce badge n'est pas valable dans ce lieu.", en: 'This badge is not valid at this site.' };
    case 'membership_expired':
      if (!d.membershipEndedAt) {
        return {
          fr: "Adhésion requise pour utiliser les machines. Adhérez à l'accueil ou sur la page « Adhésion ».",
          en: 'Membership required to use the machines. Join at the front desk or on the « Adhésion » page.',
        };
      }
      return {
        fr: `Adhésion à renouveler : elle a pris fin le ${localDate(new Date(d.membershipEndedAt.getTime() - 1), zone, 'fr', 'short')}. Renouvelez-la à l'accueil ou sur la page « Adhésion ».`,
        en: `Membership to renew: it ended on ${localDate(new Date(d.membershipEndedAt.getTime() - 1), zone, 'en', 'short')}. Renew it at the front desk or on the « Adhésion » page.`,
      };
    case 'training_missing':
      return {
        fr: `Formation « ${d.trainingName ?? 'machine'} » requise.`,
        en: `${d.trainingNameEn || d.trainingName || 'Machine'} training required.`,
      };
    case 'training_expired':
      return {
        fr: `Votre formation « ${d.trainingName} » a expiré le ${d.expiredOn ? localDate(d.expiredOn, zone, 'fr', 'short') : '?'}. Renouvelez-la auprès d'un formateur.`,
        en: `Your ${d.trainingNameEn || d.trainingName} training expired on ${d.expiredOn ? localDate(d.expiredOn, zone, 'en', 'short') : '?'}. Please renew it with a trainer.`,
      };
    case 'training_suspended': {
      const reason = d.suspendedReason?.trim().replace(/\.+$/, '');
      const why = reason ? ` : ${reason}` : '';
      const whyEn = reason ? `: ${reason}` : '';
      return {
        fr: `Votre habilitation « ${d.trainingName} » est suspendue${why}. Voyez un responsable.`,
        en: `Your ${d.trainingNameEn || d.trainingName} qualification is suspended${whyEn}. Please see a manager.`,
      };
    }
    case 'training_lapsed': {
      const since = d.lastActiveOn ? localDate(d.lastActiveOn, zone, 'fr', 'short') : '?';
      const sinceEn = d.lastActiveOn ? localDate(d.lastActiveOn, zone, 'en', 'short') : '?';
      return {
        fr: `Votre formation « ${d.trainingName} » n'est plus active : plus de ${d.lapseMonths} mois sans utiliser ces machines (depuis le ${since}). Un formateur la renouvelle après une remise à niveau.`,
        en: `Your ${d.trainingNameEn || d.trainingName} training has lapsed: more than ${d.lapseMonths} months without using these machines (since ${sinceEn}). A trainer renews it after a check-up.`,
      };
    }
    case 'machine_maintenance': {
      const why = d.statusReason ? ` : ${d.statusReason}` : '';
      const whyEn = d.statusReason ? `: ${d.statusReason}` : '';
      if (d.machineStatus === 'to_check') {
        return {
          fr: 'Machine à vérifier après une alarme : un formateur doit la contrôler.',
          en: 'Machine to be checked after an alarm: a trainer must inspect it.',
        };
      }
      if (d.machineStatus === 'disabled') return { fr: `Machine hors service${why}.`, en: `Machine out of order${whyEn}.` };
      return { fr: `Machine en maintenance${why}.`, en: `Machine under maintenance${whyEn}.` };
    }
    case 'outside_hours':
      return outsideHours(d, zone);
    case 'booked_by_other':
      return { fr: "La machine est réservée par quelqu'un d'autre en ce moment.", en: 'The machine is booked by someone else right now.' };
    case 'machine_in_use':
      return {
        fr: sentence(`Machine déjà utilisée${d.holder ? ` par ${d.holder}` : ''}`),
        en: sentence(`Machine already in use${d.holder ? ` by ${d.holder}` : ''}`),
      };
    case 'free_access_queue':
      return d.waiting === 1
        ? {
            fr: "Une personne attend déjà un poste : inscrivez-vous à l'accueil.",
            en: 'Someone is already waiting for a computer: please sign up at the front desk.',
          }
        : {
            fr: `${d.waiting ?? 'Des'} personnes attendent déjà un poste : inscrivez-vous à l'accueil.`,
            en: `${d.waiting ?? 'Several'} people are already waiting for a computer: please sign up at the front desk.`,
          };
  }
}

/** « Le lieu est fermé à cette heure-ci ; il ouvre à 09 h 00. », or the day when it is not today. */
function outsideHours(d: DenialDetail, zone: string): Message {
  const closed = { fr: 'Le lieu est fermé à cette heure-ci', en: 'The lab is closed at this time' };
  if (!d.opensAt) return { fr: `${closed.fr}.`, en: `${closed.en}.` };
  const today = !!d.now && dayOf(d.opensAt, zone) === dayOf(d.now, zone);
  const at = { fr: localTime(d.opensAt, zone, 'fr', 'spoken'), en: localTime(d.opensAt, zone, 'en', 'spoken') };
  if (today) return { fr: `${closed.fr} ; il ouvre à ${at.fr}.`, en: `${closed.en}; it opens at ${at.en}.` };
  const day = { fr: localDate(d.opensAt, zone, 'fr', 'weekday'), en: localDate(d.opensAt, zone, 'en', 'weekday') };
  return { fr: `${closed.fr} ; il ouvre ${day.fr} à ${at.fr}.`, en: `${closed.en}; it opens on ${day.en} at ${at.en}.` };
}

export function grantMessage(firstName: string, machineName: string, until: Date, zone: string): Message {
  return {
    fr: `Bonjour ${firstName}, ${machineName} est à vous jusqu'à ${localTime(until, zone, 'fr', 'spoken')}.`,
    en: `Hello ${firstName}, ${machineName} is yours until ${localTime(until, zone, 'en', 'spoken')}.`,
  };
}
