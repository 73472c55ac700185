import { describe, expect, it } from '@jest/globals';
import { ReferredToChannelV1, type ReferredToChannelV1 as ReferredToChannel } from '@lib/contracts';
import { openCaseFrom } from './referred-to-channel.consumer.js';

const referred: ReferredToChannel = ReferredToChannelV1.example;

describe('ReferredToChannel → OpenCase (translation only)', () => {
  it('opens a case whose id is the referral’s, from a police referral, with the profile as the intake sent it', () => {
    const command = openCaseFrom(referred);
    expect(command).toEqual({
      type: 'OpenCase',
      caseId: referred.referralId,
      origin: 'police-referral',
      referralId: referred.referralId,
      subjectId: referred.subjectId,
      area: referred.area,
      region: referred.region,
      sector: referred.sector,
      concernTypes: referred.concernTypes,
      ageAtReferral: referred.ageAtReferral,
      gender: referred.gender,
      referredAt: referred.referredAt,
      personalDetails: referred.personalDetails,
    });
  });

  it('copies the sealed details as the envelopes they are, without what a newer sender put beside them', () => {
    const withExtra = {
      ...referred,
      personalDetails: { ...referred.personalDetails, name: { ...referred.personalDetails.name, hint: 'x' } },
    } as ReferredToChannel;
    const { personalDetails } = openCaseFrom(withExtra);
    expect(personalDetails.name).toEqual(referred.personalDetails.name);
    expect(Object.keys(personalDetails.name).sort()).toEqual(['$pd', 'ct', 'iv', 's', 'tag']);
    expect(Object.values(personalDetails).every((envelope) => envelope?.s === referred.subjectId)).toBe(true);
  });

  it('leaves out what the referral does not know: no age, no date of birth, no address', () => {
    const { ageAtReferral: _age, ...withoutAge } = referred;
    const { dateOfBirth: _dob, address: _address, ...fewer } = referred.personalDetails;
    const command = openCaseFrom({ ...withoutAge, personalDetails: fewer });
    expect('ageAtReferral' in command).toBe(false);
    expect(Object.keys(command.personalDetails).sort()).toEqual(['concern', 'name']);
  });
});
