import { dayOf } from '../common/local-format';
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

/** A labelled input; `hint` is read by screen readers with the field. */
export function field(o: {
  label: string;
  name: string;
  type?: string;
  value?: string | number | null;
  required?: boolean;
  hint?: string;
  lang: Lang;
  attrs?: SafeHtml;
}): SafeHtml {
  const id = fieldId(o.name);
  const hintId = o.hint ? `${id}-hint` : '';
  return html`<div class="field"><label for="${id}">${o.label}${o.required ? '' : html` <span class="hint-inline muted">${tr('form.optional', o.lang)}</span>`}${
    o.hint ? html`<span class="hint" id="${hintId}">${o.hint}</span>` : ''
  }</label>
<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${
    hintId ? html` aria-describedby="${hintId}"` : ''
  } ${o.attrs ?? ''}></div>`;
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
