import {
  ArgumentMetadata, BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, ValidationError, ValidationPipe,
} from '@nestjs/common';
import type { ErrorRequestHandler, Request } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { controlCharPath, isCalendarDay, isCalendarMonth, isDayOrInstant, isUuid } from './input-rules';

/**
 * The one validation layer of the HTTP edge (docs/SECURITY.md, « Entrées invalides »): every body,
 * query parameter and path parameter is checked before a handler runs, and refused with a 400 whose
 * `message` gives French reasons naming the field.
 */

/** `message` says every reason in one sentence list; `reasons` keeps them apart for a form to place. */
export function invalidInput(reasons: string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, code: 'invalid_input', error: 'Bad Request', message: reasons.join(' ; '), reasons });
}

const number = (msg: string) => /(-?\d+(?:\.\d+)?)/.exec(msg)?.[1] ?? '?';
const after = (msg: string, marker: string) => msg.slice(msg.indexOf(marker) + marker.length).trim();

/** class-validator's English defaults, said in French (the DTOs' own messages are kept as written). */
const FRENCH: Record<string, (msg: string) => string> = {
  isString: () => 'texte attendu',
  isInt: () => 'nombre entier attendu',
  isNumber: () => 'nombre attendu',
  isBoolean: () => 'true ou false attendu',
  isUuid: () => 'identifiant (UUID) attendu',
  isIn: (m) => `valeur parmi : ${after(m, 'following values:')}`,
  isEnum: (m) => `valeur parmi : ${after(m, 'following values:')}`,
  isEmail: () => 'adresse e-mail invalide',
  isArray: () => 'liste attendue',
  isObject: () => 'objet attendu',
  isNotEmpty: () => 'obligatoire',
  isDefined: () => 'obligatoire',
  matches: () => 'format non reconnu',
  min: (m) => `${number(m)} au moins`,
  max: (m) => `${number(m)} au plus`,
  minLength: (m) => `${number(m)} caractère(s) au moins`,
  maxLength: (m) => `${number(m)} caractères au plus`,
  isLength: (m) => (/shorter/.test(m) ? `${number(m)} caractères au plus` : `${number(m)} caractère(s) au moins`),
  arrayMaxSize: (m) => `${number(m)} éléments au plus`,
  arrayMinSize: (m) => `${number(m)} élément(s) au moins`,
  arrayUnique: () => 'valeurs en double',
  whitelistValidation: () => "champ inconnu, à retirer",
  nestedValidation: () => 'objet ou liste d’objets attendu',
};

/** class-validator's own messages are English sentences about « must » / « should ». */
const isEnglishDefault = (msg: string) => /\b(must|should)\b/.test(msg);

function reasonsOf(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([name, msg]) => {
      if (!isEnglishDefault(msg)) return msg;
      const each = /^each value in /.test(msg) ? 'chaque valeur : ' : '';
      return `« ${field} » : ${each}${(FRENCH[name] ?? (() => 'valeur invalide'))(msg)}.`;
    });
    return [...own, ...reasonsOf(e.children ?? [], field)];
  });
}

export const frenchReasons = (errors: ValidationError[]) => reasonsOf(errors);

/** DTO validation (class-validator) plus: no control character in any text of a body or parameter. */
export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({ transform: true, whitelist: true, forbidNonWhitelisted: true, exceptionFactory: (errors) => invalidInput(frenchReasons(errors)) });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const bad = controlCharPath(value);
      if (bad) throw invalidInput([controlCharReason(bad === '(valeur)' ? (metadata.data ?? bad) : bad)]);
    }
    if (metadata.type === 'body' && (!metadata.metatype || metadata.metatype === Object)) checkFormFields(value);
    return super.transform(value, metadata);
  }
}

/** A page form read by hand (no DTO): one text per field, ids that are ids. */
function checkFormFields(body: unknown): void {
  if (body === null || typeof body !== 'object') return;
  const reasons = Object.entries(body).flatMap(([name, raw]) => {
    const why = raw === null || typeof raw === 'object' ? 'texte attendu' : queryReason(name, String(raw), false);
    return why ? [`« ${name} » : ${why}.`] : [];
  });
  if (reasons.length) throw invalidInput(reasons);
}

const controlCharReason = (field: string) => `« ${field} » : caractère de contrôle interdit (NUL ou autre).`;

