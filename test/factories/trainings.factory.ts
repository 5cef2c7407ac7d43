import { randomBytes } from 'node:crypto';
import { TestApp } from '../e2e/harness';
import { as, createPerson, login } from './api.factory';

/** Small helpers for the trainings feature, through the HTTP API. */
const uniq = () => randomBytes(3).toString('hex');

/** A person who can log in (a maker by default), with an e-mail. */
export async function createMember(t: TestApp, token: string, siteId: string, overrides: Record<string, unknown> = {}) {
  const email = `member-${uniq()}@test.fablab`;
  const password = 'member-password-1';
  const person = await createPerson(t, token, siteId, { email, password, ...overrides });
  return { person, email, token: await login(t, email, password) };
}

export async function suspend(t: TestApp, token: string, qualificationId: string, reason: string) {
  return as(t, token).post(`/api/qualifications/${qualificationId}/suspend`, { reason });
}

/** Parses a CSV back: BOM, `;` (or `separator`) cells, CRLF lines, quoted cells with doubled quotes. */
export function parseCsv(text: string, separator = ';'): { bom: boolean; rows: string[][] } {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) row.push(cell), (cell = '');
    else if (c === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return { bom, rows };
}
