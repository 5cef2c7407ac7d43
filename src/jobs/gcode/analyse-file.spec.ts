import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isGcodeFile } from './analyse-file';

describe('isGcodeFile (the whole file, streamed)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcode-check-'));
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  const gcode = ';FLAVOR:Marlin\nG28\n' + 'G1 X10 Y10 E0.1\n'.repeat(20_000); // ~320 KB, several read chunks
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts G-code', async () => {
    expect(await isGcodeFile(file('ok.gcode', gcode))).toBe(true);
  });

  it('refuses G-code followed by a NUL, invalid UTF-8 or a letter, however far in the file', async () => {
    expect(await isGcodeFile(file('nul.gcode', Buffer.concat([Buffer.from(gcode), Buffer.from([0])])))).toBe(false);
    expect(await isGcodeFile(file('latin1.gcode', Buffer.concat([Buffer.from(gcode), Buffer.from([0xe9, 0x0a])])))).toBe(false);
    expect(await isGcodeFile(file('letter.gcode', gcode + 'Madame, Monsieur,\n'.repeat(5000)))).toBe(false);
  });

  it('refuses a file without line breaks past 64 KB', async () => {
    expect(await isGcodeFile(file('one-line.gcode', 'G1' + ' X1'.repeat(40_000)))).toBe(false);
  });
});
