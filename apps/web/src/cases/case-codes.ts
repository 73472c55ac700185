/**
 * The channel-panel API's code lists as the case pages show them: each code with its words. The
 * codes are the API's (apps/channel-panel `channel-case.events.ts`, libs/contracts `code-lists.ts`);
 * the API checks them again, so a code it no longer accepts comes back as a form error.
 */
export interface Code {
  readonly value: string;
  readonly text: string;
  readonly hint?: string;
}

function textOf(list: readonly Code[], value: unknown): string {
  return list.find((code) => code.value === value)?.text ?? (typeof value === 'string' ? value : '');
}

/** The case list's statuses (`GET /cases?status=`). */
export const LIST_STATUSES: readonly Code[] = [
  { value: 'open', text: 'Open' },
  { value: 'deferred', text: 'Deferred' },
  { value: 'adopted', text: 'Adopted' },
  { value: 'not-adopted', text: 'Not adopted' },
  { value: 'returned-to-police', text: 'Returned to police' },
  { value: 'exited', text: 'Exited' },
];

/** GOV.UK tag colours by status (list statuses and the case's own). */
const STATUS_TAGS: Readonly<Record<string, string>> = {
  open: 'govuk-tag--blue',
  deferred: 'govuk-tag--yellow',
  adopted: 'govuk-tag--green',
  'not-adopted': 'govuk-tag--grey',
  'returned-to-police': 'govuk-tag--red',
  'with-police': 'govuk-tag--red',
  exited: 'govuk-tag--purple',
  closed: 'govuk-tag--purple',
};

/** A status (of the list, or of the case's stream) as a tag: `{ text, classes }`. */
export function statusTag(status: string, deferred = false): { text: string; classes: string } {
  if (deferred && status === 'open') return { text: 'Deferred', classes: STATUS_TAGS.deferred };
  const words: Record<string, string> = { 'with-police': 'Returned to police', closed: 'Exited' };
  return {
    text: words[status] ?? textOf(LIST_STATUSES, status),
    classes: STATUS_TAGS[status] ?? 'govuk-tag--grey',
  };
}

export const AGENCIES: readonly Code[] = [
  { value: 'local-authority', text: 'Local authority' },
  { value: 'police', text: 'Police' },
  { value: 'childrens-social-care', text: 'Children’s social care' },
  { value: 'adult-social-care', text: 'Adult social care' },
  { value: 'health', text: 'Health' },
  { value: 'mental-health', text: 'Mental health' },
  { value: 'education', text: 'Education' },
  { value: 'probation', text: 'Probation' },
  { value: 'housing', text: 'Housing' },
  { value: 'youth-offending', text: 'Youth offending' },
  { value: 'intervention-provider', text: 'Intervention provider' },
  { value: 'other', text: 'Other' },
];

export const LAWFUL_BASES: readonly Code[] = [
  {
    value: 'uk-gdpr-6-1-e-public-task',
    text: 'Public task',
    hint: 'UK GDPR Article 6(1)(e)',
  },
  {
    value: 'uk-gdpr-9-2-g-substantial-public-interest',
    text: 'Substantial public interest',
    hint: 'UK GDPR Article 9(2)(g), special category data',
  },
  { value: 'uk-gdpr-10-criminal-offence-data', text: 'Criminal offence data', hint: 'UK GDPR Article 10' },
  {
    value: 'dpa-2018-part-3-law-enforcement',
    text: 'Law enforcement processing',
    hint: 'Data Protection Act 2018, Part 3',
  },
  { value: 'uk-gdpr-6-1-c-legal-obligation', text: 'Legal obligation', hint: 'UK GDPR Article 6(1)(c)' },
  { value: 'uk-gdpr-6-1-d-vital-interests', text: 'Vital interests', hint: 'UK GDPR Article 6(1)(d)' },
  { value: 'uk-gdpr-6-1-a-consent', text: 'Consent', hint: 'UK GDPR Article 6(1)(a)' },
];

export const CONSENT_OUTCOMES: readonly Code[] = [
  { value: 'given', text: 'Given' },
  { value: 'refused', text: 'Refused', hint: 'Support cannot start and the case goes back to the police' },
  { value: 'withdrawn', text: 'Withdrawn', hint: 'Support stops and the case goes back to the police' },
];

export const CONSENT_GIVERS: readonly Code[] = [
  { value: 'subject', text: 'The person', hint: 'Aged 18 or over on the day' },
  { value: 'parent-or-guardian', text: 'A parent or guardian', hint: 'When the person is under 18 on the day' },
];

export const CONSENT_METHODS: readonly Code[] = [
  { value: 'in-person', text: 'In person' },
  { value: 'in-writing', text: 'In writing' },
  { value: 'by-phone', text: 'By phone' },
  { value: 'by-video-call', text: 'By video call' },
  { value: 'other', text: 'Other' },
];

