import type { CodedValues, Gender, ReferralOutcome, Region, Sector } from '@lib/contracts';
import { answerProblems } from '../../assessment-templates/domain/assessment-template.js';
import type {
  CorrectReferralDetails,
  DecideReferral,
  ReferralCommand,
  ReopenReferral,
  SignOffDecision,
} from './referral.commands.js';
import {
  AssessmentAnswersInvalidError,
  ChannelAreaRequiredError,
  DeconflictionNotClearError,
  GatewayAssessmentMissingError,
  InformationRequestAlreadyAnsweredError,
  InformationRequestNotFoundError,
  NoDecisionToSignOffError,
  NothingToCorrectError,
  OutcomeDetailNotApplicableError,
  ReferralAlreadyDecidedError,
  ReferralAlreadyReceivedError,
  ReferralClosedError,
  ReferralNotFoundError,
  ReferralNotWithChannelError,
  ReferralWithdrawnError,
  SignOffBySameOfficerError,
  SignOffRequiresSupervisorError,
  SignpostingServiceRequiredError,
} from './referral.errors.js';
import type { ReferralDetailsCorrected, ReferralEvent } from './referral.events.js';

/** The role whose holders sign off decisions (domain §2). */
export const SUPERVISOR_ROLE = 'police-supervisor';

/** The codes of a referral that feed statistics and scope access; corrected with a reason. */
export interface ReferralProfile {
  readonly area: string;
  readonly region: Region;
  readonly sector: Sector;
  readonly concernTypes: CodedValues;
  readonly gender: Gender;
  readonly ageAtReferral?: number;
}

/** What every recorded referral knows, whatever its status. */
export interface ReferralFacts {
  readonly referralId: string;
  readonly subjectId: string;
  readonly profile: ReferralProfile;
  readonly officerId?: string;
  /** How many outcomes were recorded (decisions and closure for investigation). */
  readonly decisions: number;
}

/**
 * A referral under triage: received, perhaps acknowledged and assigned, being checked.
 * `deconfliction` is `clear` once the person was found not to be part of a live investigation;
 * `requests` maps each information request to whether its reply came; `reopenedByCase` names the
 * Channel case that sent it back, when it did.
 */
export interface OpenReferral extends ReferralFacts {
  readonly status: 'open';
  readonly acknowledged: boolean;
  readonly deconfliction: 'pending' | 'clear';
  readonly requests: Readonly<Record<string, 'open' | 'answered'>>;
  readonly assessed: boolean;
  readonly reopenedByCase?: string;
}

/** The police decided; the decision stands until a Channel case sends the referral back. */
export interface DecidedReferral extends ReferralFacts {
  readonly status: 'decided';
  readonly outcome: ReferralOutcome;
  readonly decidedBy: string;
  readonly signedOff: boolean;
}

/** Closed because de-confliction found a live counter-terrorism investigation. */
export interface ClosedReferral extends ReferralFacts {
  readonly status: 'closed';
}

export interface WithdrawnReferral extends ReferralFacts {
  readonly status: 'withdrawn';
}

export type Referral =
  { readonly status: 'none' } | OpenReferral | DecidedReferral | ClosedReferral | WithdrawnReferral;

export type ReferralStatus = Referral['status'];

export function initialState(): Referral {
  return { status: 'none' };
}

