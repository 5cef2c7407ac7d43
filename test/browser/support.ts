import type { Page } from 'playwright-core';

/** Debian's chromium, headless, with nothing reaching for the network (the machines have none). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Console errors, script errors and 404s of a page (a CSP violation shows up here). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() === 404 && errors.push(`404 ${r.url()}`));
  return errors;
}

/** Opens a protected page, goes through the French login form, lands back on it. */
export async function logIn(page: Page, baseUrl: string, who: { email: string; password: string }, from: string): Promise<void> {
  await page.goto(`${baseUrl}${from}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Mot de passe').fill(who.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${baseUrl}${from}`);
}
