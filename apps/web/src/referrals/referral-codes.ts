import {
  GENDERS,
  REFERRAL_OUTCOMES,
  REGIONS,
  SECTORS,
  WITHDRAWAL_REASONS,
  type Gender,
  type ReferralOutcome,
  type Region,
  type Sector,
  type WithdrawalReason,
} from '@lib/contracts';

/**
 * The codes the referral pages offer and show, with the words users see. Closed lists come from
 * `@lib/contracts`; the lists the intake only checks the shape of (type of concern, signposting
 * services, lawful bases, the assessment template) are written here as the web offers them, since
 * the intake publishes no endpoint listing them.
 */
export interface Option<T extends string = string> {
  readonly value: T;
  readonly text: string;
}

const labelled = <T extends string>(values: readonly T[], labels: Record<T, string>): Option<T>[] =>
  values.map((value) => ({ value, text: labels[value] }));

export const GENDER_OPTIONS = labelled<Gender>(GENDERS, {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  'not-known': 'Not known',
});

export const REGION_OPTIONS = labelled<Region>(REGIONS, {
  E12000001: 'North East',
  E12000002: 'North West',
  E12000003: 'Yorkshire and The Humber',
  E12000004: 'East Midlands',
  E12000005: 'West Midlands',
  E12000006: 'East of England',
  E12000007: 'London',
  E12000008: 'South East',
  E12000009: 'South West',
  W92000004: 'Wales',
});

export const SECTOR_OPTIONS = labelled<Sector>(SECTORS, {
  education: 'Education',
  police: 'Police',
  'local-authority': 'Local authority',
  health: 'Health',
  community: 'Community',
  'friends-and-family': 'Friends and family',
  prisons: 'Prisons',
  probation: 'Probation',
  other: 'Other',
});

/** The local authority areas the service knows by name, and their region (to suggest it). */
const KNOWN_AREAS: Readonly<Record<string, { name: string; region: Region }>> = {
  E08000025: { name: 'Birmingham', region: 'E12000005' },
  E09000030: { name: 'Tower Hamlets', region: 'E12000007' },
};

export const AREA_PATTERN = /^(E0[6-9]|W06)[0-9]{6}$/;

export function areaName(code: unknown): string {
  if (typeof code !== 'string' || code === '') return '';
  const known = KNOWN_AREAS[code];
  return known ? `${known.name} (${code})` : code;
}

export function regionOfArea(code: string | undefined): Region | undefined {
  return code ? KNOWN_AREAS[code]?.region : undefined;
}

/** The type-of-concern list in force (2024/25), the same codes the statistics map. */
export const CONCERN_TYPE_LIST = 'concern-types-2024';
export const CONCERN_TYPE_OPTIONS: Option[] = [
  { value: 'islamist', text: 'Islamist' },
  { value: 'extreme-right-wing', text: 'Extreme right-wing' },
  { value: 'left-wing-extremism', text: 'Left-wing extremism' },
  { value: 'single-issue', text: 'Single-issue or anarchist' },
  { value: 'conflicted', text: 'Conflicted' },
  { value: 'vulnerability-no-ideology', text: 'Vulnerability present but no ideology or counter-terrorism risk' },
  { value: 'no-ideology-high-ct-risk', text: 'No ideology but high counter-terrorism risk' },
  { value: 'extreme-violence-mass-casualty', text: 'Fascination with extreme violence or mass-casualty attacks' },
  { value: 'incel', text: 'Incel' },
  { value: 'other', text: 'Other' },
];
/** Codes of earlier lists that referrals may still carry. */
const OLDER_CONCERN_TYPES: Record<string, string> = {
  'mixed-unclear-unstable': 'Mixed, unclear or unstable',
  unspecified: 'Unspecified',
  'school-massacre': 'School massacre',
  'left-wing-anarchist-single-issue': 'Left-wing, anarchist or single-issue',
};

export const SUBJECT_AWARENESS_OPTIONS: Option<'yes' | 'no' | 'not-known'>[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
  { value: 'not-known', text: 'Not known' },
];

/** The statuses of the police queue (the intake's referral list). */
export const QUEUE_STATUSES = [
  'received',
  'acknowledged',
  'assigned',
  'in-triage',
  'decided',
  'reopened',
  'withdrawn',
] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

const STATUS_LABELS: Record<string, string> = {
  received: 'Received',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  'in-triage': 'In triage',
  decided: 'Decided',
  reopened: 'Reopened',
  withdrawn: 'Withdrawn',
  closed: 'Closed',
};
const STATUS_TAGS: Record<string, string> = {
  received: 'govuk-tag--blue',
  acknowledged: 'govuk-tag--light-blue',
  assigned: 'govuk-tag--turquoise',
  'in-triage': 'govuk-tag--purple',
  decided: 'govuk-tag--green',
  reopened: 'govuk-tag--orange',
  withdrawn: 'govuk-tag--grey',
  closed: 'govuk-tag--grey',
};

export const STATUS_OPTIONS: Option[] = QUEUE_STATUSES.map((value) => ({ value, text: STATUS_LABELS[value]! }));

export function statusTag(status: string): { text: string; classes: string } {
  return { text: STATUS_LABELS[status] ?? status, classes: STATUS_TAGS[status] ?? 'govuk-tag--grey' };
}

