import { releaseToBeneficiary } from './refurbish';

const ready = () => ({
  purpose: 'refurbish' as const,
  checklist: [
    { item: 'screen', ok: true },
    { item: 'battery_health', ok: true },
  ],
  hasStorage: true,
  grade: 'B' as const,
  releasedAt: null,
});
const erased = [{ verified: true }];
const donation = { mode: 'donation' as const, priceCents: 0, eligibilityCriterion: 'rsa' };

describe('releaseToBeneficiary', () => {
  it('releases a tested, erased and graded donated device to an eligible person', () => {
    expect(() => releaseToBeneficiary(ready(), erased, ['rsa', 'job_seeker'], donation)).not.toThrow();
  });

  it('never releases a device with storage and no verified erasure', () => {
    expect(() => releaseToBeneficiary(ready(), [], [], donation)).toThrow(/Effacement/);
    expect(() => releaseToBeneficiary(ready(), [{ verified: false }], [], donation)).toThrow(/Effacement/);
  });

  it('refuses when one drive of several failed its verification', () => {
    expect(() => releaseToBeneficiary(ready(), [{ verified: true }, { verified: false }], [], donation)).toThrow(/échoué/);
  });

  it('releases a device without storage (e.g. a printer) without erasure', () => {
    expect(() => releaseToBeneficiary({ ...ready(), hasStorage: false }, [], [], donation)).not.toThrow();
  });

  it('refuses an untested function (décret 2022-190: all functions tested)', () => {
    const d = {
      ...ready(),
      checklist: [
        { item: 'screen', ok: true },
        { item: 'battery_health', ok: null },
      ],
    };
    expect(() => releaseToBeneficiary(d, erased, [], donation)).toThrow(/testées/);
  });

  it('refuses a donation with a price, and a release without grade', () => {
    expect(() => releaseToBeneficiary(ready(), erased, [], { ...donation, priceCents: 500 })).toThrow(/gratuit/);
    expect(() => releaseToBeneficiary({ ...ready(), grade: null }, erased, [], donation)).toThrow(/grade/);
  });

  it('asks for one of the site’s eligibility criteria when the site has some', () => {
    expect(() => releaseToBeneficiary(ready(), erased, ['rsa'], { ...donation, eligibilityCriterion: 'student' })).toThrow(/éligibilité/);
    expect(() => releaseToBeneficiary(ready(), erased, [], { ...donation, eligibilityCriterion: null })).not.toThrow();
  });
});
