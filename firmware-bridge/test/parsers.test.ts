import './helpers';
import { parseGrblLine } from '../src/drivers/grbl-parser';
import { parseMarlinLine, numberedLine, parseTemps } from '../src/drivers/marlin-parser';
import { decodeRdm6300Frame, encodeRdm6300Frame, Rdm6300Driver } from '../src/drivers/rdm6300';
import { Pn532Decoder, encodePn532Frame, PN532_ACK } from '../src/drivers/pn532-frame';
import { relayFrame } from '../src/drivers/usb-relay';
import { encodeBoardLine, decodeBoardLine, parseBoardBody, displayLines } from '../src/drivers/board-line';
import { gcodeLines } from '../src/drivers/gcode';

describe('grbl line parser', () => {
  it('reads ok, error:N, ALARM:N and the greeting', () => {
    expect(parseGrblLine('ok')).toEqual({ kind: 'ok' });
    expect(parseGrblLine('error:22')).toEqual({ kind: 'error', code: 22 });
    expect(parseGrblLine('ALARM:2')).toEqual({ kind: 'alarm', code: 2 });
    expect(parseGrblLine("Grbl 1.1h ['$' for help]").kind).toBe('greeting');
  });
  it('reads a status report with MPos, WCO, FS and Bf', () => {
    const m = parseGrblLine('<Run|MPos:10.000,5.500,-1.000|Bf:15,254|FS:1200,8000|WCO:1.000,0.500,0.000>');
    expect(m).toEqual({
      kind: 'status',
      status: { state: 'Run', mpos: [10, 5.5, -1], bf: { blocks: 15, rx: 254 }, feed: 1200, spindle: 8000, wco: [1, 0.5, 0] },
    });
    expect(parseGrblLine('<Hold:0|MPos:0.000,0.000,0.000|FS:0,0>')).toMatchObject({ status: { state: 'Hold' } });
  });
  it('treats push messages and garbage as non-replies', () => {
    expect(parseGrblLine('[MSG:Reset to continue]').kind).toBe('feedback');
    expect(parseGrblLine('\u0000\u00ffzz').kind).toBe('other');
  });
});

describe('marlin line parser', () => {
  it('numbers and checksums lines as Marlin expects', () => {
    expect(numberedLine(0, 'M110 N0')).toBe('N0 M110 N0*125');
    expect(numberedLine(1, 'G28')).toMatch(/^N1 G28\*\d+$/);
  });
  it('reads ok with N P B fields and temperatures', () => {
    expect(parseMarlinLine('ok N12 P15 B3')).toEqual({ kind: 'ok', line: 12, plannerFree: 15, bufferFree: 3 });
    expect(parseMarlinLine('ok T:209.8 /210.0 B:60.1 /60.0 @:0 B@:0')).toMatchObject({
      temps: { hotend: { actual: 209.8, target: 210 }, bed: { actual: 60.1, target: 60 } },
    });
    expect(parseTemps(' T:20.0 /0.0 B:21.5 /0.0 @:0 B@:0')).toEqual({ hotend: { actual: 20, target: 0 }, bed: { actual: 21.5, target: 0 } });
  });
  it('reads Resend, busy, capabilities and the fatal messages', () => {
    expect(parseMarlinLine('Resend: 42')).toEqual({ kind: 'resend', line: 42 });
    expect(parseMarlinLine('echo:busy: processing')).toEqual({ kind: 'busy' });
    expect(parseMarlinLine('Cap:ADVANCED_OK:1')).toEqual({ kind: 'cap', name: 'ADVANCED_OK', on: true });
    for (const l of ['Error:Thermal Runaway, system stopped! Heater_ID: 0', 'Error:MAXTEMP triggered', 'Error:Printer halted. kill() called!'])
      expect(parseMarlinLine(l).kind).toBe('fatal');
  });
});

