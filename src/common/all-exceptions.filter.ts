import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { langOf } from '../web/i18n';
import { errorPage, PageRequest, sendHtml } from '../web/page';
import { InvalidInputException } from './validation';

/** Server-rendered pages live outside /api (and the probes); a person reads their refusals as a page. */
const isPagePath = (path: string) => !/^\/(api|health|metrics)(\/|$)/.test(path);

/** Answers known errors as they are, logs anything unexpected and answers 500 without internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<PageRequest>();
    if (exception instanceof HttpException && isInvalidInput(exception) && isPagePath(req.path)) return this.refusalPage(req, res, exception);
    if (res.headersSent) {
      // Mid-stream (a CSV export): nothing else can be said; the log keeps what went wrong.
      if (!(exception instanceof HttpException)) this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      return void res.end();
    }
    // A route's own @Header (a CSV, an image) is not the error's: the answer is JSON.
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Disposition');
    if (exception instanceof HttpException) {
      const body = answerOf(exception, req);
      const retryAfter = (body as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      statusCode: 500,
      message: 'Erreur interne, réessayez ou prévenez un responsable. Internal error.',
    });
  }

  /** Bad input on a page (a hand-edited or stale link): the page kit's error page, with the French reasons. */
  private refusalPage(req: PageRequest, res: Response, exception: HttpException): void {
    const lang = langOf(req);
    const message = String((answerOf(exception, req) as { message: unknown }).message);
    sendHtml(
      res,
      exception.getStatus(),
      errorPage({ lang, viewer: req.viewer, path: req.originalUrl, csrfToken: req.csrfToken }, exception.getStatus(), message),
    );
  }
}

/** A refusal of the validation layer (src/common/validation.ts). */
function isInvalidInput(exception: HttpException): boolean {
  const body = exception.getResponse();
  return typeof body === 'object' && (body as { code?: unknown }).code === 'invalid_input';
}

/** A validation refusal is said in the page's language (the `lang` cookie or `?lang=`), French by default. */
function answerOf(exception: HttpException, req: PageRequest): string | object {
  return exception instanceof InvalidInputException ? exception.bodyIn(langOf(req)) : exception.getResponse();
}
