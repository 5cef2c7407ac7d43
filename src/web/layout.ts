import type { Viewer } from '../common/viewer';
import type { Role } from '../common/roles';
import { csrfField } from './form-bits';
import { html, SafeHtml } from './html';
import { Lang, LANGS, t } from './i18n';

export { escapeHtml, html, jsonIsland, raw, SafeHtml } from './html';

export interface LayoutOptions {
  title: string;
  lang: Lang;
  viewer?: Viewer | null;
  body: SafeHtml;
  /** Extra scripts under /assets/ (e.g. '/assets/live.js'); forms.js is always included. */
  scripts?: string[];
  /** Wide content (tables, tile grids) instead of the reading column. */
  wide?: boolean;
  /** Wall-screen mode: no navigation, big tiles, dark theme. */
  wall?: boolean;
  /** The current URL (req.originalUrl), so the language switch stays on the same page. */
  path?: string;
  /** Which nav entry is the current page (its href, e.g. '/machines'). */
  current?: string;
  /** The request's CSRF token (req.csrfToken): forms.js sends it with every form. */
  csrfToken?: string;
}

interface NavLink {
  href: string;
  key: string;
  roles?: Role[];
}

/** Who sees which entry; the pages themselves check roles again. */
const NAV: NavLink[] = [
  { href: '/machines', key: 'nav.machines' },
  { href: '/people', key: 'nav.people', roles: ['manager', 'trainer', 'volunteer'] },
  { href: '/badges', key: 'nav.badges', roles: ['manager', 'trainer'] },
  { href: '/trainings', key: 'nav.trainings' },
  { href: '/admin/machines', key: 'nav.adminMachines', roles: ['manager'] },
  { href: '/api/docs', key: 'nav.apiDocs', roles: ['manager'] },
];

/** Nav entries other features may add (e.g. `{ href: '/bookings', key: 'nav.bookings' }`). */
export function addNavLink(link: NavLink): void {
  if (!NAV.some((l) => l.href === link.href)) NAV.push(link);
}

const canSee = (viewer: Viewer, link: NavLink) => !link.roles || viewer.role === 'admin' || link.roles.includes(viewer.role);

/** The same URL with `lang` set, for the FR | EN switch. */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path || '/', 'http://x');
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

function topBar(o: LayoutOptions): SafeHtml {
  const { lang, viewer } = o;
  const switcher = html`<nav class="langs" aria-label="${t('nav.language', lang)}">${LANGS.map((l, i) =>
    html`${i ? html`<span aria-hidden="true">|</span>` : ''}<a href="${withLang(o.path ?? '/', l)}" lang="${l}" hreflang="${l}"${
      l === lang ? html` aria-current="true"` : ''
    }>${l.toUpperCase()}</a>`,
  )}</nav>`;
  const items = viewer
    ? NAV.filter((l) => canSee(viewer, l)).map(
        (l) => html`<li><a href="${l.href}"${o.current === l.href ? html` aria-current="page"` : ''}>${t(l.key, lang)}</a></li>`,
      )
    : [];
  const links = viewer ? html`<nav class="nav" aria-label="Navigation"><ul>${items}</ul></nav>` : '';
  const logout = html`<a href="/password/change">${t('nav.password', lang)}</a><form method="post" action="/logout" class="logout">${csrfField(o.csrfToken)}<button type="submit" class="link">${t(
    'nav.logout',
    lang,
  )}</button></form>`;
  const who = viewer ? html`<div class="who"><span class="viewer-name">${viewer.displayName}</span>${logout}</div>` : '';
  // Phones get the same links folded in a menu (no script needed: <details>).
  const phoneMenu = viewer
    ? html`<details class="phone-menu"><summary>${t('nav.menu', lang)}</summary>
    <div class="panel"><nav aria-label="Navigation"><ul>${items}</ul></nav>
    <div class="who"><span class="viewer-name">${viewer.displayName}</span>${logout}</div></div></details>`
    : '';
  return html`<header class="topbar">
  <a class="brand" href="/">${t('site.name', lang)}</a>
  ${links}
  <div class="tools">${who}${switcher}</div>
  ${phoneMenu}
</header>`;
}

/** A whole page. Every piece of text in `body` must come from `html` (escaped). */
export function layout(o: LayoutOptions): string {
  const scripts = ['/assets/forms.js', ...(o.scripts ?? [])];
  const bodyClass = o.wide || o.wall ? 'wide' : '';
  const page = html`<!doctype html>
<html lang="${o.lang}"${o.wall ? html` class="wall"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${o.wall ? 'dark' : 'light dark'}">
<title>${o.title} · ${t('site.name', o.lang)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
${o.csrfToken ? html`<meta name="csrf-token" content="${o.csrfToken}">` : ''}
</head>
<body class="${bodyClass}" data-lang="${o.lang}">
<a class="skip" href="#main">${t('nav.skip', o.lang)}</a>
${o.wall ? '' : topBar(o)}
<main id="main" class="main">
${o.body}
</main>
${scripts.map((src) => html`<script src="${src}" defer></script>\n`)}
</body>
</html>
`;
  return page.value;
}
