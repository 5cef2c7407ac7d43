import { Controller, Get, HttpException, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { setSessionCookie } from './auth.controller';
import { CSRF_COOKIE } from './csrf';
import { AuthService } from './auth.service';
import { LoginHints } from './login-hints';
import { SensitiveRoute } from './rate-limits';
import { tokenFromRequest } from './auth.guard';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { SESSION_COOKIE } from '../infra/realtime/realtime.gateway';
import { csrfField } from '../web/form-bits';
import { html, SafeHtml } from '../web/html';
import { defineDictionary, Lang, langOf } from '../web/i18n';
import { layout } from '../web/layout';
import { homeOf, PageRequest, safeNext, sendHtml, strictCsp } from '../web/page';
import { LoginPageQuery } from '../web/dto/pages-query.dto';

const tr = defineDictionary({
  'login.title': { fr: 'Connexion', en: 'Log in' },
  'login.intro': { fr: 'Connectez-vous avec votre e-mail et votre mot de passe.', en: 'Log in with your e-mail and password.' },
  'login.email': { fr: 'E-mail', en: 'E-mail' },
  'login.password': { fr: 'Mot de passe', en: 'Password' },
  'login.submit': { fr: 'Se connecter', en: 'Log in' },
  'login.forgot': { fr: 'Mot de passe oublié ?', en: 'Forgot your password?' },
  'login.missing': { fr: 'Indiquez votre e-mail et votre mot de passe.', en: 'Enter your e-mail and password.' },
});

/** Home, login and logout. The feature pages live in their own controllers beside this one. */
@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly hints: LoginHints,
  ) {}

  @Public()
  @Get()
  home(@Req() req: PageRequest, @Res() res: Response) {
    strictCsp(res);
    res.redirect(303, req.viewer ? homeOf(req.viewer.role) : '/login');
  }

  @Public()
  @Get('login')
  async loginPage(@Req() req: PageRequest, @Res() res: Response, @Query() q: LoginPageQuery) {
    strictCsp(res);
    const lang = langOf(req, res);
    const next = safeNext(q.next);
    if (req.viewer) return res.redirect(303, next);
    sendHtml(res, 200, loginPage({ lang, path: req.originalUrl, next, csrfToken: req.csrfToken, hints: await this.hints.forLoginPage(lang) }));
  }

  /** The same login without JavaScript (old phones): a classic form post, then a redirect. */
  @Public()
  @SensitiveRoute()
  @Post('login')
  async loginForm(@Req() req: PageRequest, @Res() res: Response) {
    strictCsp(res);
    const lang = langOf(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const page = { lang, path: '/login', next, csrfToken: req.cookies?.[CSRF_COOKIE], email, hints: await this.hints.forLoginPage(lang) };
    if (!email || !password) return sendHtml(res, 400, loginPage({ ...page, error: tr('login.missing', lang) }));
    try {
      const { token, expiresAt } = await this.auth.login(email, password, req.ip ?? '');
      setSessionCookie(res, this.config, token, expiresAt);
      res.redirect(303, next);
    } catch (err) {
      if (!(err instanceof HttpException)) throw err;
      const body = err.getResponse() as { message?: string; retryAfterSeconds?: number };
      if (body.retryAfterSeconds) res.setHeader('Retry-After', String(body.retryAfterSeconds));
      sendHtml(res, err.getStatus(), loginPage({ ...page, error: body.message ?? String(err.message) }));
    }
  }

  @Public()
  @Post('logout')
  async logout(@Req() req: PageRequest, @Res() res: Response) {
    strictCsp(res);
    const token = tokenFromRequest(req);
    if (token) await this.auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  }
}

function loginPage(o: { lang: Lang; path: string; next: string; csrfToken?: string; error?: string; email?: string; hints?: SafeHtml }): string {
  const { lang, next, error, email = '' } = o;
  return layout({
    title: tr('login.title', lang),
    lang,
    path: o.path,
    csrfToken: o.csrfToken,
    body: html`<section class="login card">
  <h1>${tr('login.title', lang)}</h1>
  <p>${tr('login.intro', lang)}</p>${o.hints}
  <form method="post" action="/login" data-api="/api/auth/login" data-redirect="${next}" novalidate>
    <input type="hidden" name="next" value="${next}" data-ignore>${csrfField(o.csrfToken)}
    <label for="email">${tr('login.email', lang)}</label>
    <input id="email" name="email" type="email" autocomplete="username" inputmode="email" autocapitalize="none" spellcheck="false" required value="${email}">
    <label for="password">${tr('login.password', lang)}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <p class="form-message${error ? ' error' : ''}" role="alert" aria-live="assertive">${error ?? ''}</p>
    <div class="actions"><button type="submit">${tr('login.submit', lang)}</button></div>
  </form>
  <p><a href="/password/forgot">${tr('login.forgot', lang)}</a></p>
</section>`,
  });
}
