import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** Preventive care of a machine, counted in hours of use: « nettoyer la lentille toutes les 40 h ». */
@Entity('maintenance_plans')
export class MaintenancePlan {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Index() @Column({ type: 'varchar', length: 36 }) machineId: string;
  @Column({ type: 'varchar', length: 200 }) task: string;
  /** Hours of use (usage sessions on the machine) between two times the task is done. */
  @Column({ type: 'real' }) everyHours: number;
  /** When it was last done (or the plan created): hours of use are counted from here. */
  @Column({ type: TIMESTAMP }) lastDoneAt: Date;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
