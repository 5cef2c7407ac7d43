import { sign, verify } from 'node:crypto';
import { SiteKeysService } from './site-keys.service';
import type { SiteKey } from './entities/site-key.entity';

function memoryRepo() {
  const rows = new Map<string, SiteKey>();
  return {
    rows,
    findOneBy: async ({ siteId }: { siteId: string }) => rows.get(siteId) ?? null,
    findOneByOrFail: async ({ siteId }: { siteId: string }) => rows.get(siteId)!,
    create: (v: Partial<SiteKey>) => v as SiteKey,
    save: async (v: SiteKey) => (rows.set(v.siteId, v), v),
  };
}

describe('SiteKeysService', () => {
  it('generates an Ed25519 key pair on first use and returns the same one afterwards', async () => {
    const repo = memoryRepo();
    const keys = new SiteKeysService(repo as never);
    const first = await keys.keyPairFor('site-a');
    expect(first.publicKeyRaw).toHaveLength(32);
    expect(first.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const again = await new SiteKeysService(repo as never).keyPairFor('site-a');
    expect(again.publicKeyPem).toBe(first.publicKeyPem);
    const sig = sign(null, Buffer.from('allow-list'), again.privateKey);
    expect(verify(null, Buffer.from('allow-list'), first.publicKey, sig)).toBe(true);
  });

  it('gives each site its own key', async () => {
    const keys = new SiteKeysService(memoryRepo() as never);
    const a = await keys.keyPairFor('site-a');
    const b = await keys.keyPairFor('site-b');
    expect(a.publicKeyRaw.equals(b.publicKeyRaw)).toBe(false);
  });
});
