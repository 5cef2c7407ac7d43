import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang } from '../web/i18n';
import { AuthService } from './auth.service';

/** One login of the demo, shown on its login page (the passwords are public: demo only). */
export interface DemoLogin {
  role: string;
  name: string;
  email: string;
  password: string;
}

const CREATE_ADMIN = 'npm run create-admin -- --email vous@exemple.fr';

const tr = defineDictionary({
  'firstAdmin.title': { fr: 'Aucun administrateur pour l’instant', en: 'No administrator yet' },
  'firstAdmin.cli': {
    fr: 'Sur le serveur, créez le premier compte administrateur (le mot de passe vous sera demandé) :',
    en: 'On the server, create the first administrator account (you will be asked for a password):',
  },
  'firstAdmin.env': {
    fr: 'ou démarrez le serveur avec les variables ADMIN_EMAIL et ADMIN_PASSWORD (12 caractères au moins).',
    en: 'or start the server with ADMIN_EMAIL and ADMIN_PASSWORD set (12 characters at least).',
  },
  'demo.title': { fr: 'Comptes de démonstration', en: 'Demo accounts' },
  'demo.intro': { fr: 'Mots de passe publics : cette installation est une démo.', en: 'Public passwords: this install is a demo.' },
});

/** What `npm start` prints while nobody can log in yet. French first, English second. */
export function firstAdminLogLines(): string[] {
  return [
    '  (!) Aucun administrateur pour l’instant. Pour créer le premier :',
    `      ${CREATE_ADMIN}   (le mot de passe est demandé)`,
    '      ou démarrez avec ADMIN_EMAIL=vous@exemple.fr et ADMIN_PASSWORD=… (12 caractères au moins).',
    `      No admin yet: run ${CREATE_ADMIN.replace('vous@exemple.fr', 'you@example.org')}`,
    '      or start with ADMIN_EMAIL and ADMIN_PASSWORD set.',
  ];
}

/**
 * What the login page says above its form for a newcomer: how to create the first admin while
 * there is none, and the demo's logins when running `npm run demo` (never otherwise).
 */
@Injectable()
export class LoginHints {
  /** Once an admin exists the hint is gone for good: no query per page view after that. */
  private adminSeen = false;
  private demoLogins: DemoLogin[] = [];

  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** Called by the demo once seeded; ignored unless DEMO is set. */
  showDemoLogins(logins: DemoLogin[]): void {
    this.demoLogins = this.config.env.DEMO ? logins : [];
  }

  async forLoginPage(lang: Lang): Promise<SafeHtml> {
    if (!this.adminSeen) this.adminSeen = await this.auth.adminExists();
    return html`${this.adminSeen ? '' : firstAdminHint(lang)}${this.demoLogins.length ? demoLoginsHint(this.demoLogins, lang) : ''}`;
  }
}

function firstAdminHint(lang: Lang): SafeHtml {
  return html`<div class="login-hint first-admin" role="note">
  <h2>${tr('firstAdmin.title', lang)}</h2>
  <p>${tr('firstAdmin.cli', lang)}</p>
  <pre><code>${CREATE_ADMIN}</code></pre>
  <p>${tr('firstAdmin.env', lang)}</p>
</div>`;
}

function demoLoginsHint(logins: DemoLogin[], lang: Lang): SafeHtml {
  return html`<div class="login-hint demo-logins" role="note">
  <h2>${tr('demo.title', lang)}</h2>
  <p>${tr('demo.intro', lang)}</p>
  <ul>${logins.map((l) => html`<li><strong>${l.role}</strong> · ${l.name}<br><code>${l.email}</code> / <code>${l.password}</code></li>`)}</ul>
</div>`;
}
