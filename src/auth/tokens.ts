import { createHash, randomBytes } from 'node:crypto';

/** Random secrets are hashed with SHA-256: they have full entropy, so a slow hash adds nothing. */
export const newSecret = () => randomBytes(32).toString('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
