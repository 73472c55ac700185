import type { SignedInUser } from '../session/session-data.js';
import { formatDate, humanise } from '../views/format.js';
import type { HistoryEntry, PersonName, ReferralRecord, ReferralSummary, SubjectRecord } from './intake-api.js';
import { isErased } from './intake-api.js';
import {
  areaName,
  concernTypeLabel,
  dimensionTitle,
  GENDER_OPTIONS,
  label,
  LAWFUL_BASIS_OPTIONS,
  OUTCOME_OPTIONS,
  ratingLabel,
  REGION_OPTIONS,
  SECTOR_OPTIONS,
  SIGNPOSTING_OPTIONS,
  SUBJECT_AWARENESS_OPTIONS,
  WITHDRAWAL_OPTIONS,
} from './referral-codes.js';

/** What the page shows for a personal value that was erased. */
export const ERASED = 'Erased';

export function textOf(value: unknown): string {
  if (isErased(value)) return ERASED;
  if (typeof value === 'string') return value;
  return '';
}

export function nameOf(value: unknown): string {
  if (isErased(value)) return ERASED;
  if (value && typeof value === 'object') {
    const name = value as PersonName;
    return [name.givenNames, name.familyName].filter(Boolean).join(' ');
  }
  return '';
}

/** The short form of a reference (its first eight characters), for tables and titles. */
export function shortReference(id: string): string {
  return id.slice(0, 8).toUpperCase();
}

/**
 * Who did something: the intake records user ids (the token's subject) and roles. There is no
 * directory of police officers to turn another user's id into a name, so only the signed-in user
 * is named.
 */
export function whoIs(id: string | null | undefined, user: SignedInUser | undefined): string {
  if (!id) return '';
  if (user && id === user.sub) return `You (${user.username})`;
  return `User ${id}`;
}

/** The overdue threshold the intake uses (its `REFERRAL_OVERDUE_WORKING_DAYS`, 5 unless set). */
export function overdueWorkingDays(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number.parseInt(env.REFERRAL_OVERDUE_WORKING_DAYS ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : 5;
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * When a decision is due: the working days the intake allows, counted from the day received (or
 * reopened), Mondays to Fridays. The intake's own count also skips bank holidays, which the API
 * does not publish; its `overdue` flag is the authority and is shown beside this date.
 */
export function dueDate(summary: ReferralSummary, workingDays = overdueWorkingDays()): string | undefined {
  if (!['received', 'acknowledged', 'assigned', 'in-triage', 'reopened'].includes(summary.status)) return undefined;
  const from = summary.status === 'reopened' && summary.reopenedAt ? summary.reopenedAt : summary.receivedAt;
  const day = new Date(`${LONDON_DAY.format(new Date(from))}T12:00:00Z`);
  let added = 0;
  while (added < workingDays) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) added++;
  }
  return day.toISOString().slice(0, 10);
}

/** Where an open referral stands, in the queue's words (received → acknowledged → assigned → in triage). */
export function statusOf(record: ReferralRecord): string {
  if (record.status === 'withdrawn') return 'withdrawn';
  if (record.status === 'closed') return 'closed';
  if (record.status === 'decided') return 'decided';
  const reopened = record.events.some((event) => event.type === 'ReferralReopened');
  if (reopened) return 'reopened';
  const triaged = record.events.some((event) =>
    ['DeconflictionCleared', 'InformationRequested', 'InformationReceived', 'GatewayAssessmentRecorded'].includes(
      event.type,
    ),
  );
  if (triaged) return 'in-triage';
  if (record.officerId) return 'assigned';
  if (record.acknowledged) return 'acknowledged';
  return 'received';
}

