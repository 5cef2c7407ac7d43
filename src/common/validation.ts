import {
  ArgumentMetadata,
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import type { ErrorRequestHandler, Request } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import { controlCharPath, isUuid } from './input-rules';
import { englishOf, said } from './said';
import { PAGE_QUERY_NAMES } from './query.dto';

/**
 * The one validation layer of the HTTP edge (docs/SECURITY.md, « Entrées invalides »): every body,
 * query parameter and path parameter is checked before a handler runs, and refused with a 400 whose
 * `message` gives French reasons naming the field.
 */

/** One reason for refusing an input: the field it is about (to show it beside that field), in French and in English. */
export interface Reason {
  field?: string;
  fr: string;
  en: string;
}

export { said, englishOf };

type Said = Record<'fr' | 'en', string>;
const asReason = (r: string | Reason): Reason => (typeof r === 'string' ? { fr: r, en: englishOf(r) } : r);

/** The words a form shows beside a field: the reason without « field » : in front, starting with a capital. */
function besideField(field: string, text: string): string {
  const bare = text.replace(new RegExp(`^(« ${escapeRegExp(field)} »|${escapeRegExp(field)})\\s*:\\s*`), '').trim();
  const capital = bare.charAt(0).toUpperCase() + bare.slice(1);
  return /[.!?…)]$/.test(capital) ? capital : `${capital}.`;
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The body of a refusal in one language: `message` (every reason), `reasons`, and `fields` (name → reasons beside it). */
function refusalBody(reasons: Reason[], lang: 'fr' | 'en') {
  const fields: Record<string, string[]> = {};
  for (const r of reasons) {
    if (!r.field) continue;
    const top = r.field.split('.')[0];
    (fields[top] ??= []).push(besideField(r.field, r[lang]));
  }
  const texts = reasons.map((r) => r[lang]);
  return { statusCode: 400, code: 'invalid_input', error: 'Bad Request', message: texts.join(' ; '), reasons: texts, fields };
}

/**
 * A refusal of the validation layer. Its body is French; `bodyIn('en')` gives the same in English
 * (AllExceptionsFilter answers in the page's language). `fields` lets a form put each reason
 * beside its field (src/web/assets/forms.js, and pages that show a form again).
 */
export class InvalidInputException extends BadRequestException {
  constructor(readonly refusals: Reason[]) {
    super(refusalBody(refusals, 'fr'));
  }

  bodyIn(lang: 'fr' | 'en') {
    return refusalBody(this.refusals, lang);
  }

  /** The reasons a form shows again: by field, and those about no field. */
  placed(lang: 'fr' | 'en'): { fields: Record<string, string[]>; loose: string[] } {
    return { fields: refusalBody(this.refusals, lang).fields, loose: this.refusals.filter((r) => !r.field).map((r) => r[lang]) };
  }
}

/** `message` says every reason in one sentence list; `reasons` keeps them apart, `fields` by field name. */
export function invalidInput(reasons: Array<string | Reason>): InvalidInputException {
  return new InvalidInputException([...new Map(reasons.map(asReason).map((r) => [`${r.field}|${r.fr}`, r])).values()]);
}

/** One field's refusal, said in both languages (a page form read by hand: `throw invalidInput([fieldReason('unitEuros', …)])`). */
export const fieldReason = (field: string, words: Said): Reason => ({ field, ...words });

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
  whitelistValidation: () => 'champ inconnu, à retirer',
  nestedValidation: () => 'objet ou liste d’objets attendu',
};

/** class-validator's own messages are English sentences about « must » / « should ». */
const isEnglishDefault = (msg: string) => /\b(must|should)\b/.test(msg);

/** class-validator's English default, without the property it starts with (« price must be… » → « must be… »). */
const englishDefault = (field: string, property: string, msg: string) =>
  `« ${field} » : ${/^each value in /.test(msg) ? 'each value: ' : ''}${msg.replace(new RegExp(`^(each value in )?${escapeRegExp(property)} `), '')}.`;

function reasonsOf(errors: ValidationError[], parent = ''): Reason[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([name, msg]): Reason => {
      if (!isEnglishDefault(msg)) return { field, fr: msg, en: englishOf(msg) };
      const each = /^each value in /.test(msg) ? 'chaque valeur : ' : '';
      return { field, fr: `« ${field} » : ${each}${(FRENCH[name] ?? (() => 'valeur invalide'))(msg)}.`, en: englishDefault(field, e.property, msg) };
    });
    return [...own, ...reasonsOf(e.children ?? [], field)];
  });
}

/** Each reason once (a value failing three rules of one field may say the same thing thrice). */
export const frenchReasons = (errors: ValidationError[]): Reason[] => reasonsOf(errors);

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
    if (metadata.type === 'query' && !metadata.data) return super.transform(declaredQuery(value, metadata.metatype), metadata);
    return super.transform(value, metadata);
  }
}

const MAX_QUERY_TEXT = 4000;
const MAX_PARAM_TEXT = 200;
const isIdName = (name: string) => name === 'id' || /Id$/.test(name);