describe('rdm6300 frames', () => {
  it('decodes a frame and checks the XOR checksum', () => {
    const f = encodeRdm6300Frame('0F00ABCDEF');
    expect(f.length).toBe(14);
    expect(decodeRdm6300Frame(f)).toEqual({ uid: '0F00ABCDEF' });
    const bad = Buffer.from(f);
    bad[11] = 0x30;
    expect(decodeRdm6300Frame(bad)).toEqual({ error: 'checksum' });
  });
  it('de-bounces repeats, resynchronises after garbage, reports removal after silence', () => {
    jest.useFakeTimers();
    try {
      const d = new Rdm6300Driver({ removalMs: 500 });
      const seen: string[] = [];
      d.on('badge', (u) => seen.push('in ' + u));
      d.on('removed', (u) => seen.push('out ' + u));
      const f = encodeRdm6300Frame('0A1B2C3D4E');
      d.feed(Buffer.concat([Buffer.from([0x02, 0x33, 0x03, 0xff]), f.subarray(0, 5)]));
      d.feed(f.subarray(5));
      for (let i = 0; i < 5; i++) {
        jest.advanceTimersByTime(100);
        d.feed(f);
      }
      expect(seen).toEqual(['in 0A1B2C3D4E']);
      jest.advanceTimersByTime(600);
      expect(seen).toEqual(['in 0A1B2C3D4E', 'out 0A1B2C3D4E']);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('pn532 frames', () => {
  it('decodes ACK and data frames split anywhere, and skips bad checksums', () => {
    const frames: unknown[] = [];
    const dec = new Pn532Decoder((f) => frames.push(f));
    const data = encodePn532Frame(0xd5, [0x4b, 0x00]);
    const corrupt = Buffer.from(data);
    corrupt[corrupt.length - 2] ^= 0xff;
    const all = Buffer.concat([Buffer.from([0x55, 0x13]), PN532_ACK, corrupt, data]);
    for (const b of all) dec.feed(Buffer.from([b]));
    expect(frames).toEqual([{ kind: 'ack' }, { kind: 'data', tfi: 0xd5, payload: Buffer.from([0x4b, 0x00]) }]);
    expect(dec.badFrames).toBe(1);
  });
});

describe('usb-relay frames', () => {
  it('builds A0 channel state sum', () => {
    expect([...relayFrame(1, true)]).toEqual([0xa0, 0x01, 0x01, 0xa2]);
    expect([...relayFrame(2, false)]).toEqual([0xa0, 0x02, 0x00, 0xa2]);
  });
});

describe('fablab-board lines', () => {
  it('appends and checks an NMEA-style XOR checksum', () => {
    const l = encodeBoardLine('12 RELAY ON');
    expect(l).toMatch(/^12 RELAY ON\*[0-9A-F]{2}\n$/);
    expect(decodeBoardLine(l.trim())).toBe('12 RELAY ON');
    expect(decodeBoardLine('12 RELAY ON*00')).toBeUndefined();
    expect(decodeBoardLine('no star')).toBeUndefined();
  });
  it('parses board messages and rejects malformed ones', () => {
    expect(parseBoardBody('BADGE 04a224b2c35e80')).toEqual({ kind: 'badge', uid: '04A224B2C35E80' });
    expect(parseBoardBody('CURRENT 350')).toEqual({ kind: 'current', milliamps: 350 });
    expect(parseBoardBody('CURRENT lots').kind).toBe('unknown');
    expect(parseBoardBody('ERR 7 busy')).toEqual({ kind: 'err', seq: 7, code: 'busy' });
  });
  it('makes French text fit the ASCII display, one text per line, at most 4 lines of 20', () => {
    expect(displayLines(['Formation « Découpe laser » requise.', 'a|b*c'])).toBe('Formation " Decoupe|a/b+c');
    expect(displayLines(['1', '2', '3', '4', '5']).split('|')).toHaveLength(4);
  });
});

describe('g-code preparation', () => {
  it('drops comments and blank lines', () => {
    expect(gcodeLines('G21 ; mm\n\n(header)\nG1 X1 (move)\n  ;only\nM2\n')).toEqual(['G21', 'G1 X1', 'M2']);
  });
});
