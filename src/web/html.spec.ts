import { escapeHtml, html, jsonIsland, raw } from './html';
import { addDictionary, defineDictionary, formatDate, t } from './i18n';
import { withLang } from './layout';

describe('html template', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<script>alert("x")</script>' onmouseover='y`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y</p>',
    );
  });

  it('keeps nested templates and raw markup as they are, and joins arrays', () => {
    const items = ['a<b', 'c'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>${raw('<hr>')}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>');
  });

  it('renders nothing for null, undefined and false, but renders 0', () => {
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
    expect(escapeHtml(undefined)).toBe('');
  });

  it('writes a JSON data island that no value can close', () => {
    const island = jsonIsland('d', { name: '</script><script>alert(1)</script>' }).value;
    expect(island).not.toContain('</script><script>');
    expect(JSON.parse(island.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, ''))).toEqual({ name: '</script><script>alert(1)</script>' });
  });
});

describe('i18n', () => {
  it('speaks French by default and English on request, with placeholders', () => {
    const tr = defineDictionary({ 'spec.hello': { fr: 'Bonjour {name}', en: 'Hello {name}' } });
    expect(tr('spec.hello', undefined, { name: 'Amina' })).toBe('Bonjour Amina');
    expect(tr('spec.hello', 'en', { name: 'Amina' })).toBe('Hello Amina');
  });

  it('shows an unknown key as-is rather than failing', () => {
    expect(t('spec.missing', 'fr')).toBe('spec.missing');
  });

  it('refuses the same key defined twice with different words', () => {
    addDictionary({ 'spec.once': { fr: 'Un', en: 'One' } });
    expect(() => addDictionary({ 'spec.once': { fr: 'Une', en: 'One' } })).toThrow(/spec.once/);
  });

  it('writes dates in French in the Paris time zone', () => {
    expect(formatDate(new Date('2027-03-02T23:30:00Z'), 'fr', 'Europe/Paris')).toBe('3 mars 2027');
    expect(formatDate(new Date('2027-03-02T23:30:00Z'), 'en', 'Europe/Paris')).toBe('3 March 2027');
  });

  it('keeps the page when switching language', () => {
    expect(withLang('/machines?siteId=abc&lang=fr', 'en')).toBe('/machines?siteId=abc&lang=en');
  });
});
