import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A photo of a device: the cleaned image and its thumbnail, both in the file store. */
@Entity('repair_photos')
export class DevicePhoto {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) deviceId: string;
  @Column({ type: 'varchar', length: 64 }) sha256: string;
  @Column({ type: 'varchar', length: 64 }) thumbSha256: string;
  @Column({ type: 'integer' }) width: number;
  @Column({ type: 'integer' }) height: number;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
