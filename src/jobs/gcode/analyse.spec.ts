import sharp from 'sharp';
import { sampleGcode } from '../../../test/factories/gcode.factory';
import { GcodeAnalyser, looksLikeGcode, parseDuration } from './analyse';
import { renderTopView, webThumbnails } from './analyse-file';

const analyse = (text: string) => {
  const a = new GcodeAnalyser();
  for (const line of text.split('\n')) a.push(line);
  return a.result();
};

describe('G-code analysis (fed line by line)', () => {
  it('reads a PrusaSlicer file: time, filament, temperatures, nozzle and the largest thumbnail', async () => {
    const r = analyse(await sampleGcode('prusaslicer', { thumbnail: true, layers: 4, size: 20, at: 50 }));
    expect(r.slicer).toBe('prusaslicer');
    expect(r.estimatedSeconds).toBe(3723);
    expect(r.estimatedFrom).toBe('slicer');
    expect(r.filamentMm).toBe(1234.56);
    expect(r.filamentG).toBe(3.69);
    expect(r.layers).toBe(4);
    expect(r.nozzleTempC).toBe(215);
    expect(r.bedTempC).toBe(60);
    expect(r.nozzleMm).toBe(0.4);
    expect(r.bbox).toEqual({ minX: 50, minY: 50, minZ: 0.2, maxX: 70, maxY: 70, maxZ: 0.8 });
    expect(r.thumbnail).toMatchObject({ width: 220, height: 124, format: 'png' });
    const meta = await sharp(r.thumbnail!.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 220, 124]);
  });

  it('reads an OrcaSlicer file', async () => {
    const r = analyse(await sampleGcode('orcaslicer', { thumbnail: true, layers: 3 }));
    expect(r.slicer).toBe('orcaslicer');
    expect(r.estimatedSeconds).toBe(7230);
    expect(r.filamentG).toBe(7);
    expect(r.filamentMm).toBe(2345.6);
    expect(r.layers).toBe(3);
    expect(r.thumbnail?.width).toBe(220);
  });

  it('reads a Cura file: ;TIME:, ;Filament used: in metres, ;LAYER_COUNT:', async () => {
    const r = analyse(await sampleGcode('cura', { thumbnail: true, layers: 6 }));
    expect(r.slicer).toBe('cura');
    expect(r.estimatedSeconds).toBe(4567);
    expect(r.filamentMm).toBe(1250);
    expect(r.filamentG).toBeCloseTo(3.73, 1); // from the length, PLA 1.75 mm
    expect(r.layers).toBe(6);
    expect(r.thumbnail?.width).toBe(300);
  });

  it('computes the time of a GRBL file from its moves and feed rates when no slicer says it', async () => {
    const r = analyse(await sampleGcode('grbl', { size: 10, at: 0, layers: 2 }));
    expect(r.slicer).toBe('unknown');
    expect(r.estimatedFrom).toBe('moves');
    // 2 passes × 40 mm at 1200 mm/min = 4 s, plus plunges at 300 mm/min and rapids: a few seconds.
    expect(r.estimatedSeconds).toBeGreaterThanOrEqual(4);
    expect(r.estimatedSeconds).toBeLessThan(10);
    expect(r.maxSpindle).toBe(800);
    expect(r.bbox).toMatchObject({ minX: 0, minY: 0, maxX: 10, maxY: 10 });
    expect(r.thumbnail).toBeNull();
    expect(r.filamentMm).toBeNull();
  });

  it('understands relative moves, inches and modal GRBL lines without a G word', () => {
    const r = analyse('G20\nG91\nG1 X1 Y1 F10\nX1\nG90\nG21\nG1 X0 Y0 F600\n');
    expect(r.bbox).toMatchObject({ maxX: 50.8, maxY: 25.4 });
    expect(r.moves).toBe(3);
  });

  it('parses durations written by slicers', () => {
    expect(parseDuration('1d 2h 3m 4s')).toBe(93784);
    expect(parseDuration('45m 0s')).toBe(2700);
    expect(parseDuration('nothing')).toBeNull();
  });

  it('tells G-code from other files', async () => {
    expect(looksLikeGcode(Buffer.from(await sampleGcode('cura')))).toBe(true);
    expect(looksLikeGcode(Buffer.from('Bonjour, voici mon fichier.\nIl contient du texte.\n'))).toBe(false);
    expect(
      looksLikeGcode(
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
          .png()
          .toBuffer(),
      ),
    ).toBe(false);
    expect(looksLikeGcode(Buffer.alloc(0))).toBe(false);
  });

  it('renders a top view of the toolpath and makes WebP thumbnails of it', async () => {
    const view = await renderTopView(new Float32Array([0, 0, 10, 0, 10, 0, 10, 10]), { minX: 0, minY: 0, minZ: 0, maxX: 10, maxY: 10, maxZ: 0 });
    expect((await sharp(view).metadata()).format).toBe('png');
    const t = await webThumbnails(view);
    expect((await sharp(t.large).metadata()).width).toBe(320);
    expect((await sharp(t.small).metadata()).format).toBe('webp');
  });
});