/** The decisions an officer records on the decision page (closure for an investigation is de-confliction's). */
export const DECISION_OUTCOMES = REFERRAL_OUTCOMES.filter(
  (outcome) => outcome !== 'closed-counter-terrorism-investigation',
);
const OUTCOME_LABELS: Record<ReferralOutcome, string> = {
  'no-further-action': 'No further action',
  signposted: 'Signposted to other services',
  'referred-to-channel': 'Referred to Channel',
  'police-led-partnership': 'Police-led partnership',
  'closed-counter-terrorism-investigation': 'Closed: referred to counter-terrorism investigation',
};
export const OUTCOME_OPTIONS = labelled<ReferralOutcome>(REFERRAL_OUTCOMES, OUTCOME_LABELS);

export const SIGNPOSTING_LIST = 'signposting-services-2024';
export const SIGNPOSTING_OPTIONS: Option[] = [
  { value: 'childrens-social-care', text: 'Children’s social care' },
  { value: 'adult-social-care', text: 'Adults’ social care' },
  { value: 'early-help', text: 'Early help' },
  { value: 'health-or-mental-health', text: 'Health or mental health' },
  { value: 'education', text: 'Education' },
  { value: 'housing', text: 'Housing' },
  { value: 'other', text: 'Other' },
];

export const WITHDRAWAL_OPTIONS = labelled<WithdrawalReason>(WITHDRAWAL_REASONS, {
  'made-in-error': 'Made in error',
  duplicate: 'Duplicate of another referral',
  'withdrawn-by-referrer': 'Withdrawn by the referrer',
  other: 'Another reason',
});

export const LAWFUL_BASIS_OPTIONS: Option[] = [
  { value: 'uk-gdpr-6-1-e-public-task', text: 'UK GDPR Article 6(1)(e): public task' },
  {
    value: 'uk-gdpr-9-2-g-substantial-public-interest',
    text: 'UK GDPR Article 9(2)(g): substantial public interest (DPA 2018 Schedule 1)',
  },
  {
    value: 'uk-gdpr-10-criminal-offence-data',
    text: 'UK GDPR Article 10: criminal offence data (DPA 2018 Schedule 1)',
  },
  { value: 'dpa-2018-part-3-law-enforcement', text: 'DPA 2018 Part 3: law enforcement processing' },
  { value: 'uk-gdpr-6-1-c-legal-obligation', text: 'UK GDPR Article 6(1)(c): legal obligation' },
  { value: 'uk-gdpr-6-1-d-vital-interests', text: 'UK GDPR Article 6(1)(d): vital interests' },
  { value: 'uk-gdpr-6-1-a-consent', text: 'UK GDPR Article 6(1)(a): consent' },
];

export const DECONFLICTION_OPTIONS: Option<'clear' | 'live-investigation'>[] = [
  { value: 'clear', text: 'Clear: the person is not part of a live investigation' },
  { value: 'live-investigation', text: 'Part of a live counter-terrorism investigation' },
];

/**
 * The gateway assessment template the intake ships (`engagement-intent-capability` v1). The intake
 * holds templates as data but publishes no endpoint listing them, so the web offers this one; the
 * intake checks the answers against its own copy and refuses answers that do not fit.
 */
export interface TemplateDimension {
  readonly code: string;
  readonly title: string;
  readonly guidance: string;
  readonly ratings: readonly Option[];
}
const SCALE: Option[] = [
  { value: 'none', text: 'No indication' },
  { value: 'low', text: 'Low' },
  { value: 'medium', text: 'Medium' },
  { value: 'high', text: 'High' },
];
export const ASSESSMENT_TEMPLATE = {
  id: 'engagement-intent-capability',
  version: 1,
  title: 'Engagement, intent and capability',
  dimensions: [
    {
      code: 'engagement',
      title: 'Engagement with a group, cause or ideology',
      guidance:
        'How far the person is engaged with a group, cause or ideology: needs met by it, identity, grievances, ' +
        'exposure to extremist material or people, susceptibility to influence.',
      ratings: SCALE,
    },
    {
      code: 'intent',
      title: 'Intent to cause harm',
      guidance:
        'Whether the person has expressed or shown an intent to cause harm: over-identification with a group, ' +
        'us-and-them thinking, dehumanising others, harmful objectives, attitudes that justify offending.',
      ratings: SCALE,
    },
    {
      code: 'capability',
      title: 'Capability to cause harm',
      guidance:
        'Whether the person could cause harm: individual knowledge, skills and competencies, access to networks, ' +
        'funding or equipment, criminal capability.',
      ratings: SCALE,
    },
  ] satisfies TemplateDimension[],
} as const;

const ALL_LABELS: Record<string, string> = {
  ...Object.fromEntries(CONCERN_TYPE_OPTIONS.map((o) => [o.value, o.text])),
  ...OLDER_CONCERN_TYPES,
};

/** Words for a code of any of the lists above (the code itself when unknown). */
export function label(options: readonly Option[], value: unknown): string {
  if (typeof value !== 'string') return '';
  return options.find((option) => option.value === value)?.text ?? value;
}

export function concernTypeLabel(code: string): string {
  return ALL_LABELS[code] ?? code;
}

export function ratingLabel(dimension: string, rating: string): string {
  const found = ASSESSMENT_TEMPLATE.dimensions.find((d) => d.code === dimension);
  return found ? label(found.ratings, rating) : rating;
}

export function dimensionTitle(dimension: string): string {
  return ASSESSMENT_TEMPLATE.dimensions.find((d) => d.code === dimension)?.title ?? dimension;
}
