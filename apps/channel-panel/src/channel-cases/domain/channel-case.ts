import type { CaseOrigin, PostExitReview, Region } from '@lib/contracts';
import type { Decider } from '@lib/event-store';
import {
  ageOn,
  type ChannelCaseCommand,
  type DecideCase,
  type ExitCase,
  type MeetingFacts,
  type OpenCase,
  type RecordConsent,
  type WithdrawConsent,
} from './channel-case.commands.js';
import {
  AssessmentAnswersInvalidError,
  AssessmentChangesRequiredError,
  CaseAlreadyDecidedError,
  CaseAlreadyOpenedError,
  CaseClosedError,
  CaseNotAdoptedError,
  CaseNotClosedError,
  CaseNotFoundError,
  CaseNotOnAgendaError,
  CaseProfileRequiredError,
  CaseWithPoliceError,
  ConsentAlreadyGivenError,
  ConsentNotWithdrawnError,
  ConsentNotGivenError,
  ConsenterRequiredError,
  InformationRequestAlreadyAnsweredError,
  InformationRequestExistsError,
  InformationRequestNotFoundError,
  InterventionExistsError,
  InterventionNotFoundError,
  InterventionNotRunningError,
  InterventionStatusChangeError,
  InterventionTypeUnknownError,
  MeetingCancelledError,
  MeetingInAnotherAreaError,
  MeetingNotQuorateError,
  NothingToCorrectError,
  NotTheInterventionProviderError,
  ParentOrGuardianConsentRequiredError,
  PostExitReviewAlreadyRecordedError,
  ReferralIdMismatchError,
  ReferredToNotApplicableError,
  ReferredToRequiredError,
  RiskViewRequiredError,
  SubjectAgeUnknownError,
  SubjectConsentRequiredError,
  TransferToSameAreaError,
} from './channel-case.errors.js';
import {
  INTERVENTION_TYPE_CODE_LIST,
  INTERVENTION_TYPES,
  type CasePersonalDetails,
  type ChannelCaseEvent,
  type ConsentRecorded,
  type InterventionStatus,
  type ScheduledPostExitReview,
} from './channel-case.events.js';

/** One intervention of the support plan as the decider needs it. */
export interface InterventionState {
  readonly interventionId: string;
  readonly code: string;
  readonly providerId?: string;
  readonly status: InterventionStatus;
  readonly sessionIds: readonly string[];
}

/** What every case that exists knows about itself. */
export interface CaseFile {
  readonly caseId: string;
  readonly origin: CaseOrigin;
  readonly referralId?: string;
  readonly subjectId: string;
  /** The area whose panel holds the case now. */
  readonly area: string;
  readonly region: Region;
  readonly hasDateOfBirth: boolean;
  readonly openedAt: string;
  /** Information requests by id: answered or not. */
  readonly informationRequests: Readonly<Record<string, boolean>>;
  readonly meetingsListed: readonly string[];
  readonly assessments: number;
  readonly discussed: boolean;
}

/**
 * A Channel case as the decider sees it:
 * - `none`: never opened;
 * - `open`: before the panel's decision (or deferred);
 * - `adopted`: the panel adopted the person; support follows consent (`pending` until given);
 * - `not-adopted`: referred to other services or no further action: the panel's part is over;
 * - `with-police`: returned to the police (not adopted and police-led, consent refused or
 *   withdrawn, risk escalated); after a withdrawal the panel closes it with "consent withdrawn";
 *   a re-referral of the same referral reopens it (as it does a `not-adopted` or `closed` case);
 * - `closed`: the person left Channel; the post-exit reviews remain.
 */
export type ChannelCase =
  | { readonly status: 'none' }
  | ({ readonly status: 'open' } & CaseFile)
  | ({
      readonly status: 'adopted';
      readonly consent: 'pending' | 'given';
      readonly interventions: readonly InterventionState[];
      readonly supportStarted: boolean;
      readonly reviews: number;
    } & CaseFile)
  | ({ readonly status: 'not-adopted' } & CaseFile)
  | ({
      readonly status: 'with-police';
      /** Back with the police because consent was withdrawn: the panel may still exit it as such. */
      readonly consentWithdrawn: boolean;
    } & CaseFile)
  | ({
      readonly status: 'closed';
      readonly postExitReviews: readonly (ScheduledPostExitReview & { readonly completed: boolean })[];
    } & CaseFile);

export function initialState(): ChannelCase {
  return { status: 'none' };
}

