import { MESSAGES, DISPLAY_SIZES, DisplaySize, MessageKey, renderMessage, deniedMessage, offlineDeniedMessage, asciiText } from '../src/display/messages';

const sizes = Object.keys(DISPLAY_SIZES) as DisplaySize[];
const keys = Object.keys(MESSAGES) as MessageKey[];

describe('the display table', () => {
  it.each(sizes)('every message fits a %s display as written (no line cut, no line lost)', (size) => {
    const { cols, rows } = DISPLAY_SIZES[size];
    for (const key of keys) {
      const lines = MESSAGES[key][size];
      expect({ key, rows: lines.length <= rows }).toEqual({ key, rows: true });
      for (const line of lines) {
        // Placeholders are filled with their longest usual value: a 3-digit count, a short first name.
        const filled = asciiText(line.replace('{seconds}', '120').replace('{name}', 'Amina'));
        expect({ key, line: filled, fits: filled.length <= cols }).toEqual({ key, line: filled, fits: true });
      }
    }
  });

  it('every message gives what to do next or a second line, in both sizes', () => {
    for (const key of keys) for (const size of sizes) expect({ key, size, n: MESSAGES[key][size].length >= 2 }).toEqual({ key, size, n: true });
  });

  it('fills in and clips the first name to the line, in plain ASCII', () => {
    expect(renderMessage({ key: 'granted', vars: { name: 'Éléonore-Marguerite K.' } }, '16x2')).toEqual(['Bonjour Eleonore', 'Machine ouverte']);
    expect(renderMessage({ key: 'grace', vars: { seconds: 60 } }, '20x4')).toEqual(['Fin de session', 'dans 60 s.', 'Repassez le badge', 'pour continuer.']);
  });

  it('has a message for every denial reason of the MQTT contract, and says the card is not on the list offline', () => {
    for (const r of [
      'badge_unknown',
      'badge_revoked',
      'person_inactive',
      'training_missing',
      'training_expired',
      'training_suspended',
      'machine_maintenance',
      'machine_in_use',
      'booked_by_other',
      'outside_hours',
      'not_allowed_on_site',
      'membership_expired',
    ])
      expect(deniedMessage(r)).toBe(r);
    expect(deniedMessage('something_new')).toBe('denied');
    expect(renderMessage({ key: offlineDeniedMessage('not_in_allowlist') }, '16x2')[0]).toMatch(/^Badge non admis/);
    expect(renderMessage({ key: offlineDeniedMessage('no_allowlist') }, '20x4')[0]).toMatch(/^Serveur injoignable/);
  });
});