/** The referral's own facts for its page: when each step happened and what was received. */
export function referralFacts(record: ReferralRecord) {
  const last = (type: string) => [...record.events].reverse().find((event) => event.type === type);
  const received = record.events.find((event) => event.type === 'ReferralReceived');
  const data = received?.data ?? {};
  const referrer = (isErased(data.referrer) ? {} : (data.referrer ?? {})) as Record<string, string>;
  const concern = (isErased(data.concern) ? {} : (data.concern ?? {})) as Record<string, string>;
  const decided = last('ReferralDecided') ?? last('ReferralClosedForInvestigation');
  const signedOff = last('DecisionSignedOff');
  const assessment = last('GatewayAssessmentRecorded');
  return {
    receivedAt: received?.recordedAt,
    receivedVia: data.receivedVia === 'partner-form' ? 'Partner referral form' : 'Keyed in by the police',
    subjectAware: label(SUBJECT_AWARENESS_OPTIONS, data.subjectAware),
    referrerErased: isErased(data.referrer),
    referrer,
    concernErased: isErased(data.concern),
    concern,
    acknowledgedAt: last('ReferralAcknowledged')?.recordedAt,
    assignedAt: (last('ReferralReassigned') ?? last('ReferralAssigned'))?.recordedAt,
    deconflictionAt: last('DeconflictionCleared')?.recordedAt,
    decision: decided
      ? {
          outcome: label(OUTCOME_OPTIONS, decided.data.outcome),
          outcomeCode: decided.data.outcome as string,
          at: decided.recordedAt,
          by: decided.data.decidedBy as string | undefined,
          channelArea: areaName(decided.data.channelArea),
          signposted: ((decided.data.signpostedTo as { codes?: string[] } | undefined)?.codes ?? []).map((code) =>
            label(SIGNPOSTING_OPTIONS, code),
          ),
          rationale: textOf(decided.data.rationale),
        }
      : undefined,
    signOff:
      signedOff && record.status === 'decided'
        ? {
            at: signedOff.recordedAt,
            by: signedOff.data.supervisorId as string,
            comment: textOf(signedOff.data.comment),
          }
        : undefined,
    assessment: assessment
      ? {
          at: assessment.recordedAt,
          template: `${assessment.data.templateId as string} version ${String(assessment.data.templateVersion)}`,
          answers: ((assessment.data.answers as { dimension: string; rating: string; notes: unknown }[]) ?? []).map(
            (answer) => ({
              dimension: dimensionTitle(answer.dimension),
              rating: ratingLabel(answer.dimension, answer.rating),
              notes: textOf(answer.notes),
            }),
          ),
          summary: textOf(assessment.data.summary),
        }
      : undefined,
  };
}

export interface InformationRequestView {
  readonly requestId: string;
  readonly sector: string;
  readonly organisation: string;
  readonly contact: string;
  readonly lawfulBasis: string;
  readonly request: string;
  readonly requestedAt: string;
  readonly reply?: { readonly lawfulBasis: string; readonly information: string; readonly receivedAt: string };
}

/** The information requests of the current triage (a reopening starts afresh), with their replies. */
export function informationRequests(record: ReferralRecord): InformationRequestView[] {
  const reopened = record.events.map((event) => event.type).lastIndexOf('ReferralReopened');
  const events = record.events.slice(reopened + 1);
  const requests = new Map<string, InformationRequestView>();
  for (const event of events) {
    if (event.type === 'InformationRequested') {
      const partner = event.data.partner as { organisation?: string; contact?: string } | undefined;
      requests.set(event.data.requestId as string, {
        requestId: event.data.requestId as string,
        sector: label(SECTOR_OPTIONS, event.data.partnerSector),
        organisation: isErased(partner) ? ERASED : (partner?.organisation ?? ''),
        contact: isErased(partner) ? '' : (partner?.contact ?? ''),
        lawfulBasis: label(LAWFUL_BASIS_OPTIONS, event.data.lawfulBasis),
        request: textOf(event.data.request),
        requestedAt: event.recordedAt,
      });
    } else if (event.type === 'InformationReceived') {
      const request = requests.get(event.data.requestId as string);
      if (request)
        requests.set(request.requestId, {
          ...request,
          reply: {
            lawfulBasis: label(LAWFUL_BASIS_OPTIONS, event.data.lawfulBasis),
            information: textOf(event.data.information),
            receivedAt: event.recordedAt,
          },
        });
    }
  }
  return [...requests.values()];
}

/** The person as the summary list shows them. */
export function personRows(subject: SubjectRecord) {
  const details = subject.details;
  const address = details.address;
  return {
    name: nameOf(details.name),
    otherNames: isErased(details.otherNames)
      ? ERASED
      : (details.otherNames ?? []).map((name) => nameOf(name)).join(', '),
    dateOfBirth: isErased(details.dateOfBirth) ? ERASED : formatDate(details.dateOfBirth),
    gender: label(GENDER_OPTIONS, subject.gender),
    area: areaName(subject.area),
    address: isErased(address)
      ? [ERASED]
      : address
        ? [...address.lines, ...(address.postcode ? [address.postcode] : [])]
        : [],
  };
}

export function profileRows(record: ReferralRecord) {
  return {
    area: areaName(record.profile.area),
    region: label(REGION_OPTIONS, record.profile.region),
    sector: label(SECTOR_OPTIONS, record.profile.sector),
    concernTypes: record.profile.concernTypes.codes.map(concernTypeLabel),
    ageAtReferral: record.profile.ageAtReferral,
  };
}

export interface TimelineEntry {
  readonly what: string;
  readonly who: string;
  readonly role: string;
  readonly at: string;
  readonly details: readonly string[];
  readonly whyLabel: string;
  readonly why: string;
}

const CORRECTED_FIELDS: Record<string, string> = {
  area: 'area',
  region: 'region',
  sector: 'sector',
  concernTypes: 'type of concern',
  gender: 'gender',
  ageAtReferral: 'age at referral',
};

/** Every step of the referral's history as the timeline tells it: what, who, in which role, when and why. */
export function timeline(entries: readonly HistoryEntry[], user: SignedInUser | undefined): TimelineEntry[] {
  return [...entries].reverse().map((entry) => {
    const { what, details, whyLabel } = describe(entry, user);
    const why = entry.why === null ? '' : isErased(entry.why) ? ERASED : entry.why;
    return {
      what,
      who: whoIs(entry.actor.id, user) || 'The system',
      role: humanise(entry.actor.role),
      at: entry.recordedAt,
      details,
      whyLabel,
      why: entry.type === 'ReferralReopened' ? '' : why,
    };
  });
}

