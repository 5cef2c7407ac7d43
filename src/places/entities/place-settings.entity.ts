import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { JSON_COLUMN, TIMESTAMP } from '../../infra/database/column-types';

/**
 * What a site says about itself as a place of the national places standard (src/places/places-standard.ts),
 * and whether it publishes it. Its name and opening hours are not here: they are the site's own
 * (sites) and its weekly hours and closed days (bookings), read when the record is written.
 */
@Entity('place_settings')
export class PlaceSettings {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  /** « Publier » : the record is in /api/places.csv, .json and on /lieux only when true. */
  @Column({ type: 'boolean', default: false }) published: boolean;
  /** SIRET (14 digits), else RNA (W + 9). */
  @Column({ type: 'varchar', length: 14, nullable: true }) pivot: string | null;
  /** Street part: « 12 rue de Siam ». */
  @Column({ type: 'varchar', length: 300, default: '' }) address: string;
  @Column({ type: 'varchar', length: 300, default: '' }) addressComplement: string;
  @Column({ type: 'varchar', length: 150, default: '' }) commune: string;
  @Column({ type: 'varchar', length: 5, default: '' }) postalCode: string;
  @Column({ type: 'varchar', length: 5, nullable: true }) inseeCode: string | null;
  @Column({ type: 'double precision', nullable: true }) latitude: number | null;
  @Column({ type: 'double precision', nullable: true }) longitude: number | null;
  @Column({ type: JSON_COLUMN, default: '[]' }) typologies: string[];
  /** International form without spaces: +33298000000. */
  @Column({ type: 'varchar', length: 16, nullable: true }) phone: string | null;
  @Column({ type: JSON_COLUMN, default: '[]' }) emails: string[];
  @Column({ type: JSON_COLUMN, default: '[]' }) websites: string[];
  @Column({ type: 'varchar', length: 280, default: '' }) summary: string;
  @Column({ type: 'text', default: '' }) details: string;
  @Column({ type: JSON_COLUMN, default: '[]' }) roaming: string[];
  @Column({ type: 'varchar', length: 200, default: '' }) parent: string;
  @Column({ type: JSON_COLUMN, default: '[]' }) services: string[];
  @Column({ type: JSON_COLUMN, default: '[]' }) publics: string[];
  @Column({ type: JSON_COLUMN, default: '[]' }) specificSupport: string[];
  @Column({ type: JSON_COLUMN, default: '[]' }) fees: string[];
  @Column({ type: JSON_COLUMN, default: '[]' }) programmes: string[];
  @Column({ type: JSON_COLUMN, default: '[]' }) trainingLabels: string[];
  @Column({ type: 'varchar', length: 500, default: '' }) otherLabels: string;
  @Column({ type: JSON_COLUMN, default: '[]' }) accessModes: string[];
  @Column({ type: JSON_COLUMN, default: '[]' }) supportModes: string[];
  @Column({ type: 'varchar', length: 500, nullable: true }) accessLibreUrl: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) bookingUrl: string | null;
  /** `date_maj` of the record (the day on the site's clock). */
  @UpdateDateColumn({ type: TIMESTAMP }) updatedAt: Date;
}
