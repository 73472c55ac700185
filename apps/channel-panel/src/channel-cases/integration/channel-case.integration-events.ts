import {
  CASES_TOPIC,
  type CaseAdoptedV1,
  type CaseClosedV1,
  type CaseDiscussedAtPanelV1,
  type CaseNotAdoptedV1,
  type CaseOpenedV1,
  type CaseReturnedToPoliceV1,
  type CaseTransferredV1,
  type ConsentRecordedV1,
  type PostExitReviewCompletedV1,
  type SupportStartedV1,
} from '@lib/contracts';
import type { RecordedEvent } from '@lib/event-store';
import type { OutgoingMessageWithTopic } from '@lib/messaging';
import { CHANNEL_CASE_CATEGORY, type ChannelCaseEvent } from '../domain/channel-case.events.js';

/**
 * What the panel tells the other contexts (ADR 026, ADR 081): the case's domain events that the
 * intake and the reporting service need, as contracts v1 on `channel-panel.cases`, keyed by the
 * case's stream. Pure: the one thing it needs beyond the event — the area whose panel held the case
 * when it happened — is handed to it in a {@link CaseMappingContext}.
 *
 * Statistical fields only: ids, area, codes, dates. Rationales, risk views, consent details (who,
 * how, capacity, the person's age), intervention descriptions, session notes, closing reports,
 * review notes and every other envelope stay in the panel; so do the subject's id and personal
 * details (the intake has them, the reporting service must not).
 */
/**
 * The store's category of the case streams: a stream's category is its id up to the first `-`
 * (PostgreSQL store, `split_part(stream_id, '-', 1)`; KurrentDB's `$ce-` the same), so the streams
 * `channel-case-<uuid>` are in the store's category `channel`, not `channel-case`.
 */
export const CHANNEL_CASE_RELAY_CATEGORIES = [CHANNEL_CASE_CATEGORY.split('-')[0]] as const;

const topic = CASES_TOPIC.name;

/** What mapping one event needs besides the event, as of that event. */
export interface CaseMappingContext {
  /** The area (ONS GSS code) whose panel held the case before the event: opened there, or transferred to it. */
  readonly area?: string;
}

/** The case events that become messages; the others (information sharing, listing, assessment, plan, sessions...) stay. */
const PUBLISHED = new Set<ChannelCaseEvent['type']>([
  'CaseOpened',
  'CaseTransferred',
  'CaseDiscussedAtPanel',
  'CaseAdopted',
  'CaseNotAdopted',
  'ConsentRecorded',
  'SupportStarted',
  'CaseClosed',
  'CaseReturnedToPolice',
  'PostExitReviewCompleted',
]);

/** Whether an event's contract needs the case's area read from its history (opening and transfer carry it). */
export function needsCaseArea(event: RecordedEvent): boolean {
  const type = event.type as ChannelCaseEvent['type'];
  return PUBLISHED.has(type) && type !== 'CaseOpened' && type !== 'CaseTransferred';
}

/** The area whose panel holds the case after these events (its opening's area, then each transfer's). */
export function caseAreaOf(history: readonly { readonly type: string; readonly data: unknown }[]): string | undefined {
  let area: string | undefined;
  for (const event of history as readonly ChannelCaseEvent[]) {
    if (event.type === 'CaseOpened') area = event.data.area;
    else if (event.type === 'CaseReReferred') area = event.data.area;
    else if (event.type === 'CaseTransferred') area = event.data.toArea;
  }
  return area;
}

