import { Injectable } from '@nestjs/common';
import { type Statement, StatementsService } from '../bookings/statements.service';
import { toLocal } from '../bookings/time';
import { euros } from '../common/local-format';
import { membershipState, packState } from '../memberships/memberships.pages';
import { membershipLabel, MembershipsService } from '../memberships/memberships.service';
import { hoursText, PacksService } from '../memberships/packs.service';
import { html, SafeHtml } from '../web/html';
import type { Lang } from '../web/i18n';
import type { PageContext } from '../web/page';
import { card, empty } from './home-bits';
import { dayText, monthText, tr } from './home-words';

/**
 * The money side of « Mon espace »: the person's membership, the hours left on their packs, and
 * this month's charges once the packs took their share. MePages lays these cards out with the rest.
 */
@Injectable()
export class MeMoneyParts {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly packs: PacksService,
    private readonly statements: StatementsService,
  ) {}

  /** The membership that counts now (or the latest), and the packs' hours left: what is drawn before any charge. */
  async membershipPart(ctx: PageContext, tz: string): Promise<SafeHtml> {
    const { lang, viewer } = ctx;
    const now = new Date();
    const [memberships, packs] = await Promise.all([this.memberships.mine(viewer), this.packs.mine(viewer)]);
    const shown = memberships.find((m) => m.status === 'active' && m.startsAt! <= now && now < m.endsAt!) ?? memberships.find((m) => m.status !== 'withdrawn');
    const items: SafeHtml[] = [];
    if (shown) {
      const s = membershipState(shown, now, tz, lang);
      items.push(
        html`<li data-membership="${shown.id}"><span><strong>${membershipLabel(shown, shown.planName)}</strong><br><span class="muted">${s.text}</span></span></li>`,
      );
    }
    for (const p of packs.slice(0, 4)) {
      items.push(html`<li data-pack="${p.id}"><span><strong>${p.name}</strong><br><span class="muted">${packState(p, now, tz, lang)}</span></span></li>`);
    }
    const more = html`<a href="/adhesion">${tr('me.adhesion', lang)}</a>`;
    return card('me-membership', tr('me.membership', lang), items.length ? html`<ul class="list">${items}</ul>` : empty(tr('me.noMembership', lang)), more);
  }

  /** This month's charges, once the packs took their share (none for an admin of no site). */
  async chargesPart(ctx: PageContext, tz: string): Promise<SafeHtml | ''> {
    const { lang, viewer } = ctx;
    if (!viewer.siteId) return ''; // an admin of no site is charged nothing
    const month = toLocal(new Date(), tz).date.slice(0, 7);
    const mine = (await this.statements.statements(viewer, { month, siteId: viewer.siteId, personId: viewer.id })).find((s) => s.personId === viewer.id);
    const title = tr('me.charges', lang, { month: monthText(month, lang) });
    const more = html`<a href="/bookings/statement?month=${month}">${tr('me.statement', lang)}</a> · <a href="/me/payments">${tr('me.payments', lang)}</a>`;
    if (!mine || mine.totals.grossCents === 0) return card('me-charges', title, empty(tr('me.noCharges', lang)), more);
    return card('me-charges', title, statementList(mine, lang, tz), more);
  }
}

function statementList(s: Statement, lang: Lang, tz: string): SafeHtml {
  const lines = s.lines.map(
    (l) =>
      html`<li><span>${l.label}<br><span class="muted">${dayText(new Date(l.date), lang, tz)}${l.packMinutes ? ` · ${tr('me.packCovered', lang, { hours: hoursText(l.packMinutes) })}` : ''}</span></span><strong>${euros(l.grossCents, lang)}</strong></li>`,
  );
  return html`<ul class="list">${lines}</ul><p class="total"><strong>${tr('me.total', lang)} : ${euros(s.totals.grossCents, lang)}</strong></p>`;
}
