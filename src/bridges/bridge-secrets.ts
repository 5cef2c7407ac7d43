import { timingSafeEqual } from 'node:crypto';
import { sha256 } from '../auth/tokens';

/** A secret against its stored hash, in constant time (bridges, plugs' monitors). */
export const sameHash = (secret: string, hash: string) => {
  const a = Buffer.from(sha256(secret));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
};
