import type { RecordActivityDto } from './dto/mediation.dto';
import { activityRuleBreaks } from './activity-rules';
import { spreadCounters } from './mediation.service';
import { ageBandOf, EXPORT_COLUMNS, TOPIC_LABELS, TOPICS } from './national';

const dto = (o: Partial<RecordActivityDto> = {}): RecordActivityDto =>
  ({ type: 'individuel', date: '2026-11-30', durationMinutes: 30, placeType: 'lieu_activite', topics: ['email'], ...o }) as RecordActivityDto;

describe('the national rules of the mediation log', () => {
  it('derives the age band from the birth year, at the year of the activity', () => {
    expect(ageBandOf(null, 2026)).toBe('non_communique');
    expect(ageBandOf(2015, 2026)).toBe('moins_de_douze'); // 11
    expect(ageBandOf(2014, 2026)).toBe('douze_dix_huit'); // 12
    expect(ageBandOf(2008, 2026)).toBe('dix_huit_vingt_quatre'); // 18
    expect(ageBandOf(2002, 2026)).toBe('dix_huit_vingt_quatre'); // 24
    expect(ageBandOf(2001, 2026)).toBe('vingt_cinq_trente_neuf'); // 25
    expect(ageBandOf(1987, 2026)).toBe('vingt_cinq_trente_neuf'); // 39
    expect(ageBandOf(1986, 2026)).toBe('quarante_cinquante_neuf'); // 40
    expect(ageBandOf(1966, 2026)).toBe('soixante_soixante_neuf'); // 60
    expect(ageBandOf(1957, 2026)).toBe('soixante_soixante_neuf'); // 69
    expect(ageBandOf(1956, 2026)).toBe('soixante_dix_plus'); // 70
  });

  it('keeps the 30 national topics, each with its label, and the export’s 31 columns', () => {
    expect(TOPICS).toHaveLength(30);
    expect(Object.keys(TOPIC_LABELS).sort()).toEqual([...TOPICS].sort());
    expect(TOPIC_LABELS.entrepreneuriat).toBe('Accompagner un professionnel');
    expect(EXPORT_COLUMNS[0]).toBe('Date');
    expect(EXPORT_COLUMNS.at(-1)).toBe('ID CRA');
    expect(EXPORT_COLUMNS).toContain('Thématique(s) d’accompagnement');
  });

  it('allows the administrative sub-domains only under administrative help', () => {
    expect(activityRuleBreaks(dto({ topics: ['logement'] }))).toHaveLength(1);
    expect(activityRuleBreaks(dto({ topics: ['aide_aux_demarches_administratives', 'logement'], procedureName: 'APL', mandateUsed: true }))).toEqual([]);
  });

  it('refuses credentials in free text, whatever the field', () => {
    for (const text of ['Identifiant: jdupont', 'mdp = 1234', 'Password: x', 'code PIN : 0000']) {
      expect(activityRuleBreaks(dto({ notes: text })).join()).toMatch(/Aidants Connect/);
    }
    expect(activityRuleBreaks(dto({ notes: 'A oublié son mot de passe, réinitialisé avec elle' }))).toEqual([]);
  });

  it('spreads a workshop’s counters over its anonymous participants, the rest not given', () => {
    expect(spreadCounters<string>(5, { feminin: 2, masculin: 1 }, 'non_communique')).toEqual([
      'feminin',
      'feminin',
      'masculin',
      'non_communique',
      'non_communique',
    ]);
    expect(spreadCounters<string>(2, undefined, 'non_communique')).toEqual(['non_communique', 'non_communique']);
  });
});
