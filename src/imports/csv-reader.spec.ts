import { headerKey, readCsv, separatorOf } from './csv-reader';
import { dayFrom, listIn, machineTypeOf, mapHeaders, slugOf } from './import-rows';

describe('reading an import CSV', () => {
  it('reads quoted cells with line breaks and quotes, a BOM, CRLF, and numbers rows as a spreadsheet does', () => {
    const text = '\uFEFFPrénom;Nom;Formations validées\r\nAmina;"Kaci ""K""";"Découpe laser\nImpression 3D"\r\n\r\nLéo;Martin;\r\n';
    const rows = readCsv(text);
    expect(rows).toEqual([
      { row: 1, cells: ['Prénom', 'Nom', 'Formations validées'] },
      { row: 2, cells: ['Amina', 'Kaci "K"', 'Découpe laser\nImpression 3D'] },
      { row: 4, cells: ['Léo', 'Martin', ''] },
    ]);
  });

  it('finds the separator on the header line, outside quotes', () => {
    expect(separatorOf('a;b;"c,d"\n1,2,3')).toBe(';');
    expect(separatorOf('prenom,nom\nA;B')).toBe(',');
    expect(separatorOf('prenom\tnom')).toBe('\t');
  });

  it('maps our columns and Fab-manager’s, accents and case aside, and lists the rest as ignored', () => {
    const map = mapHeaders('people', ['ID', 'Nom', 'Prénom', 'Courriel', 'Formations validées', 'Groupe', 'badges']);
    expect(Object.fromEntries([...map.fields].map(([f, c]) => [f, c.header]))).toEqual({
      lastName: 'Nom',
      firstName: 'Prénom',
      email: 'Courriel',
      trainings: 'Formations validées',
      badges: 'badges',
    });
    expect(map.ignored).toEqual(['ID', 'Groupe']);
    expect(headerKey(' Date de fin de l’abonnement ')).toBe('date_de_fin_de_l_abonnement');
  });

  it('reads dates, lists, machine types and slugs as a lab writes them', () => {
    expect(dayFrom('03/02/2026')).toBe('2026-02-03');
    expect(dayFrom('2026-02-30')).toBeNull();
    expect(listIn('Découpe laser\n Impression 3D |Soudure')).toEqual(['Découpe laser', 'Impression 3D', 'Soudure']);
    expect(machineTypeOf('Imprimante 3D')).toBe('printer');
    expect(machineTypeOf('perceuse')).toBeNull();
    expect(slugOf('Découpeuse laser n°2')).toBe('decoupeuse-laser-n-2');
  });
});
