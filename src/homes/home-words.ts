import { defineDictionary, type Lang, locale, t } from '../web/i18n';

/** Words of the three homes (« Mon espace », the volunteer's bench, the manager's day). */
export const tr = defineDictionary({
  'nav.me': { fr: 'Mon espace', en: 'My space' },
  'nav.bench': { fr: 'Mon atelier', en: 'My bench' },
  'nav.today': { fr: 'Ma journée', en: 'My day' },

  'me.title': { fr: 'Mon espace', en: 'My space' },
  'me.hello': { fr: 'Bonjour {name} !', en: 'Hello {name}!' },
  'me.trainings': { fr: 'Mes formations', en: 'My trainings' },
  'me.noTrainings': {
    fr: "Aucune formation pour l'instant : l'équipe vous dira comment en suivre une.",
    en: 'No training yet: the team will tell you how to take one.',
  },
  'me.expiresOn': { fr: 'expire le {date}', en: 'expires on {date}' },
  'me.expired': { fr: 'expirée : à renouveler', en: 'expired: to renew' },
  'me.noEnd': { fr: 'sans date de fin', en: 'no end date' },
  'me.suspended': { fr: 'suspendue', en: 'suspended' },
  'me.passedOn': { fr: 'réussie le {date}', en: 'passed on {date}' },
  'me.catalogue': { fr: 'Voir toutes les formations', en: 'See every training' },
  'me.skills': { fr: 'Mes compétences et attestations', en: 'My skills and credentials' },
  'me.noSkills': { fr: 'Rien encore : ça viendra !', en: 'Nothing yet: it will come!' },
  'me.level': { fr: 'niveau {n}', en: 'level {n}' },
  'me.credential': { fr: 'Attestation', en: 'Credential' },
  'me.path': { fr: 'Mon parcours complet', en: 'My whole path' },
  'me.bookings': { fr: 'Mes prochaines réservations', en: 'My next bookings' },
  'me.noBookings': { fr: 'Aucune réservation à venir.', en: 'No booking to come.' },
  'me.change': { fr: 'Changer ou annuler', en: 'Change or cancel' },
  'me.book': { fr: 'Réserver une machine', en: 'Book a machine' },
  'me.jobs': { fr: 'Mes travaux', en: 'My jobs' },
  'me.noJobs': { fr: "Aucun travail envoyé pour l'instant.", en: 'No job sent yet.' },
  'me.cancelJob': { fr: 'Annuler ce travail', en: 'Cancel this job' },
  'me.jobCancelled': { fr: 'Travail annulé.', en: 'Job cancelled.' },
  'me.allJobs': { fr: 'Tous mes travaux, envoyer un fichier', en: 'All my jobs, send a file' },
  'me.queuePosition': { fr: 'position {n} dans la file', en: 'number {n} in the queue' },
  'me.packCovered': { fr: '{hours} prises sur un pack', en: '{hours} taken from a pack' },
  'me.membership': { fr: 'Mon adhésion et mes packs', en: 'My membership and packs' },
  'me.noMembership': { fr: 'Pas d’adhésion en cours, aucun pack d’heures.', en: 'No current membership, no prepaid hours.' },
  'me.adhesion': { fr: 'Adhérer, acheter des heures', en: 'Join, buy prepaid hours' },
  'me.charges': { fr: 'Mes frais de {month}', en: 'My charges for {month}' },
  'me.noCharges': { fr: 'Rien à payer ce mois-ci.', en: 'Nothing to pay this month.' },
  'me.total': { fr: 'Total TTC', en: 'Total incl. VAT' },
  'me.payments': { fr: 'Mes paiements et factures', en: 'My payments and invoices' },
  'me.statement': { fr: 'Mon relevé du mois', en: 'My monthly statement' },

  'bench.title': { fr: 'Mon atelier de réparation', en: 'My repair bench' },
  'bench.open': { fr: 'Appareils en cours', en: 'Devices in progress' },
  'bench.noOpen': { fr: 'Aucun appareil en attente. Bravo !', en: 'No device waiting. Well done!' },
  'bench.openTicket': { fr: 'Ouvrir la fiche', en: 'Open the ticket' },
  'bench.intake': { fr: 'Accueillir un appareil', en: 'Take in a device' },
  'bench.lowStock': { fr: 'Pièces bientôt épuisées', en: 'Parts running low' },
  'bench.noLowStock': { fr: 'Le stock va bien.', en: 'Stock is fine.' },
  'bench.left': { fr: '{n} en stock (alerte à {min})', en: '{n} in stock (alert at {min})' },
  'bench.labels': { fr: 'Étiquettes à imprimer', en: 'Labels to print' },
  'bench.labelsNew.1': { fr: "Imprimer l'étiquette de l'appareil reçu", en: 'Print the label of the device taken in' },
  'bench.labelsNew.n': { fr: 'Imprimer les étiquettes des {n} appareils reçus', en: 'Print the labels of the {n} devices taken in' },
  'bench.noLabels': { fr: 'Aucun appareil reçu sans étiquette.', en: 'No device taken in waiting for a label.' },
  'bench.labelsBins': { fr: 'Étiquettes des bacs de rangement', en: 'Storage bin labels' },
  'bench.history': { fr: 'Derniers appareils terminés', en: 'Latest devices done' },
  'bench.noHistory': { fr: 'Aucun appareil terminé pour le moment.', en: 'No device done yet.' },

  'today.title': { fr: 'Ma journée', en: 'My day' },
  'today.of': { fr: 'Ma journée — {site}, {date}', en: 'My day — {site}, {date}' },
  'today.pickSite': { fr: 'Choisissez un lieu', en: 'Choose a site' },
  'today.bookings': { fr: "Réservations d'aujourd'hui", en: "Today's bookings" },
  'today.noBookings': { fr: "Aucune réservation aujourd'hui.", en: 'No booking today.' },
  'today.alerts': { fr: 'À surveiller', en: 'To watch' },
  'today.noAlerts': { fr: 'Rien à signaler.', en: 'Nothing to report.' },
  'today.lowStock': { fr: 'Stock bas : {part}, {n} en stock (alerte à {min})', en: 'Low stock: {part}, {n} in stock (alert at {min})' },
  'today.expiring': { fr: 'La formation « {training} » de {person} expire le {date}', en: "{person}'s « {training} » training expires on {date}" },
  'today.machines': { fr: 'Les machines', en: 'The machines' },
  'today.noMachines': { fr: 'Aucune machine dans ce lieu.', en: 'No machine at this site.' },
  'today.pending': { fr: 'Travail en attente', en: 'Pending work' },
  'today.jobsWaiting.0': { fr: 'Aucun travail de fabrication en file', en: 'No fabrication job queued' },
  'today.jobsWaiting.1': { fr: 'Un travail de fabrication en file', en: 'One fabrication job queued' },
  'today.jobsWaiting.n': { fr: '{n} travaux de fabrication en file', en: '{n} fabrication jobs queued' },
  'today.ticketsWaiting.0': { fr: 'Aucune réparation en attente de pièces', en: 'No repair waiting for parts' },
  'today.ticketsWaiting.1': { fr: 'Une réparation en attente de pièces', en: 'One repair waiting for parts' },
  'today.ticketsWaiting.n': { fr: '{n} réparations en attente de pièces', en: '{n} repairs waiting for parts' },
  'today.seeQueue': { fr: 'Voir la file', en: 'See the queue' },
  'today.seeBench': { fr: "Voir l'atelier", en: 'See the bench' },
  'today.maintenance': { fr: 'Maintenance', en: 'Maintenance' },
  'today.training': { fr: 'Formation', en: 'Training' },
});

/** A count in words: `key.0`, `key.1` or `key.n` (« Aucun… », « Un… », « 3 … »). */
export function countText(key: 'today.jobsWaiting' | 'today.ticketsWaiting' | 'bench.labelsNew', n: number, lang: Lang): string {
  return t(n === 0 ? `${key}.0` : n === 1 ? `${key}.1` : `${key}.n`, lang, { n });
}

/** « 14 mars 2027 », in the given zone (the site's). */
export function dayText(d: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone }).format(d);
}

/** « lun. 7 déc., 14:00 », in the given zone. */
export function whenText(d: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(d);
}

/** « 14:00 », in the given zone. */
export function hourText(d: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', timeZone }).format(d);
}

/** « mars 2027 » for a YYYY-MM month. */
export function monthText(month: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
}
