import type { Viewer } from '../common/viewer';
import { addNavLink, layout, navFor } from './layout';
import { html } from './html';

const viewer = (role: Viewer['role']): Viewer => ({ id: 'p1', role, siteId: 's1', displayName: 'Zoé A.', locale: 'fr' });

describe('grouped menu', () => {
  beforeAll(() => {
    addNavLink({ href: '/test-late', key: 'nav.testLate', group: 'machines', order: 5 });
    addNavLink({ href: '/test-staff', key: 'nav.testStaff', roles: ['manager'], group: 'admin', order: 15 });
  });

  it('lists groups in their fixed order and links by their order, whatever order they were added in', () => {
    const menu = navFor(viewer('manager'));
    expect(menu.map((g) => g.group)).toEqual(['machines', 'learning', 'admin']);
    expect(menu[0].links.map((l) => l.href)).toEqual(['/test-late', '/machines', '/admin/machines']);
    expect(menu[2].links.map((l) => l.href)).toEqual(['/people', '/test-staff', '/badges', '/api/docs']);
  });

  it('shows a person only the links of their role, and leaves out empty groups', () => {
    const menu = navFor(viewer('maker'));
    expect(menu.map((g) => g.group)).toEqual(['machines', 'learning']);
    expect(menu.flatMap((g) => g.links.map((l) => l.href))).not.toContain('/test-staff');
  });

  it('folds a group of several links behind its name and shows a group of one as its link', () => {
    const page = layout({ title: 'x', lang: 'fr', viewer: viewer('maker'), body: html`<p>x</p>`, path: '/machines' });
    const wide = /<nav class="nav"[^>]*>([\s\S]*?)<\/nav>/.exec(page)![1];
    expect(wide).toContain('<li data-nav-group="machines"><details class="nav-group"><summary>Machines</summary>');
    expect(wide).toContain('<li data-nav-group="learning"><a href="/trainings">Formations</a></li>');
    const phone = /<details class="phone-menu">([\s\S]*?)<\/details>/.exec(page)![1];
    expect(phone).toContain('<span class="nav-heading">Ateliers et formations</span>');
  });
});
