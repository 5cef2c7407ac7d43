import { alarmWord } from '../machines/machine-words';
import { categoryWord, unitWord } from './price-words';

describe('words for codes a page shows', () => {
  it('gives words for codes: price units, categories, alarms', () => {
    expect(unitWord('slot', 'fr')).toBe('créneau');
    expect(unitWord('gram', 'fr')).toBe('gramme');
    expect(categoryWord('demandeur_emploi', 'fr')).toBe('Demandeur ou demandeuse d’emploi');
    expect(categoryWord('*', 'fr')).toBe('Tout le monde');
    expect(categoryWord('tarif_solidaire', 'fr')).toBe('Tarif solidaire');
    expect(alarmWord('door_open', 'fr')).toBe('Porte ouverte');
    expect(alarmWord('grbl_alarm_2', 'fr')).toBe('Fraiseuse en alarme (n° 2)');
    expect(alarmWord('ALARM:1', 'fr')).toBe('Fraiseuse en alarme (n° 1)');
    expect(alarmWord('vendor_x', 'fr')).toBeNull();
  });
});
