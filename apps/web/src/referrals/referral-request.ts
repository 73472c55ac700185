import { dateValue } from './referral-forms.js';
import { CONCERN_TYPE_LIST } from './referral-codes.js';
import type { EarlierRecord, StepAnswers } from './referral-session.js';

const text = (answers: StepAnswers | undefined, name: string): string | undefined => {
  const value = answers?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const list = (answers: StepAnswers | undefined, name: string): string[] => {
  const value = answers?.[name];
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
};

function defined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

/** The address as the intake takes it: free-text lines and a postcode, or nothing when blank. */
export function addressOf(answers: StepAnswers | undefined): { lines: string[]; postcode?: string } | undefined {
  const lines = ['addressLine1', 'addressLine2', 'addressTown']
    .map((name) => text(answers, name))
    .filter((line): line is string => line !== undefined);
  const postcode = text(answers, 'postcode')?.toUpperCase();
  if (lines.length === 0 && !postcode) return undefined;
  return { lines, ...(postcode ? { postcode } : {}) };
}

/**
 * The body of `POST /referrals` (and of the partner submission, the same DTO) from the three steps'
 * answers: only what was answered, the date of birth as an ISO date. Linked to an earlier record
 * of the person, the referral names that record instead of describing the person again.
 */
export function receiveRequest(person: StepAnswers, concern: StepAnswers, referrer: StepAnswers, link?: EarlierRecord) {
  const dateOfBirth = dateValue(person as Record<string, unknown>, 'dateOfBirth');
  const address = addressOf(person);
  return {
    ...(link
      ? { subjectId: link.subjectId }
      : {
          subject: {
            name: { givenNames: text(person, 'givenNames'), familyName: text(person, 'familyName') },
            ...(dateOfBirth ? { dateOfBirth } : {}),
            gender: text(person, 'gender'),
            area: text(person, 'area'),
            ...(address ? { address } : {}),
          },
        }),
    region: text(person, 'region'),
    sector: text(referrer, 'sector'),
    concernTypes: { codeList: CONCERN_TYPE_LIST, codes: list(concern, 'concernTypes') },
    subjectAware: text(concern, 'subjectAware'),
    referrer: defined({
      name: text(referrer, 'referrerName'),
      role: text(referrer, 'referrerRole'),
      organisation: text(referrer, 'referrerOrganisation'),
      phone: text(referrer, 'referrerPhone'),
      email: text(referrer, 'referrerEmail'),
    }),
    concern: defined({
      description: text(concern, 'description'),
      howItArose: text(concern, 'howItArose'),
      warningSigns: text(concern, 'warningSigns'),
      complexNeeds: text(concern, 'complexNeeds'),
      otherSafeguardingConcerns: text(concern, 'otherSafeguardingConcerns'),
      otherAgenciesInvolved: text(concern, 'otherAgenciesInvolved'),
      spokenToPersonOrParents: text(concern, 'spokenToPersonOrParents'),
    }),
  };
}

/** The intake's field names (its 400 problems) as the form's. */
export const SERVICE_FIELDS: Readonly<Record<string, string>> = {
  subject: 'givenNames',
  'subject.name': 'givenNames',
  'subject.name.givenNames': 'givenNames',
  'subject.name.familyName': 'familyName',
  'subject.dateOfBirth': 'dateOfBirth',
  'subject.gender': 'gender',
  'subject.area': 'area',
  'subject.address': 'addressLine1',
  'subject.address.lines': 'addressLine1',
  'subject.address.postcode': 'postcode',
  region: 'region',
  sector: 'sector',
  concernTypes: 'concernTypes',
  'concernTypes.codes': 'concernTypes',
  'concernTypes.codeList': 'concernTypes',
  subjectAware: 'subjectAware',
  referrer: 'referrerName',
  'referrer.name': 'referrerName',
  'referrer.role': 'referrerRole',
  'referrer.organisation': 'referrerOrganisation',
  'referrer.phone': 'referrerPhone',
  'referrer.email': 'referrerEmail',
  concern: 'description',
  'concern.description': 'description',
  'concern.howItArose': 'howItArose',
  'concern.warningSigns': 'warningSigns',
  'concern.complexNeeds': 'complexNeeds',
  'concern.otherSafeguardingConcerns': 'otherSafeguardingConcerns',
  'concern.otherAgenciesInvolved': 'otherAgenciesInvolved',
  'concern.spokenToPersonOrParents': 'spokenToPersonOrParents',
};

/** Which step of the new-referral flow asks each field (the check page links a problem to its step). */
export const STEP_OF_FIELD: Readonly<Record<string, 'person' | 'concern' | 'referrer'>> = {
  givenNames: 'person',
  familyName: 'person',
  dateOfBirth: 'person',
  gender: 'person',
  area: 'person',
  region: 'person',
  addressLine1: 'person',
  addressLine2: 'person',
  addressTown: 'person',
  postcode: 'person',
  concernTypes: 'concern',
  description: 'concern',
  howItArose: 'concern',
  warningSigns: 'concern',
  complexNeeds: 'concern',
  otherSafeguardingConcerns: 'concern',
  otherAgenciesInvolved: 'concern',
  spokenToPersonOrParents: 'concern',
  subjectAware: 'concern',
  sector: 'referrer',
  referrerName: 'referrer',
  referrerRole: 'referrer',
  referrerOrganisation: 'referrer',
  referrerPhone: 'referrer',
  referrerEmail: 'referrer',
};

/** The answers a step keeps: the raw strings and lists the form posted, nothing else. */
export function keep(body: unknown, fields: readonly string[]): StepAnswers {
  const raw = (body ?? {}) as Record<string, unknown>;
  const kept: Record<string, string | string[]> = {};
  for (const field of fields) {
    const value = raw[field];
    if (typeof value === 'string') kept[field] = value;
    else if (Array.isArray(value)) kept[field] = value.filter((item): item is string => typeof item === 'string');
  }
  return kept;
}