/** The names a query DTO declares (its class-validator properties, inherited ones included). */
export function queryNames(dto: Function): string[] {
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
}

/**
 * A route's query, held to its DTO before class-validator sees it: a name it does not declare is
 * refused by name, each parameter is one value (not `?a=1&a=2`, not `?a[b]=`), and an empty one
 * (an empty field of a GET form) means « not given ».
 */
function declaredQuery(query: unknown, dto: Function | undefined): Record<string, unknown> {
  const given = query !== null && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const known = dto && dto !== Object ? new Set(queryNames(dto)) : new Set<string>();
  const reasons: string[] = [];
  const kept: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(given)) {
    if (!known.has(name)) reasons.push(unknownParamReason(name, [...known]));
    else if (typeof raw !== 'string') reasons.push(`« ${name} » : une seule valeur attendue.`);
    else if (raw.length > MAX_QUERY_TEXT) reasons.push(`« ${name} » : ${MAX_QUERY_TEXT} caractères au plus.`);
    else if (raw !== '') kept[name] = raw;
  }
  if (reasons.length) throw invalidInput(reasons);
  return kept;
}

/** The name as it can be shown back: short, its control characters (refused anyway) as « ? ». */
const shownName = (name: string) => name.slice(0, 100).replace(/[\u0000-\u001F\u007F]/g, '?');

export const unknownParamReason = (name: string, known: string[]) =>
  `paramètre inconnu : « ${shownName(name)} » (${known.length ? `paramètres acceptés : ${known.join(', ')}` : 'cette adresse n’en prend aucun'}).`;

/** A page form read by hand (no DTO): one text per field, ids that are ids. */
function checkFormFields(body: unknown): void {
  if (body === null || typeof body !== 'object') return;
  const reasons = Object.entries(body).flatMap(([name, raw]): Reason[] => {
    const why = raw === null || typeof raw === 'object' ? TEXT_EXPECTED : formFieldReason(name, String(raw));
    return why ? [{ field: name, fr: `« ${name} » : ${why.fr}.`, en: `« ${name} »: ${why.en}.` }] : [];
  });
  if (reasons.length) throw invalidInput(reasons);
}

const controlCharReason = (field: string): Reason => ({
  field,
  fr: `« ${field} » : caractère de contrôle interdit (NUL ou autre).`,
  en: `« ${field} »: control character not allowed (NUL or other).`,
});
const uuidReason = (v: string) => (isUuid(v) ? null : 'identifiant (UUID) attendu');
const TEXT_EXPECTED: Said = { fr: 'texte attendu', en: 'text expected' };

function formFieldReason(name: string, raw: string): Said | null {
  if (raw.length > MAX_QUERY_TEXT) return { fr: `${MAX_QUERY_TEXT} caractères au plus`, en: `${MAX_QUERY_TEXT} characters at most` };
  return raw !== '' && isIdName(name) && !isUuid(raw) ? { fr: 'identifiant (UUID) attendu', en: 'identifier (UUID) expected' } : null;
}

function paramReason(name: string, raw: string): string | null {
  if (raw.length > MAX_PARAM_TEXT) return `${MAX_PARAM_TEXT} caractères au plus`;
  return isIdName(name) ? uuidReason(raw) : null;
}

/** The query of a handler with no `@Query()`: only a page's language and campaign tags, as PageQuery holds them. */
function undeclaredQueryReasons(query: Record<string, unknown>, page: boolean): Array<string | Reason> {
  const allowed = page ? PAGE_QUERY_NAMES : [];
  return Object.entries(query).flatMap(([name, raw]): Array<string | Reason> => {
    if (!allowed.includes(name)) return [unknownParamReason(name, allowed)];
    if (typeof raw !== 'string') return [`« ${name} » : une seule valeur attendue.`];
    if (controlCharPath(raw)) return [controlCharReason(name)];
    if (raw.length > MAX_PARAM_TEXT) return [`« ${name} » : ${MAX_PARAM_TEXT} caractères au plus.`];
    if (name === 'lang' && raw !== '' && !['fr', 'en'].includes(raw)) return ['« lang » : valeur parmi : fr, en.'];
    return [];
  });
}

/** Whether the handler reads the query through `@Query()` (then InputValidationPipe checks it against its DTO). */
function declaresQuery(context: ExecutionContext): boolean {
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {};
  return Object.keys(args).some((key) => Number(key.split(':')[0]) === RouteParamtypes.QUERY);
}

/** A server-rendered page (its controller is not under /api). */
export function isPageController(controller: Function): boolean {
  return !/^\/?api(\/|$)/.test(String(Reflect.getMetadata(PATH_METADATA, controller) ?? ''));
}

/**
 * Path parameters of every route (ids are UUIDs, short texts, no control character), and the query
 * of a route that declares none: refused, but for a page's language and campaign tags (PageQuery).
 */
@Injectable()
export class InputParamsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const reasons: Array<string | Reason> = [];
    if (!declaresQuery(context)) reasons.push(...undeclaredQueryReasons(req.query ?? {}, isPageController(context.getClass())));
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