export function evolve(state: Referral, event: ReferralEvent): Referral {
  switch (event.type) {
    case 'ReferralReceived': {
      const { referralId, subjectId, area, region, sector, concernTypes, gender, ageAtReferral } = event.data;
      return {
        status: 'open',
        referralId,
        subjectId,
        profile: {
          area,
          region,
          sector,
          concernTypes,
          gender,
          ...(ageAtReferral !== undefined ? { ageAtReferral } : {}),
        },
        decisions: 0,
        acknowledged: false,
        deconfliction: 'pending',
        requests: {},
        assessed: false,
      };
    }
    case 'ReferralAcknowledged':
      return state.status === 'open' ? { ...state, acknowledged: true } : state;
    case 'ReferralAssigned':
    case 'ReferralReassigned':
      return state.status === 'none' ? state : { ...state, officerId: event.data.officerId };
    case 'DeconflictionCleared':
      return state.status === 'open' ? { ...state, deconfliction: 'clear' } : state;
    case 'ReferralClosedForInvestigation':
      return state.status === 'none'
        ? state
        : { ...facts(state), status: 'closed', decisions: event.data.decisionNumber };
    case 'InformationRequested':
      return state.status === 'open'
        ? { ...state, requests: { ...state.requests, [event.data.requestId]: 'open' } }
        : state;
    case 'InformationReceived':
      return state.status === 'open'
        ? { ...state, requests: { ...state.requests, [event.data.requestId]: 'answered' } }
        : state;
    case 'GatewayAssessmentRecorded':
      return state.status === 'open' ? { ...state, assessed: true } : state;
    case 'ReferralDecided':
      return state.status === 'none'
        ? state
        : {
            ...facts(state),
            status: 'decided',
            decisions: event.data.decisionNumber,
            outcome: event.data.outcome,
            decidedBy: event.data.decidedBy,
            signedOff: false,
          };
    case 'DecisionSignedOff':
      return state.status === 'decided' ? { ...state, signedOff: true } : state;
    case 'ReferralReopened':
      return state.status === 'none'
        ? state
        : {
            ...facts(state),
            status: 'open',
            acknowledged: true,
            deconfliction: 'pending',
            requests: {},
            assessed: false,
            reopenedByCase: event.data.caseId,
          };
    case 'ReferralDetailsCorrected':
      return state.status === 'none' ? state : { ...state, profile: corrected(state.profile, event.data) };
    case 'ReferralLinkedToSubject':
      return state.status === 'none' ? state : { ...state, subjectId: event.data.subjectId };
    case 'ReferralWithdrawn':
      return state.status === 'none' ? state : { ...facts(state), status: 'withdrawn' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/**
 * Decides a command against the referral's state: the events to record, none when the command
 * changes nothing (safe to receive twice), or a {@link ReferralError} refusing it.
 */
export function decide(command: ReferralCommand, state: Referral, now: Date): ReferralEvent[] {
  const at = now.toISOString();
  switch (command.type) {
    case 'ReceiveReferral': {
      if (state.status !== 'none') throw new ReferralAlreadyReceivedError(command.referralId);
      return [
        {
          type: 'ReferralReceived',
          data: {
            referralId: command.referralId,
            subjectId: command.subjectId,
            receivedVia: command.receivedVia,
            area: command.area,
            region: command.region,
            sector: command.sector,
            concernTypes: { codeList: command.concernTypes.codeList, codes: [...command.concernTypes.codes] },
            gender: command.gender,
            ...(command.ageAtReferral !== undefined ? { ageAtReferral: command.ageAtReferral } : {}),
            subjectAware: command.subjectAware,
            referrer: command.referrer,
            concern: command.concern,
            ...(command.requestFingerprint ? { requestFingerprint: command.requestFingerprint } : {}),
            receivedAt: at,
          },
        },
      ];
    }
    case 'AcknowledgeReferral': {
      const open = requireOpen(state, command.referralId);
      if (open.acknowledged) return [];
      return [{ type: 'ReferralAcknowledged', data: { referralId: open.referralId, acknowledgedAt: at } }];
    }
    case 'AssignOfficer': {
      const current = requireOpenOrDecided(state, command.referralId);
      if (current.officerId === command.officerId) return [];
      if (current.officerId === undefined) {
        return [
          {
            type: 'ReferralAssigned',
            data: { referralId: current.referralId, officerId: command.officerId, assignedAt: at },
          },
        ];
      }
      return [
        {
          type: 'ReferralReassigned',
          data: {
            referralId: current.referralId,
            officerId: command.officerId,
            previousOfficerId: current.officerId,
            reassignedAt: at,
          },
        },
      ];
    }
    case 'RecordDeconfliction': {
      const open = requireOpen(state, command.referralId);
      if (command.result === 'clear') {
        if (open.deconfliction === 'clear') return [];
        return [{ type: 'DeconflictionCleared', data: { referralId: open.referralId, checkedAt: at } }];
      }
      return [
        {
          type: 'ReferralClosedForInvestigation',
          data: {
            referralId: open.referralId,
            outcome: 'closed-counter-terrorism-investigation',
            decisionNumber: open.decisions + 1,
            closedAt: at,
          },
        },
      ];
    }
    case 'RequestInformation': {
      const open = requireOpen(state, command.referralId);
      if (open.requests[command.requestId] !== undefined) return [];
      return [
        {
          type: 'InformationRequested',
          data: {
            referralId: open.referralId,
            requestId: command.requestId,
            partnerSector: command.partnerSector,
            partner: command.partner,
            lawfulBasis: command.lawfulBasis,
            request: command.request,
            requestedAt: at,
          },
        },
      ];
    }
    case 'RecordInformationReceived': {
      const open = requireOpen(state, command.referralId);
      const request = open.requests[command.requestId];
      if (request === undefined) throw new InformationRequestNotFoundError(command.requestId);
      if (request === 'answered') throw new InformationRequestAlreadyAnsweredError(command.requestId);
      return [
        {
          type: 'InformationReceived',
          data: {
            referralId: open.referralId,
            requestId: command.requestId,
            lawfulBasis: command.lawfulBasis,
            information: command.information,
            receivedAt: at,
          },
        },
      ];
    }
    case 'RecordGatewayAssessment': {
      const open = requireOpen(state, command.referralId);
      const problems = answerProblems(command.template, command.answers);
      if (problems.length > 0) throw new AssessmentAnswersInvalidError(problems);
      return [
        {
          type: 'GatewayAssessmentRecorded',
          data: {
            referralId: open.referralId,
            templateId: command.template.id,
            templateVersion: command.template.version,
            answers: command.answers.map((answer) => ({
              dimension: answer.dimension,
              rating: answer.rating,
              notes: answer.notes,
            })),
            summary: command.summary,
            assessedAt: at,
          },
        },
      ];
    }
    case 'DecideReferral':
      return decideReferral(command, state, at);
    case 'SignOffDecision':
      return signOff(command, state, at);
    case 'ReopenReferral':
      return reopen(command, state, at);
    case 'CorrectReferralDetails':
      return correct(command, state, at);
    case 'LinkReferralToSubject': {
      const current = requireOpenOrDecided(state, command.referralId);
      if (current.subjectId === command.subjectId) return [];
      return [
        {
          type: 'ReferralLinkedToSubject',
          data: {
            referralId: current.referralId,
            subjectId: command.subjectId,
            previousSubjectId: current.subjectId,
            linkedAt: at,
          },
        },
      ];
    }
    case 'WithdrawReferral': {
      const open = requireOpen(state, command.referralId);
      return [
        {
          type: 'ReferralWithdrawn',
          data: {
            referralId: open.referralId,
            reason: command.reason,
            explanation: command.explanation,
            withdrawnAt: at,
          },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function decideReferral(command: DecideReferral, state: Referral, at: string): ReferralEvent[] {
  const open = requireOpen(state, command.referralId);
  if (open.deconfliction !== 'clear') throw new DeconflictionNotClearError(open.referralId);
  if (!open.assessed) throw new GatewayAssessmentMissingError(open.referralId);
  const { outcome } = command;
  if (outcome === 'signposted') {
    if (!command.signpostedTo || command.signpostedTo.codes.length === 0) throw new SignpostingServiceRequiredError();
  } else {
    if (command.signpostedTo !== undefined) throw new OutcomeDetailNotApplicableError(outcome, 'signpostedTo');
    if (command.mashReferral !== undefined) throw new OutcomeDetailNotApplicableError(outcome, 'mashReferral');
  }
  if (outcome === 'referred-to-channel') {
    if (!command.channelArea) throw new ChannelAreaRequiredError();
  } else if (command.channelArea !== undefined) {
    throw new OutcomeDetailNotApplicableError(outcome, 'channelArea');
  }
  return [
    {
      type: 'ReferralDecided',
      data: {
        referralId: open.referralId,
        decisionNumber: open.decisions + 1,
        outcome,
        ...(command.signpostedTo
          ? { signpostedTo: { codeList: command.signpostedTo.codeList, codes: [...command.signpostedTo.codes] } }
          : {}),
        ...(command.mashReferral !== undefined ? { mashReferral: command.mashReferral } : {}),
        ...(command.channelArea ? { channelArea: command.channelArea } : {}),
        decidedBy: command.decidedBy.id,
        rationale: command.rationale,
        decidedAt: at,
      },
    },
  ];
}

function signOff(command: SignOffDecision, state: Referral, at: string): ReferralEvent[] {
  const current = existing(state, command.referralId);
  if (current.status === 'withdrawn') throw new ReferralWithdrawnError(current.referralId);
  if (current.status !== 'decided' || current.signedOff) throw new NoDecisionToSignOffError(current.referralId);
  if (command.supervisor.role !== SUPERVISOR_ROLE) throw new SignOffRequiresSupervisorError();
  if (command.supervisor.id === current.decidedBy) throw new SignOffBySameOfficerError();
  return [
    {
      type: 'DecisionSignedOff',
      data: {
        referralId: current.referralId,
        decisionNumber: current.decisions,
        supervisorId: command.supervisor.id,
        ...(command.comment ? { comment: command.comment } : {}),
        signedOffAt: at,
      },
    },
  ];
}

/** Only a referral referred to Channel comes back from Channel; the same return twice changes nothing. */
function reopen(command: ReopenReferral, state: Referral, at: string): ReferralEvent[] {
  const current = existing(state, command.referralId);
  if (current.status === 'open' && current.reopenedByCase === command.caseId) return [];
  if (current.status !== 'decided' || current.outcome !== 'referred-to-channel') {
    throw new ReferralNotWithChannelError(current.referralId);
  }
  return [
    {
      type: 'ReferralReopened',
      data: {
        referralId: current.referralId,
        caseId: command.caseId,
        returnReason: command.returnReason,
        reopenedAt: at,
      },
    },
  ];
}

function correct(command: CorrectReferralDetails, state: Referral, at: string): ReferralEvent[] {
  const current = existing(state, command.referralId);
  if (current.status === 'withdrawn') throw new ReferralWithdrawnError(current.referralId);
  const before = current.profile;
  const changes: { -readonly [K in keyof ReferralProfile]?: ReferralProfile[K] } = {};
  if (command.area !== undefined && command.area !== before.area) changes.area = command.area;
  if (command.region !== undefined && command.region !== before.region) changes.region = command.region;
  if (command.sector !== undefined && command.sector !== before.sector) changes.sector = command.sector;
  if (command.concernTypes !== undefined && !sameCodes(command.concernTypes, before.concernTypes)) {
    changes.concernTypes = { codeList: command.concernTypes.codeList, codes: [...command.concernTypes.codes] };
  }
  if (command.gender !== undefined && command.gender !== before.gender) changes.gender = command.gender;
  if (command.ageAtReferral !== undefined && command.ageAtReferral !== before.ageAtReferral) {
    changes.ageAtReferral = command.ageAtReferral;
  }
  if (Object.keys(changes).length === 0) throw new NothingToCorrectError();
  return [
    {
      type: 'ReferralDetailsCorrected',
      data: { referralId: current.referralId, ...changes, reason: command.reason, correctedAt: at },
    },
  ];
}

function corrected(profile: ReferralProfile, data: ReferralDetailsCorrected['data']): ReferralProfile {
  return {
    area: data.area ?? profile.area,
    region: data.region ?? profile.region,
    sector: data.sector ?? profile.sector,
    concernTypes: data.concernTypes ?? profile.concernTypes,
    gender: data.gender ?? profile.gender,
    ...((data.ageAtReferral ?? profile.ageAtReferral) !== undefined
      ? { ageAtReferral: data.ageAtReferral ?? profile.ageAtReferral }
      : {}),
  };
}

function sameCodes(a: CodedValues, b: CodedValues): boolean {
  return (
    a.codeList === b.codeList && a.codes.length === b.codes.length && a.codes.every((code) => b.codes.includes(code))
  );
}

function facts(state: Exclude<Referral, { status: 'none' }>): ReferralFacts {
  return {
    referralId: state.referralId,
    subjectId: state.subjectId,
    profile: state.profile,
    ...(state.officerId !== undefined ? { officerId: state.officerId } : {}),
    decisions: state.decisions,
  };
}

function existing(state: Referral, referralId: string): Exclude<Referral, { status: 'none' }> {
  if (state.status === 'none') throw new ReferralNotFoundError(referralId);
  return state;
}

/** The referral must be under triage; otherwise the refusal says why it is not. */
function requireOpen(state: Referral, referralId: string): OpenReferral {
  const current = existing(state, referralId);
  switch (current.status) {
    case 'open':
      return current;
    case 'decided':
      throw new ReferralAlreadyDecidedError(referralId);
    case 'closed':
      throw new ReferralClosedError(referralId);
    case 'withdrawn':
      throw new ReferralWithdrawnError(referralId);
    default: {
      const unknown: never = current;
      return unknown;
    }
  }
}

function requireOpenOrDecided(state: Referral, referralId: string): OpenReferral | DecidedReferral {
  const current = existing(state, referralId);
  if (current.status === 'closed') throw new ReferralClosedError(referralId);
  if (current.status === 'withdrawn') throw new ReferralWithdrawnError(referralId);
  return current;
}

/** The referral decider, in the shape `CommandRunner` takes. */
export const referralDecider = { decide, evolve, initialState };

/** The area a referral belongs to, for access scoping; undefined before it is received. */
export function areaOf(state: Referral): string | undefined {
  return state.status === 'none' ? undefined : state.profile.area;
}
