import type { DemoLogin } from '../auth/login-hints';
import type { Role } from '../common/roles';

/**
 * One login per role of the demo. Public passwords: never run the demo on a real install.
 * « Bénévole » is the `volunteer` role (repair workshop, stock); « entrepreneur·e » is the
 * `entrepreneur` role, a maker billed to a company (ChargesService category `entreprise`).
 */
export const DEMO_ACCOUNTS = {
  maker: { email: 'amina.kaci@demo.fablab', password: 'demo-maker-2026' },
  volunteer: { email: 'youssef.haddad@demo.fablab', password: 'demo-benevole-2026' },
  entrepreneur: { email: 'sofia.benali@demo.fablab', password: 'demo-entrepreneur-2026' },
  trainer: { email: 'marc.rousseau@demo.fablab', password: 'demo-formateur-2026' },
  mediator: { email: 'nadia.leroy@demo.fablab', password: 'demo-mediatrice-2026' },
  manager: { email: 'manager@demo.fablab', password: 'demo-manager-2026' },
} satisfies Partial<Record<Role, { email: string; password: string }>>;

export const DEMO_MANAGER = DEMO_ACCOUNTS.manager;
/** Made only when the install has no admin yet (else the admin is ADMIN_EMAIL's). */
export const DEMO_ADMIN = { email: 'admin@demo.fablab', password: 'demo-admin-2026' };

const ROLE_WORDS: Record<keyof typeof DEMO_ACCOUNTS | 'admin', string> = {
  maker: 'Maker',
  volunteer: 'Bénévole (atelier de réparation)',
  entrepreneur: 'Entrepreneur·e',
  trainer: 'Formateur',
  mediator: 'Médiatrice numérique (EPN)',
  manager: 'Responsable du lieu',
  admin: 'Administrateur',
};

const NAMES: Record<keyof typeof DEMO_ACCOUNTS, string> = {
  maker: 'Amina Kaci',
  volunteer: 'Youssef Haddad',
  entrepreneur: 'Sofia Benali',
  trainer: 'Marc Rousseau',
  mediator: 'Nadia Leroy',
  manager: 'Claire Dubois',
};

/** The logins the demo's login page lists; the admin's only when the demo made it. */
export function demoLogins(withAdmin: boolean): DemoLogin[] {
  const people = (Object.keys(DEMO_ACCOUNTS) as Array<keyof typeof DEMO_ACCOUNTS>).map((role) => ({
    role: ROLE_WORDS[role],
    name: NAMES[role],
    ...DEMO_ACCOUNTS[role],
  }));
  return withAdmin ? [...people, { role: ROLE_WORDS.admin, name: 'Admin', ...DEMO_ADMIN }] : people;
}
