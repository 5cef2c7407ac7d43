import { html, SafeHtml } from '../web/html';

/** One card of a home: a titled section, its content, and a link to the full page. */
export function card(id: string, title: string, content: SafeHtml, more?: SafeHtml): SafeHtml {
  return html`<section class="card home-card" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2>${content}${more ? html`<p class="more">${more}</p>` : ''}</section>`;
}

/** What a card says when it has nothing to show. */
export const empty = (text: string) => html`<p class="muted">${text}</p>`;
