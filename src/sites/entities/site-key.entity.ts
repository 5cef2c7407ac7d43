import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../../infra/database/column-types';

/**
 * A site's Ed25519 signing key (credentials, signed offline allow-lists). The private key never
 * leaves the server: no route returns this row, only the public key derived from it.
 */
@Entity('site_keys')
export class SiteKey {
  @PrimaryColumn({ type: 'varchar', length: 36 }) siteId: string;
  @Column({ type: 'varchar', length: 20, default: 'Ed25519' }) algorithm: string;
  @Column({ type: 'text' }) publicKeyPem: string;
  @Column({ type: 'text' }) privateKeyPem: string;
  @CreateDateColumn({ type: TIMESTAMP }) createdAt: Date;
}
