import type { AuthorityType, Benchmark, BenchmarkStatus, StaffGroup } from './authority.codes.js';
import type { Evidence } from './authority.events.js';

export interface RegisterAuthority {
  readonly type: 'RegisterAuthority';
  readonly authorityId: string;
  readonly name: string;
  readonly authorityType: AuthorityType;
  readonly area: string;
  readonly region: string;
  readonly requestFingerprint?: string;
}

export interface AssessBenchmark {
  readonly type: 'AssessBenchmark';
  readonly authorityId: string;
  readonly benchmark: Benchmark;
  readonly status: BenchmarkStatus;
  readonly evidence: Evidence;
  readonly owner: string;
  readonly reviewDue: string;
}

export interface RecordTraining {
  readonly type: 'RecordTraining';
  readonly authorityId: string;
  readonly staffGroup: StaffGroup;
  readonly trained: number;
  readonly inPost: number;
  readonly asOf: string;
}

export interface SubmitAssuranceStatement {
  readonly type: 'SubmitAssuranceStatement';
  readonly authorityId: string;
  readonly year: string;
  readonly submittedOn: string;
}

export type AuthorityCommand = RegisterAuthority | AssessBenchmark | RecordTraining | SubmitAssuranceStatement;
