import { describe, expect, it } from '@jest/globals';
import { jaroWinkler, nameTokens, phoneticKey } from './name-normalisation.js';
import {
  dateOfBirthCandidates,
  isOffered,
  matchKeys,
  MATCH_THRESHOLD,
  scoreMatch,
  type PersonDetails,
} from './subject-matching.js';

const mohammedKhan: PersonDetails = { givenName: 'Mohammed', familyName: 'Khan', dateOfBirth: '2008-03-04' };
const score = (query: PersonDetails, earlier: PersonDetails = mohammedKhan) =>
  scoreMatch(matchKeys(query), matchKeys(earlier));

describe('possible earlier records of the same person', () => {
  it('offers "Mohammed Khan" born 2008-03-04 for "Muhammad Kahn" with the same date of birth', () => {
    const result = score({ givenName: 'Muhammad', familyName: 'Kahn', dateOfBirth: '2008-03-04' });
    expect(result).toMatchObject({ dateOfBirth: 'exact', namesTransposed: false });
    expect(isOffered(result)).toBe(true);
  });

  it('offers him when his names were keyed the wrong way round ("Khan Mohammed")', () => {
    const result = score({ givenName: 'Khan', familyName: 'Mohammed', dateOfBirth: '2008-03-04' });
    expect(result.namesTransposed).toBe(true);
    expect(isOffered(result)).toBe(true);
  });

  it('does not offer a different person born the same day ("Sarah Jones")', () => {
    const result = score({ givenName: 'Sarah', familyName: 'Jones', dateOfBirth: '2008-03-04' });
    expect(result.dateOfBirth).toBe('exact');
    expect(isOffered(result)).toBe(false);
    expect(result.score).toBeLessThan(0.7);
  });

  const cases: [string, PersonDetails, PersonDetails, boolean][] = [
    [
      'accents and case',
      { givenName: 'JOSÉ', familyName: 'Núñez', dateOfBirth: '1999-12-01' },
      { givenName: 'Jose', familyName: 'Nunez', dateOfBirth: '1999-12-01' },
      true,
    ],
    [
      'apostrophes and hyphens',
      { givenName: 'Siobhan', familyName: "O'Brien-Kelly", dateOfBirth: '2005-07-21' },
      { givenName: 'Siobhan', familyName: 'Obrien Kelly', dateOfBirth: '2005-07-21' },
      true,
    ],
    [
      'a missing middle name',
      { givenName: 'Aisha Noor', familyName: 'Patel', dateOfBirth: '2010-01-15' },
      { givenName: 'Aisha', familyName: 'Patel', dateOfBirth: '2010-01-15' },
      true,
    ],
    [
      'one letter dropped (Jonathon / Jonathan, Smyth / Smith)',
      { givenName: 'Jonathon', familyName: 'Smyth', dateOfBirth: '2001-02-03' },
      { givenName: 'Jonathan', familyName: 'Smith', dateOfBirth: '2001-02-03' },
      true,
    ],
    [
      'the same name, day and month of birth transposed (a weaker match)',
      { givenName: 'Mohammed', familyName: 'Khan', dateOfBirth: '2008-04-03' },
      mohammedKhan,
      true,
    ],
    [
      'the same name, born another year',
      { givenName: 'Mohammed', familyName: 'Khan', dateOfBirth: '2009-03-04' },
      mohammedKhan,
      false,
    ],
    [
      'the same common given name and date of birth, another family',
      { givenName: 'Mohammed', familyName: 'Ali', dateOfBirth: '2008-03-04' },
      mohammedKhan,
      false,
    ],
    [
      'the same family and date of birth, another given name (a sibling born the same day)',
      { givenName: 'Yusuf', familyName: 'Khan', dateOfBirth: '2008-03-04' },
      mohammedKhan,
      false,
    ],
  ];
  it.each(cases.map(([description, query, earlier, offered]) => ({ description, query, earlier, offered })))(
    '$description → offered: $offered',
    ({ query, earlier, offered }) => {
      expect(isOffered(score(query, earlier))).toBe(offered);
    },
  );

  it('ranks the exact date of birth above its transposition', () => {
    const exact = score(mohammedKhan);
    const transposed = score({ ...mohammedKhan, dateOfBirth: '2008-04-03' });
    expect(exact.score).toBe(1);
    expect(transposed.dateOfBirth).toBe('transposed');
    expect(transposed.score).toBeLessThan(exact.score);
    expect(transposed.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('searches the date of birth and its day/month transposition, when there is one', () => {
    expect(dateOfBirthCandidates('2008-03-04')).toEqual(['2008-03-04', '2008-04-03']);
    expect(dateOfBirthCandidates('2008-03-25')).toEqual(['2008-03-25']);
    expect(dateOfBirthCandidates('2008-05-05')).toEqual(['2008-05-05']);
  });
});

describe('normalised names and their keys', () => {
  it('folds case, accents, apostrophes, hyphens and punctuation', () => {
    expect(nameTokens('  Zoë  O’Connor-Ødegård, Jr. ')).toEqual(['zoe', 'oconnor', 'odegard', 'jr']);
  });

  it('gives one phonetic key to spellings of the same name', () => {
    expect(phoneticKey('muhammad')).toBe(phoneticKey('mohammed'));
    expect(phoneticKey('kahn')).toBe(phoneticKey('khan'));
    expect(phoneticKey('philip')).toBe(phoneticKey('filip'));
    expect(phoneticKey('robert')).toBe('R163');
    expect(phoneticKey('sarah')).not.toBe(phoneticKey('mohammed'));
  });

  it('keeps no name as typed in the keys', () => {
    expect(matchKeys({ givenName: 'Muhammad', familyName: 'Kahn', dateOfBirth: '2008-03-04' })).toEqual({
      givenTokens: ['muhammad'],
      familyTokens: ['kahn'],
      phoneticKeys: ['K500', 'M530'],
      dateOfBirth: '2008-03-04',
    });
  });

  it('measures Jaro-Winkler similarity', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });
});
