import { createHash } from 'node:crypto';
import { pageCsp } from './page';

const hash = (code: string) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`;

describe('pageCsp', () => {
  it('allows exactly the inline scripts a page carries, by hash, and nothing inline otherwise', () => {
    const csp = pageCsp('<p>x</p><script>console.log(1)</script><script src="/assets/a.js"></script>');
    expect(csp).toContain(`script-src 'self' ${hash('console.log(1)')}`);
    expect(csp).not.toContain("'unsafe-inline'; object-src");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('needs nothing for JSON data islands, and hashes inline handlers with unsafe-hashes', () => {
    expect(pageCsp('<script type="application/json" id="d">{"a":1}</script>')).toMatch(/script-src 'self';/);
    const csp = pageCsp('<button type="button" onclick="window.print()">Imprimer</button>');
    expect(csp).toContain(`'unsafe-hashes' ${hash('window.print()')}`);
  });
});
