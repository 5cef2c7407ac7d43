import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import sharp from 'sharp';
import { GcodeAnalyser, GcodeAnalysis, GcodeSniffer } from './analyse';

const VIEW = 256;

/** Streams a file line by line through the analyser; `progress` gets 0..1 now and then. */
export async function analyseFile(
  file: string,
  size: number,
  progress?: (fraction: number) => Promise<void> | void,
  withSegments = true,
): Promise<{ analysis: GcodeAnalysis; segments: Float32Array | null }> {
  const a = new GcodeAnalyser();
  // Segments kept compactly for the top view (capped: a view needs no more).
  const MAX = 200_000;
  let segs: Float32Array | null = withSegments ? new Float32Array(MAX * 4) : null;
  let count = 0;
  let stride = 1;
  let seen = 0;
  if (segs) {
    a.onSegment = (x0, y0, x1, y1, working) => {
      if (!working) return;
      seen++;
      if (seen % stride !== 0) return;
      if (count === MAX) {
        // Keep every other one and halve the sampling from now on.
        for (let i = 0; i < MAX / 2; i++) segs!.copyWithin(i * 4, i * 8, i * 8 + 4);
        count = MAX / 2;
        stride *= 2;
      }
      segs!.set([x0, y0, x1, y1], count * 4);
      count++;
    };
  }
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let bytes = 0;
  stream.on('data', (chunk) => (bytes += Buffer.byteLength(chunk as string)));
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let lastReport = 0;
  for await (const line of rl) {
    a.push(line);
    if (progress && bytes - lastReport > size / 20) {
      lastReport = bytes;
      await progress(Math.min(0.95, bytes / Math.max(1, size)));
    }
  }
  if (segs) segs = segs.subarray(0, count * 4);
  return { analysis: a.result(), segments: segs };
}

/** No slicer writes a line this long: past it the file is not G-code, and memory stays bounded. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * The whole file, streamed (not only its beginning): valid UTF-8 without NUL bytes, and G-code on
 * nearly every line. A G-code head glued to a binary or a letter is refused.
 */
export async function isGcodeFile(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const sniffer = new GcodeSniffer();
  let rest = '';
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      if ((chunk as Buffer).includes(0)) return false;
      const lines = (rest + decoder.decode(chunk as Buffer, { stream: true })).split(/\r?\n/);
      rest = lines.pop() ?? '';
      if (rest.length > MAX_LINE_CHARS) return false;
      lines.forEach((l) => sniffer.line(l));
    }
    sniffer.line(rest + decoder.decode());
  } catch {
    return false; // not UTF-8
  }
  return sniffer.verdict;
}

/** A top view of the toolpath, drawn into a raw RGBA buffer and encoded as PNG. */
export async function renderTopView(segments: Float32Array, bbox: NonNullable<GcodeAnalysis['bbox']>): Promise<Buffer> {
  const px = Buffer.alloc(VIEW * VIEW * 4, 255);
  const w = Math.max(1e-6, bbox.maxX - bbox.minX);
  const h = Math.max(1e-6, bbox.maxY - bbox.minY);
  const scale = (VIEW - 16) / Math.max(w, h);
  const ox = 8 + (VIEW - 16 - w * scale) / 2;
  const oy = 8 + (VIEW - 16 - h * scale) / 2;
  const plot = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= VIEW || y >= VIEW) return;
    const i = (y * VIEW + x) * 4;
    px[i] = 30;
    px[i + 1] = 90;
    px[i + 2] = 160;
  };
  for (let s = 0; s < segments.length; s += 4) {
    const x0 = ox + (segments[s] - bbox.minX) * scale;
    const y0 = VIEW - (oy + (segments[s + 1] - bbox.minY) * scale);
    const x1 = ox + (segments[s + 2] - bbox.minX) * scale;
    const y1 = VIEW - (oy + (segments[s + 3] - bbox.minY) * scale);
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let k = 0; k <= steps; k++) plot(Math.round(x0 + ((x1 - x0) * k) / steps), Math.round(y0 + ((y1 - y0) * k) / steps));
  }
  return sharp(px, { raw: { width: VIEW, height: VIEW, channels: 4 } })
    .png()
    .toBuffer();
}

/** Web thumbnails (WebP) from the slicer's picture or the rendered view: 320 px and 96 px wide. */
export async function webThumbnails(image: Buffer): Promise<{ large: Buffer; small: Buffer }> {
  const large = await sharp(image).resize(320, 320, { fit: 'contain', background: '#ffffff' }).webp({ quality: 80 }).toBuffer();
  const small = await sharp(image).resize(96, 96, { fit: 'contain', background: '#ffffff' }).webp({ quality: 70 }).toBuffer();
  return { large, small };
}
