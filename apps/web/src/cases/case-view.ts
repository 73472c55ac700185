import { humanise } from '../views/format.js';
/**
 * What the channel-panel API answers for a case (`GET /cases/:id`: the state and every event of
 * its history, personal values revealed) and the case page's view of it, worked out from the
 * events. Nothing here is stored: the API is the record.
 */

/** An actor of an event, from its metadata. */
export interface Actor {
  readonly id: string;
  readonly role: string;
}

export interface CaseEvent {
  readonly type: string;
  readonly revision: number;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly data: Record<string, unknown>;
}

/** `GET /cases/:id` */
export interface CaseRecord {
  readonly caseId: string;
  readonly subjectId: string;
  readonly status: 'open' | 'adopted' | 'not-adopted' | 'with-police' | 'closed';
  readonly area: string;
  readonly revision: number;
  readonly consent?: 'pending' | 'given';
  readonly interventions?: readonly {
    interventionId: string;
    code: string;
    providerId?: string;
    status: string;
    sessionIds: readonly string[];
  }[];
  readonly supportStarted?: boolean;
  readonly postExitReviews?: readonly { review: string; dueOn: string; completed: boolean }[];
  readonly events: readonly CaseEvent[];
}

/** One case of `GET /cases` (the panel's view; a provider's lacks the profile). */
export interface CaseSummary {
  readonly caseId: string;
  readonly revision: number;
  readonly status: string;
  readonly area: string;
  readonly origin?: string;
  readonly referredAt?: string;
  readonly openedAt?: string;
  readonly sector?: string | null;
  readonly concernTypes?: readonly string[];
  readonly listedFor?: string | null;
  readonly listedMeetingIds?: readonly string[];
  readonly assessments?: number;
  readonly adoptedOn?: string | null;
  readonly consent: string | null;
  readonly supportStartedAt: string | null;
  readonly interventions: readonly InterventionSummary[];
  readonly review?: {
    readonly count: number;
    readonly lastReviewedOn: string | null;
    readonly dueAt: { readonly meetingId: string; readonly on: string } | null;
    readonly missed: readonly { readonly meetingId: string; readonly on: string }[];
  };
  readonly exit: { readonly outcome: string; readonly exitedOn: string } | null;
  readonly postExitReviews?: readonly { review: string; dueOn: string; state: string; outcome: string | null }[];
  readonly alerts: { readonly overdueReview: boolean; readonly stalledIntervention: boolean };
}

export interface InterventionSummary {
  readonly interventionId: string;
  readonly type: { readonly codeList: string; readonly code: string };
  readonly ownerAgency: string;
  readonly providerId: string | null;
  readonly status: string;
  readonly startsOn: string | null;
  readonly sessions: number;
  readonly lastSessionOn: string | null;
  readonly quietSince: string;
  readonly stalled: boolean;
}

/** A page of a list of the API: `{ items, total, limit, offset }`. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** `GET /cases/:id/timeline` */
export interface CaseTimeline {
  readonly caseId: string;
  readonly area: string;
  readonly view: 'full' | 'provider';
  readonly entries: readonly {
    readonly source: 'case' | 'meeting';
    readonly meetingId: string | null;
    readonly revision: number;
    readonly type: string;
    readonly recordedAt: string;
    readonly actor: Actor;
    readonly reason: string | null;
    readonly why: unknown;
    readonly data: Record<string, unknown>;
  }[];
}

/** `GET /meetings` */
export interface MeetingSummary {
  readonly meetingId: string;
  readonly area: string;
  readonly meetingAt: string;
  readonly meetingOn: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly agendaSize: number;
  readonly quorate: boolean | null;
}

/** A personal value as revealed: its text, or "erased" once the person's key was destroyed. */
export function personal(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && (value as { $erased?: unknown }).$erased === true) return '(erased)';
  return '';
}

type Name = { givenNames?: unknown; familyName?: unknown };

function nameOf(value: unknown): string {
  if (!value || typeof value !== 'object') return personal(value);
  if ((value as { $erased?: unknown }).$erased === true) return '(erased)';
  const name = value as Name;
  return [personal(name.givenNames), personal(name.familyName)].filter(Boolean).join(' ');
}

export interface InterventionView {
  readonly interventionId: string;
  readonly type: string;
  readonly ownerAgency: string;
  readonly providerId?: string;
  readonly startDate: string;
  readonly description: string;
  status: string;
  readonly sessions: { sessionId: string; sessionDate: string; attendance: string; notes: string; by: Actor }[];
  readonly progress: { progress: string; at: string; by: Actor }[];
  readonly plannedAt: string;
}

