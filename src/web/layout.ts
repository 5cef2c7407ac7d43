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
  /** Extra scripts under /assets/ (e.g. '/assets/live.js'); forms.js is always included, nav.js with the menu. */
  scripts?: string[];
  /** Extra stylesheets served by this site (e.g. '/vendor/leaflet/leaflet.css'), after app.css. */
  styles?: string[];
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

/**
 * The menu's groups, in the order they show. A group with one link a person may see shows as that
 * link; others fold behind their name (a <details>, no script needed).
 */
export const NAV_GROUPS = ['home', 'machines', 'learning', 'repairs', 'admin'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavLink {
  href: string;
  key: string;
  /** Who sees it (an admin always does); none: every logged-in person. */
  roles?: Role[];
  group: NavGroup;
  /** Place inside its group, smallest first. */
  order: number;
}

/** Who sees which entry; the pages themselves check roles again. */
const NAV: NavLink[] = [
  { href: '/machines', key: 'nav.machines', group: 'machines', order: 10 },
  { href: '/admin/machines', key: 'nav.adminMachines', roles: ['manager'], group: 'machines', order: 60 },
  { href: '/trainings', key: 'nav.trainings', group: 'learning', order: 10 },
  { href: '/people', key: 'nav.people', roles: ['manager', 'trainer', 'volunteer'], group: 'admin', order: 10 },
  { href: '/badges', key: 'nav.badges', roles: ['manager', 'trainer'], group: 'admin', order: 20 },
  { href: '/api/docs', key: 'nav.apiDocs', roles: ['manager'], group: 'admin', order: 90 },
];

/** The one way to put a page in the menu: its group and its place there are explicit. */
export function addNavLink(link: NavLink): void {
  if (!NAV.some((l) => l.href === link.href)) NAV.push(link);
}

const canSee = (viewer: Viewer, link: NavLink) => !link.roles || viewer.role === 'admin' || link.roles.includes(viewer.role);

/** The viewer's menu: the groups they have links in, in order, each group's links in order. */
export function navFor(viewer: Viewer): Array<{ group: NavGroup; links: NavLink[] }> {
  return NAV_GROUPS.map((group) => ({
    group,
    links: NAV.filter((l) => l.group === group && canSee(viewer, l)).sort((a, b) => a.order - b.order),
  })).filter((g) => g.links.length > 0);
}

function navLinkItem(l: NavLink, o: LayoutOptions, group?: NavGroup): SafeHtml {
  return html`<li${group ? html` data-nav-group="${group}"` : ''}><a href="${l.href}"${o.current === l.href ? html` aria-current="page"` : ''}>${t(l.key, o.lang)}</a></li>`;
}

/** Wide screens: one-link groups as links, the others as disclosures that open below their name. */
function wideNav(viewer: Viewer, o: LayoutOptions): SafeHtml {
  const items = navFor(viewer).map(({ group, links }) =>
    links.length === 1
      ? navLinkItem(links[0], o, group)
      : html`<li data-nav-group="${group}"><details class="nav-group"><summary${links.some((l) => l.href === o.current) ? html` class="current"` : ''}>${t(
          `nav.group.${group}`,
          o.lang,
        )}</summary><ul>${links.map((l) => navLinkItem(l, o))}</ul></details></li>`,
  );
  return html`<nav class="nav" aria-label="Navigation"><ul>${items}</ul></nav>`;
}

/** Phones: inside « Menu », every group under its name, links one under another. */
function phoneNav(viewer: Viewer, o: LayoutOptions): SafeHtml {
  const groups = navFor(viewer).map(
    ({ group, links }) =>
      html`<li class="nav-section" data-nav-group="${group}"><span class="nav-heading">${t(`nav.group.${group}`, o.lang)}</span><ul>${links.map((l) =>
        navLinkItem(l, o),
      )}</ul></li>`,
  );
  return html`<nav aria-label="Navigation"><ul>${groups}</ul></nav>`;
}

/** The same URL with `lang` set, for the FR | EN switch. */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path || '/', 'http://x');
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

function topBar(o: LayoutOptions): SafeHtml {
  const { lang, viewer } = o;
  const switcher = html`<nav class="langs" aria-label="${t('nav.language', lang)}">${LANGS.map(
    (l, i) =>
      html`${i ? html`<span aria-hidden="true">|</span>` : ''}<a href="${withLang(o.path ?? '/', l)}" lang="${l}" hreflang="${l}"${
        l === lang ? html` aria-current="true"` : ''
      }>${l.toUpperCase()}</a>`,
  )}</nav>`;
  const links = viewer ? wideNav(viewer, o) : '';
  const logout = html`<a href="/password/change">${t('nav.password', lang)}</a><form method="post" action="/logout" class="logout">${csrfField(o.csrfToken)}<button type="submit" class="link">${t(
    'nav.logout',
    lang,
  )}</button></form>`;
  const who = viewer ? html`<div class="who"><span class="viewer-name">${viewer.displayName}</span>${logout}</div>` : '';
  // Phones get the same links folded in a menu (no script needed: <details>).
  const phoneMenu = viewer
    ? html`<details class="phone-menu"><summary>${t('nav.menu', lang)}</summary>
    <div class="panel">${phoneNav(viewer, o)}
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
  const scripts = ['/assets/forms.js', ...(o.viewer && !o.wall ? ['/assets/nav.js'] : []), ...(o.scripts ?? [])];
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
${(o.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}">\n`)}
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
