import type { Machine } from '../machines/entities/machine.entity';
import { isPublicComputer } from '../machines/machine-types';
import type { Badge } from '../people/entities/badge.entity';
import type { Person } from '../people/entities/person.entity';
import type { Qualification } from '../trainings/entities/qualification.entity';
import type { Training } from '../trainings/entities/training.entity';
import { hasLapsed, LastUse, lapseOf, lastUseOf } from '../trainings/lapse';
import { trainingCovers } from '../trainings/trainings.service';
import { startOfDay } from '../common/local-format';
import { DenialDetail, DenialReason, denialMessage, grantMessage, Message } from './access-messages';
import type { UsageSession } from './entities/usage-session.entity';

/** Everything the decision needs, read beforehand; the rule itself touches no database. */
export interface BadgeInFacts {
  now: Date;
  /** The site's zone: messages give its local times. */
  zone: string;
  machine: Machine;
  badge: Badge | null;
  person: Person | null;
  trainings: Training[];
  qualifications: Qualification[];
  openSession: UsageSession | null;
  holder: Person | null;
  /** Opening hours now; absent means always open. */
  hours?: { open: boolean; closesAt?: Date; opensAt?: Date };
  /** Bookings of the machine now: someone else's (or blocked time), the person's own, the next other one. */
  booking?: { byOther: boolean; mine?: { endsAt: Date }; nextByOtherAt?: Date };
  /** When the site asks for a current membership to unlock (memberships feature, read from memory). */
  membership?: { required: boolean; current: boolean; endedAt?: Date };
  /**
   * A public computer (docs/free-access.md): the site's session length, and its waiting line —
   * how many others wait or were called, and whether this person was called to a station.
   */
  freeAccess?: { minutes: number; othersWaiting: number; calledForMe: boolean };
  /**
   * The person's latest session on each machine of the site, read only when a training covering
   * this machine lapses when unused (`lapseMonths`); absent: no such training.
   */
  lastUses?: LastUse[];
}

export type BadgeInDecision =
  | { decision: 'granted'; until: Date; message: Message; person: Person; renewsSessionId: string | null; qualifiedUntil: Date | null }
  | { decision: 'denied'; reason: DenialReason; message: Message; person: Person | null; endsSessionId: string | null };

const BLOCKING_STATUSES = ['maintenance', 'disabled', 'to_check'];

/**
 * The badge-in rule (MQTT-PROTOCOL.md, "Precise rules"): the checks run in this order and the
 * first that fails is the reason. The holder of the open session is re-checked and renewed.
 */
