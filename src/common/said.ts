const ENGLISH = new Map<string, string>();

/**
 * A message of a DTO or input rule, French first, with its English kept aside: the message is the
 * French sentence (what the API says by default); a page in English gets the English one
 * (src/common/validation.ts). `@IsEmail({}, { message: said('e-mail invalide', 'invalid e-mail') })`.
 */
export function said(fr: string, en: string): string {
  ENGLISH.set(fr, en);
  return fr;
}

/** The English of a French reason when one was given (`said`), else the French as is. */
export const englishOf = (fr: string): string => ENGLISH.get(fr) ?? fr;
