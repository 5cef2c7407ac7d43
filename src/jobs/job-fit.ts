import { Injectable } from '@nestjs/common';
import type { Machine } from '../machines/entities/machine.entity';
import { PeopleService } from '../people/people.service';
import { TrainingsService } from '../trainings/trainings.service';
import type { FabJob } from './entities/fab-job.entity';
import type { GcodeAnalysis } from './gcode/analyse';

/** Whether a job fits a machine: its state, work area, material, nozzle, and its owner's trainings (asked of trainings). */
@Injectable()
export class JobFitCheck {
  constructor(
    private readonly people: PeopleService,
    private readonly trainings: TrainingsService,
  ) {}

  /** Why a job cannot run on a machine, in plain French (English after), or null when it fits. */
  async refusal(job: FabJob, m: Machine, a: { bbox: GcodeAnalysis['bbox']; nozzleMm?: number | null }): Promise<string | null> {
    if (['disabled', 'maintenance'].includes(m.status)) return `la machine est hors service (${m.status}). The machine is out of service.`;
    const area = m.profile?.workArea;
    const b = a.bbox;
    if (area && b) {
      const w = b.maxX - b.minX;
      const d = b.maxY - b.minY;
      const h = b.maxZ - b.minZ;
      const tooBig = w > area.x + 1e-6 || d > area.y + 1e-6 || (area.z !== undefined && h > area.z + 1e-6);
      const outside = b.minX < -1e-6 || b.minY < -1e-6 || b.maxX > area.x + 1e-6 || b.maxY > area.y + 1e-6 || (area.z !== undefined && b.maxZ > area.z + 1e-6);
      if (tooBig || outside) {
        const f = (v: number) => Math.round(v * 10) / 10;
        return `trop grand pour la zone de travail : ${f(w)} × ${f(d)} × ${f(h)} mm pour ${area.x} × ${area.y}${area.z !== undefined ? ` × ${area.z}` : ''} mm. Too big for the work area.`;
      }
    }
    const materials = m.profile?.materials;
    if (job.material && materials && materials.length > 0 && !materials.map((x) => x.toLowerCase()).includes(job.material.toLowerCase())) {
      return `matériau « ${job.material} » non accepté (accepté : ${materials.join(', ')}). Material not accepted on this machine.`;
    }
    const nozzle = m.profile?.nozzleMm;
    const wanted = a.nozzleMm;
    if (nozzle && wanted && Math.abs(nozzle - wanted) > 1e-6) {
      return `buse de ${wanted} mm demandée, la machine a ${nozzle} mm. Wrong nozzle.`;
    }
    // Staff send jobs to any machine of their lab; the others need what trainings says they need.
    const owner = await this.people.findPerson(job.ownerId);
    if (owner && !['manager', 'admin'].includes(owner.role)) {
      const missing = await this.trainings.trainingsMissingFor(owner.id, m);
      if (missing.length > 0) return `formation requise : ${missing.map((t) => t.name).join(' ou ')}. Training required.`;
    }
    return null;
  }
}