function describe(
  entry: HistoryEntry,
  user: SignedInUser | undefined,
): { what: string; details: string[]; whyLabel: string } {
  const data = entry.data;
  const none = { details: [] as string[], whyLabel: 'Why' };
  switch (entry.type) {
    case 'ReferralReceived':
      return {
        ...none,
        what:
          data.receivedVia === 'partner-form'
            ? 'Referral received through the partner referral form'
            : 'Referral received',
        details: [
          `Sector: ${label(SECTOR_OPTIONS, data.sector)}`,
          `Type of concern: ${((data.concernTypes as { codes?: string[] })?.codes ?? []).map(concernTypeLabel).join(', ')}`,
          `Area: ${areaName(data.area)}`,
        ],
      };
    case 'ReferralAcknowledged':
      return { ...none, what: 'Referral acknowledged' };
    case 'ReferralAssigned':
      return { ...none, what: 'Officer assigned', details: [`Assigned to: ${whoIs(data.officerId as string, user)}`] };
    case 'ReferralReassigned':
      return {
        ...none,
        what: 'Officer reassigned',
        details: [
          `Assigned to: ${whoIs(data.officerId as string, user)}`,
          `Previously: ${whoIs(data.previousOfficerId as string, user)}`,
        ],
      };
    case 'DeconflictionCleared':
      return { ...none, what: 'De-confliction clear', details: ['Not part of a live counter-terrorism investigation'] };
    case 'ReferralClosedForInvestigation':
      return { ...none, what: 'Closed: referred to counter-terrorism investigation' };
    case 'InformationRequested': {
      const partner = data.partner as { organisation?: string; contact?: string } | undefined;
      return {
        what: `Information requested from ${isErased(partner) ? 'a partner' : (partner?.organisation ?? 'a partner')}`,
        details: [
          `Request reference: ${String(data.requestId)}`,
          `Sector: ${label(SECTOR_OPTIONS, data.partnerSector)}`,
          `Lawful basis: ${label(LAWFUL_BASIS_OPTIONS, data.lawfulBasis)}`,
          `Request: ${textOf(data.request)}`,
        ],
        whyLabel: 'Why',
      };
    }
    case 'InformationReceived':
      return {
        what: 'Information received from a partner',
        details: [
          `Request reference: ${String(data.requestId)}`,
          `Lawful basis: ${label(LAWFUL_BASIS_OPTIONS, data.lawfulBasis)}`,
          `Information: ${textOf(data.information)}`,
        ],
        whyLabel: 'Why',
      };
    case 'GatewayAssessmentRecorded':
      return {
        what: 'Gateway assessment recorded',
        details: ((data.answers as { dimension: string; rating: string }[]) ?? []).map(
          (answer) => `${dimensionTitle(answer.dimension)}: ${ratingLabel(answer.dimension, answer.rating)}`,
        ),
        whyLabel: 'Summary',
      };
    case 'ReferralDecided': {
      const details: string[] = [];
      if (data.channelArea) details.push(`Channel panel area: ${areaName(data.channelArea)}`);
      const services = (data.signpostedTo as { codes?: string[] } | undefined)?.codes ?? [];
      if (services.length)
        details.push(`Signposted to: ${services.map((c) => label(SIGNPOSTING_OPTIONS, c)).join(', ')}`);
      if (data.mashReferral !== undefined)
        details.push(`Referral to the safeguarding hub (MASH): ${data.mashReferral ? 'yes' : 'no'}`);
      return { what: `Decision: ${label(OUTCOME_OPTIONS, data.outcome)}`, details, whyLabel: 'Rationale' };
    }
    case 'DecisionSignedOff':
      return { what: 'Decision signed off', details: [], whyLabel: 'Comment' };
    case 'ReferralReopened':
      return {
        what: 'Returned to the police by the Channel panel',
        details: [`Reason: ${humanise(data.returnReason)}`],
        whyLabel: 'Why',
      };
    case 'ReferralDetailsCorrected':
      return {
        what: 'Referral details corrected',
        details: Object.keys(CORRECTED_FIELDS)
          .filter((field) => data[field] !== undefined)
          .map((field) => `Corrected: ${CORRECTED_FIELDS[field]}`),
        whyLabel: 'Reason',
      };
    case 'ReferralLinkedToSubject':
      return { ...none, what: 'Linked to an earlier record of the person' };
    case 'ReferralWithdrawn':
      return {
        what: `Referral withdrawn: ${label(WITHDRAWAL_OPTIONS, data.reason).toLowerCase()}`,
        details: [],
        whyLabel: 'Explanation',
      };
    default:
      return { ...none, what: humanise(entry.type) };
  }
}
