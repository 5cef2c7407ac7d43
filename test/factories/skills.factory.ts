import { as } from './api.factory';
import type { TestApp } from '../e2e/harness';

/** Skills test data, built through the HTTP API as a mediator would. */
export async function skillsOf(t: TestApp, token: string, siteId: string) {
  const res = await as(t, token).get(`/api/skills/frameworks?siteId=${siteId}`).expect(200);
  const byCode = new Map<string, { id: string; code: string; name: string; levels: { level: number; label: string }[] }>();
  for (const fw of res.body) if (fw.current) for (const s of fw.skills) byCode.set(s.code, s);
  return { frameworks: res.body as any[], skill: (code: string) => byCode.get(code)! };
}

export async function createCertification(t: TestApp, token: string, siteId: string, name: string, requirements: { skillId: string; level: number }[]) {
  const res = await as(t, token).post('/api/skills/certifications', { siteId, name, requirements }).expect(201);
  return res.body as { id: string; name: string };
}

export async function createWorkshop(t: TestApp, token: string, siteId: string, overrides: Record<string, unknown> = {}) {
  const res = await as(t, token)
    .post('/api/workshops', {
      siteId,
      title: 'Premiers pas sur ordinateur',
      theme: 'computer_basics',
      startsAt: new Date(Date.now() + 3 * 86400_000).toISOString(),
      durationMinutes: 120,
      capacity: 12,
      ...overrides,
    })
    .expect(201);
  return res.body as { id: string; capacity: number };
}

export async function logEvidence(t: TestApp, token: string, personId: string, skillId: string, level: number, date = '2026-03-02') {
  const res = await as(t, token).post('/api/skills/evidence', { personId, skillId, level, date, source: 'assessment' }).expect(201);
  return res.body;
}
