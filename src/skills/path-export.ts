import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import type { Person } from '../people/entities/person.entity';
import { CredentialsService } from './credentials.service';
import { EvidenceService } from './evidence.service';
import { PathsService } from './paths.service';

/** A person's whole path, to take elsewhere: JSON (with every signed credential) and PDF. */
@Injectable()
export class PathExport {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly paths: PathsService,
    private readonly credentials: CredentialsService,
  ) {}

  async json(person: Person) {
    const [evidence, progress, credentials, plans, profile] = await Promise.all([
      this.evidence.ofPerson(person.id),
      this.paths.progress(person.siteId!, person.id),
      this.credentials.ofPerson(person.id),
      this.paths.plansOf(person.id),
      this.paths.profile(person.id),
    ]);
    return {
      exportedAt: new Date().toISOString(),
      person: { id: person.id, firstName: person.firstName, lastName: person.lastName },
      need: profile?.need ?? null,
      evidence: evidence.map((e) => ({
        date: e.date,
        level: e.level,
        levelLabel: e.skill?.levels.find((l) => l.level === e.level)?.label,
        source: e.source,
        skill: e.skill && { code: e.skill.code, name: e.skill.name, nameEn: e.skill.nameEn, area: e.skill.area },
        validatedBy: e.validatedBy,
        note: e.note,
      })),
      progress,
      plans,
      credentials: credentials.map((c) => c.document),
    };
  }

  async pdf(person: Person): Promise<Buffer> {
    const data = await this.json(person);
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Parcours de ${person.firstName}` } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.fontSize(20).text(`Parcours de compétences — ${person.firstName} ${person.lastName}`.trim());
    doc
      .moveDown(0.5)
      .fontSize(10)
      .fillColor('#555')
      .text(`Exporté le ${data.exportedAt.slice(0, 10)}`)
      .fillColor('black');
    doc.moveDown().fontSize(14).text('Objectifs');
    for (const p of data.progress) {
      doc.fontSize(11).text(`• ${p.certification.name} : ${p.percent} %${p.achieved ? ' (atteint)' : ''}`);
      for (const m of p.missing) doc.fontSize(9).text(`    manque : ${m.name ?? m.code} — niveau ${m.need} (actuel ${m.have})`);
    }
    doc.moveDown().fontSize(14).text('Compétences acquises');
    for (const e of data.evidence) {
      doc.fontSize(10).text(`${e.date}  ${e.skill?.name ?? '?'} — ${e.levelLabel ?? e.level}  (${e.source})`);
    }
    doc.moveDown().fontSize(14).text('Attestations (Open Badges 3.0)');
    for (const c of data.credentials as Array<{ id: string; name: string }>) {
      doc.fontSize(10).text(`${c.name} — ${c.id}`);
    }
    doc.end();
    return done;
  }
}