type Existing = Exclude<ChannelCase, { status: 'none' }>;
type Adopted = Extract<ChannelCase, { status: 'adopted' }>;

export function evolve(state: ChannelCase, event: ChannelCaseEvent): ChannelCase {
  switch (event.type) {
    case 'CaseOpened':
      return {
        status: 'open',
        caseId: event.data.caseId,
        origin: event.data.origin,
        ...(event.data.referralId !== undefined ? { referralId: event.data.referralId } : {}),
        subjectId: event.data.subjectId,
        area: event.data.area,
        region: event.data.region,
        hasDateOfBirth: event.data.personalDetails.dateOfBirth !== undefined,
        openedAt: event.data.openedAt,
        informationRequests: {},
        meetingsListed: [],
        assessments: 0,
        discussed: false,
      };
    case 'CaseReReferred':
      return state.status === 'none'
        ? state
        : {
            ...fileOf(state),
            status: 'open',
            area: event.data.area,
            region: event.data.region,
            hasDateOfBirth: state.hasDateOfBirth || event.data.personalDetails.dateOfBirth !== undefined,
          };
    case 'PersonalDetailsCorrected':
      return state.status === 'none'
        ? state
        : { ...state, hasDateOfBirth: state.hasDateOfBirth || event.data.corrected.dateOfBirth !== undefined };
    case 'CaseTransferred':
      return state.status === 'none' ? state : { ...state, area: event.data.toArea, region: event.data.toRegion };
    case 'InformationRequested':
      return state.status === 'none'
        ? state
        : { ...state, informationRequests: { ...state.informationRequests, [event.data.requestId]: false } };
    case 'InformationReceived':
      return state.status === 'none'
        ? state
        : { ...state, informationRequests: { ...state.informationRequests, [event.data.requestId]: true } };
    case 'CaseListedForMeeting':
      return state.status === 'none'
        ? state
        : { ...state, meetingsListed: [...state.meetingsListed, event.data.meetingId] };
    case 'CaseAssessed':
      return state.status === 'none' ? state : { ...state, assessments: state.assessments + 1 };
    case 'CaseDiscussedAtPanel':
      return state.status === 'none' ? state : { ...state, discussed: true };
    case 'CaseAdopted':
      return state.status === 'none'
        ? state
        : {
            ...fileOf(state),
            status: 'adopted',
            consent: 'pending',
            interventions: [],
            supportStarted: false,
            reviews: 0,
          };
    case 'CaseNotAdopted':
      return state.status === 'none' ? state : { ...fileOf(state), status: 'not-adopted' };
    case 'CaseDeferred':
      return state;
    case 'ConsentRecorded':
      if (state.status !== 'adopted') return state;
      return event.data.outcome === 'given'
        ? { ...state, consent: 'given' }
        : { ...fileOf(state), status: 'with-police', consentWithdrawn: event.data.outcome === 'withdrawn' };
    case 'CaseReturnedToPolice':
      return state.status === 'none' || state.status === 'closed'
        ? state
        : {
            ...fileOf(state),
            status: 'with-police',
            consentWithdrawn: state.status === 'with-police' && state.consentWithdrawn,
          };
    case 'InterventionPlanned':
      return state.status !== 'adopted'
        ? state
        : {
            ...state,
            interventions: [
              ...state.interventions,
              {
                interventionId: event.data.interventionId,
                code: event.data.interventionType.code,
                ...(event.data.providerId !== undefined ? { providerId: event.data.providerId } : {}),
                status: 'planned',
                sessionIds: [],
              },
            ],
          };
    case 'InterventionStatusChanged':
      return state.status !== 'adopted'
        ? state
        : {
            ...state,
            interventions: state.interventions.map((intervention) =>
              intervention.interventionId === event.data.interventionId
                ? { ...intervention, status: event.data.to }
                : intervention,
            ),
          };
    case 'SupportStarted':
      return state.status !== 'adopted' ? state : { ...state, supportStarted: true };
    case 'SupportStopped':
      return state.status !== 'adopted'
        ? state
        : {
            ...state,
            interventions: state.interventions.map((intervention) =>
              event.data.interventionIds.includes(intervention.interventionId)
                ? { ...intervention, status: 'stopped' }
                : intervention,
            ),
          };
    case 'InterventionSessionRecorded':
      return state.status !== 'adopted'
        ? state
        : {
            ...state,
            interventions: state.interventions.map((intervention) =>
              intervention.interventionId === event.data.interventionId
                ? { ...intervention, sessionIds: [...intervention.sessionIds, event.data.sessionId] }
                : intervention,
            ),
          };
    case 'InterventionProgressRecorded':
      return state;
    case 'CaseReviewed':
      return state.status !== 'adopted' ? state : { ...state, reviews: state.reviews + 1 };
    case 'CaseClosed':
      return state.status === 'none'
        ? state
        : {
            ...fileOf(state),
            status: 'closed',
            postExitReviews: event.data.postExitReviews.map((review) => ({ ...review, completed: false })),
          };
    case 'PostExitReviewCompleted':
      return state.status !== 'closed'
        ? state
        : {
            ...state,
            postExitReviews: state.postExitReviews.map((review) =>
              review.review === event.data.review ? { ...review, completed: true } : review,
            ),
          };
    default:
      return unreachable(event);
  }
}

