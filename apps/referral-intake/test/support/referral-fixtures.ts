/** Test data for the intake's API tests: a referral as the police key it in, in Birmingham. */
export const AUDIENCE = 'urn:prevent:test';
export const AREA = 'E08000025';

export const newReferral = (givenNames = 'Mohammed') => ({
  subject: {
    name: { givenNames, familyName: 'Khan' },
    dateOfBirth: '2008-03-04',
    gender: 'male',
    area: AREA,
    address: { lines: ['1 High Street', 'Birmingham'], postcode: 'B1 1AA' },
  },
  region: 'E12000005',
  sector: 'education',
  concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
  subjectAware: 'no',
  referrer: { name: 'Ann Teacher', role: 'Designated safeguarding lead', organisation: 'Park School' },
  concern: { description: 'Shares extreme material in class' },
});
