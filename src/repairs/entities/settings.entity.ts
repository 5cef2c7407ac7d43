import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JSON_COLUMN } from '../../infra/database/column-types';

export interface EligibilityCriterion {
  code: string;
  label: string;
}

/** Per-site settings of the repair workshop. */
@Entity('repair_site_settings')
export class RepairSiteSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  /** ISO 3166-1 alpha-3, for the ORDS export. */
  @Column({ type: 'varchar', length: 3, default: 'FRA' }) country: string;
  @Column({ type: 'varchar', length: 120, default: '' }) dataProvider: string;
  @Column({ type: JSON_COLUMN, default: '[]' }) eligibilityCriteria: EligibilityCriterion[];
  @Column({ type: 'integer', default: 6 }) warrantyMonths: number;
  /** The site publishes its catalogue of refurbished devices (`/catalogue/<slug>`). */
  @Column({ type: 'boolean', default: false }) catalogueOpen: boolean;
}
