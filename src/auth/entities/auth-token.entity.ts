import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/** A login: the cookie or bearer token is random; only its SHA-256 is stored. */
@Entity('auth_tokens')
export class AuthToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index() @Column({ type: 'varchar', length: 36 }) personId: string;
  @Index({ unique: true }) @Column({ type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: TIMESTAMP }) expiresAt: Date;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
