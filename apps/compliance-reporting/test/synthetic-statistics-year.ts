/**
 * A year of synthetic Prevent referrals for the statistics tests: generated from a seed, told as
 * the integration events the intake and the panel publish, with every table's figures computed
 * here independently of the service's own table code.
 */
import type { OutgoingMessage } from '@lib/messaging';

/** mulberry32: a small seeded generator, so every run makes the same year. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AREAS: readonly (readonly [string, string])[] = [
  ['E08000025', 'E12000005'],
  ['E08000026', 'E12000005'],
  ['E09000002', 'E12000007'],
  ['E09000030', 'E12000007'],
  ['E08000003', 'E12000002'],
  ['E08000035', 'E12000003'],
  ['E06000018', 'E12000004'],
  ['E07000178', 'E12000008'],
  ['E06000023', 'E12000009'],
  ['E06000047', 'E12000001'],
  ['E07000008', 'E12000006'],
  ['W06000015', 'W92000004'],
];
const SECTORS = [
  'education',
  'police',
  'local-authority',
  'health',
  'community',
  'friends-and-family',
  'prisons',
  'probation',
  'other',
];
const GENDERS = ['female', 'male', 'other', 'not-known'];
/** Each list's codes, and (written out by hand, not by the service's mapping) where each shows in the 2024 list. */
export const CONCERNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'concern-types-2015': {
    islamist: 'islamist',
    'extreme-right-wing': 'extreme-right-wing',
    'mixed-unclear-unstable': 'conflicted',
    other: 'other',
    unspecified: 'other',
  },
  'concern-types-2023': {
    islamist: 'islamist',
    'extreme-right-wing': 'extreme-right-wing',
    conflicted: 'conflicted',
    'vulnerability-no-ideology': 'vulnerability-no-ideology',
    'no-ideology-high-ct-risk': 'no-ideology-high-ct-risk',
    'school-massacre': 'extreme-violence-mass-casualty',
    incel: 'incel',
    'left-wing-anarchist-single-issue': 'left-wing-extremism',
    other: 'other',
  },
  'concern-types-2024': {
    islamist: 'islamist',
    'extreme-right-wing': 'extreme-right-wing',
    'left-wing-extremism': 'left-wing-extremism',
    'single-issue': 'single-issue',
    conflicted: 'conflicted',
    'vulnerability-no-ideology': 'vulnerability-no-ideology',
    'no-ideology-high-ct-risk': 'no-ideology-high-ct-risk',
    'extreme-violence-mass-casualty': 'extreme-violence-mass-casualty',
    incel: 'incel',
    other: 'other',
  },
};

/** What happened to one synthetic referral (or local authority case), as the test knows it. */
export interface SyntheticReferral {
  id: string;
  origin: 'police-referral' | 'local-authority';
  receivedAt: string;
  area: string;
  region: string;
  sector: string;
  codeList: string;
  codes: string[];
  age?: number;
  gender: string;
  withdrawn: boolean;
  outcome?: string;
  decidedAt?: string;
  caseId?: string;
  discussedAt?: string;
  notAdopted?: string;
  adoptedAt?: string;
  exit?: string;
  exitedOn?: string;
  review6?: { dueOn: string; completedAt?: string };
  review12?: { dueOn: string; completedAt?: string };
}

export interface SyntheticYear {
  readonly referrals: SyntheticReferral[];
  readonly referralMessages: OutgoingMessage[];
  readonly caseMessages: OutgoingMessage[];
}

const DAY = 86_400_000;

