import type { Decider } from '@lib/event-store';
import {
  benchmarksFor,
  type AuthorityType,
  type Benchmark,
  type BenchmarkStatus,
  type StaffGroup,
} from './authority.codes.js';
import type { AuthorityCommand } from './authority.commands.js';
import {
  AssuranceStatementAlreadySubmittedError,
  AssuranceStatementNotApplicableError,
  AssuranceSubmittedBeforeYearError,
  AuthorityAlreadyRegisteredError,
  AuthorityIdempotencyKeyReusedError,
  AuthorityNotFoundError,
  BenchmarkNotApplicableError,
  DateInFutureError,
  FinancialYearInvalidError,
  ReviewDateInPastError,
  TrainingCountsInvalidError,
} from './authority.errors.js';
import type { AuthorityEvent, Evidence } from './authority.events.js';
import { londonDate } from './rag.js';

/** Where one area of an authority stands after its latest assessment. */
export interface BenchmarkStanding {
  readonly status: BenchmarkStatus;
  readonly evidence: Evidence;
  readonly owner: string;
  readonly reviewDue: string;
  readonly assessedAt: string;
}

/** The latest training counts of one group of staff. */
export interface TrainingCounts {
  readonly trained: number;
  readonly inPost: number;
  readonly asOf: string;
}

/** A specified authority as the decider sees it: not registered yet, or registered with its record. */
export type Authority = { readonly status: 'none' } | RegisteredAuthority;

export interface RegisteredAuthority {
  readonly status: 'registered';
  readonly authorityId: string;
  readonly name: string;
  readonly type: AuthorityType;
  readonly area: string;
  readonly region: string;
  readonly requestFingerprint?: string;
  readonly benchmarks: Partial<Record<Benchmark, BenchmarkStanding>>;
  readonly training: Partial<Record<StaffGroup, TrainingCounts>>;
  /** Submitted assurance statements: financial year to the day submitted. */
  readonly assuranceStatements: Readonly<Record<string, string>>;
}

export function initialAuthorityState(): Authority {
  return { status: 'none' };
}

export function evolveAuthority(state: Authority, event: AuthorityEvent): Authority {
  switch (event.type) {
    case 'AuthorityRegistered':
      return {
        status: 'registered',
        authorityId: event.data.authorityId,
        name: event.data.name,
        type: event.data.type,
        area: event.data.area,
        region: event.data.region,
        ...(event.data.requestFingerprint !== undefined ? { requestFingerprint: event.data.requestFingerprint } : {}),
        benchmarks: {},
        training: {},
        assuranceStatements: {},
      };
    case 'BenchmarkAssessed':
      if (state.status === 'none') return state;
      return {
        ...state,
        benchmarks: {
          ...state.benchmarks,
          [event.data.benchmark]: {
            status: event.data.status,
            evidence: event.data.evidence,
            owner: event.data.owner,
            reviewDue: event.data.reviewDue,
            assessedAt: event.data.assessedAt,
          },
        },
      };
    case 'TrainingRecorded':
      if (state.status === 'none') return state;
      return {
        ...state,
        training: {
          ...state.training,
          [event.data.staffGroup]: { trained: event.data.trained, inPost: event.data.inPost, asOf: event.data.asOf },
        },
      };
    case 'AssuranceStatementSubmitted':
      if (state.status === 'none') return state;
      return {
        ...state,
        assuranceStatements: { ...state.assuranceStatements, [event.data.year]: event.data.submittedOn },
      };
    default:
      return unreachable(event);
  }
}

