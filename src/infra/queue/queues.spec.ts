import { jobProblems } from './queues';

describe('jobProblems (start-up check of declared jobs)', () => {
  it('accepts handlers that match what is produced', () => {
    expect(jobProblems(['bookings.remind', 'bookings.no-show'], ['bookings.remind', 'bookings.no-show'])).toEqual([]);
  });

  it('names a produced job nobody handles', () => {
    expect(jobProblems(['bookings.remind'], ['bookings.remind', 'bookings.no-show'])).toEqual([
      'le travail bookings.no-show est produit mais rien ne le traite (no handler)',
    ]);
  });

  it('names a handler whose queue nobody feeds', () => {
    expect(jobProblems(['bookings.remind', 'inventory.low-stock'], ['bookings.remind'])).toEqual([
      "le traitement inventory.low-stock attend une file que personne n'alimente (no producer for its queue)",
    ]);
  });
});
