import { historyCsv } from './usage-history.service';

describe('usage history CSV', () => {
  it('writes a BOM, a French header, `;` cells, Paris local times and defused formulas', () => {
    const csv = historyCsv(
      [
        {
          id: 's1',
          siteId: 'x',
          machineId: 'm',
          machineName: 'Laser; grand',
          personId: 'p',
          personName: '=Amina K.',
          startedAt: new Date('2026-07-01T08:00:00Z'),
          endedAt: new Date('2026-07-01T09:30:00Z'),
          durationMinutes: 90,
          endReason: 'badge_out',
        },
      ],
      'Europe/Paris',
    );
    expect(csv.startsWith('\uFEFFMachine;Personne;Début;Fin;Durée (minutes);Motif de fin\r\n')).toBe(true);
    expect(csv).toContain(`"Laser; grand";'=Amina K.;01/07/2026 10:00;01/07/2026 11:30;90;Badge retiré\r\n`);
  });
});
