import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A "mot de passe oublié" link: single use, short-lived; only the SHA-256 of its secret is stored. */
@Entity('password_resets')
export class PasswordReset {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: TIMESTAMP }) expiresAt: Date;
  @Column({ type: TIMESTAMP, nullable: true }) usedAt: Date | null;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
