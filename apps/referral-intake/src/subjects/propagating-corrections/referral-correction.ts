import type { Gender } from '@lib/contracts';
import type { Referral } from '../../referrals/domain/referral.js';
import { ageOn } from '../../referrals/domain/referral.commands.js';
import type { SubjectDetailsCorrected } from '../domain/subject.events.js';

/**
 * The subject's fields that are also in a referral's statistical profile: the area and the gender in
 * clear, the date of birth through the age at referral derived from it. A correction of any other
 * field (a name, an address) changes nothing a referral publishes.
 */
export const PROFILE_FIELDS = ['dateOfBirth', 'gender', 'area'] as const;

/** Whether a subject's correction touches a referral's profile at all. */
export function touchesReferralProfile(correction: SubjectDetailsCorrected['data']): boolean {
  return correction.changedFields.some((field) => (PROFILE_FIELDS as readonly string[]).includes(field));
}

/** What a referral's profile must become after a subject's correction: only the fields that differ. */
export interface ProfileCorrection {
  readonly area?: string;
  readonly gender?: Gender;
  readonly ageAtReferral?: number;
}

/**
 * The correction a subject's correction calls for on one of the subject's referrals, or undefined
 * when it calls for none: the referral is not (or no longer) the subject's, was withdrawn (the
 * decider takes no more facts on it), or already shows the corrected values. The age at referral is
 * recomputed from the corrected date of birth (`dateOfBirth`, opened by the caller; undefined when
 * unknown or erased) on the day the referral was received.
 */
export function profileCorrectionFor(
  correction: SubjectDetailsCorrected['data'],
  referral: Referral,
  receivedAt: string | undefined,
  dateOfBirth: string | undefined,
): ProfileCorrection | undefined {
  if (referral.status === 'none' || referral.status === 'withdrawn') return undefined;
  if (referral.subjectId !== correction.subjectId) return undefined;
  const changed = new Set<string>(correction.changedFields);
  const profile = referral.profile;
  const fields: { -readonly [K in keyof ProfileCorrection]?: ProfileCorrection[K] } = {};
  if (changed.has('area') && correction.area !== undefined && correction.area !== profile.area) {
    fields.area = correction.area;
  }
  if (changed.has('gender') && correction.gender !== undefined && correction.gender !== profile.gender) {
    fields.gender = correction.gender;
  }
  if (changed.has('dateOfBirth') && dateOfBirth !== undefined && receivedAt !== undefined) {
    const age = ageOn(dateOfBirth, receivedAt);
    if (age !== profile.ageAtReferral) fields.ageAtReferral = age;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}
