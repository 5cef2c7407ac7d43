import { ConflictException, HttpException } from '@nestjs/common';
import { dayOf, dayWords, euros, Lang, localNumber } from '../common/local-format';
import { fieldReason, invalidInput } from '../common/validation';
import type { Device, StorageKind } from './entities/device.entity';
import type { ErasureRecord } from './entities/erasure.entity';
import type { EligibilityCriterion } from './entities/settings.entity';
import { releaseToBeneficiary } from './refurbish';

type Words = { fr: string; en: string };

/**
 * Why a device cannot go in the public catalogue, or null when it may: the rule of a release
 * (`releaseToBeneficiary`: donated, every check good, verified erasure, a grade) — the same rule,
 * not a copy — plus a price (0 for a donation) and not already given or reserved.
 */
export function notReadyReason(
  device: Pick<Device, 'purpose' | 'checklist' | 'hasStorage' | 'grade' | 'releasedAt' | 'priceCents' | 'reservedRequestId'>,
  erasures: Pick<ErasureRecord, 'verified'>[],
): HttpException | null {
  try {
    releaseToBeneficiary(device, erasures, [], { mode: 'donation', priceCents: 0 });
  } catch (err) {
    if (err instanceof HttpException) return err;
    throw err;
  }
  if (device.priceCents === null || device.priceCents === undefined) {
    return new ConflictException({ code: 'price_required', message: 'Indiquez le prix en euros (0 pour un don). A price is required.' });
  }
  if (device.reservedRequestId) return new ConflictException({ code: 'device_reserved', message: 'Cet appareil est déjà réservé. Already reserved.' });
  return null;
}

export const isReady = (...args: Parameters<typeof notReadyReason>) => notReadyReason(...args) === null;

/** « 2027-06-05 »: the calendar day `months` after `day` (31 August + 6 months = 28 or 29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.getUTCFullYear()}-${String(first.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The last day of the workshop's warranty, a calendar day of the site's zone (the release's local day + months). */
export const warrantyEndDay = (releasedAt: Date, months: number, zone: string): string => addMonths(dayOf(releasedAt, zone), months);

export const warrantyEndWords = (releasedAt: Date, months: number, zone: string, lang: Lang): string =>
  dayWords(warrantyEndDay(releasedAt, months, zone), lang);

const STORAGE_WORDS: Record<StorageKind, string> = { ssd: 'SSD', hdd: 'disque dur', emmc: 'eMMC' };
const STORAGE_WORDS_EN: Record<StorageKind, string> = { ssd: 'SSD', hdd: 'hard disk', emmc: 'eMMC' };

/** What a buyer reads of a device, one line each (« Mémoire : 8 Go »); a spec not filled in is left out. */
export function specLines(
  d: Pick<Device, 'cpu' | 'ramGb' | 'storageGb' | 'storageKind' | 'screenInches' | 'osInstalled'>,
  lang: Lang,
): Array<[string, string]> {
  const fr = lang === 'fr';
  const lines: Array<[string, string]> = [];
  if (d.cpu) lines.push([fr ? 'Processeur' : 'Processor', d.cpu]);
  if (d.ramGb) lines.push([fr ? 'Mémoire vive' : 'Memory', `${localNumber(d.ramGb, lang)} ${fr ? 'Go' : 'GB'}`]);
  if (d.storageGb) {
    const kind = d.storageKind ? ` ${(fr ? STORAGE_WORDS : STORAGE_WORDS_EN)[d.storageKind]}` : '';
    lines.push([fr ? 'Stockage' : 'Storage', `${localNumber(d.storageGb, lang)} ${fr ? 'Go' : 'GB'}${kind}`]);
  }
  if (d.screenInches) lines.push([fr ? 'Écran' : 'Screen', `${localNumber(d.screenInches, lang)} ${fr ? 'pouces' : 'inches'}`]);
  if (d.osInstalled) lines.push([fr ? 'Système' : 'System', d.osInstalled]);
  return lines;
}

export const FREE_WORDS: Words = { fr: 'Gratuit (don)', en: 'Free (donation)' };

/** « 45,00 € », or « Gratuit (don) » for 0. */
export const priceWords = (cents: number, lang: Lang): string => (cents === 0 ? FREE_WORDS[lang] : euros(cents, lang));

/**
 * The situations a person ticked, checked against the site's criteria: each must be one of them,
 * and when the site has any, at least one must be ticked. Each tick is a « yes »: no document, no number.
 */
export function checkEligibility(ticked: string[], criteria: EligibilityCriterion[]): string[] {
  const codes = criteria.map((c) => c.code);
  const unknown = ticked.filter((t) => !codes.includes(t));
  if (unknown.length) {
    throw invalidInput([
      fieldReason('eligibility', {
        fr: `Situation inconnue de ce lieu : ${unknown.join(', ')}.`,
        en: `Situation unknown to this site: ${unknown.join(', ')}.`,
      }),
    ]);
  }
  if (codes.length && !ticked.length) {
    throw invalidInput([
      fieldReason('eligibility', {
        fr: `Cochez la situation qui vous concerne (au moins une) : ${criteria.map((c) => c.label).join(' ; ')}.`,
        en: `Tick the situation that applies to you (at least one): ${criteria.map((c) => c.label).join('; ')}.`,
      }),
    ]);
  }
  return [...new Set(ticked)];
}