export const INTERVENTION_TYPES: readonly Code[] = [
  { value: 'ideological-mentoring', text: 'Ideological mentoring' },
  { value: 'theological-mentoring', text: 'Theological mentoring' },
  { value: 'mental-health', text: 'Mental health' },
  { value: 'education-or-training', text: 'Education or training' },
  { value: 'careers-and-employment', text: 'Careers and employment' },
  { value: 'housing', text: 'Housing' },
  { value: 'family-support', text: 'Family support' },
  { value: 'youth-or-diversionary-activity', text: 'Youth or diversionary activity' },
  { value: 'substance-misuse', text: 'Substance misuse' },
  { value: 'social-care', text: 'Social care' },
  { value: 'online-safety', text: 'Online safety' },
  { value: 'life-skills', text: 'Life skills' },
  { value: 'other', text: 'Other' },
];

export const INTERVENTION_STATUSES: readonly Code[] = [
  { value: 'planned', text: 'Planned' },
  { value: 'active', text: 'Active' },
  { value: 'paused', text: 'Paused' },
  { value: 'completed', text: 'Completed' },
  { value: 'stopped', text: 'Stopped' },
];

/** The changes each status allows (the decider's `ALLOWED_CHANGES`). */
export const STATUS_CHANGES: Readonly<Record<string, readonly Code[]>> = {
  planned: [
    { value: 'active', text: 'Start it', hint: 'Sessions can be recorded once it is active' },
    { value: 'stopped', text: 'Stop it' },
  ],
  active: [
    { value: 'paused', text: 'Pause it' },
    { value: 'completed', text: 'Mark it completed' },
    { value: 'stopped', text: 'Stop it' },
  ],
  paused: [
    { value: 'active', text: 'Resume it' },
    { value: 'completed', text: 'Mark it completed' },
    { value: 'stopped', text: 'Stop it' },
  ],
  completed: [],
  stopped: [],
};

export const SESSION_ATTENDANCE: readonly Code[] = [
  { value: 'attended', text: 'Attended' },
  { value: 'did-not-attend', text: 'Did not attend' },
  { value: 'cancelled', text: 'Cancelled' },
];

export const RISK_TRENDS: readonly Code[] = [
  { value: 'reduced', text: 'Reduced' },
  { value: 'unchanged', text: 'Unchanged' },
  { value: 'increased', text: 'Increased' },
];

export const REVIEW_DECISIONS: readonly Code[] = [
  { value: 'continue-support', text: 'Continue support' },
  { value: 'prepare-exit', text: 'Prepare for exit' },
];

export const EXIT_OUTCOMES: readonly Code[] = [
  { value: 'no-further-terrorism-concerns', text: 'Left with no further terrorism-related concerns' },
  {
    value: 'concerns-remain-passed-to-police',
    text: 'Left with concerns: the risk is passed to the police',
    hint: 'Give the panel’s view of the risk',
  },
  {
    value: 'consent-withdrawn',
    text: 'Consent withdrawn',
    hint: 'Only after the withdrawal of consent was recorded',
  },
  { value: 'transferred', text: 'Moved out of the area (transferred)' },
  { value: 'other', text: 'Other' },
];

export const POST_EXIT_REVIEWS: readonly Code[] = [
  { value: '6-months', text: '6 months after exit' },
  { value: '12-months', text: '12 months after exit' },
];

export const POST_EXIT_REVIEW_OUTCOMES: readonly Code[] = [
  { value: 'no-further-concerns', text: 'No further concerns' },
  { value: 'concerns-identified', text: 'Concerns identified' },
];

export const NOT_ADOPTED_OUTCOMES: readonly Code[] = [
  { value: 'referred-to-other-services', text: 'Referred to other services' },
  { value: 'no-further-action', text: 'No further action' },
  { value: 'returned-to-police', text: 'Returned to the police' },
];

export const RETURN_REASONS: readonly Code[] = [
  { value: 'not-adopted-police-led', text: 'Not adopted: police-led' },
  { value: 'consent-refused', text: 'Consent refused' },
  { value: 'consent-withdrawn', text: 'Consent withdrawn' },
  { value: 'risk-escalated', text: 'Risk escalated' },
  { value: 'concerns-remain-at-exit', text: 'Concerns remained at exit' },
];

export const GENDERS: readonly Code[] = [
  { value: 'female', text: 'Female' },
  { value: 'male', text: 'Male' },
  { value: 'other', text: 'Other' },
  { value: 'not-known', text: 'Not known' },
];

export const REGIONS: readonly Code[] = [
  { value: 'E12000001', text: 'North East' },
  { value: 'E12000002', text: 'North West' },
  { value: 'E12000003', text: 'Yorkshire and The Humber' },
  { value: 'E12000004', text: 'East Midlands' },
  { value: 'E12000005', text: 'West Midlands' },
  { value: 'E12000006', text: 'East of England' },
  { value: 'E12000007', text: 'London' },
  { value: 'E12000008', text: 'South East' },
  { value: 'E12000009', text: 'South West' },
  { value: 'W92000004', text: 'Wales' },
];

