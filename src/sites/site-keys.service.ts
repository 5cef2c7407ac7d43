import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../infra/database/db-errors';
import { SiteKey } from './entities/site-key.entity';

export interface SiteKeyPair {
  publicKeyPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The 32 raw bytes of the Ed25519 public key (for did:key / Multikey). */
  publicKeyRaw: Buffer;
}

/** Raw 32-byte Ed25519 public key out of its SPKI DER form (12-byte fixed prefix). */
export function rawEd25519PublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.from(der.subarray(der.length - 32));
}

/**
 * SHA-256 of the public key's SPKI DER, in groups of four hex digits: what an installer compares
 * with `openssl pkey -pubin -in key.pem -outform DER | sha256sum` on the bridge.
 */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const hex = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  return hex.match(/.{4}/g)!.join(' ');
}

/** One Ed25519 key pair per site, generated on first use and kept in site_keys. */
@Injectable()
export class SiteKeysService {
  private readonly cache = new Map<string, SiteKeyPair>();

  constructor(@InjectRepository(SiteKey) private readonly keys: Repository<SiteKey>) {}

  async keyPairFor(siteId: string): Promise<SiteKeyPair> {
    const cached = this.cache.get(siteId);
    if (cached) return cached;
    let row = await this.keys.findOneBy({ siteId });
    if (!row) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const fresh = this.keys.create({
        siteId,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
      try {
        row = await this.keys.save(fresh);
      } catch (err) {
        // Two first uses at once: the other one won, use its key.
        if (!isUniqueViolation(err)) throw err;
        row = await this.keys.findOneByOrFail({ siteId });
      }
    }
    const publicKey = createPublicKey(row.publicKeyPem);
    const pair: SiteKeyPair = {
      publicKeyPem: row.publicKeyPem,
      privateKey: createPrivateKey(row.privateKeyPem),
      publicKey,
      publicKeyRaw: rawEd25519PublicKey(publicKey),
    };
    this.cache.set(siteId, pair);
    return pair;
  }
}