export function generateYear(count: number, seed: number): SyntheticYear {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  const at = (ms: number): string => new Date(ms).toISOString();
  const date = (ms: number): string => at(ms).slice(0, 10);
  const plusMonths = (day: string, months: number): string => {
    const d = new Date(`${day}T00:00:00Z`);
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(d.getUTCDate(), last));
    return target.toISOString().slice(0, 10);
  };
  let eventNumber = 0;
  const message = (key: string, type: string, payload: unknown, occurredAt: string): OutgoingMessage => ({
    key,
    headers: { eventId: `synthetic-${seed}-${++eventNumber}`, type, schemaVersion: 1, correlationId: key, occurredAt },
    payload,
  });

  const referrals: SyntheticReferral[] = [];
  const referralMessages: OutgoingMessage[] = [];
  const caseMessages: OutgoingMessage[] = [];
  // a month either side of the financial year 2024/25, to prove the period's edges
  const start = Date.parse('2024-03-01T00:00:00Z');
  const end = Date.parse('2025-05-01T00:00:00Z');
  for (let index = 0; index < count; index++) {
    const [area, region] = pick(AREAS);
    const codeList =
      random() < 0.6 ? 'concern-types-2024' : random() < 0.6 ? 'concern-types-2023' : 'concern-types-2015';
    const codes = [pick(Object.keys(CONCERNS[codeList]!))];
    if (random() < 0.2) {
      const second = pick(Object.keys(CONCERNS[codeList]!));
      if (second !== codes[0]) codes.push(second);
    }
    const localAuthority = random() < 0.03;
    const received = start + Math.floor(random() * (end - start));
    const r: SyntheticReferral = {
      id: uuid(),
      origin: localAuthority ? 'local-authority' : 'police-referral',
      receivedAt: at(received),
      area,
      region,
      sector: pick(SECTORS),
      codeList,
      codes,
      ...(random() < 0.08 ? {} : { age: Math.floor(random() * 75) + 5 }),
      gender: pick(GENDERS),
      withdrawn: false,
    };
    referrals.push(r);
    let clock = received;
    const later = (minDays: number, maxDays: number): number =>
      (clock += (minDays + Math.floor(random() * (maxDays - minDays + 1))) * DAY + Math.floor(random() * DAY));

    if (!localAuthority) {
      referralMessages.push(
        message(
          r.id,
          'ReferralReceived',
          {
            referralId: r.id,
            area,
            region,
            sector: r.sector,
            concernTypes: { codeList, codes },
            ...(r.age === undefined ? {} : { ageAtReferral: r.age }),
            gender: r.gender,
            receivedAt: r.receivedAt,
          },
          r.receivedAt,
        ),
      );
      if (random() < 0.04) {
        // a corrected age (and sometimes gender): the tables show the corrected profile
        r.age = Math.floor(random() * 75) + 5;
        const correction: Record<string, unknown> = {
          referralId: r.id,
          ageAtReferral: r.age,
          correctedAt: at(later(0, 2)),
        };
        if (random() < 0.5) correction.gender = r.gender = pick(GENDERS);
        referralMessages.push(message(r.id, 'ReferralDetailsCorrected', correction, correction.correctedAt as string));
      }
      if (random() < 0.02) {
        r.withdrawn = true;
        const withdrawnAt = at(later(0, 5));
        referralMessages.push(
          message(r.id, 'ReferralWithdrawn', { referralId: r.id, reason: 'duplicate', withdrawnAt }, withdrawnAt),
        );
        continue;
      }
      const roll = random();
      if (roll < 0.02) continue; // awaiting a decision
      r.outcome =
        roll < 0.45
          ? 'no-further-action'
          : roll < 0.65
            ? 'signposted'
            : roll < 0.7
              ? 'police-led-partnership'
              : roll < 0.73
                ? 'closed-counter-terrorism-investigation'
                : 'referred-to-channel';
      r.decidedAt = at(later(1, 60));
      referralMessages.push(
        message(
          r.id,
          'ReferralDecided',
          {
            referralId: r.id,
            outcome: r.outcome,
            decisionNumber: 1,
            ...(r.outcome === 'signposted'
              ? { signpostedTo: { codeList: 'signposting-services-2024', codes: ['early-help'] } }
              : {}),
            ...(r.outcome === 'referred-to-channel' ? { channelArea: area } : {}),
            decidedAt: r.decidedAt,
          },
          r.decidedAt,
        ),
      );
      if (r.outcome !== 'referred-to-channel') continue;
    }

    const caseId = (r.caseId = localAuthority ? r.id : uuid());
    const openedAt = localAuthority ? r.receivedAt : at(later(0, 2));
    caseMessages.push(
      message(
        caseId,
        'CaseOpened',
        {
          caseId,
          origin: r.origin,
          ...(localAuthority
            ? { sector: r.sector, concernTypes: { codeList, codes }, ageAtReferral: r.age ?? 30, gender: r.gender }
            : { referralId: r.id }),
          area,
          region,
          openedAt,
        },
        openedAt,
      ),
    );
    if (localAuthority && r.age === undefined) r.age = 30;
    let panelArea = area;
    if (random() < 0.05) {
      const [toArea, toRegion] = pick(AREAS);
      const transferredAt = at(later(1, 10));
      caseMessages.push(
        message(caseId, 'CaseTransferred', { caseId, area: panelArea, toArea, toRegion, transferredAt }, transferredAt),
      );
      panelArea = toArea;
    }
    if (random() < 0.12) continue; // not yet discussed
    const meetingId = uuid();
    r.discussedAt = at(later(5, 45));
    caseMessages.push(
      message(
        caseId,
        'CaseDiscussedAtPanel',
        { caseId, area: panelArea, meetingId, firstDiscussion: true, discussedAt: r.discussedAt },
        r.discussedAt,
      ),
    );
    if (random() < 0.45) {
      r.notAdopted = pick(['referred-to-other-services', 'no-further-action', 'returned-to-police']);
      const decidedAt = at(later(0, 0));
      caseMessages.push(
        message(
          caseId,
          'CaseNotAdopted',
          {
            caseId,
            area: panelArea,
            meetingId,
            outcome: r.notAdopted,
            ...(r.notAdopted === 'referred-to-other-services'
              ? { referredTo: { codeList: 'signposting-services-2024', codes: ['health-or-mental-health'] } }
              : {}),
            decidedAt,
          },
          decidedAt,
        ),
      );
      continue;
    }
    if (random() < 0.15) {
      // discussed again at a later meeting before the decision: not a second "discussed"
      const againAt = at(later(14, 35));
      caseMessages.push(
        message(
          caseId,
          'CaseDiscussedAtPanel',
          { caseId, area: panelArea, meetingId: uuid(), firstDiscussion: false, discussedAt: againAt },
          againAt,
        ),
      );
    }
    r.adoptedAt = at(later(0, 1));
    caseMessages.push(
      message(caseId, 'CaseAdopted', { caseId, area: panelArea, meetingId, adoptedAt: r.adoptedAt }, r.adoptedAt),
    );
    const consentAt = at(later(1, 10));
    caseMessages.push(
      message(
        caseId,
        'ConsentRecorded',
        { caseId, area: panelArea, outcome: 'given', recordedAt: consentAt },
        consentAt,
      ),
    );
    const startedAt = at(later(1, 20));
    caseMessages.push(
      message(
        caseId,
        'SupportStarted',
        {
          caseId,
          area: panelArea,
          interventionTypes: { codeList: 'intervention-types-2024', codes: ['ideological-mentoring'] },
          startedAt,
        },
        startedAt,
      ),
    );
    if (random() < 0.35) continue; // still in support
    const exitRoll = random();
    r.exit =
      exitRoll < 0.7
        ? 'no-further-terrorism-concerns'
        : exitRoll < 0.9
          ? 'concerns-remain-passed-to-police'
          : 'consent-withdrawn';
    const exitedAt = later(30, 200);
    r.exitedOn = date(exitedAt);
    const closedAt = at(later(0, 3));
    caseMessages.push(
      message(
        caseId,
        'CaseClosed',
        { caseId, area: panelArea, exitOutcome: r.exit, exitedOn: r.exitedOn, closedAt },
        closedAt,
      ),
    );
    if (r.exit === 'concerns-remain-passed-to-police') {
      caseMessages.push(
        message(
          caseId,
          'CaseReturnedToPolice',
          {
            caseId,
            area: panelArea,
            ...(localAuthority ? {} : { referralId: r.id }),
            reason: 'concerns-remain-at-exit',
            returnedAt: closedAt,
          },
          closedAt,
        ),
      );
    }
    r.review6 = { dueOn: plusMonths(r.exitedOn, 6) };
    r.review12 = { dueOn: plusMonths(r.exitedOn, 12) };
    for (const [review, months] of [
      ['6-months', 6],
      ['12-months', 12],
    ] as const) {
      const slot = months === 6 ? r.review6 : r.review12;
      if (random() < 0.55) {
        const completed = Date.parse(`${slot.dueOn}T10:00:00Z`) + (Math.floor(random() * 40) - 20) * DAY;
        slot.completedAt = at(completed);
        caseMessages.push(
          message(
            caseId,
            'PostExitReviewCompleted',
            {
              caseId,
              area: panelArea,
              review,
              outcome: 'no-further-concerns',
              dueOn: slot.dueOn,
              completedAt: slot.completedAt,
            },
            slot.completedAt,
          ),
        );
      } else break; // no 12-month review without the 6-month one
    }
  }
  return { referrals, referralMessages, caseMessages };
}
