import { HttpException } from '@nestjs/common';
import { defineDictionary, Lang, locale } from '../web/i18n';

/** The words of the booking pages, French first. */
export const tr = defineDictionary({
  'nav.bookings': { fr: 'Réserver', en: 'Book' },
  'bookings.title': { fr: 'Réserver une machine', en: 'Book a machine' },
  'bookings.none': { fr: 'Aucune machine ne se réserve dans ce lieu pour l’instant.', en: 'No machine can be booked here yet.' },
  'bookings.stepMachine': { fr: '1. La machine', en: '1. The machine' },
  'bookings.stepSlot': { fr: '2. Le créneau : {machine}', en: '2. The slot: {machine}' },
  'bookings.stepForm': { fr: '3. Début et durée', en: '3. Start and length' },
  'bookings.locked': { fr: 'Formation requise : {names}', en: 'Training required: {names}' },
  'bookings.lockedNone': {
    fr: 'Formation requise : aucune formation ne couvre encore cette machine, demandez à l’accueil.',
    en: 'Training required: no training covers this machine yet, ask the front desk.',
  },
  'bookings.howTo': {
    fr: 'Comment l’obtenir : suivez une session de cette formation (voir les formations du lieu) ou demandez à l’accueil.',
    en: 'How to get it: attend a session of this training (see the site’s trainings) or ask the front desk.',
  },
  'bookings.seeTrainings': { fr: 'Voir les formations', en: 'See the trainings' },
  'bookings.zone': { fr: 'Heures du lieu ({tz}).', en: 'Times of the site ({tz}).' },
  'bookings.week': { fr: 'Semaine du {date}', en: 'Week of {date}' },
  'bookings.prev': { fr: '← Semaine précédente', en: '← Previous week' },
  'bookings.next': { fr: 'Semaine suivante →', en: 'Next week →' },
  'bookings.prevDay': { fr: '← Jour précédent', en: '← Previous day' },
  'bookings.nextDay': { fr: 'Jour suivant →', en: 'Next day →' },
  'bookings.closedWeek': { fr: 'Le lieu est fermé toute cette semaine.', en: 'The site is closed all this week.' },
  'bookings.time': { fr: 'Heure', en: 'Time' },
  'bookings.gridCaption': { fr: 'Créneaux de {machine}, semaine du {date}', en: 'Slots of {machine}, week of {date}' },
  'bookings.cell.free': { fr: 'Libre', en: 'Free' },
  'bookings.cell.busy': { fr: 'Pris', en: 'Taken' },
  'bookings.cell.mine': { fr: 'Vous', en: 'You' },
  'bookings.cell.closed': { fr: 'Fermé', en: 'Closed' },
  'bookings.cell.past': { fr: 'Passé', en: 'Past' },
  'bookings.cell.far': { fr: 'Trop tôt', en: 'Too early' },
  'bookings.cell.freeLabel': { fr: 'Libre, {day} à {time} : choisir', en: 'Free, {day} at {time}: choose' },
  'bookings.legend': { fr: 'Touchez « Libre » pour choisir le début, puis la durée.', en: 'Tap “Free” to choose the start, then the length.' },
  'bookings.form.date': { fr: 'Jour', en: 'Day' },
  'bookings.form.time': { fr: 'Heure de début', en: 'Start time' },
  'bookings.form.timeHint': { fr: 'heure du lieu, par pas de {step}', en: 'site time, in steps of {step}' },
  'bookings.form.minutes': { fr: 'Durée', en: 'Length' },
  'bookings.form.rules': { fr: 'De {min} à {max}, jusqu’à {days} jours à l’avance.', en: 'From {min} to {max}, up to {days} days ahead.' },
  'bookings.form.quote': { fr: 'Voir le prix et le récapitulatif', en: 'See the price and summary' },
  'bookings.form.badDate': { fr: 'Indiquez le jour (JJ/MM/AAAA).', en: 'Give the day.' },
  'bookings.form.badTime': { fr: 'Indiquez l’heure de début (HH:MM).', en: 'Give the start time (HH:MM).' },
  'bookings.form.badMinutes': { fr: 'Choisissez une durée.', en: 'Choose a length.' },
  'bookings.form.noSuchTime': {
    fr: 'Cette heure n’existe pas ce jour-là (passage à l’heure d’été) : choisissez-en une autre.',
    en: 'That time does not exist that day (clocks go forward): choose another.',
  },
  'bookings.summary.title': { fr: 'Vérifiez puis confirmez', en: 'Check, then confirm' },
  'bookings.summary.changeTitle': { fr: 'Vérifiez le changement puis confirmez', en: 'Check the change, then confirm' },
  'bookings.summary.machine': { fr: 'Machine', en: 'Machine' },
  'bookings.summary.day': { fr: 'Jour', en: 'Day' },
  'bookings.summary.hours': { fr: 'Horaire', en: 'Time' },
  'bookings.summary.before': { fr: 'Avant le changement', en: 'Before the change' },
  'bookings.summary.price': { fr: 'Prix', en: 'Price' },
  'bookings.summary.cancel': { fr: 'Annulation', en: 'Cancellation' },
  'bookings.summary.confirm': { fr: 'Confirmer la réservation', en: 'Confirm the booking' },
  'bookings.summary.confirmChange': { fr: 'Confirmer le changement', en: 'Confirm the change' },
  'bookings.summary.edit': { fr: 'Modifier', en: 'Edit' },
  'bookings.price.gross': { fr: '{amount} TTC', en: '{amount} incl. VAT' },
  'bookings.price.line': { fr: 'Tarif : {label}', en: 'Rate: {label}' },
  'bookings.price.free': { fr: 'Gratuit : pas de tarif pour cette machine.', en: 'Free: no price for this machine.' },
  'bookings.price.usage': {
    fr: 'Estimation pour la durée réservée : le relevé compte le temps réellement utilisé (du badge à la fin).',
    en: 'Estimate for the booked time: the statement counts the time really used (badge to end).',
  },
  'bookings.price.minimum': {
    fr: 'Le relevé compte le temps réellement utilisé, et au moins la durée réservée.',
    en: 'The statement counts the time really used, and at least the booked time.',
  },
  'bookings.deadline.until': {
    fr: 'Vous pouvez annuler ou changer cette réservation ici jusqu’au {when}{notice}.',
    en: 'You can cancel or change this booking here until {when}{notice}.',
  },
  'bookings.deadline.notice': { fr: ' ({n} avant le début)', en: ' ({n} before the start)' },
  'bookings.deadline.passed': {
    fr: 'Il est trop tard pour annuler ou changer en ligne : contactez l’accueil.',
    en: 'Too late to cancel or change online: contact the front desk.',
  },
  'bookings.mine.title': { fr: 'Mes réservations', en: 'My bookings' },
  'bookings.mine.upcoming': { fr: 'À venir', en: 'Upcoming' },
  'bookings.mine.past': { fr: 'Passées et annulées', en: 'Past and cancelled' },
  'bookings.mine.empty': { fr: 'Vous n’avez aucune réservation à venir.', en: 'You have no upcoming booking.' },
  'bookings.mine.change': { fr: 'Changer l’horaire ou la durée', en: 'Change the time or length' },
  'bookings.mine.cancel': { fr: 'Annuler cette réservation', en: 'Cancel this booking' },
  'bookings.mine.booked': { fr: 'C’est réservé : {machine}, {when}.', en: 'Booked: {machine}, {when}.' },
  'bookings.mine.moved': { fr: 'Réservation changée : {machine}, {when}.', en: 'Booking changed: {machine}, {when}.' },
  'bookings.mine.cancelled': {
    fr: 'Réservation annulée : {machine}, {when}. Le créneau est libéré.',
    en: 'Booking cancelled: {machine}, {when}. The slot is free again.',
  },
  'bookings.mine.calendar': { fr: 'Ajouter à mon agenda (lien secret)', en: 'Add to my calendar (secret link)' },
  'bookings.mine.getCalendar': { fr: 'Obtenir le lien secret de mon agenda (ICS)', en: 'Get my calendar’s secret link (ICS)' },
  'bookings.mine.bookAnother': { fr: 'Réserver une machine', en: 'Book a machine' },
  'bookings.status.cancelled': { fr: 'Annulée', en: 'Cancelled' },
  'bookings.status.no_show': { fr: 'Absent·e', en: 'No-show' },
  'bookings.status.done': { fr: 'Terminée', en: 'Done' },
  'bookings.change.title': { fr: 'Changer ma réservation', en: 'Change my booking' },
  'bookings.change.now': { fr: 'Aujourd’hui : {machine}, {when}.', en: 'Now: {machine}, {when}.' },
  'bookings.statement': { fr: 'Mon relevé du mois', en: 'My monthly statement' },
  'bookings.statementOf': { fr: 'Relevé — {month}', en: 'Statement — {month}' },
  'bookings.packCovered': { fr: '{minutes} min prises sur un pack d’heures', en: '{minutes} min taken from prepaid hours' },
  'bookings.statementEmpty': { fr: 'Rien à payer ce mois-ci.', en: 'Nothing to pay this month.' },
  'bookings.total': { fr: 'Total TTC', en: 'Total incl. VAT' },
  'bookings.net': { fr: 'Total HT', en: 'Total excl. VAT' },
  'bookings.vat': { fr: 'TVA', en: 'VAT' },
  'bookings.csv': { fr: 'Télécharger l’export comptable (CSV)', en: 'Download the accounting export (CSV)' },
  'bookings.qty': { fr: 'Qté', en: 'Qty' },
  'bookings.netShort': { fr: 'HT', en: 'Net' },
  'bookings.grossShort': { fr: 'TTC', en: 'Gross' },
  'bookings.back': { fr: 'Retour aux réservations', en: 'Back to bookings' },
});

