import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Days a site is closed (holidays, summer closure), both ends included, local dates. */
@Entity('booking_closures')
export class SiteClosure {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 10 }) startsOn: string;
  @Column({ type: 'varchar', length: 10 }) endsOn: string;
  @Column({ type: 'varchar', length: 200, default: '' }) reason: string;
}