export interface InformationRequestView {
  readonly requestId: string;
  readonly partnerAgency: string;
  readonly organisation: string;
  readonly contact: string;
  readonly lawfulBasis: string;
  readonly request: string;
  readonly requestedAt: string;
  answer?: { lawfulBasis: string; information: string; receivedAt: string };
}

/** The case page's view: the person, the process so far, and what may happen next. */
export interface CaseView {
  readonly caseId: string;
  readonly status: CaseRecord['status'];
  readonly deferred: boolean;
  readonly area: string;
  readonly revision: number;
  readonly person: {
    readonly name: string;
    readonly otherNames: string[];
    readonly dateOfBirth: string;
    readonly address: string[];
    readonly postcode: string;
  };
  readonly concern: { label: string; text: string }[];
  readonly profile: {
    readonly origin: string;
    readonly referralId?: string;
    readonly region: string;
    readonly sector: string;
    readonly concernTypes: string[];
    readonly ageAtReferral?: number;
    readonly gender: string;
    readonly referredAt: string;
    readonly openedAt: string;
  };
  readonly transfers: { fromArea: string; toArea: string; reason: string; at: string }[];
  readonly informationRequests: InformationRequestView[];
  readonly listings: { meetingId: string; meetingDate: string; listedAt: string }[];
  readonly assessments: {
    number: number;
    meetingId?: string;
    answers: { dimension: string; rating: string; notes: string }[];
    whatChanged: string;
    summaryConclusion: string;
    managementPlan: string;
    at: string;
  }[];
  readonly decision?: { decision: string; outcome?: string; rationale: string; meetingId: string; at: string };
  readonly consents: {
    outcome: string;
    givenBy: string;
    consenter: string;
    relationship: string;
    ageOnDate?: number;
    consentedOn: string;
    method: string;
    capacityConsideration: string;
    at: string;
  }[];
  readonly consent: 'none' | 'pending' | 'given' | 'refused' | 'withdrawn';
  readonly interventions: InterventionView[];
  readonly reviews: {
    number: number;
    meetingId: string;
    progress: string;
    riskNow: string;
    decision: string;
    at: string;
  }[];
  readonly exit?: { outcome: string; exitedOn: string; closingReport: string; at: string };
  readonly postExitReviews: {
    review: string;
    dueOn: string;
    completed?: { outcome: string; notes: string; at: string };
  }[];
  readonly returns: { reason: string; riskView: string; at: string }[];
  readonly corrections: { fields: string[]; reason: string; at: string }[];
  /** Back with the police after a withdrawal of consent: the chair may still exit it as such. */
  readonly consentWithdrawnWithPolice: boolean;
  readonly lastEventAt: string;
}

const CONCERN_FIELDS: Readonly<Record<string, string>> = {
  description: 'The concern',
  howItArose: 'How it arose',
  warningSigns: 'Warning signs',
  complexNeeds: 'Complex needs',
  otherSafeguardingConcerns: 'Other safeguarding concerns',
  otherAgenciesInvolved: 'Other agencies involved',
  spokenToPersonOrParents: 'Spoken to the person or their parents',
};

