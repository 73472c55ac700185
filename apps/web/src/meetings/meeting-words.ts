/**
 * The codes of channel-panel's meetings and decisions, in words. The codes are the service's
 * (`AGENCIES`, `ATTENDANCE_ROLES`, `DECISIONS`, `NOT_ADOPTED_OUTCOMES`); the web app only names them.
 */

export const AGENCIES: readonly { value: string; text: string }[] = [
  { value: 'local-authority', text: 'Local authority' },
  { value: 'police', text: 'Police' },
  { value: 'childrens-social-care', text: 'Children’s social care' },
  { value: 'adult-social-care', text: 'Adult social care' },
  { value: 'health', text: 'Health' },
  { value: 'mental-health', text: 'Mental health' },
  { value: 'education', text: 'Education' },
  { value: 'probation', text: 'Probation' },
  { value: 'housing', text: 'Housing' },
  { value: 'youth-offending', text: 'Youth offending service' },
  { value: 'intervention-provider', text: 'Intervention provider' },
  { value: 'other', text: 'Another agency' },
];

/** The part someone plays at the meeting. */
export const ATTENDANCE_ROLES: readonly { value: string; text: string }[] = [
  { value: 'chair', text: 'Chair' },
  { value: 'member', text: 'Panel member' },
  { value: 'coordinator', text: 'Channel coordinator' },
  { value: 'invited', text: 'Invited attendee' },
];

export const DECISIONS: readonly { value: string; text: string; hint: { text: string } }[] = [
  {
    value: 'adopt',
    text: 'Adopt as a Channel case',
    hint: { text: 'Support through Channel is necessary and proportionate' },
  },
  { value: 'not-adopted', text: 'Do not adopt', hint: { text: 'Say what happens instead below' } },
  { value: 'defer', text: 'Defer the decision', hint: { text: 'For example, to get more information first' } },
];

export const NOT_ADOPTED_OUTCOMES: readonly { value: string; text: string }[] = [
  { value: 'no-further-action', text: 'No further action' },
  { value: 'referred-to-other-services', text: 'Referred to other services' },
  { value: 'returned-to-police', text: 'Returned to the police to manage' },
];

/** The services a person not adopted can be referred to (`signposting-services-2024`, as the intake's signposting). */
export const REFERRED_TO_CODE_LIST = 'signposting-services-2024';
export const REFERRED_TO_SERVICES: readonly { value: string; text: string }[] = [
  { value: 'early-help', text: 'Early help' },
  { value: 'childrens-social-care', text: 'Children’s social care' },
  { value: 'adult-social-care', text: 'Adult social care' },
  { value: 'health-or-mental-health', text: 'Health or mental health services' },
  { value: 'education', text: 'Education' },
  { value: 'housing', text: 'Housing' },
  { value: 'youth-offending', text: 'Youth offending service' },
  { value: 'other', text: 'Other services' },
];

/** Why a meeting is cancelled: short codes (the service keeps no free text here, so no personal data). */
export const CANCEL_REASONS: readonly { value: string; text: string }[] = [
  { value: 'chair-unavailable', text: 'The chair cannot attend' },
  { value: 'police-unavailable', text: 'The police cannot attend' },
  { value: 'no-cases', text: 'There are no cases to discuss' },
  { value: 'rescheduled', text: 'The meeting is moving to another date' },
  { value: 'other', text: 'Another reason' },
];

const REVIEW_DECISIONS: Record<string, string> = {
  'continue-support': 'Continue support',
  'prepare-exit': 'Prepare to exit',
};

const CASE_STAGES: Record<string, string> = {
  open: 'Waiting for a decision',
  deferred: 'Decision deferred',
  adopted: 'Adopted',
  'not-adopted': 'Not adopted',
  'returned-to-police': 'Returned to the police',
  exited: 'Exited',
};

function wordsOf(list: readonly { value: string; text: string }[], code: unknown): string {
  const found = list.find((item) => item.value === code);
  if (found) return found.text;
  return typeof code === 'string' ? code : '';
}

export const agencyText = (code: unknown) => wordsOf(AGENCIES, code);
export const attendanceRoleText = (code: unknown) => wordsOf(ATTENDANCE_ROLES, code);
export const notAdoptedText = (code: unknown) => wordsOf(NOT_ADOPTED_OUTCOMES, code);
export const serviceText = (code: unknown) => wordsOf(REFERRED_TO_SERVICES, code);
export const cancelReasonText = (code: unknown) => wordsOf(CANCEL_REASONS, code);
export const reviewDecisionText = (code: unknown) => (typeof code === 'string' ? (REVIEW_DECISIONS[code] ?? code) : '');
export const caseStageText = (code: unknown) => (typeof code === 'string' ? (CASE_STAGES[code] ?? code) : '');

/** The GOV.UK tag colour of a case's stage. */
export function caseStageTag(code: string): string {
  switch (code) {
    case 'open':
      return 'govuk-tag--blue';
    case 'deferred':
      return 'govuk-tag--yellow';
    case 'adopted':
      return 'govuk-tag--green';
    case 'not-adopted':
    case 'exited':
      return 'govuk-tag--grey';
    case 'returned-to-police':
      return 'govuk-tag--orange';
    default:
      return 'govuk-tag--grey';
  }
}

/** A meeting's state in words and its tag colour: from the stream (`held`) or the read model (attendance recorded). */
export function meetingStatus(status: 'scheduled' | 'held' | 'cancelled'): { text: string; classes: string } {
  switch (status) {
    case 'held':
      return { text: 'Held', classes: 'govuk-tag--green' };
    case 'cancelled':
      return { text: 'Cancelled', classes: 'govuk-tag--grey' };
    default:
      return { text: 'Scheduled', classes: 'govuk-tag--blue' };
  }
}

/** The short reference of a case (the start of its id), for people to tell cases apart. */
export function caseReference(caseId: string): string {
  return caseId.slice(0, 8).toUpperCase();
}