export function decideAuthority(command: AuthorityCommand, state: Authority, now: Date): AuthorityEvent[] {
  const at = now.toISOString();
  const today = londonDate(now);
  switch (command.type) {
    case 'RegisterAuthority':
      if (state.status !== 'none') {
        if (command.requestFingerprint !== undefined && state.requestFingerprint !== undefined) {
          if (command.requestFingerprint === state.requestFingerprint) return [];
          throw new AuthorityIdempotencyKeyReusedError();
        }
        throw new AuthorityAlreadyRegisteredError(command.authorityId);
      }
      return [
        {
          type: 'AuthorityRegistered',
          data: {
            authorityId: command.authorityId,
            name: command.name,
            type: command.authorityType,
            area: command.area,
            region: command.region,
            ...(command.requestFingerprint !== undefined ? { requestFingerprint: command.requestFingerprint } : {}),
            registeredAt: at,
          },
        },
      ];
    case 'AssessBenchmark': {
      const authority = registered(state, command.authorityId);
      const applicable = benchmarksFor(authority.type);
      if (!applicable.includes(command.benchmark)) {
        throw new BenchmarkNotApplicableError(command.benchmark, authority.type, applicable);
      }
      if (command.reviewDue < today) throw new ReviewDateInPastError(command.reviewDue, today);
      const current = authority.benchmarks[command.benchmark];
      if (
        current !== undefined &&
        current.status === command.status &&
        current.owner === command.owner &&
        current.reviewDue === command.reviewDue &&
        current.evidence.reference === command.evidence.reference &&
        current.evidence.summary === command.evidence.summary
      ) {
        return []; // the same assessment received twice
      }
      return [
        {
          type: 'BenchmarkAssessed',
          data: {
            authorityId: command.authorityId,
            benchmark: command.benchmark,
            status: command.status,
            evidence: { reference: command.evidence.reference, summary: command.evidence.summary },
            owner: command.owner,
            reviewDue: command.reviewDue,
            assessedAt: at,
          },
        },
      ];
    }
    case 'RecordTraining': {
      registered(state, command.authorityId);
      if (command.trained > command.inPost) throw new TrainingCountsInvalidError(command.trained, command.inPost);
      if (command.asOf > today) throw new DateInFutureError('asOf', command.asOf, today);
      return [
        {
          type: 'TrainingRecorded',
          data: {
            authorityId: command.authorityId,
            staffGroup: command.staffGroup,
            trained: command.trained,
            inPost: command.inPost,
            asOf: command.asOf,
            recordedAt: at,
          },
        },
      ];
    }
    case 'SubmitAssuranceStatement': {
      const authority = registered(state, command.authorityId);
      if (authority.type !== 'local-authority') throw new AssuranceStatementNotApplicableError(authority.type);
      const start = financialYearStart(command.year);
      const previous = authority.assuranceStatements[command.year];
      if (previous !== undefined) throw new AssuranceStatementAlreadySubmittedError(command.year, previous);
      if (command.submittedOn > today) throw new DateInFutureError('submittedOn', command.submittedOn, today);
      if (command.submittedOn < start) throw new AssuranceSubmittedBeforeYearError(command.year, command.submittedOn);
      return [
        {
          type: 'AssuranceStatementSubmitted',
          data: {
            authorityId: command.authorityId,
            year: command.year,
            submittedOn: command.submittedOn,
            recordedAt: at,
          },
        },
      ];
    }
    default:
      return unreachable(command);
  }
}

/** The first day (1 April) of a financial year written `2024/25`. */
export function financialYearStart(year: string): string {
  const match = /^(\d{4})\/(\d{2})$/.exec(year);
  if (!match || (Number(match[1]) + 1) % 100 !== Number(match[2])) throw new FinancialYearInvalidError(year);
  return `${match[1]}-04-01`;
}

function registered(state: Authority, authorityId: string): RegisteredAuthority {
  if (state.status === 'none') throw new AuthorityNotFoundError(authorityId);
  return state;
}

function unreachable(value: never): never {
  throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}

export const authorityDecider: Decider<AuthorityCommand, AuthorityEvent, Authority> = {
  decide: decideAuthority,
  evolve: evolveAuthority,
  initialState: initialAuthorityState,
};