export const SECTORS: readonly Code[] = [
  { value: 'education', text: 'Education' },
  { value: 'police', text: 'Police' },
  { value: 'local-authority', text: 'Local authority' },
  { value: 'health', text: 'Health' },
  { value: 'community', text: 'Community' },
  { value: 'friends-and-family', text: 'Friends and family' },
  { value: 'prisons', text: 'Prisons' },
  { value: 'probation', text: 'Probation' },
  { value: 'other', text: 'Other' },
];

/** The type of concern list a case opened by the local authority records (the one in force). */
export const CONCERN_TYPE_LIST = 'concern-types-2024';
export const CONCERN_TYPES: readonly Code[] = [
  { value: 'islamist', text: 'Islamist' },
  { value: 'extreme-right-wing', text: 'Extreme Right-Wing' },
  { value: 'left-wing-extremism', text: 'Left-wing extremism' },
  { value: 'single-issue', text: 'Single-issue or anarchist' },
  { value: 'conflicted', text: 'Conflicted' },
  { value: 'vulnerability-no-ideology', text: 'Vulnerability present but no ideology or counter-terrorism risk' },
  { value: 'no-ideology-high-ct-risk', text: 'No ideology but high counter-terrorism risk' },
  {
    value: 'extreme-violence-mass-casualty',
    text: 'Fascination with extreme violence or mass-casualty attacks',
  },
  { value: 'incel', text: 'Incel' },
  { value: 'other', text: 'Other' },
];

/** The panel's assessment template (apps/channel-panel `panel-assessment-templates.ts`). */
export const ASSESSMENT_TEMPLATE = {
  id: 'engagement-intent-capability',
  dimensions: [
    { code: 'engagement', text: 'Engagement', hint: 'How far the person is engaged with a group, cause or ideology' },
    { code: 'intent', text: 'Intent', hint: 'How far the person intends to cause harm' },
    { code: 'capability', text: 'Capability', hint: 'How far the person is able to cause harm' },
  ],
  ratings: [
    { value: 'low', text: 'Low' },
    { value: 'medium', text: 'Medium' },
    { value: 'high', text: 'High' },
  ],
} as const;

/** The local authority areas the demo knows by name; any other ONS code is shown as it is. */
const AREA_NAMES: Readonly<Record<string, string>> = {
  E08000025: 'Birmingham',
  E09000030: 'Tower Hamlets',
};

export function areaName(code: unknown): string {
  if (typeof code !== 'string') return '';
  const name = AREA_NAMES[code];
  return name ? `${name} (${code})` : code;
}

/** Words for one code of a list. */
export const words = {
  agency: (value: unknown) => textOf(AGENCIES, value),
  lawfulBasis: (value: unknown) => textOf(LAWFUL_BASES, value),
  consentOutcome: (value: unknown) => textOf(CONSENT_OUTCOMES, value),
  consentGiver: (value: unknown) => textOf(CONSENT_GIVERS, value),
  consentMethod: (value: unknown) => textOf(CONSENT_METHODS, value),
  interventionType: (value: unknown) => textOf(INTERVENTION_TYPES, value),
  interventionStatus: (value: unknown) => textOf(INTERVENTION_STATUSES, value),
  attendance: (value: unknown) => textOf(SESSION_ATTENDANCE, value),
  riskTrend: (value: unknown) => textOf(RISK_TRENDS, value),
  reviewDecision: (value: unknown) => textOf(REVIEW_DECISIONS, value),
  exitOutcome: (value: unknown) => textOf(EXIT_OUTCOMES, value),
  postExitReview: (value: unknown) => textOf(POST_EXIT_REVIEWS, value),
  postExitOutcome: (value: unknown) => textOf(POST_EXIT_REVIEW_OUTCOMES, value),
  notAdoptedOutcome: (value: unknown) => textOf(NOT_ADOPTED_OUTCOMES, value),
  returnReason: (value: unknown) => textOf(RETURN_REASONS, value),
  gender: (value: unknown) => textOf(GENDERS, value),
  region: (value: unknown) => textOf(REGIONS, value),
  sector: (value: unknown) => textOf(SECTORS, value),
  concernType: (value: unknown) => textOf(CONCERN_TYPES, value),
  area: areaName,
};

/** Items for `govukRadios` / `govukCheckboxes`, the chosen value(s) checked. */
export function choiceItems(list: readonly Code[], chosen: unknown): Record<string, unknown>[] {
  const picked = Array.isArray(chosen) ? chosen : [chosen];
  return list.map((code) => ({
    value: code.value,
    text: code.text,
    ...(code.hint ? { hint: { text: code.hint } } : {}),
    checked: picked.includes(code.value),
  }));
}

/** Items for `govukSelect`, with a first empty choice. */
export function selectItems(list: readonly Code[], chosen: unknown, prompt = 'Choose one'): Record<string, unknown>[] {
  return [
    { value: '', text: prompt, selected: chosen === undefined || chosen === '' },
    ...list.map((code) => ({ value: code.value, text: code.text, selected: code.value === chosen })),
  ];
}
