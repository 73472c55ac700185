import { describe, expect, it } from '@jest/globals';
import { evolve, initialState, type Referral } from '../../referrals/domain/referral.js';
import {
  aReferralDetailsCorrected,
  aReferralReceived,
  aReferralWithdrawn,
  AT,
  SUBJECT_ID,
  sealed,
} from '../../referrals/domain/referral.builders.js';
import type { ReferralEvent } from '../../referrals/domain/referral.events.js';
import type { SubjectDetailsCorrected } from '../domain/subject.events.js';
import { profileCorrectionFor, touchesReferralProfile } from './referral-correction.js';

const referral = (...events: ReferralEvent[]): Referral => events.reduce(evolve, initialState());
const aSubjectCorrection = (
  changes: Partial<SubjectDetailsCorrected['data']> & Pick<SubjectDetailsCorrected['data'], 'changedFields'>,
): SubjectDetailsCorrected['data'] => ({
  subjectId: SUBJECT_ID,
  details: {},
  reason: sealed('keyed wrongly'),
  correctedAt: '2025-04-01T09:00:00.000Z',
  ...changes,
});

// received 2025-03-03 at 15 (the builders' profile)
describe('the correction a subject’s correction calls for on one of its referrals', () => {
  it('recomputes the age at referral from the corrected date of birth, on the day received', () => {
    const correction = aSubjectCorrection({ changedFields: ['dateOfBirth'] });
    expect(profileCorrectionFor(correction, referral(aReferralReceived()), AT, '2010-03-04')).toEqual({
      ageAtReferral: 14,
    });
    // the birthday on the day received counts
    expect(profileCorrectionFor(correction, referral(aReferralReceived()), AT, '2011-03-03')).toEqual({
      ageAtReferral: 14,
    });
  });

  it('carries a corrected gender and area, only where the referral differs', () => {
    const correction = aSubjectCorrection({ area: 'E08000026', gender: 'female', changedFields: ['area', 'gender'] });
    expect(profileCorrectionFor(correction, referral(aReferralReceived()), AT, undefined)).toEqual({
      area: 'E08000026',
      gender: 'female',
    });
    const alreadyMoved = referral(aReferralReceived(), aReferralDetailsCorrected({ area: 'E08000026' }));
    expect(profileCorrectionFor(correction, alreadyMoved, AT, undefined)).toEqual({ gender: 'female' });
  });

  it('calls for nothing when the values already agree, the date of birth is unknown or erased', () => {
    const correction = aSubjectCorrection({ changedFields: ['dateOfBirth'] });
    expect(profileCorrectionFor(correction, referral(aReferralReceived()), AT, '2009-06-01')).toBeUndefined();
    expect(profileCorrectionFor(correction, referral(aReferralReceived()), AT, undefined)).toBeUndefined();
  });

  it('leaves alone a withdrawn referral and one that now points to another subject', () => {
    const correction = aSubjectCorrection({ gender: 'female', changedFields: ['gender'] });
    expect(
      profileCorrectionFor(correction, referral(aReferralReceived(), aReferralWithdrawn()), AT, undefined),
    ).toBeUndefined();
    const relinked = referral(aReferralReceived({ subjectId: 'another-subject' }));
    expect(profileCorrectionFor(correction, relinked, AT, undefined)).toBeUndefined();
  });

  it('is wanted only for the date of birth, the gender or the area', () => {
    expect(touchesReferralProfile(aSubjectCorrection({ changedFields: ['name', 'address'] }))).toBe(false);
    expect(touchesReferralProfile(aSubjectCorrection({ changedFields: ['name', 'dateOfBirth'] }))).toBe(true);
    expect(touchesReferralProfile(aSubjectCorrection({ changedFields: ['area'] }))).toBe(true);
  });
});
