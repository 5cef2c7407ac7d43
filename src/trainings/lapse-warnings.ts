import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccessReadService } from '../access/access-read.service';
import { addDays, dayOf, Lang, localDate } from '../common/local-format';
import { isUniqueViolation } from '../infra/database/db-errors';
import { MailService } from '../infra/mail/mail.service';
import { MachinesService } from '../machines/machines.service';
import { PeopleService } from '../people/people.service';
import { SitesService } from '../sites/sites.service';
import { defineDictionary, langOfLocale } from '../web/i18n';
import type { Qualification } from './entities/qualification.entity';
import { QualificationLapseWarning } from './entities/qualification-checkup.entity';
import type { Training } from './entities/training.entity';
import { LastUse, lapseOf, lastUseOf } from './lapse';
import { TrainingsService } from './trainings.service';

const words = defineDictionary({
  'lapseMail.subject': { fr: 'Votre formation « {training} » sera inactive le {date}', en: 'Your {training} training lapses on {date}' },
  'lapseMail.text': {
    fr: [
      'Bonjour {firstName},',
      '',
      'Vous n’avez pas utilisé les machines de la formation « {training} » depuis le {since}.',
      'Sans séance d’ici le {date} (plus de {months} mois sans utilisation), votre badge ne les ouvrira plus :',
      'il faudra alors une remise à niveau avec un formateur ou une formatrice.',
      'Une seule séance sur l’une de ces machines d’ici là suffit à la garder active.',
      '',
      'À bientôt,',
      '{site}',
    ].join('\n'),
    en: [
      'Hello {firstName},',
      '',
      'You have not used the machines of the {training} training since {since}.',
      'Without a session by {date} (more than {months} months unused), your badge will no longer open them:',
      'you would then need a check-up with a trainer.',
      'One session on one of these machines before then keeps it active.',
      '',
      'See you soon,',
      '{site}',
    ].join('\n'),
  },
});

/** The warning a person gets before their qualification lapses from disuse, in their language, days on the site's clock. */
export function lapseMail(
  firstName: string,
  training: Pick<Training, 'name' | 'lapseMonths'> & { nameEn?: string | null },
  lapse: { lapsesAt: Date; lastActiveOn: Date },
  site: { name: string; zone: string },
  lang: Lang = 'fr',
) {
  const vars = {
    firstName,
    training: (lang === 'en' && training.nameEn) || training.name,
    date: localDate(lapse.lapsesAt, site.zone, lang),
    since: localDate(lapse.lastActiveOn, site.zone, lang),
    months: training.lapseMonths ?? 0,
    site: site.name,
  };
  return { subject: words('lapseMail.subject', lang, vars), text: words('lapseMail.text', lang, vars) };
}

export interface LapseWarningRun {
  sent: number;
  skippedNoEmail: number;
  alreadySent: number;
}

/**
 * Warns, `lapseWarnDays` before, the holders of a qualification about to lapse from disuse
 * (trainings with `lapseMonths`); once per qualification and lapse day (a session or a check-up
 * moves the day, and a later warning is sent for the new one). Run with the site's daily
 * reminders (`trainings.site-reminders`, 09:00 on the site's clock). Last uses come from access's
 * read service.
 */
@Injectable()
export class LapseWarnings {
  private readonly log = new Logger('LapseWarnings');

  constructor(
    private readonly trainings: TrainingsService,
    private readonly people: PeopleService,
    private readonly sites: SitesService,
    private readonly mail: MailService,
    private readonly reads: AccessReadService,
    private readonly machines: MachinesService,
    @InjectRepository(QualificationLapseWarning) private readonly warnings: Repository<QualificationLapseWarning>,
  ) {}

  async sendDue(now: Date, siteId?: string): Promise<LapseWarningRun> {
    const run: LapseWarningRun = { sent: 0, skippedNoEmail: 0, alreadySent: 0 };
    const lapsing = (await this.trainings.allTrainings()).filter((t) => t.lapseMonths && (!siteId || t.siteId === siteId));
    for (const site of [...new Set(lapsing.map((t) => t.siteId))])
      await this.sendForSite(
        site,
        lapsing.filter((t) => t.siteId === site),
        now,
        run,
      );
    if (run.sent) this.log.log(`sent ${run.sent} lapse warnings`);
    return run;
  }

  private async sendForSite(siteId: string, trainings: Training[], now: Date, run: LapseWarningRun) {
    const [quals, uses, machines, zone, site] = await Promise.all([
      this.trainings.qualificationsFor({ siteId }),
      this.reads.lastUses(siteId),
      this.machines.ofSite(siteId),
      this.sites.zoneOf(siteId),
      this.sites.findById(siteId),
    ]);
    const types = new Map(machines.map((m) => [m.id, m.type as string]));
    const lastUses: LastUse[] = uses.map((u) => ({ ...u, machineType: types.get(u.machineId) ?? '' }));
    const today = dayOf(now, zone);
    // Per person and training, the qualification that lapses last (a newer pass supersedes an older one).
    const best = new Map<string, { q: Qualification; t: Training; lapse: NonNullable<ReturnType<typeof lapseOf>> }>();
    for (const q of quals) {
      const t = trainings.find((x) => x.id === q.trainingId);
      if (!t || q.suspendedAt || (q.expiresAt && q.expiresAt <= now)) continue;
      const lapse = lapseOf(q, t, lastUseOf(t, q.personId, lastUses), zone);
      if (!lapse) continue;
      const key = `${q.personId}:${t.id}`;
      const seen = best.get(key);
      if (!seen || lapse.lapsesOn > seen.lapse.lapsesOn) best.set(key, { q, t, lapse });
    }
    for (const { q, t, lapse } of best.values()) {
      // Not lapsed yet, and within the warning's days (a server down that morning still warns the next day).
      if (lapse.lapsesAt <= now || lapse.lapsesOn > addDays(today, t.lapseWarnDays)) continue;
      await this.warn(q, t, lapse, { name: site?.name ?? '', zone }, now, run);
    }
  }

  private async warn(
    q: Qualification,
    t: Training,
    lapse: { lapsesOn: string; lapsesAt: Date; lastActiveOn: string },
    site: { name: string; zone: string },
    now: Date,
    run: LapseWarningRun,
  ) {
    const person = await this.people.findPerson(q.personId);
    if (!person?.active || !person.email) {
      run.skippedNoEmail++;
      return;
    }
    // The row is the claim: with several instances, only the one that inserts it sends.
    try {
      await this.warnings.insert({ qualificationId: q.id, lapsesOn: lapse.lapsesOn, sentAt: now });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      run.alreadySent++;
      return;
    }
    const lastActiveOn = new Date(`${lapse.lastActiveOn}T12:00:00Z`);
    try {
      await this.mail.send({
        to: person.email,
        ...lapseMail(person.firstName, t, { lapsesAt: lapse.lapsesAt, lastActiveOn }, site, langOfLocale(person.locale)),
      });
      run.sent++;
    } catch (err) {
      await this.warnings.delete({ qualificationId: q.id, lapsesOn: lapse.lapsesOn });
      throw err;
    }
  }
}
