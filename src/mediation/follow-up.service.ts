import { Injectable, Logger } from '@nestjs/common';
import { addDays, dayOf } from '../common/local-format';
import { MailService } from '../infra/mail/mail.service';
import { Queues } from '../infra/queue/queues';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { PathsService } from '../skills/paths.service';
import { WorkshopsService } from '../skills/workshops.service';
import { TrainingSessionsService } from '../trainings/training-sessions.service';
import { defineDictionary } from '../web/i18n';
import { MediationService } from './mediation.service';

export const MEDIATION_QUEUE = 'mediation';
const MILESTONES = [25, 50, 75, 100];

export interface FollowUpWeek {
  week: number;
  startsOn: string;
  plannedHours: number;
  attendedHours: number;
}

export interface FollowUp {
  personId: string;
  plan: { id: string; startsOn: string; hoursNeeded: number; hoursPerWeek: number; adviserName: string | null } | null;
  /** Hours attended since the plan started (or ever, without a plan), by kind. */
  hours: { accompaniments: number; workshops: number; trainings: number; total: number };
  /** Machine training sessions attended (their hours are in `hours.trainings`). */
  trainingSessions: number;
  weeks: FollowUpWeek[];
  /** Share of the plan's hours attended, 0–100. */
  percent: number;
  milestone: number;
  prescriber: { name: string | null; consent: boolean; lastMilestoneMailed: number };
}

const words = defineDictionary({
  'prescriberMail.subject': { fr: 'Parcours numérique de {person} : {milestone} % du plan', en: 'Digital path of {person}: {milestone}% of the plan' },
  'prescriberMail.text': {
    fr: 'Bonjour {prescriber},\n\n{person} a suivi {hours} h sur les {needed} h de son plan de formation au numérique ({milestone} %), commencé le {startsOn} à {site}.\n\nCe message vous est envoyé avec son accord ; elle ou il peut le retirer à tout moment auprès de sa médiatrice ou de son médiateur.\n\n{site}',
    en: 'Hello {prescriber},\n\n{person} has attended {hours} h of the {needed} h of their digital training plan ({milestone}%), started on {startsOn} at {site}.\n\nThis message is sent with their consent, which they may withdraw at any time with their mediator.\n\n{site}',
  },
});

const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/**
 * A person's plan followed week by week: hours attended in accompaniments (the log), workshops and
 * machine training sessions against the weekly plan of their assessment; milestones told to their prescriber with consent.
 */
@Injectable()
export class FollowUpService {
  private readonly log = new Logger('MediationFollowUp');

  constructor(
    private readonly mediation: MediationService,
    private readonly paths: PathsService,
    private readonly workshops: WorkshopsService,
    private readonly trainings: TrainingSessionsService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
    private readonly mail: MailService,
    private readonly queues: Queues,
  ) {
    queues.produces(MEDIATION_QUEUE, 'prescriber-milestone');
    queues.handle(MEDIATION_QUEUE, 'prescriber-milestone', (data) => this.sendMilestone(data as { personId: string; planId: string; milestone: number }));
  }