export function caseIntegrationEvents(
  event: RecordedEvent,
  context: CaseMappingContext = {},
): OutgoingMessageWithTopic[] {
  const domain = event as unknown as ChannelCaseEvent;
  const area = (): string => {
    if (!context.area) throw new Error(`case event ${domain.type} ${event.eventId}: the case's area was not given`);
    return context.area;
  };
  switch (domain.type) {
    case 'CaseOpened': {
      const data = domain.data;
      const payload: CaseOpenedV1 =
        data.origin === 'police-referral'
          ? {
              caseId: data.caseId,
              origin: data.origin,
              ...(data.referralId !== undefined ? { referralId: data.referralId } : {}),
              area: data.area,
              region: data.region,
              openedAt: data.openedAt,
            }
          : {
              // opened by the local authority: no ReferralReceived carries the profile, the case does
              caseId: data.caseId,
              origin: data.origin,
              area: data.area,
              region: data.region,
              ...(data.sector !== undefined ? { sector: data.sector } : {}),
              ...(data.concernTypes !== undefined ? { concernTypes: codes(data.concernTypes) } : {}),
              ...(data.ageAtReferral !== undefined ? { ageAtReferral: data.ageAtReferral } : {}),
              ...(data.gender !== undefined ? { gender: data.gender } : {}),
              openedAt: data.openedAt,
            };
      return [{ topic, type: 'CaseOpened', version: 1, payload }];
    }
    case 'CaseTransferred': {
      const data = domain.data;
      const payload: CaseTransferredV1 = {
        caseId: data.caseId,
        area: data.fromArea,
        toArea: data.toArea,
        toRegion: data.toRegion,
        transferredAt: data.transferredAt,
      };
      return [{ topic, type: 'CaseTransferred', version: 1, payload }];
    }
    case 'CaseDiscussedAtPanel': {
      const data = domain.data;
      const payload: CaseDiscussedAtPanelV1 = {
        caseId: data.caseId,
        area: area(),
        meetingId: data.meetingId,
        firstDiscussion: data.firstDiscussion,
        discussedAt: data.discussedAt,
      };
      return [{ topic, type: 'CaseDiscussedAtPanel', version: 1, payload }];
    }
    case 'CaseAdopted': {
      const data = domain.data;
      const payload: CaseAdoptedV1 = {
        caseId: data.caseId,
        area: area(),
        meetingId: data.meetingId,
        adoptedAt: data.adoptedAt,
      };
      return [{ topic, type: 'CaseAdopted', version: 1, payload }];
    }
    case 'CaseNotAdopted': {
      const data = domain.data;
      const payload: CaseNotAdoptedV1 = {
        caseId: data.caseId,
        area: area(),
        meetingId: data.meetingId,
        outcome: data.outcome,
        ...(data.outcome === 'referred-to-other-services' && data.referredTo
          ? { referredTo: codes(data.referredTo) }
          : {}),
        decidedAt: data.decidedAt,
      };
      return [{ topic, type: 'CaseNotAdopted', version: 1, payload }];
    }
    case 'ConsentRecorded': {
      const data = domain.data;
      const payload: ConsentRecordedV1 = {
        caseId: data.caseId,
        area: area(),
        outcome: data.outcome,
        recordedAt: data.recordedAt,
      };
      return [{ topic, type: 'ConsentRecorded', version: 1, payload }];
    }
    case 'SupportStarted': {
      const data = domain.data;
      const payload: SupportStartedV1 = {
        caseId: data.caseId,
        area: area(),
        interventionTypes: codes(data.interventionTypes),
        startedAt: data.startedAt,
      };
      return [{ topic, type: 'SupportStarted', version: 1, payload }];
    }
    case 'CaseClosed': {
      const data = domain.data;
      const payload: CaseClosedV1 = {
        caseId: data.caseId,
        area: area(),
        exitOutcome: data.exitOutcome,
        exitedOn: data.exitedOn,
        closedAt: data.closedAt,
      };
      return [{ topic, type: 'CaseClosed', version: 1, payload }];
    }
    case 'CaseReturnedToPolice': {
      const data = domain.data;
      const payload: CaseReturnedToPoliceV1 = {
        caseId: data.caseId,
        area: area(),
        ...(data.referralId !== undefined ? { referralId: data.referralId } : {}),
        reason: data.reason,
        returnedAt: data.returnedAt,
      };
      return [{ topic, type: 'CaseReturnedToPolice', version: 1, payload }];
    }
    case 'PostExitReviewCompleted': {
      const data = domain.data;
      const payload: PostExitReviewCompletedV1 = {
        caseId: data.caseId,
        area: area(),
        review: data.review,
        outcome: data.outcome,
        dueOn: data.dueOn,
        completedAt: data.completedAt,
      };
      return [{ topic, type: 'PostExitReviewCompleted', version: 1, payload }];
    }
    default:
      // information sharing, listing, assessments, deferral, the support plan and its sessions and
      // progress, reviews, support stopped: the panel's own work, nothing another context acts on
      return [];
  }
}

function codes(values: { readonly codeList: string; readonly codes: readonly string[] }) {
  return { codeList: values.codeList, codes: [...values.codes] };
}
