import { ConflictException } from '@nestjs/common';
import { deadlineWords, durationWords, whenOf, wordsOf } from './booking-words';

describe('booking words', () => {
  it('says lengths as people do', () => {
    expect(durationWords(30)).toBe('30 min');
    expect(durationWords(60)).toBe('1 h');
    expect(durationWords(90)).toBe('1 h 30');
    expect(durationWords(125)).toBe('2 h 05');
  });

  it('says times in the site’s zone, not UTC', () => {
    const start = new Date('2027-03-02T13:00:00Z');
    expect(whenOf(start, new Date('2027-03-02T14:30:00Z'), 'fr', 'America/Cayenne')).toBe('mardi 2 mars, 10:00–11:30');
    expect(whenOf(start, new Date('2027-03-02T14:30:00Z'), 'fr', 'Europe/Paris')).toBe('mardi 2 mars, 14:00–15:30');
  });

  it('says the cancellation deadline in plain words, or that it has passed', () => {
    const by = new Date('2027-03-02T07:00:00Z');
    expect(deadlineWords(by, 120, new Date('2027-03-01T12:00:00Z'), 'fr', 'Europe/Paris')).toBe(
      'Vous pouvez annuler ou changer cette réservation ici jusqu’au mardi 2 mars à 08:00 (2 h avant le début).',
    );
    expect(deadlineWords(by, 0, new Date('2027-03-01T12:00:00Z'), 'en', 'Europe/Paris')).toBe(
      'You can cancel or change this booking here until Tuesday 2 March at 08:00.',
    );
    expect(deadlineWords(by, 120, new Date('2027-03-02T07:01:00Z'), 'fr', 'Europe/Paris')).toBe(
      'Il est trop tard pour annuler ou changer en ligne : contactez l’accueil.',
    );
  });

  it('shows the half of a service message in the page’s language, never its JSON', () => {
    const err = new ConflictException({
      code: 'slot_taken',
      message: 'Ce créneau vient d’être réservé : choisissez-en un autre. This slot is already booked: please pick another one.',
    });
    expect(wordsOf(err, 'fr')).toBe('Ce créneau vient d’être réservé : choisissez-en un autre.');
    expect(wordsOf(err, 'en')).toBe('This slot is already booked: please pick another one.');
  });
});