  async of(personId: string, siteId: string): Promise<FollowUp> {
    const plan = (await this.paths.plansOf(personId))[0] ?? null;
    const since = plan?.startsOn ?? '1970-01-01';
    const zone = await this.sites.zoneOf(siteId);
    const [logged, workshops, trainings, followed] = await Promise.all([
      this.mediation.minutesOf(personId, since),
      this.workshops.attendedBy(personId, since),
      this.trainings.attendedBy(personId, since),
      this.mediation.followedPerson(personId),
    ]);
    const attended = [
      ...logged.map((l) => ({ date: l.date, minutes: l.minutes, kind: 'accompaniments' as const })),
      ...workshops.map((w) => ({ date: dayOf(w.startsAt, zone), minutes: w.minutes, kind: 'workshops' as const })),
      ...trainings.map((s) => ({ date: s.date, minutes: s.minutes, kind: 'trainings' as const })),
    ];
    const minutes = { accompaniments: 0, workshops: 0, trainings: 0 };
    for (const a of attended) minutes[a.kind] += a.minutes;
    const total = hoursOf(minutes.accompaniments + minutes.workshops + minutes.trainings);
    const weeks = (plan?.weeks ?? []).map((w) => {
      const end = addDays(w.startsOn, 7);
      const inWeek = attended.filter((a) => a.date >= w.startsOn && a.date < end).reduce((s, a) => s + a.minutes, 0);
      return { week: w.week, startsOn: w.startsOn, plannedHours: w.hours, attendedHours: hoursOf(inWeek) };
    });
    const percent = plan?.hoursNeeded ? Math.min(100, Math.round((total / plan.hoursNeeded) * 100)) : 0;
    return {
      personId,
      plan: plan
        ? { id: plan.id, startsOn: plan.startsOn, hoursNeeded: plan.hoursNeeded, hoursPerWeek: plan.hoursPerWeek, adviserName: plan.adviserName }
        : null,
      hours: { accompaniments: hoursOf(minutes.accompaniments), workshops: hoursOf(minutes.workshops), trainings: hoursOf(minutes.trainings), total },
      trainingSessions: trainings.length,
      weeks,
      percent,
      milestone: [...MILESTONES].reverse().find((m) => percent >= m) ?? 0,
      prescriber: {
        name: followed?.prescriberName ?? null,
        consent: Boolean(followed?.prescriberConsentAt && followed.prescriberEmail),
        lastMilestoneMailed: followed?.milestonePlanId === plan?.id ? (followed?.milestoneMailed ?? 0) : 0,
      },
    };
  }

  /**
   * After new hours: a milestone of the plan newly reached is mailed to the prescriber, once, and
   * only if the person agreed (the job's id makes a second add of the same milestone a no-op).
   */
  async afterRecorded(siteId: string, personIds: string[]): Promise<void> {
    for (const personId of personIds) {
      // The activity is recorded whatever happens here: a milestone not queued now is queued by the next one.
      await this.checkMilestone(siteId, personId).catch((err: Error) => this.log.error(`milestone check failed: ${err.message}`));
    }
  }

  private async checkMilestone(siteId: string, personId: string): Promise<void> {
    const f = await this.of(personId, siteId);
    if (!f.plan || !f.prescriber.consent || f.milestone <= f.prescriber.lastMilestoneMailed) return;
    const row = await this.mediation.followedPerson(personId);
    if (!row) return;
    await this.queues.add(
      MEDIATION_QUEUE,
      'prescriber-milestone',
      { personId, planId: f.plan.id, milestone: f.milestone },
      { jobId: `${f.plan.id}-${f.milestone}` },
    );
    Object.assign(row, { milestonePlanId: f.plan.id, milestoneMailed: f.milestone });
    await this.mediation.saveFollowed(row);
  }

  private async sendMilestone(data: { personId: string; planId: string; milestone: number }): Promise<void> {
    const row = await this.mediation.followedPerson(data.personId);
    // Consent withdrawn since: nothing leaves.
    if (!row?.prescriberConsentAt || !row.prescriberEmail) return;
    const f = await this.of(data.personId, row.siteId);
    if (f.plan?.id !== data.planId) return;
    const [person, site] = await Promise.all([this.people.findPerson(data.personId), this.sites.findById(row.siteId)]);
    const vars = {
      prescriber: row.prescriberName ?? '',
      person: person ? `${person.firstName} ${person.lastName}`.trim() : '',
      hours: String(f.hours.total).replace('.', ','),
      needed: f.plan.hoursNeeded,
      milestone: data.milestone,
      startsOn: f.plan.startsOn.split('-').reverse().join('/'),
      site: site?.name ?? '',
    };
    await this.mail.send({ to: row.prescriberEmail, subject: words('prescriberMail.subject', 'fr', vars), text: words('prescriberMail.text', 'fr', vars) });
    this.log.log(`milestone ${data.milestone} % mailed to the prescriber`);
  }
}
