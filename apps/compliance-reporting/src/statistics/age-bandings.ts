import type { AgeBanding } from './statistics-table.js';

/** One band of ages at referral, inclusive at both ends (`max` absent: and over). */
export interface AgeBand {
  readonly key: string;
  readonly label: string;
  readonly min: number;
  readonly max?: number;
}

/** The Home Office's bandings of age at referral (domain §6); `not-known` is added to both. */
export const AGE_BANDINGS: Readonly<Record<AgeBanding, readonly AgeBand[]>> = {
  current: [
    { key: '0-10', label: '10 and under', min: 0, max: 10 },
    { key: '11-15', label: '11 to 15', min: 11, max: 15 },
    { key: '16-17', label: '16 to 17', min: 16, max: 17 },
    { key: '18-20', label: '18 to 20', min: 18, max: 20 },
    { key: '21-30', label: '21 to 30', min: 21, max: 30 },
    { key: '31-40', label: '31 to 40', min: 31, max: 40 },
    { key: '41-50', label: '41 to 50', min: 41, max: 50 },
    { key: '51-60', label: '51 to 60', min: 51, max: 60 },
    { key: '61+', label: '61 and over', min: 61 },
  ],
  older: [
    { key: '0-14', label: 'Under 15', min: 0, max: 14 },
    { key: '15-20', label: '15 to 20', min: 15, max: 20 },
    { key: '21-30', label: '21 to 30', min: 21, max: 30 },
    { key: '31-40', label: '31 to 40', min: 31, max: 40 },
    { key: '41-50', label: '41 to 50', min: 41, max: 50 },
    { key: '51-60', label: '51 to 60', min: 51, max: 60 },
    { key: '61+', label: '61 and over', min: 61 },
  ],
};

export const AGE_NOT_KNOWN = { key: 'not-known', label: 'Not known' } as const;

/** The key of the band `age` falls in (`not-known` when the age is not known). */
export function ageBandOf(age: number | null | undefined, banding: AgeBanding): string {
  if (age === null || age === undefined) return AGE_NOT_KNOWN.key;
  const band = AGE_BANDINGS[banding].find(
    (candidate) => age >= candidate.min && (candidate.max === undefined || age <= candidate.max),
  );
  return band?.key ?? AGE_NOT_KNOWN.key;
}
