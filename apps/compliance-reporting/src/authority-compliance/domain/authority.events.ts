import type { DomainEvent } from '@lib/event-store';
import type { AuthorityType, Benchmark, BenchmarkStatus, StaffGroup } from './authority.codes.js';

/**
 * A specified authority's compliance with the Prevent duty (domain §5): one stream per authority,
 * `authority-<uuid>`. Nothing here is about a person: an owner is a post, evidence a document
 * reference and summary, training a count. Who recorded each event, in which role and why is in
 * the event's metadata, not its data.
 */
export const AUTHORITY_CATEGORY = 'authority';

export function authorityStream(authorityId: string): string {
  return `${AUTHORITY_CATEGORY}-${authorityId}`;
}

/** The authority id of an `authority-<uuid>` stream, or undefined for another stream. */
export function authorityIdOf(streamId: string): string | undefined {
  const prefix = `${AUTHORITY_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

/** What shows that an area is met: a document and what it says. Never personal data. */
export interface Evidence {
  /** Where the document is (a file reference, an intranet path, a minute number). */
  readonly reference: string;
  /** What it shows, in a sentence. */
  readonly summary: string;
}

/** An authority was put on the register, with its type and where it is. */
export type AuthorityRegistered = DomainEvent<
  'AuthorityRegistered',
  {
    readonly authorityId: string;
    /** The organisation's name ("Birmingham City Council"): not personal data. */
    readonly name: string;
    readonly type: AuthorityType;
    /** The local authority area it sits in (ONS GSS code). */
    readonly area: string;
    /** Its region (ONS GSS code, E12…, or W92000004 for Wales). */
    readonly region: string;
    /** Digest of the creating request when it carried an Idempotency-Key. */
    readonly requestFingerprint?: string;
    readonly registeredAt: string;
  }
>;

/** One area of an authority was assessed: its status, the evidence, the owning post, the next review. */
export type BenchmarkAssessed = DomainEvent<
  'BenchmarkAssessed',
  {
    readonly authorityId: string;
    readonly benchmark: Benchmark;
    readonly status: BenchmarkStatus;
    readonly evidence: Evidence;
    /** The post that owns the area ("Prevent lead", "Head of community safety"), never a name. */
    readonly owner: string;
    /** The day it is next to be reviewed (YYYY-MM-DD). */
    readonly reviewDue: string;
    readonly assessedAt: string;
  }
>;

/** Training counts for one group of staff, as of a day. The latest record per group stands. */
export type TrainingRecorded = DomainEvent<
  'TrainingRecorded',
  {
    readonly authorityId: string;
    readonly staffGroup: StaffGroup;
    /** People of the group trained in Prevent. */
    readonly trained: number;
    /** People of the group in post. */
    readonly inPost: number;
    /** The day the counts are as of (YYYY-MM-DD). */
    readonly asOf: string;
    readonly recordedAt: string;
  }
>;

/** A local authority's annual Channel assurance statement was submitted to the Home Office. */
export type AssuranceStatementSubmitted = DomainEvent<
  'AssuranceStatementSubmitted',
  {
    readonly authorityId: string;
    /** The financial year it covers (`2024/25`). */
    readonly year: string;
    /** The day it was submitted (YYYY-MM-DD). */
    readonly submittedOn: string;
    readonly recordedAt: string;
  }
>;

export type AuthorityEvent = AuthorityRegistered | BenchmarkAssessed | TrainingRecorded | AssuranceStatementSubmitted;
