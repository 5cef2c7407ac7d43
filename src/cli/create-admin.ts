import 'reflect-metadata';
import { createInterface } from 'node:readline/promises';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password-hashing';
import { passwordProblem, PASSWORD_MIN } from '../auth/password-policy';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config.schema';
import { dataSourceOptions } from '../data-source';
import { Person } from '../people/entities/person.entity';

/**
 * `npm run create-admin -- --email a@b.fr [--password …]`: creates (or resets the password of) an
 * administrator. Without --password it asks for one, so it stays out of the shell history.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function main() {
  const email = (arg('email') ?? process.env.ADMIN_EMAIL ?? (await ask('E-mail de l’administrateur : '))).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new ConfigError(`« ${email} » n'est pas une adresse e-mail valide.`);
  const password = arg('password') ?? process.env.ADMIN_PASSWORD ?? (await ask(`Mot de passe (${PASSWORD_MIN} caractères au moins) : `));
  const problem = passwordProblem(password);
  if (problem) throw new ConfigError(problem);

  const db = new DataSource(dataSourceOptions(AppConfig.fromEnv()));
  await db.initialize();
  await db.runMigrations();
  const people = db.getRepository(Person);
  const existing = await people.findOneBy({ email });
  if (existing) {
    await people.update({ id: existing.id }, { role: 'admin', siteId: null, active: true, passwordHash: await hashPassword(password) });
    console.log(`Administrateur mis à jour : ${email}. Admin updated.`);
  } else {
    await people.insert({ email, firstName: 'Admin', role: 'admin', siteId: null, passwordHash: await hashPassword(password) });
    console.log(`Administrateur créé : ${email}. Admin created.`);
  }
  await db.destroy();
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
