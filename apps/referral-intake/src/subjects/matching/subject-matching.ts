import { jaroWinkler, nameTokens, phoneticKey } from './name-normalisation.js';

/**
 * Possible earlier records of the same person, for the officer to confirm at intake and triage.
 * Pure: no I/O, no clock. A match is a suggestion; linking is the officer's decision.
 */

/** A person as keyed in: given name(s), family name(s), date of birth (`YYYY-MM-DD`). */
export interface PersonDetails {
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
}

/** What the search read model keeps per subject to compare against: normalised tokens, never the name as typed. */
export interface MatchKeys {
  readonly givenTokens: readonly string[];
  readonly familyTokens: readonly string[];
  /** Phonetic keys of every token, given and family (for finding candidates). */
  readonly phoneticKeys: readonly string[];
  readonly dateOfBirth: string;
}

/** How the dates of birth compare: `transposed` is day and month swapped (04/03 for 03/04), a weaker match. */
export type DateOfBirthAgreement = 'exact' | 'transposed' | 'different';

export interface MatchScore {
  /** 0 to 1. Offered when at least {@link MATCH_THRESHOLD}. */
  readonly score: number;
  readonly name: number;
  /** Whether the best reading swapped given and family names. */
  readonly namesTransposed: boolean;
  readonly dateOfBirth: DateOfBirthAgreement;
}

/** The least score offered to the officer as a possible earlier record. */
export const MATCH_THRESHOLD = 0.8;

const NAME_WEIGHT = 0.75;
const DATE_OF_BIRTH_SCORE: Readonly<Record<DateOfBirthAgreement, number>> = {
  exact: 1,
  transposed: 0.5,
  different: 0,
};
/** A reading with given and family names swapped counts slightly less than the straight one. */
const TRANSPOSED_NAMES_FACTOR = 0.95;
/** Tokens with the same phonetic key are at least this similar (Muhammad / Mohammed). */
const SAME_SOUND = 0.9;

export function matchKeys(person: PersonDetails): MatchKeys {
  const givenTokens = nameTokens(person.givenName);
  const familyTokens = nameTokens(person.familyName);
  const phoneticKeys = [...new Set([...givenTokens, ...familyTokens].map(phoneticKey).filter(Boolean))].sort();
  return { givenTokens, familyTokens, phoneticKeys, dateOfBirth: person.dateOfBirth };
}

/** The dates of birth a search should look at: the date itself and, when it is a valid date, its day/month swap. */
export function dateOfBirthCandidates(dateOfBirth: string): string[] {
  const swapped = transposedDate(dateOfBirth);
  return swapped && swapped !== dateOfBirth ? [dateOfBirth, swapped] : [dateOfBirth];
}

export function compareDatesOfBirth(a: string, b: string): DateOfBirthAgreement {
  if (a === b) return 'exact';
  return transposedDate(a) === b ? 'transposed' : 'different';
}

/**
 * How alike two people are. The name score takes the better of the straight reading (given with
 * given, family with family) and the transposed one, and weighs the weaker part as much as the
 * average, so that a shared common given name and a shared date of birth are not enough.
 */
export function scoreMatch(query: MatchKeys, candidate: MatchKeys): MatchScore {
  const straight = nameScore(query.givenTokens, candidate.givenTokens, query.familyTokens, candidate.familyTokens);
  const swapped =
    TRANSPOSED_NAMES_FACTOR *
    nameScore(query.givenTokens, candidate.familyTokens, query.familyTokens, candidate.givenTokens);
  const name = Math.max(straight, swapped);
  const dateOfBirth = compareDatesOfBirth(query.dateOfBirth, candidate.dateOfBirth);
  const score = NAME_WEIGHT * name + (1 - NAME_WEIGHT) * DATE_OF_BIRTH_SCORE[dateOfBirth];
  return { score: round(score), name: round(name), namesTransposed: swapped > straight, dateOfBirth };
}

export function isOffered(score: MatchScore): boolean {
  return score.score >= MATCH_THRESHOLD;
}

function nameScore(
  givenA: readonly string[],
  givenB: readonly string[],
  familyA: readonly string[],
  familyB: readonly string[],
): number {
  const given = partSimilarity(givenA, givenB);
  const family = partSimilarity(familyA, familyB);
  return 0.5 * Math.min(given, family) + 0.5 * ((given + family) / 2);
}

/** Every token of the shorter part finds its best counterpart in the longer (middle names are optional). */
function partSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const total = shorter.reduce(
    (sum, token) => sum + Math.max(...longer.map((other) => tokenSimilarity(token, other))),
    0,
  );
  return total / shorter.length;
}

export function tokenSimilarity(a: string, b: string): number {
  const similarity = jaroWinkler(a, b);
  return phoneticKey(a) === phoneticKey(b) ? Math.max(similarity, SAME_SOUND) : similarity;
}

function transposedDate(date: string): string | undefined {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!parts) return undefined;
  const [, year, month, day] = parts;
  if (Number(day) > 12) return undefined;
  return `${year}-${day}-${month}`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
