import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF made by pdfkit, line by line (one line per text object), read back the way a
 * viewer does: content streams inflated, each font's glyph codes mapped to characters through its
 * ToUnicode CMap. Enough for our own documents (embedded fonts, FlateDecode), not a general parser.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  const objRe = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = objRe.exec(raw); m; m = objRe.exec(raw)) {
    const body = m[2];
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    let start = m.index + m[0].indexOf(body) + streamAt + 'stream'.length;
    if (raw[start] === '\r') start++;
    if (raw[start] === '\n') start++;
    const length = /\/Length (\d+)/.exec(dict);
    const end = length ? start + Number(length[1]) : raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    objects.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(bytes) : bytes });
  }
  // Font resource names (/F1) → their ToUnicode maps (glyph code → text).
  const cmaps = new Map<string, Map<string, string>>();
  for (const { dict } of objects.values()) {
    const fonts = /\/Font\s*<<([\s\S]*?)>>/.exec(dict);
    if (!fonts) continue;
    for (const [, name, ref] of fonts[1].matchAll(/\/([A-Za-z0-9]+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(ref));
      const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      const cmap = toUnicode && objects.get(Number(toUnicode[1]))?.stream;
      if (cmap) cmaps.set(name, parseCmap(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  for (const { dict, stream } of objects.values()) {
    if (!stream || /\/(Type|Subtype)\s*\/(XObject|Image|Metadata|FontFile)/.test(dict) || /ToUnicode|CMap|Length1/.test(dict)) continue;
    const content = stream.toString('latin1');
    if (!/\bBT\b/.test(content)) continue;
    let font = '';
    for (const block of content.split(/\bET\b/)) {
      let line = '';
      for (const [, fontName, shown] of block.matchAll(/\/([A-Za-z0-9]+)\s+[\d.]+\s+Tf|(\[[^\]]*\]\s*TJ|<[0-9a-fA-F]*>\s*Tj)/g)) {
        if (fontName) {
          font = fontName;
          continue;
        }
        const map = cmaps.get(font);
        for (const [, hex] of shown.matchAll(/<([0-9a-fA-F]*)>/g)) {
          for (let i = 0; i < hex.length; i += 4) line += map?.get(hex.slice(i, i + 4).toLowerCase()) ?? '';
        }
      }
      if (line) lines.push(line);
    }
  }
  return lines.join('\n');
}

function parseCmap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const hex = (h: string) => String.fromCharCode(...(h.match(/.{4}/g) ?? []).map((c) => parseInt(c, 16)));
  for (const [, start, , list] of text.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    const first = parseInt(start, 16);
    [...list.matchAll(/<([0-9a-fA-F ]*)>/g)].forEach(([, value], i) => map.set((first + i).toString(16).padStart(4, '0'), hex(value.replace(/\s+/g, ''))));
  }
  for (const [, code, value] of text.matchAll(/^<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>$/gm)) map.set(code.toLowerCase(), hex(value));
  return map;
}

/** The PDF's text as one line, spaces (no-break ones included) collapsed: for `toContain` checks across line breaks. */
export const pdfWords = (pdf: Buffer): string => pdfText(pdf).replace(/[\s\u00a0\u202f]+/g, ' ');
