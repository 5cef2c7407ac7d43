import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/public.decorator';
import { field, formMessage } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang, langOf } from '../web/i18n';
import { layout } from '../web/layout';
import { PageRequest, pageLayout, renderPage, sendHtml, strictCsp } from '../web/page';
import { PASSWORD_MIN } from './password-policy';
import { RESET_REQUESTED } from './password.service';
import { ResetPageQuery } from './dto/password-query.dto';

const tr = defineDictionary({
  'pw.forgot.title': { fr: 'Mot de passe oublié', en: 'Forgot your password' },
  'pw.forgot.intro': {
    fr: 'Indiquez votre e-mail : si un compte existe, vous recevrez un lien pour choisir un nouveau mot de passe.',
    en: 'Enter your e-mail: if an account exists, you will get a link to choose a new password.',
  },
  'pw.forgot.submit': { fr: 'Recevoir le lien', en: 'Send me the link' },
  'pw.reset.title': { fr: 'Nouveau mot de passe', en: 'New password' },
  'pw.reset.submit': { fr: 'Enregistrer le mot de passe', en: 'Save the password' },
  'pw.reset.noToken': { fr: 'Ce lien est incomplet : ouvrez celui de l’e-mail reçu.', en: 'This link is incomplete: open the one in the e-mail.' },
  'pw.change.title': { fr: 'Changer mon mot de passe', en: 'Change my password' },
  'pw.change.intro': {
    fr: 'Vos autres connexions (autres appareils) seront fermées.',
    en: 'Your other logins (other devices) will be closed.',
  },
  'pw.change.submit': { fr: 'Changer le mot de passe', en: 'Change the password' },
  'pw.change.done': { fr: 'Mot de passe changé.', en: 'Password changed.' },
  'pw.current': { fr: 'Mot de passe actuel', en: 'Current password' },
  'pw.new': { fr: 'Nouveau mot de passe', en: 'New password' },
  'pw.rule': {
    fr: `${PASSWORD_MIN} caractères au moins ; une phrase se retient mieux.`,
    en: `At least ${PASSWORD_MIN} characters; a sentence is easier to remember.`,
  },
  'pw.email': { fr: 'E-mail', en: 'E-mail' },
  'pw.backToLogin': { fr: 'Retour à la connexion', en: 'Back to log in' },
});

const newPasswordField = (name: string, lang: Lang) =>
  field({
    label: tr('pw.new', lang),
    name,
    type: 'password',
    required: true,
    hint: tr('pw.rule', lang),
    lang,
    attrs: html`autocomplete="new-password" minlength="${PASSWORD_MIN}"`,
  });

/** "Mot de passe oublié", the page of the e-mailed link, and "changer mon mot de passe". */
@ApiExcludeController()
@Controller('password')
export class PasswordPages {
  @Public()
  @Get('forgot')
  forgot(@Req() req: PageRequest, @Res() res: Response) {
    const lang = langOf(req, res);
    const body = html`<form data-api="/api/auth/password/forgot" data-ok="${RESET_REQUESTED}" novalidate>
      ${field({ label: tr('pw.email', lang), name: 'email', type: 'email', required: true, lang, attrs: html`autocomplete="username"` })}
      ${formMessage()}<div class="actions"><button type="submit">${tr('pw.forgot.submit', lang)}</button></div></form>`;
    this.publicPage(req, res, lang, tr('pw.forgot.title', lang), html`<p>${tr('pw.forgot.intro', lang)}</p>${body}`);
  }

  /** The token stays in the page (a hidden field); Referrer-Policy: same-origin keeps it out of other sites' logs. */
  @Public()
  @Get('reset')
  reset(@Req() req: PageRequest, @Res() res: Response, @Query() q: ResetPageQuery) {
    const lang = langOf(req, res);
    const token = q.token ?? '';
    const body = token
      ? html`<form data-api="/api/auth/password/reset" data-redirect="/login" novalidate>
      <input type="hidden" name="token" value="${token}">${newPasswordField('password', lang)}
      ${formMessage()}<div class="actions"><button type="submit">${tr('pw.reset.submit', lang)}</button></div></form>`
      : html`<p class="form-message error" role="alert">${tr('pw.reset.noToken', lang)}</p>`;
    this.publicPage(req, res, lang, tr('pw.reset.title', lang), body);
  }

  @Get('change')
  change(@Req() req: PageRequest, @Res() res: Response) {
    strictCsp(res);
    return renderPage(req, res, null, (ctx) =>
      pageLayout(ctx, {
        title: tr('pw.change.title', ctx.lang),
        body: html`<section class="card"><h1>${tr('pw.change.title', ctx.lang)}</h1><p>${tr('pw.change.intro', ctx.lang)}</p>
<form data-api="/api/auth/password" data-ok="${tr('pw.change.done', ctx.lang)}" novalidate>
${field({ label: tr('pw.current', ctx.lang), name: 'currentPassword', type: 'password', required: true, lang: ctx.lang, attrs: html`autocomplete="current-password"` })}
${newPasswordField('newPassword', ctx.lang)}
${formMessage()}<div class="actions"><button type="submit">${tr('pw.change.submit', ctx.lang)}</button></div></form></section>`,
      }),
    );
  }

  private publicPage(req: PageRequest, res: Response, lang: Lang, title: string, body: SafeHtml): void {
    strictCsp(res);
    const page = layout({
      title,
      lang,
      path: req.originalUrl,
      csrfToken: req.csrfToken,
      body: html`<section class="login card"><h1>${title}</h1>${body}<p><a href="/login">${tr('pw.backToLogin', lang)}</a></p></section>`,
    });
    sendHtml(res, 200, page);
  }
}