/** « mardi 8 décembre » of a local calendar day (noon UTC: no zone moves it to another day). */
export const dayTitle = (date: string, lang: Lang) =>
  new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
/** « mar. 8 déc. », for a calendar column. */
export const shortDay = (date: string, lang: Lang) =>
  new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
/** « 10:30 » in the site's zone. */
export const timeOf = (d: Date, tz: string) =>
  new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz }).format(d);
/** « mardi 8 décembre, 10:00–11:30 » in the site's zone. */
export const whenOf = (start: Date, end: Date, lang: Lang, tz: string) =>
  `${new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone: tz }).format(start)}, ${timeOf(start, tz)}–${timeOf(end, tz)}`;
/** « mardi 8 décembre à 08:00 ». */
export const momentOf = (at: Date, lang: Lang, tz: string) =>
  `${new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', timeZone: tz }).format(at)} ${lang === 'fr' ? 'à' : 'at'} ${timeOf(at, tz)}`;

/** « 30 min », « 1 h », « 1 h 30 ». */
export function durationWords(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

/** Until when a booking can be cancelled or changed online, in plain words. */
export function deadlineWords(cancelBy: Date, noticeMinutes: number, now: Date, lang: Lang, tz: string): string {
  if (now > cancelBy) return tr('bookings.deadline.passed', lang);
  const notice = noticeMinutes ? tr('bookings.deadline.notice', lang, { n: durationWords(noticeMinutes) }) : '';
  return tr('bookings.deadline.until', lang, { when: momentOf(cancelBy, lang, tz), notice });
}

/** The services answer « Français. English. »: the half for the page's language, never JSON. */
export function wordsOf(err: HttpException, lang: Lang): string {
  const body = err.getResponse() as { message?: unknown } | string;
  const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join(' ; ') : String(body.message ?? '');
  const halves = message.split(/(?<=\.) (?=[A-Z])/);
  return lang === 'en' && halves[1] ? halves.slice(1).join(' ') : halves[0];
}