export function decideBadgeIn(f: BadgeInFacts): BadgeInDecision {
  const holdsSession = !!f.openSession && !!f.person && f.openSession.personId === f.person.id;
  const deny = (reason: DenialReason, detail = {}): BadgeInDecision => ({
    decision: 'denied',
    reason,
    message: denialMessage(reason, detail, f.zone),
    person: f.person,
    endsSessionId: holdsSession ? f.openSession!.id : null,
  });

  if (!f.badge || !f.person) return deny('badge_unknown');
  if (f.badge.revokedAt && f.badge.revokedAt <= f.now) return deny('badge_revoked');
  if (f.badge.validFrom && f.badge.validFrom > f.now) return deny('badge_not_yet_valid', { validFrom: f.badge.validFrom });
  if (f.badge.validUntil && f.badge.validUntil <= f.now) return deny('badge_expired', { validUntil: f.badge.validUntil });
  if (!f.person.active) return deny('person_inactive');
  if (f.person.siteId !== f.machine.siteId || f.badge.siteId !== f.machine.siteId) return deny('not_allowed_on_site');
  if (f.membership?.required && !f.membership.current) return deny('membership_expired', { membershipEndedAt: f.membership.endedAt });

  // A public computer needs no training (docs/free-access.md); every other check applies.
  if (isPublicComputer(f.machine)) return decideFreeAccess(f, deny, holdsSession);

  const covering = f.trainings.filter((t) => trainingCovers(t, f.machine));
  if (!covering.length) return deny('training_missing', { trainingName: `${f.machine.name}` });
  const held = f.qualifications.filter((q) => covering.some((t) => t.id === q.trainingId));
  if (!held.length) return deny('training_missing', { trainingName: covering[0].name, trainingNameEn: covering[0].nameEn });
  const unexpired = (q: Qualification) => !q.expiresAt || q.expiresAt > f.now;
  const trainingOf = (q: Qualification) => covering.find((t) => t.id === q.trainingId)!;
  // Fab-manager's rule: N months without a session on a machine the training covers.
  const lapsed = (q: Qualification) => hasLapsed(q, trainingOf(q), f.lastUses ?? [], f.zone, f.now);
  const valid = held.filter((q) => unexpired(q) && !q.suspendedAt && !lapsed(q));
  // A held qualification that is only suspended says so, rather than « missing ».
  const suspended = held.find((q) => unexpired(q) && q.suspendedAt);
  if (!valid.length && suspended) {
    const t = covering.find((c) => c.id === suspended.trainingId)!;
    return deny('training_suspended', { trainingName: t.name, trainingNameEn: t.nameEn, suspendedReason: suspended.suspendedReason });
  }
  const unused = held.find((q) => unexpired(q) && !q.suspendedAt && lapsed(q));
  if (!valid.length && unused) {
    const t = trainingOf(unused);
    const lapse = lapseOf(unused, t, lastUseOf(t, unused.personId, f.lastUses ?? []), f.zone)!;
    // Noon of that day on the site's clock: the message reads the same day in any zone.
    const lastActive = new Date(startOfDay(lapse.lastActiveOn, f.zone).getTime() + 12 * 3600_000);
    return deny('training_lapsed', { trainingName: t.name, trainingNameEn: t.nameEn, lapseMonths: t.lapseMonths ?? 0, lastActiveOn: lastActive });
  }
  if (!valid.length) {
    const latest = held.reduce((a, b) => ((a.expiresAt ?? f.now) > (b.expiresAt ?? f.now) ? a : b));
    const t = covering.find((c) => c.id === latest.trainingId)!;
    return deny('training_expired', { trainingName: t.name, trainingNameEn: t.nameEn, expiredOn: latest.expiresAt });
  }
  if (BLOCKING_STATUSES.includes(f.machine.status)) {
    return deny('machine_maintenance', { machineStatus: f.machine.status, statusReason: f.machine.statusReason });
  }
  if (f.hours && !f.hours.open) return deny('outside_hours', { opensAt: f.hours.opensAt, now: f.now });
  if (f.booking?.byOther) return deny('booked_by_other');
  if (f.openSession && !holdsSession) return deny('machine_in_use', { holder: f.holder?.displayName });

  const qualifiedUntil = valid.some((q) => !q.expiresAt) ? null : new Date(Math.max(...valid.map((q) => q.expiresAt!.getTime())));
  // `until`: the earliest of the booking's end, closing time and the maximum session length
  // (MQTT-PROTOCOL.md, "Precise rules"); without a booking, the next person's booking too.
  const maxEnd = f.now.getTime() + f.machine.maxSessionMinutes * 60_000;
  // A day card or visitor pass ends the session when it ends.
  const ends = [
    maxEnd,
    f.hours?.closesAt?.getTime(),
    f.booking?.mine?.endsAt.getTime(),
    f.booking?.mine ? undefined : f.booking?.nextByOtherAt?.getTime(),
    f.badge.validUntil?.getTime(),
  ];
  const earliest = new Date(Math.min(...ends.filter((t): t is number => t !== undefined)));
  const until = holdsSession ? f.openSession!.until : earliest;
  return {
    decision: 'granted',
    until,
    message: grantMessage(f.person.firstName, f.machine.name, until, f.zone),
    person: f.person,
    renewsSessionId: holdsSession ? f.openSession!.id : null,
    qualifiedUntil,
  };
}

type Deny = (reason: DenialReason, detail?: DenialDetail) => BadgeInDecision;

/**
 * A public computer: no training, the machine's state, opening hours, bookings and the holder as
 * for any machine, then the waiting line: while others wait (or were called to a station), a
 * person not called is sent to the desk (`free_access_queue`). The session lasts the site's
 * free-access length at most (and never past closing time or a day card's end).
 */
function decideFreeAccess(f: BadgeInFacts, deny: Deny, holdsSession: boolean): BadgeInDecision {
  if (BLOCKING_STATUSES.includes(f.machine.status)) {
    return deny('machine_maintenance', { machineStatus: f.machine.status, statusReason: f.machine.statusReason });
  }
  if (f.hours && !f.hours.open) return deny('outside_hours', { opensAt: f.hours.opensAt, now: f.now });
  if (f.booking?.byOther) return deny('booked_by_other');
  if (f.openSession && !holdsSession) return deny('machine_in_use', { holder: f.holder?.displayName });
  if (!holdsSession && f.freeAccess && f.freeAccess.othersWaiting > 0 && !f.freeAccess.calledForMe) {
    return deny('free_access_queue', { waiting: f.freeAccess.othersWaiting });
  }
  const minutes = Math.min(f.freeAccess?.minutes ?? f.machine.maxSessionMinutes, f.machine.maxSessionMinutes);
  const ends = [f.now.getTime() + minutes * 60_000, f.hours?.closesAt?.getTime(), f.booking?.mine?.endsAt.getTime(), f.badge!.validUntil?.getTime()];
  const earliest = new Date(Math.min(...ends.filter((t): t is number => t !== undefined)));
  const until = holdsSession ? f.openSession!.until : earliest;
  return {
    decision: 'granted',
    until,
    message: grantMessage(f.person!.firstName, f.machine.name, until, f.zone),
    person: f.person!,
    renewsSessionId: holdsSession ? f.openSession!.id : null,
    qualifiedUntil: null,
  };
}