/** The case page's view of `GET /cases/:id`. */
export function caseView(record: CaseRecord): CaseView {
  const person = { name: '', otherNames: [] as string[], dateOfBirth: '', address: [] as string[], postcode: '' };
  let concern: { label: string; text: string }[] = [];
  const profile: Record<string, unknown> = {};
  const view = {
    transfers: [] as CaseView['transfers'],
    informationRequests: [] as InformationRequestView[],
    listings: [] as CaseView['listings'],
    assessments: [] as CaseView['assessments'],
    consents: [] as CaseView['consents'],
    interventions: [] as InterventionView[],
    reviews: [] as CaseView['reviews'],
    returns: [] as CaseView['returns'],
    corrections: [] as CaseView['corrections'],
    postExitReviews: [] as CaseView['postExitReviews'],
  };
  let decision: CaseView['decision'];
  let exit: CaseView['exit'];
  let deferred = false;
  let consentWithdrawn = false;

  const applyDetails = (details: Record<string, unknown>) => {
    if ('name' in details) person.name = nameOf(details.name);
    if ('otherNames' in details)
      person.otherNames = Array.isArray(details.otherNames) ? details.otherNames.map(nameOf) : [];
    if ('dateOfBirth' in details) person.dateOfBirth = personal(details.dateOfBirth);
    if ('address' in details) {
      const address = details.address as { lines?: unknown; postcode?: unknown } | undefined;
      if (address && Array.isArray(address.lines)) {
        person.address = address.lines.map(personal).filter(Boolean);
        person.postcode = personal(address.postcode);
      } else {
        person.address = [personal(address)].filter(Boolean);
        person.postcode = '';
      }
    }
  };

  for (const event of record.events) {
    const d = event.data;
    switch (event.type) {
      case 'CaseOpened':
      case 'CaseReReferred': {
        for (const field of ['origin', 'referralId', 'region', 'sector', 'ageAtReferral', 'gender', 'referredAt']) {
          if (d[field] !== undefined) profile[field] = d[field];
        }
        if (d.concernTypes) profile.concernTypes = (d.concernTypes as { codes?: string[] }).codes ?? [];
        if (event.type === 'CaseOpened') profile.openedAt = d.openedAt;
        const details = (d.personalDetails ?? {}) as Record<string, unknown>;
        applyDetails(details);
        concern = concernOf(details.concern);
        if (event.type === 'CaseReReferred') {
          decision = undefined;
          deferred = false;
          exit = undefined;
          view.postExitReviews = [];
        }
        break;
      }
      case 'PersonalDetailsCorrected':
        applyDetails((d.corrected ?? {}) as Record<string, unknown>);
        view.corrections.push({
          fields: Object.keys((d.corrected ?? {}) as object),
          reason: personal(d.reason),
          at: event.recordedAt,
        });
        break;
      case 'CaseTransferred':
        view.transfers.push({
          fromArea: String(d.fromArea),
          toArea: String(d.toArea),
          reason: personal(d.reason),
          at: event.recordedAt,
        });
        break;
      case 'InformationRequested': {
        const partner = (d.partner ?? {}) as { organisation?: unknown; contact?: unknown; $erased?: unknown };
        view.informationRequests.push({
          requestId: String(d.requestId),
          partnerAgency: String(d.partnerAgency),
          organisation: partner.$erased ? '(erased)' : personal(partner.organisation),
          contact: personal(partner.contact),
          lawfulBasis: String(d.lawfulBasis),
          request: personal(d.request),
          requestedAt: event.recordedAt,
        });
        break;
      }
      case 'InformationReceived': {
        const request = view.informationRequests.find((r) => r.requestId === d.requestId);
        if (request) {
          request.answer = {
            lawfulBasis: String(d.lawfulBasis),
            information: personal(d.information),
            receivedAt: event.recordedAt,
          };
        }
        break;
      }
      case 'CaseListedForMeeting':
        view.listings.push({
          meetingId: String(d.meetingId),
          meetingDate: String(d.meetingDate),
          listedAt: event.recordedAt,
        });
        break;
      case 'CaseAssessed':
        view.assessments.push({
          number: Number(d.assessmentNumber),
          ...(typeof d.meetingId === 'string' ? { meetingId: d.meetingId } : {}),
          answers: ((d.answers ?? []) as { dimension: string; rating: string; notes: unknown }[]).map((a) => ({
            dimension: a.dimension,
            rating: a.rating,
            notes: personal(a.notes),
          })),
          whatChanged: personal(d.whatChanged),
          summaryConclusion: personal(d.summaryConclusion),
          managementPlan: personal(d.managementPlan),
          at: event.recordedAt,
        });
        break;
      case 'CaseAdopted':
        decision = {
          decision: 'adopted',
          rationale: personal(d.rationale),
          meetingId: String(d.meetingId),
          at: event.recordedAt,
        };
        deferred = false;
        break;
      case 'CaseNotAdopted':
        decision = {
          decision: 'not-adopted',
          outcome: String(d.outcome),
          rationale: personal(d.rationale),
          meetingId: String(d.meetingId),
          at: event.recordedAt,
        };
        deferred = false;
        break;
      case 'CaseDeferred':
        decision = {
          decision: 'deferred',
          rationale: personal(d.rationale),
          meetingId: String(d.meetingId),
          at: event.recordedAt,
        };
        deferred = true;
        break;
      case 'ConsentRecorded': {
        const consenter = (d.consenter ?? {}) as { name?: unknown; relationship?: unknown; $erased?: unknown };
        view.consents.push({
          outcome: String(d.outcome),
          givenBy: String(d.givenBy),
          consenter: consenter.$erased ? '(erased)' : personal(consenter.name),
          relationship: personal(consenter.relationship),
          ...(typeof d.subjectAgeOnDate === 'number' ? { ageOnDate: d.subjectAgeOnDate } : {}),
          consentedOn: String(d.consentedOn),
          method: String(d.method),
          capacityConsideration: personal(d.capacityConsideration),
          at: event.recordedAt,
        });
        consentWithdrawn = d.outcome === 'withdrawn';
        break;
      }
      case 'CaseReturnedToPolice':
        view.returns.push({ reason: String(d.reason), riskView: personal(d.riskView), at: event.recordedAt });
        break;
      case 'InterventionPlanned':
        view.interventions.push({
          interventionId: String(d.interventionId),
          type: String((d.interventionType as { code?: string } | undefined)?.code ?? ''),
          ownerAgency: String(d.ownerAgency),
          ...(typeof d.providerId === 'string' ? { providerId: d.providerId } : {}),
          startDate: String(d.startDate),
          description: personal(d.description),
          status: 'planned',
          sessions: [],
          progress: [],
          plannedAt: event.recordedAt,
        });
        break;
      case 'InterventionStatusChanged': {
        const intervention = view.interventions.find((i) => i.interventionId === d.interventionId);
        if (intervention) intervention.status = String(d.to);
        break;
      }
      case 'SupportStopped':
        for (const intervention of view.interventions) {
          if ((d.interventionIds as unknown[] | undefined)?.includes(intervention.interventionId))
            intervention.status = 'stopped';
        }
        break;
      case 'InterventionSessionRecorded': {
        const intervention = view.interventions.find((i) => i.interventionId === d.interventionId);
        intervention?.sessions.push({
          sessionId: String(d.sessionId),
          sessionDate: String(d.sessionDate),
          attendance: String(d.attendance),
          notes: personal(d.notes),
          by: event.actor,
        });
        break;
      }
      case 'InterventionProgressRecorded': {
        const intervention = view.interventions.find((i) => i.interventionId === d.interventionId);
        intervention?.progress.push({ progress: personal(d.progress), at: event.recordedAt, by: event.actor });
        break;
      }
      case 'CaseReviewed':
        view.reviews.push({
          number: Number(d.reviewNumber),
          meetingId: String(d.meetingId),
          progress: personal(d.progress),
          riskNow: String(d.riskNow),
          decision: String(d.decision),
          at: event.recordedAt,
        });
        break;
      case 'CaseClosed':
        exit = {
          outcome: String(d.exitOutcome),
          exitedOn: String(d.exitedOn),
          closingReport: personal(d.closingReport),
          at: event.recordedAt,
        };
        view.postExitReviews = ((d.postExitReviews ?? []) as { review: string; dueOn: string }[]).map((r) => ({
          review: r.review,
          dueOn: r.dueOn,
        }));
        break;
      case 'PostExitReviewCompleted': {
        const review = view.postExitReviews.find((r) => r.review === d.review);
        if (review) review.completed = { outcome: String(d.outcome), notes: personal(d.notes), at: event.recordedAt };
        break;
      }
      default:
        break;
    }
  }

  const latestConsent = view.consents.at(-1)?.outcome;
  const consent: CaseView['consent'] =
    record.status === 'adopted'
      ? (record.consent ?? 'pending')
      : latestConsent === 'refused' || latestConsent === 'withdrawn' || latestConsent === 'given'
        ? latestConsent
        : 'none';
  return {
    caseId: record.caseId,
    status: record.status,
    deferred: record.status === 'open' && deferred,
    area: record.area,
    revision: record.revision,
    person,
    concern,
    profile: {
      origin: String(profile.origin ?? ''),
      ...(typeof profile.referralId === 'string' ? { referralId: profile.referralId } : {}),
      region: String(profile.region ?? ''),
      sector: String(profile.sector ?? ''),
      concernTypes: (profile.concernTypes as string[] | undefined) ?? [],
      ...(typeof profile.ageAtReferral === 'number' ? { ageAtReferral: profile.ageAtReferral } : {}),
      gender: String(profile.gender ?? ''),
      referredAt: String(profile.referredAt ?? ''),
      openedAt: String(profile.openedAt ?? ''),
    },
    ...view,
    ...(decision ? { decision } : {}),
    ...(exit ? { exit } : {}),
    consent,
    consentWithdrawnWithPolice: record.status === 'with-police' && consentWithdrawn,
    lastEventAt: record.events.at(-1)?.recordedAt ?? '',
  };
}

function concernOf(value: unknown): { label: string; text: string }[] {
  if (!value || typeof value !== 'object') return value ? [{ label: 'The concern', text: personal(value) }] : [];
  if ((value as { $erased?: unknown }).$erased === true) return [{ label: 'The concern', text: '(erased)' }];
  return Object.entries(value as Record<string, unknown>)
    .map(([field, text]) => ({ label: CONCERN_FIELDS[field] ?? humanise(field), text: personal(text) }))
    .filter((entry) => entry.text !== '');
}
