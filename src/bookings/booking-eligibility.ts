import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import type { Machine } from '../machines/entities/machine.entity';
import { MembershipStanding } from '../memberships/membership-standing';
import { PeopleService } from '../people/people.service';
import type { Training } from '../trainings/entities/training.entity';
import { isQualificationValid, TrainingsService, trainingCovers } from '../trainings/trainings.service';

/** Whether a person may book a machine, and which trainings would open it when not. */
export interface TrainingNeed {
  qualified: boolean;
  trainings: Training[];
}

/**
 * Who may book a machine: an active person of its site, holding a valid training for it, and a
 * current member where the site asks for one. The time itself is BookingsService's to check.
 */
@Injectable()
export class BookingEligibility {
  constructor(
    private readonly people: PeopleService,
    private readonly trainings: TrainingsService,
    private readonly membership: MembershipStanding,
  ) {}

  /** Qualified for the machine, as at badge-in: a training covering it, held, not suspended, not expired. */
  async isQualified(personId: string, machine: Machine, now: Date): Promise<boolean> {
    return (await this.trainingNeeds(personId, [machine], now)).get(machine.id)!.qualified;
  }

  /**
   * For each machine: whether the person holds a valid training for it, else the trainings that
   * would open it (what the booking page tells them to follow). Asked of the trainings service.
   */
  async trainingNeeds(personId: string, machines: Machine[], now: Date): Promise<Map<string, TrainingNeed>> {
    const siteIds = [...new Set(machines.map((m) => m.siteId))];
    const [perSite, quals] = await Promise.all([
      Promise.all(siteIds.map((s) => this.trainings.trainingsOfSite(s))),
      this.trainings.qualificationsFor({ personId }),
    ]);
    const trainings = perSite.flat();
    const held = new Set(quals.filter((q) => isQualificationValid(q, now)).map((q) => q.trainingId));
    return new Map(
      machines.map((m) => {
        const covering = trainings.filter((t) => t.siteId === m.siteId && trainingCovers(t, m));
        return [m.id, { qualified: covering.some((t) => held.has(t.id)), trainings: covering }];
      }),
    );
  }

  /** Why a person may not book this machine (the exception to throw), or null when they may. */
  async refusalFor(personId: string, machine: Machine, now: Date): Promise<ForbiddenException | null> {
    const [person, qualified] = await Promise.all([this.people.findPerson(personId), this.isQualified(personId, machine, now)]);
    if (!person || person.siteId !== machine.siteId || !person.active) {
      return new ForbiddenException({
        code: 'not_allowed_on_site',
        message: 'Cette personne ne peut pas réserver dans ce lieu. This person cannot book at this site.',
      });
    }
    if (!qualified) {
      return new ForbiddenException({
        code: 'not_qualified',
        message: `Une formation valide est requise pour réserver ${machine.name}. A valid training is required to book this machine.`,
      });
    }
    return null;
  }

  /** A site that asks for a current membership to book: the person must be a member when the booking starts. */
  async assertMember(siteId: string, personId: string, start: Date): Promise<void> {
    const m = await this.membership.forBooking(siteId, personId, start);
    if (!m.required || m.current) return;
    throw new BadRequestException({
      code: 'membership_required',
      message: m.endedAt
        ? 'Adhésion à renouveler : ce lieu demande une adhésion en cours pour réserver. Renouvelez-la sur la page « Adhésion » ou à l’accueil. Membership to renew before booking.'
        : 'Adhésion requise : ce lieu demande une adhésion en cours pour réserver. Adhérez sur la page « Adhésion » ou à l’accueil. Membership required to book.',
    });
  }
}
