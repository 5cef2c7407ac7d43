import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { localDateTime } from '../common/local-format';
import { Public } from '../common/public.decorator';
import { html } from '../web/html';
import { defineDictionary } from '../web/i18n';
import { addNavLink } from '../web/layout';
import { pageLayout, PageRequest, renderPage } from '../web/page';
import { LendDayCardDto } from './dto/people.dto';
import { PeopleService } from './people.service';

addNavLink({ href: '/badges/day-cards', key: 'nav.dayCards', roles: ['manager'], group: 'admin', order: 25 });

const td = defineDictionary({
  'nav.dayCards': { fr: 'Cartes jour', en: 'Day cards' },
  'dc.title': { fr: 'Cartes jour et passes visiteur', en: 'Day cards and visitor passes' },
  'dc.hint': {
    fr: 'Une carte jour s’ouvre comme un badge, jusqu’à l’heure dite (la fin de la journée si rien n’est dit), puis elle est refusée : « Carte expirée, rendez-la à l’accueil ». Les formations de la personne comptent toujours.',
    en: 'A day card works like a badge until the time given (the end of the day by default), then it is refused: “Card expired, return it to the front desk”. The person’s trainings still apply.',
  },
  'dc.lend': { fr: 'Prêter une carte', en: 'Lend a card' },
  'dc.uid': { fr: 'Numéro de la carte (lu sur le lecteur)', en: 'Card number (from the reader)' },
  'dc.person': { fr: 'À une personne inscrite', en: 'To a registered person' },
  'dc.nobody': { fr: '— ou un visiteur, ci-dessous —', en: '— or a visitor, below —' },
  'dc.firstName': { fr: 'Prénom du visiteur', en: 'Visitor’s first name' },
  'dc.lastName': { fr: 'Nom du visiteur', en: 'Visitor’s last name' },
  'dc.until': { fr: 'Jusqu’à (vide : fin de la journée)', en: 'Until (empty: end of the day)' },
  'dc.submit': { fr: 'Prêter', en: 'Lend' },
  'dc.cards': { fr: 'Cartes', en: 'Cards' },
  'dc.none': { fr: 'Aucune carte jour pour l’instant.', en: 'No day card yet.' },
  'dc.lentTo': { fr: 'prêtée à {name} jusqu’au {until}', en: 'lent to {name} until {until}' },
  'dc.back': { fr: 'rendue (dernier prêt : {name})', en: 'returned (last lent to {name})' },
  'dc.return': { fr: 'Reprendre la carte', en: 'Take the card back' },
});

/** /badges/day-cards: the desk lends day cards and takes them back. */
@ApiExcludeController()
@Controller()
export class DayCardsPages {
  constructor(private readonly people: PeopleService) {}

  @Public()
  @Get('badges/day-cards')
  page(@Req() req: PageRequest, @Res() res: Response) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      const { lang, viewer, zone } = ctx;
      const [cards, people] = await Promise.all([this.people.dayCards(viewer), this.people.list(viewer)]);
      const title = td('dc.title', lang);
      const state = (c: (typeof cards)[number]) =>
        c.lent
          ? td('dc.lentTo', lang)
              .replace('{name}', c.holder)
              .replace('{until}', localDateTime(c.validUntil!, zone, lang, 'short'))
          : td('dc.back', lang).replace('{name}', c.holder);
      const body = html`<h1>${title}</h1><p>${td('dc.hint', lang)}</p>
<form class="card" method="post" action="/badges/day-cards"><h2>${td('dc.lend', lang)}</h2>
  <p><label>${td('dc.uid', lang)}<br><input name="uid" required minlength="8" maxlength="40" autocomplete="off" inputmode="text"></label></p>
  <p><label>${td('dc.person', lang)}<br><select name="personId"><option value="">${td('dc.nobody', lang)}</option>${people.map(
    (p) => html`<option value="${p.id}">${p.displayName}</option>`,
  )}</select></label></p>
  <p><label>${td('dc.firstName', lang)}<br><input name="firstName" maxlength="80"></label></p>
  <p><label>${td('dc.lastName', lang)}<br><input name="lastName" maxlength="80"></label></p>
  <p><label>${td('dc.until', lang)}<br><input type="datetime-local" name="until"></label></p>
  <p><button type="submit" class="button">${td('dc.submit', lang)}</button></p>
</form>
<section><h2>${td('dc.cards', lang)}</h2>${
        cards.length
          ? html`<ul>${cards.map(
              (c) =>
                html`<li data-card="${c.id}" data-lent="${c.lent ? '1' : '0'}"><strong>${c.label || c.uid}</strong> (${c.uid}) — ${state(c)}${
                  c.lent
                    ? html` <form method="post" action="/badges/day-cards/${c.id}/return" class="inline"><button type="submit" class="button secondary">${td('dc.return', lang)}</button></form>`
                    : ''
                }</li>`,
            )}</ul>`
          : html`<p class="muted">${td('dc.none', lang)}</p>`
      }</section>`;
      return pageLayout(ctx, { title, body });
    });
  }

  @Public()
  @Post('badges/day-cards')
  lend(@Req() req: PageRequest, @Res() res: Response, @Body() dto: LendDayCardDto) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      await this.people.lendDayCard(ctx.viewer, dto);
      res.redirect(303, '/badges/day-cards');
      return null;
    });
  }

  @Public()
  @Post('badges/day-cards/:id/return')
  giveBack(@Req() req: PageRequest, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    return renderPage(req, res, ['manager'], async (ctx) => {
      await this.people.returnDayCard(ctx.viewer, id);
      res.redirect(303, '/badges/day-cards');
      return null;
    });
  }
}
