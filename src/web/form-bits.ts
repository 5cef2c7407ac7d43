import type { HttpException } from '@nestjs/common';
import { dayOf } from '../common/local-format';
import { InvalidInputException } from '../common/validation';
import { html, SafeHtml } from './html';
import { defineDictionary, Lang } from './i18n';
import type { PageContext } from './page';

const tr = defineDictionary({
  'form.site': { fr: 'Lieu', en: 'Site' },
  'form.optional': { fr: '(facultatif)', en: '(optional)' },
});

let seq = 0;
/** Unique ids for label/input pairs when a page repeats a form. */
export const fieldId = (name: string) => `f-${name}-${++seq}`;

/**
 * A form shown again after a refusal (a classic POST without JavaScript): what was typed, and the
 * reasons by field name (the `fields` of a 400, src/common/validation.ts) plus those about no field.
 * `form` names which of the page's forms it is, so only that one shows them.
 */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: Record<string, string[]>;
  message?: string;
}

/**
 * A refused form's state from what it posted and the refusal: a validation refusal puts its reasons
 * by field (in the page's language), any other (a rule of the service) is said above the button.
 */
export function refusedForm(form: string, posted: Record<string, unknown>, err: HttpException, lang: Lang): FormState {
  const values = Object.fromEntries(Object.entries(posted).flatMap(([k, v]) => (typeof v === 'string' && k !== '_csrf' ? [[k, v]] : [])));
  if (err instanceof InvalidInputException) {
    const { fields, loose } = err.placed(lang);
    return { form, values, errors: fields, message: loose.join(' ; ') || undefined };
  }
  const body = err.getResponse() as { message?: unknown; field?: unknown } | string;
  const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join(' ; ') : String(body.message ?? '');
  // A rule of a service may name the one field it is about (`field` in its answer).
  if (typeof body === 'object' && typeof body.field === 'string' && body.field in values) return { form, values, errors: { [body.field]: [message] } };
  return { form, values, errors: {}, message };
}

/** The state of `form` if it is the one refused, else none: `typed(state, 'x') ?? saved value`. */
export const stateOf = (state: FormState | undefined, form: string): FormState | undefined => (state?.form === form ? state : undefined);

/** The typed value of a field of a refused form (undefined when the form was not refused). */
export const typed = (state: FormState | undefined, name: string): string | undefined => state?.values[name];

/**
 * The attributes and the reason beside a field of a refused form: `aria-invalid`, `aria-describedby`
 * to the reason, and the reason itself to put right after the input (forms.js does the same in the browser).
 */
export function fieldError(state: FormState | undefined, name: string, id = fieldId(`${name}-error`)): { attrs: SafeHtml; after: SafeHtml } {
  const reasons = state?.errors[name];
  if (!reasons?.length) return { attrs: html``, after: html`` };
  return { attrs: html` aria-invalid="true" aria-describedby="${id}"`, after: html`<span class="field-error" id="${id}">${reasons.join(' ')}</span>` };
}

/** The reasons of a refused form about no field of its own, to show above its button. */
export function formRefusal(state: FormState | undefined, names: string[]): SafeHtml {
  if (!state) return html``;
  const loose = Object.entries(state.errors)
    .filter(([name]) => !names.includes(name))
    .flatMap(([, r]) => r);
  const text = [...loose, ...(state.message ? [state.message] : [])].join(' ; ');
  return text ? html`<p class="form-message error" role="alert">${text}</p>` : html``;
}

/** A labelled input; `hint` is read by screen readers with the field; `state` a refused form's typed value and reason. */
export function field(o: {
  label: string;
  name: string;
  type?: string;
  value?: string | number | null;
  required?: boolean;
  hint?: string;
  lang: Lang;
  attrs?: SafeHtml;
  state?: FormState;
}): SafeHtml {
  const id = fieldId(o.name);
  const hintId = o.hint ? `${id}-hint` : '';
  const reasons = o.state?.errors[o.name];
  const errorId = reasons?.length ? `${id}-error` : '';
  const described = [hintId, errorId].filter(Boolean).join(' ');
  const value = typed(o.state, o.name) ?? o.value ?? '';
  return html`<div class="field"><label for="${id}">${o.label}${o.required ? '' : html` <span class="hint-inline muted">${tr('form.optional', o.lang)}</span>`}${
    o.hint ? html`<span class="hint" id="${hintId}">${o.hint}</span>` : ''
  }</label>
<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${value}"${o.required ? html` required` : ''}${
    described ? html` aria-describedby="${described}"` : ''
  }${errorId ? html` aria-invalid="true"` : ''} ${o.attrs ?? ''}>${errorId ? html`<span class="field-error" id="${errorId}">${reasons!.join(' ')}</span>` : ''}</div>`;
}

export function select(o: { label: string; name: string; options: Array<[string, string]>; value?: string; lang: Lang; attrs?: SafeHtml }): SafeHtml {
  const id = fieldId(o.name);
  return html`<div class="field"><label for="${id}">${o.label}</label><select id="${id}" name="${o.name}" ${o.attrs ?? ''}>${o.options.map(
    ([v, label]) => html`<option value="${v}"${v === o.value ? html` selected` : ''}>${label}</option>`,
  )}</select></div>`;
}

/** Admins act on every site, so their create forms name the site; others' forms don't need it. */
export function siteField(ctx: PageContext, sites: { id: string; name: string }[], current?: string | null): SafeHtml {
  if (ctx.viewer.role !== 'admin') return html``;
  return select({ label: tr('form.site', ctx.lang), name: 'siteId', lang: ctx.lang, value: current ?? undefined, options: sites.map((s) => [s.id, s.name]) });
}

/**
 * The CSRF token of a classic form (method="post" without forms.js). forms.js adds it by itself to
 * the forms it sends; a form that must work without JavaScript puts this field in.
 */
export const csrfField = (token: string | undefined) => (token ? html`<input type="hidden" name="_csrf" value="${token}" data-ignore>` : html``);

/** The place forms.js writes the API's answer into. */
export const formMessage = () => html`<p class="form-message" role="alert" aria-live="assertive"></p>`;

/** Today on the site's clock (`ctx.zone`), for date inputs (YYYY-MM-DD). */
export const todayIn = (zone: string) => dayOf(new Date(), zone);

/** What a euros field accepts in the browser (« 7,50 », « 7.50 », « 7 »); the DTO's `IsEuros` says why otherwise. */
export const EUROS_PATTERN = '[0-9]+([,.][0-9]{1,2})?';

/** Cents as a euros field shows them to be typed again: « 7,50 ». */
export const eurosTyped = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