type Check = (v: string) => string | null;
const between = (min: number, max: number): Check => (v) =>
  /^-?\d{1,9}$/.test(v) && +v >= min && +v <= max ? null : `nombre entier de ${min} à ${max} attendu`;
const uuid: Check = (v) => (isUuid(v) ? null : 'identifiant (UUID) attendu');
const day: Check = (v) => (isCalendarDay(v) ? null : 'date AAAA-MM-JJ qui existe au calendrier attendue (ex. 2027-03-03)');
const dayOrInstant: Check = (v) =>
  isDayOrInstant(v) ? null : 'date AAAA-MM-JJ ou date et heure ISO 8601 avec fuseau attendue, qui existe au calendrier (ex. 2027-03-03T14:00:00Z)';
const month: Check = (v) => (isCalendarMonth(v) ? null : 'mois AAAA-MM attendu (ex. 2027-03)');

/** Query parameters the routes and pages share, by name; any other is a single bounded text. */
const QUERY: Record<string, Check> = {
  limit: between(1, 10_000), offset: between(0, 1_000_000), days: between(1, 3660),
  from: dayOrInstant, to: dayOrInstant, week: day, month,
};
const MAX_QUERY_TEXT = 4000;
const MAX_PARAM_TEXT = 200;
const isIdName = (name: string) => name === 'id' || /Id$/.test(name);

/** `byName`: the query's own rules (dates, limits); a form's fields are only held to their ids. */
function queryReason(name: string, raw: unknown, byName = true): string | null {
  if (typeof raw !== 'string') return 'une seule valeur attendue';
  if (raw.length > MAX_QUERY_TEXT) return `${MAX_QUERY_TEXT} caractères au plus`;
  if (raw === '') return null; // an empty field of a GET form means « not given »
  const check = (byName ? QUERY[name] : undefined) ?? (isIdName(name) ? uuid : null);
  return check ? check(raw) : null;
}

function paramReason(name: string, raw: string): string | null {
  if (raw.length > MAX_PARAM_TEXT) return `${MAX_PARAM_TEXT} caractères au plus`;
  return isIdName(name) ? uuid(raw) : null;
}

/** Query and path parameters of every route and page, including those a page reads from `req.query`. */
@Injectable()
export class InputParamsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const reasons: string[] = [];
    for (const [name, raw] of Object.entries(req.query ?? {})) {
      const why = controlCharPath(raw) || controlCharPath(name) ? 'caractère de contrôle interdit (NUL ou autre)' : queryReason(name, raw);
      if (why) reasons.push(`« ${name} » : ${why}.`);
    }
    for (const [name, raw] of Object.entries(req.params ?? {})) {
      const why = controlCharPath(raw) ? 'caractère de contrôle interdit (NUL ou autre)' : paramReason(name, String(raw));
      if (why) reasons.push(`« ${name} » : ${why}.`);
    }
    if (reasons.length) throw invalidInput(reasons);
    return next.handle();
  }
}

/** express's own limit for JSON and form bodies; files go through the upload routes instead. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/** body-parser's failures, said in French (they happen before any route, so no filter sees them). */
const BODY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'JSON illisible : le corps de la requête est mal formé.' },
  'entity.too.large': { status: 413, code: 'too_large', message: `Requête trop volumineuse (${BODY_LIMIT_BYTES / 1024} ko au plus).` },
  'encoding.unsupported': { status: 415, code: 'unsupported_encoding', message: 'Compression du corps de la requête non prise en charge.' },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', message: 'Jeu de caractères non pris en charge : envoyez de l’UTF-8.' },
  'request.aborted': { status: 400, code: 'aborted', message: 'Requête interrompue avant la fin.' },
  'request.size.invalid': { status: 400, code: 'invalid_size', message: 'Taille de la requête incohérente.' },
};

/** JSON and form bodies (express's parsers), with their failures answered in French instead of English. */
export function useBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { extended: true, limit: BODY_LIMIT_BYTES });
  const parseFailure: ErrorRequestHandler = (err, _req, res, next) => {
    const known = BODY_ERRORS[(err as { type?: string })?.type ?? ''];
    if (!known) return next(err);
    res.status(known.status).json({ statusCode: known.status, code: known.code, message: known.message });
  };
  app.use(parseFailure);
}