export function decide(command: ChannelCaseCommand, state: ChannelCase, now: Date): ChannelCaseEvent[] {
  const at = now.toISOString();
  switch (command.type) {
    case 'OpenCase': {
      if (state.status !== 'none') {
        if (command.origin !== 'police-referral' || state.referralId !== command.referralId) {
          throw new CaseAlreadyOpenedError(command.caseId);
        }
        if (state.status === 'open' || state.status === 'adopted') return [];
        return [reReferred(command, state, at)];
      }
      if (command.origin === 'police-referral' && command.referralId !== command.caseId) {
        throw new ReferralIdMismatchError();
      }
      if (command.origin === 'local-authority') {
        if (command.referralId !== undefined) throw new ReferralIdMismatchError();
        if (command.sector === undefined) throw new CaseProfileRequiredError('sector');
        if (command.concernTypes === undefined) throw new CaseProfileRequiredError('concernTypes');
        if (command.ageAtReferral === undefined) throw new CaseProfileRequiredError('ageAtReferral');
        if (command.gender === undefined) throw new CaseProfileRequiredError('gender');
      }
      const details = command.personalDetails;
      return [
        {
          type: 'CaseOpened',
          data: {
            caseId: command.caseId,
            origin: command.origin,
            ...(command.referralId !== undefined ? { referralId: command.referralId } : {}),
            subjectId: command.subjectId,
            area: command.area,
            region: command.region,
            ...(command.sector !== undefined ? { sector: command.sector } : {}),
            ...(command.concernTypes !== undefined ? { concernTypes: command.concernTypes } : {}),
            ...(command.ageAtReferral !== undefined ? { ageAtReferral: command.ageAtReferral } : {}),
            ...(command.gender !== undefined ? { gender: command.gender } : {}),
            referredAt: command.referredAt,
            personalDetails: copyDetails(details),
            ...(command.requestFingerprint !== undefined ? { requestFingerprint: command.requestFingerprint } : {}),
            openedAt: at,
          },
        },
      ];
    }
    case 'CorrectPersonalDetails': {
      const file = existingCase(state, command.caseId);
      const { name, otherNames, dateOfBirth, address } = command.corrected;
      if (name === undefined && otherNames === undefined && dateOfBirth === undefined && address === undefined) {
        throw new NothingToCorrectError();
      }
      return [
        {
          type: 'PersonalDetailsCorrected',
          data: {
            caseId: file.caseId,
            corrected: {
              ...(name !== undefined ? { name } : {}),
              ...(otherNames !== undefined ? { otherNames } : {}),
              ...(dateOfBirth !== undefined ? { dateOfBirth } : {}),
              ...(address !== undefined ? { address } : {}),
            },
            reason: command.reason,
            correctedAt: at,
          },
        },
      ];
    }
    case 'TransferCase': {
      const file = active(state, command.caseId);
      if (command.toArea === file.area) throw new TransferToSameAreaError(file.area);
      return [
        {
          type: 'CaseTransferred',
          data: {
            caseId: command.caseId,
            fromArea: file.area,
            toArea: command.toArea,
            toRegion: command.toRegion,
            reason: command.reason,
            transferredAt: at,
          },
        },
      ];
    }
    case 'RequestInformation': {
      const file = active(state, command.caseId);
      if (command.requestId in file.informationRequests) throw new InformationRequestExistsError(command.requestId);
      return [
        {
          type: 'InformationRequested',
          data: {
            caseId: command.caseId,
            requestId: command.requestId,
            partnerAgency: command.partnerAgency,
            partner: command.partner,
            lawfulBasis: command.lawfulBasis,
            request: command.request,
            requestedAt: at,
          },
        },
      ];
    }
    case 'RecordInformationReceived': {
      const file = active(state, command.caseId);
      const answered = file.informationRequests[command.requestId];
      if (answered === undefined) throw new InformationRequestNotFoundError(command.requestId);
      if (answered) throw new InformationRequestAlreadyAnsweredError(command.requestId);
      return [
        {
          type: 'InformationReceived',
          data: {
            caseId: command.caseId,
            requestId: command.requestId,
            lawfulBasis: command.lawfulBasis,
            information: command.information,
            receivedAt: at,
          },
        },
      ];
    }
    case 'ListCaseForMeeting': {
      const file = active(state, command.caseId);
      checkMeetingOfArea(command.meeting, file);
      if (file.meetingsListed.includes(command.meeting.meetingId)) return [];
      return [
        {
          type: 'CaseListedForMeeting',
          data: {
            caseId: command.caseId,
            meetingId: command.meeting.meetingId,
            meetingDate: command.meeting.date,
            listedAt: at,
          },
        },
      ];
    }
    case 'RecordAssessment': {
      const file = active(state, command.caseId);
      const problems = answerProblems(command.template, command.answers);
      if (problems.length > 0) throw new AssessmentAnswersInvalidError(problems);
      const later = file.assessments > 0;
      if (later && command.whatChanged === undefined) throw new AssessmentChangesRequiredError('what changed');
      if (later && command.managementPlan === undefined) throw new AssessmentChangesRequiredError('a management plan');
      return [
        {
          type: 'CaseAssessed',
          data: {
            caseId: command.caseId,
            assessmentNumber: file.assessments + 1,
            ...(command.meetingId !== undefined ? { meetingId: command.meetingId } : {}),
            templateId: command.template.id,
            templateVersion: command.template.version,
            answers: command.answers.map((answer) => ({
              dimension: answer.dimension,
              rating: answer.rating,
              notes: answer.notes,
            })),
            ...(command.whatChanged !== undefined ? { whatChanged: command.whatChanged } : {}),
            summaryConclusion: command.summaryConclusion,
            ...(command.managementPlan !== undefined ? { managementPlan: command.managementPlan } : {}),
            assessedAt: at,
          },
        },
      ];
    }
    case 'DecideCase':
      return decideCase(command, state, at);
    case 'RecordConsent':
      return recordConsent(command, state, at);
    case 'WithdrawConsent':
      return withdrawConsent(command, state, at);
    case 'PlanIntervention': {
      const adopted = consenting(state, command.caseId);
      if (adopted.interventions.some((candidate) => candidate.interventionId === command.interventionId)) {
        throw new InterventionExistsError(command.interventionId);
      }
      if (
        command.interventionType.codeList !== INTERVENTION_TYPE_CODE_LIST ||
        !(INTERVENTION_TYPES as readonly string[]).includes(command.interventionType.code)
      ) {
        throw new InterventionTypeUnknownError(command.interventionType.code);
      }
      return [
        {
          type: 'InterventionPlanned',
          data: {
            caseId: command.caseId,
            interventionId: command.interventionId,
            interventionType: { codeList: command.interventionType.codeList, code: command.interventionType.code },
            ownerAgency: command.ownerAgency,
            ...(command.providerId !== undefined ? { providerId: command.providerId } : {}),
            startDate: command.startDate,
            description: command.description,
            plannedAt: at,
          },
        },
      ];
    }
    case 'ChangeInterventionStatus': {
      const adopted = consenting(state, command.caseId);
      const intervention = interventionOf(adopted, command.interventionId);
      if (intervention.status === command.status) return [];
      if (!ALLOWED_CHANGES[intervention.status].includes(command.status)) {
        throw new InterventionStatusChangeError(intervention.status, command.status);
      }
      const changed: ChannelCaseEvent[] = [
        {
          type: 'InterventionStatusChanged',
          data: {
            caseId: command.caseId,
            interventionId: command.interventionId,
            from: intervention.status,
            to: command.status,
            changedAt: at,
          },
        },
      ];
      if (command.status === 'active' && !adopted.supportStarted) {
        const codes = [...new Set(adopted.interventions.map((candidate) => candidate.code))];
        changed.push({
          type: 'SupportStarted',
          data: {
            caseId: command.caseId,
            interventionTypes: { codeList: INTERVENTION_TYPE_CODE_LIST, codes },
            startedAt: at,
          },
        });
      }
      return changed;
    }
    case 'RecordInterventionSession': {
      const adopted = adoptedCase(state, command.caseId);
      const intervention = interventionOf(adopted, command.interventionId);
      if (command.recordedBy.role === 'intervention-provider' && intervention.providerId !== command.recordedBy.id) {
        throw new NotTheInterventionProviderError(command.interventionId);
      }
      if (intervention.sessionIds.includes(command.sessionId)) return [];
      if (intervention.status !== 'active') throw new InterventionNotRunningError(command.interventionId);
      return [
        {
          type: 'InterventionSessionRecorded',
          data: {
            caseId: command.caseId,
            interventionId: command.interventionId,
            sessionId: command.sessionId,
            sessionDate: command.sessionDate,
            attendance: command.attendance,
            notes: command.notes,
            recordedAt: at,
          },
        },
      ];
    }
    case 'RecordInterventionProgress': {
      const adopted = adoptedCase(state, command.caseId);
      const intervention = interventionOf(adopted, command.interventionId);
      if (command.recordedBy.role === 'intervention-provider' && intervention.providerId !== command.recordedBy.id) {
        throw new NotTheInterventionProviderError(command.interventionId);
      }
      if (intervention.status !== 'active' && intervention.status !== 'paused') {
        throw new InterventionNotRunningError(command.interventionId);
      }
      return [
        {
          type: 'InterventionProgressRecorded',
          data: {
            caseId: command.caseId,
            interventionId: command.interventionId,
            progress: command.progress,
            recordedAt: at,
          },
        },
      ];
    }
    case 'ReviewCase': {
      const adopted = adoptedCase(state, command.caseId);
      checkDecisionMeeting(command.meeting, adopted);
      return [
        discussed(adopted, command.meeting, at),
        {
          type: 'CaseReviewed',
          data: {
            caseId: command.caseId,
            meetingId: command.meeting.meetingId,
            reviewNumber: adopted.reviews + 1,
            progress: command.progress,
            riskNow: command.riskNow,
            decision: command.decision,
            reviewedAt: at,
          },
        },
      ];
    }
    case 'ExitCase':
      return exitCase(command, state, at);
    case 'RecordPostExitReview': {
      const existing = existingCase(state, command.caseId);
      if (existing.status !== 'closed') throw new CaseNotClosedError(command.caseId);
      const scheduled = existing.postExitReviews.find((candidate) => candidate.review === command.review);
      if (!scheduled) throw new CaseNotClosedError(command.caseId);
      if (scheduled.completed) throw new PostExitReviewAlreadyRecordedError(command.review);
      return [
        {
          type: 'PostExitReviewCompleted',
          data: {
            caseId: command.caseId,
            review: command.review,
            outcome: command.outcome,
            dueOn: scheduled.dueOn,
            notes: command.notes,
            completedAt: at,
          },
        },
      ];
    }
    case 'ReturnCaseToPolice': {
      const file = active(state, command.caseId);
      const stopped = file.status === 'adopted' ? stopSupport(file, at) : [];
      return [
        ...stopped,
        {
          type: 'CaseReturnedToPolice',
          data: {
            caseId: command.caseId,
            ...(file.referralId !== undefined ? { referralId: file.referralId } : {}),
            reason: 'risk-escalated',
            riskView: command.riskView,
            returnedAt: at,
          },
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

function decideCase(command: DecideCase, state: ChannelCase, at: string): ChannelCaseEvent[] {
  const existing = existingCase(state, command.caseId);
  if (existing.status === 'closed') throw new CaseClosedError(command.caseId);
  if (existing.status !== 'open') throw new CaseAlreadyDecidedError(command.caseId);
  checkDecisionMeeting(command.meeting, existing);
  const meetingId = command.meeting.meetingId;
  const decision = command.decision;
  const first = discussed(existing, command.meeting, at);
  switch (decision.decision) {
    case 'adopt':
      return [
        first,
        {
          type: 'CaseAdopted',
          data: { caseId: command.caseId, meetingId, rationale: command.rationale, adoptedAt: at },
        },
      ];
    case 'defer':
      return [
        first,
        {
          type: 'CaseDeferred',
          data: { caseId: command.caseId, meetingId, rationale: command.rationale, deferredAt: at },
        },
      ];
    case 'not-adopted': {
      if (decision.outcome === 'referred-to-other-services' && !decision.referredTo?.codes.length) {
        throw new ReferredToRequiredError();
      }
      if (decision.outcome !== 'referred-to-other-services' && decision.referredTo !== undefined) {
        throw new ReferredToNotApplicableError();
      }
      if (decision.outcome === 'returned-to-police' && command.riskView === undefined) {
        throw new RiskViewRequiredError();
      }
      const events: ChannelCaseEvent[] = [
        first,
        {
          type: 'CaseNotAdopted',
          data: {
            caseId: command.caseId,
            meetingId,
            outcome: decision.outcome,
            ...(decision.referredTo !== undefined
              ? { referredTo: { codeList: decision.referredTo.codeList, codes: [...decision.referredTo.codes] } }
              : {}),
            rationale: command.rationale,
            decidedAt: at,
          },
        },
      ];
      if (decision.outcome === 'returned-to-police') {
        events.push(returnedToPolice(existing, 'not-adopted-police-led', command.riskView, at));
      }
      return events;
    }
    default:
      return unreachable(decision);
  }
}

function recordConsent(command: RecordConsent, state: ChannelCase, at: string): ChannelCaseEvent[] {
  const adopted = adoptedCase(state, command.caseId);
  if (adopted.consent === 'given') {
    if (command.outcome === 'given') return [];
    throw new ConsentAlreadyGivenError(command.caseId);
  }
  const recorded = consentRecorded(command, command.outcome, at);
  if (command.outcome === 'given') return [recorded];
  return [recorded, returnedToPolice(adopted, 'consent-refused', command.riskView, at)];
}

function withdrawConsent(command: WithdrawConsent, state: ChannelCase, at: string): ChannelCaseEvent[] {
  const adopted = adoptedCase(state, command.caseId);
  if (adopted.consent !== 'given') throw new ConsentNotGivenError(command.caseId);
  return [
    consentRecorded(command, 'withdrawn', at),
    ...stopSupport(adopted, at),
    returnedToPolice(adopted, 'consent-withdrawn', command.riskView, at),
  ];
}

/** Who may consent on the day: the person from 18, a parent or guardian before. */
function consentRecorded(
  command: RecordConsent | WithdrawConsent,
  outcome: ConsentRecorded['data']['outcome'],
  at: string,
): ConsentRecorded {
  const age = command.subjectAgeOnDate;
  if (age === undefined) throw new SubjectAgeUnknownError();
  if (command.givenBy === 'subject' && age < 18) throw new ParentOrGuardianConsentRequiredError(age);
  if (command.givenBy === 'parent-or-guardian' && age >= 18) throw new SubjectConsentRequiredError(age);
  if (command.givenBy === 'parent-or-guardian' && command.consenter === undefined) throw new ConsenterRequiredError();
  return {
    type: 'ConsentRecorded',
    data: {
      caseId: command.caseId,
      outcome,
      givenBy: command.givenBy,
      ...(command.consenter !== undefined ? { consenter: command.consenter } : {}),
      subjectAgeOnDate: age,
      consentedOn: command.consentedOn,
      method: command.method,
      ...(command.capacityConsideration !== undefined ? { capacityConsideration: command.capacityConsideration } : {}),
      recordedAt: at,
    },
  };
}

/**
 * Exit: an adopted case with any outcome but "consent withdrawn", which closes a case that went
 * back to the police because consent was withdrawn (domain §4.6, §4.9) — already with the police,
 * so no second return. Either way the reviews at 6 and 12 months are scheduled.
 */
function exitCase(command: ExitCase, state: ChannelCase, at: string): ChannelCaseEvent[] {
  const existing = existingCase(state, command.caseId);
  if (existing.status === 'with-police' && existing.consentWithdrawn) {
    if (command.exitOutcome !== 'consent-withdrawn') throw new CaseWithPoliceError(command.caseId);
    return [caseClosed(command, at)];
  }
  const adopted = adoptedCase(state, command.caseId);
  if (command.exitOutcome === 'consent-withdrawn') throw new ConsentNotWithdrawnError(command.caseId);
  const passedToPolice = command.exitOutcome === 'concerns-remain-passed-to-police';
  if (passedToPolice && command.riskView === undefined) throw new RiskViewRequiredError();
  const events: ChannelCaseEvent[] = [caseClosed(command, at)];
  if (passedToPolice) events.push(returnedToPolice(adopted, 'concerns-remain-at-exit', command.riskView, at));
  return events;
}

function caseClosed(command: ExitCase, at: string): ChannelCaseEvent {
  return {
    type: 'CaseClosed',
    data: {
      caseId: command.caseId,
      exitOutcome: command.exitOutcome,
      exitedOn: command.exitedOn,
      closingReport: command.closingReport,
      postExitReviews: postExitReviewsAfter(command.exitedOn),
      closedAt: at,
    },
  };
}

/** The same referral, referred again once the panel's part was over: the case reopens with its history. */
function reReferred(
  command: OpenCase,
  state: Extract<ChannelCase, { status: 'with-police' | 'not-adopted' | 'closed' }>,
  at: string,
): ChannelCaseEvent {
  const details = command.personalDetails;
  return {
    type: 'CaseReReferred',
    data: {
      caseId: command.caseId,
      referralId: command.caseId,
      previousStatus: state.status,
      area: command.area,
      region: command.region,
      ...(command.sector !== undefined ? { sector: command.sector } : {}),
      ...(command.concernTypes !== undefined ? { concernTypes: command.concernTypes } : {}),
      ...(command.ageAtReferral !== undefined ? { ageAtReferral: command.ageAtReferral } : {}),
      ...(command.gender !== undefined ? { gender: command.gender } : {}),
      referredAt: command.referredAt,
      personalDetails: copyDetails(details),
      reReferredAt: at,
    },
  };
}

function copyDetails(details: CasePersonalDetails): CasePersonalDetails {
  return {
    name: details.name,
    ...(details.otherNames !== undefined ? { otherNames: details.otherNames } : {}),
    ...(details.dateOfBirth !== undefined ? { dateOfBirth: details.dateOfBirth } : {}),
    ...(details.address !== undefined ? { address: details.address } : {}),
    concern: details.concern,
  };
}

/**
 * The person's details as the case holds them now: the opening's, replaced by a re-referral's,
 * with each later correction applied field by field. Still sealed.
 */
export function currentPersonalDetails(
  history: readonly { readonly type: string; readonly data: unknown }[],
): CasePersonalDetails | undefined {
  let details: CasePersonalDetails | undefined;
  for (const event of history as readonly ChannelCaseEvent[]) {
    if (event.type === 'CaseOpened' || event.type === 'CaseReReferred') {
      details = {
        ...(details?.dateOfBirth ? { dateOfBirth: details.dateOfBirth } : {}),
        ...event.data.personalDetails,
      };
    } else if (event.type === 'PersonalDetailsCorrected' && details) {
      details = { ...details, ...event.data.corrected };
    }
  }
  return details;
}

const POST_EXIT_REVIEW_MONTHS: Readonly<Record<PostExitReview, number>> = { '6-months': 6, '12-months': 12 };

/** The reviews 6 and 12 calendar months after the exit day (the last day of a shorter month). */
export function postExitReviewsAfter(exitedOn: string): ScheduledPostExitReview[] {
  return (Object.keys(POST_EXIT_REVIEW_MONTHS) as PostExitReview[]).map((review) => ({
    review,
    dueOn: addMonths(exitedOn, POST_EXIT_REVIEW_MONTHS[review]),
  }));
}

function addMonths(day: string, months: number): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

const ALLOWED_CHANGES: Readonly<Record<InterventionStatus, readonly InterventionStatus[]>> = {
  planned: ['active', 'stopped'],
  active: ['paused', 'completed', 'stopped'],
  paused: ['active', 'completed', 'stopped'],
  completed: [],
  stopped: [],
};

function stopSupport(adopted: Adopted, at: string): ChannelCaseEvent[] {
  const running = adopted.interventions
    .filter((intervention) => intervention.status !== 'completed' && intervention.status !== 'stopped')
    .map((intervention) => intervention.interventionId);
  if (running.length === 0) return [];
  return [{ type: 'SupportStopped', data: { caseId: adopted.caseId, interventionIds: running, stoppedAt: at } }];
}

function returnedToPolice(
  file: CaseFile,
  reason: 'not-adopted-police-led' | 'consent-refused' | 'consent-withdrawn' | 'concerns-remain-at-exit',
  riskView: RecordConsent['riskView'],
  at: string,
): ChannelCaseEvent {
  return {
    type: 'CaseReturnedToPolice',
    data: {
      caseId: file.caseId,
      ...(file.referralId !== undefined ? { referralId: file.referralId } : {}),
      reason,
      ...(riskView !== undefined ? { riskView } : {}),
      returnedAt: at,
    },
  };
}

function discussed(file: CaseFile, meeting: MeetingFacts, at: string): ChannelCaseEvent {
  return {
    type: 'CaseDiscussedAtPanel',
    data: { caseId: file.caseId, meetingId: meeting.meetingId, firstDiscussion: !file.discussed, discussedAt: at },
  };
}

function checkMeetingOfArea(meeting: MeetingFacts, file: CaseFile): void {
  if (meeting.area !== file.area) throw new MeetingInAnotherAreaError(meeting.meetingId);
  if (meeting.cancelled) throw new MeetingCancelledError(meeting.meetingId);
}

/** A decision or review: at a meeting of the case's area, with the case on its agenda, quorate. */
function checkDecisionMeeting(meeting: MeetingFacts, file: CaseFile): void {
  checkMeetingOfArea(meeting, file);
  if (!meeting.caseOnAgenda) throw new CaseNotOnAgendaError(meeting.meetingId);
  if (!meeting.quorate) throw new MeetingNotQuorateError(meeting.meetingId);
}

function existingCase(state: ChannelCase, caseId: string): Existing {
  if (state.status === 'none') throw new CaseNotFoundError(caseId);
  return state;
}

/** A case the panel still works on: open or adopted. */
function active(state: ChannelCase, caseId: string): Extract<ChannelCase, { status: 'open' | 'adopted' }> {
  const existing = existingCase(state, caseId);
  if (existing.status === 'closed') throw new CaseClosedError(caseId);
  if (existing.status === 'with-police' || existing.status === 'not-adopted') throw new CaseWithPoliceError(caseId);
  return existing;
}

function adoptedCase(state: ChannelCase, caseId: string): Adopted {
  const existing = existingCase(state, caseId);
  if (existing.status === 'closed') throw new CaseClosedError(caseId);
  if (existing.status === 'with-police') throw new CaseWithPoliceError(caseId);
  if (existing.status !== 'adopted') throw new CaseNotAdoptedError(caseId);
  return existing;
}

/** Support needs adoption and consent given (domain §4.6). */
function consenting(state: ChannelCase, caseId: string): Adopted {
  const adopted = adoptedCase(state, caseId);
  if (adopted.consent !== 'given') throw new ConsentNotGivenError(caseId);
  return adopted;
}

function interventionOf(adopted: Adopted, interventionId: string): InterventionState {
  const intervention = adopted.interventions.find((candidate) => candidate.interventionId === interventionId);
  if (!intervention) throw new InterventionNotFoundError(interventionId);
  return intervention;
}

function fileOf(state: Existing): CaseFile {
  return {
    caseId: state.caseId,
    origin: state.origin,
    ...(state.referralId !== undefined ? { referralId: state.referralId } : {}),
    subjectId: state.subjectId,
    area: state.area,
    region: state.region,
    hasDateOfBirth: state.hasDateOfBirth,
    openedAt: state.openedAt,
    informationRequests: state.informationRequests,
    meetingsListed: state.meetingsListed,
    assessments: state.assessments,
    discussed: state.discussed,
  };
}

function answerProblems(
  template: {
    id: string;
    version: number;
    dimensions: readonly { code: string; ratings: readonly { code: string }[] }[];
  },
  answers: readonly { readonly dimension: string; readonly rating: string }[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const answer of answers) {
    const dimension = template.dimensions.find((candidate) => candidate.code === answer.dimension);
    if (!dimension) {
      problems.push(`${answer.dimension}: not a dimension of ${template.id} v${template.version}`);
      continue;
    }
    if (seen.has(answer.dimension)) problems.push(`${answer.dimension}: answered more than once`);
    seen.add(answer.dimension);
    if (!dimension.ratings.some((rating) => rating.code === answer.rating)) {
      problems.push(`${answer.dimension}: ${answer.rating} is not one of its ratings`);
    }
  }
  for (const dimension of template.dimensions) {
    if (!seen.has(dimension.code)) problems.push(`${dimension.code}: not answered`);
  }
  return problems;
}

function unreachable(value: never): never {
  throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}

/** The case decider, for the command runner. */
export const channelCaseDecider: Decider<ChannelCaseCommand, ChannelCaseEvent, ChannelCase> = {
  decide,
  evolve,
  initialState,
};

export { ageOn };
