import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { Backend } from '../backend/backend.js';

/** A personal value whose subject's key was destroyed (erasure): shown as erased, never guessed. */
export interface ErasedValue {
  readonly $erased: true;
  readonly subjectId: string;
}

export interface PersonName {
  readonly givenNames: string;
  readonly familyName: string;
}

/** A row of the police queue (`GET /referrals`): codes, dates, ids and flags; no name (ADR 041). */
export interface ReferralSummary {
  readonly referralId: string;
  readonly subjectId: string;
  readonly revision: number;
  readonly status: string;
  readonly area: string;
  readonly region: string;
  readonly sector: string;
  readonly concernTypes: { readonly codeList: string; readonly codes: readonly string[] };
  readonly receivedVia: string;
  readonly receivedAt: string;
  readonly officerId: string | null;
  readonly ageInWorkingDays: number;
  readonly overdue: boolean;
  readonly seenBefore: boolean;
  readonly acknowledgedAt: string | null;
  readonly assignedAt: string | null;
  readonly deconfliction: string | null;
  readonly informationRequests: number;
  readonly assessedAt: string | null;
  readonly decision: {
    readonly outcome: string;
    readonly decisionNumber: number;
    readonly decidedAt: string;
    readonly decidedBy: string | null;
    readonly channelArea: string | null;
    readonly signedOff: { readonly by: string; readonly at: string } | null;
  } | null;
  readonly reopenedAt: string | null;
  readonly withdrawn: { readonly at: string; readonly reason: string | null } | null;
}

export interface ReferralQueuePage {
  readonly items: ReferralSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface RecordedStep {
  readonly type: string;
  readonly revision: number;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly data: Record<string, unknown>;
}

/** `GET /referrals/:id`: the referral folded from its stream, revealed, with its ETag. */
export interface ReferralRecord {
  readonly referralId: string;
  readonly subjectId: string;
  readonly status: 'open' | 'decided' | 'closed' | 'withdrawn';
  readonly revision: number;
  readonly profile: {
    readonly area: string;
    readonly region: string;
    readonly sector: string;
    readonly concernTypes: { readonly codeList: string; readonly codes: readonly string[] };
    readonly gender: string;
    readonly ageAtReferral?: number;
  };
  readonly officerId: string | null;
  readonly decisions: number;
  readonly acknowledged?: boolean;
  readonly deconfliction?: 'pending' | 'clear';
  readonly assessed?: boolean;
  readonly outcome?: string;
  readonly signedOff?: boolean;
  readonly events: RecordedStep[];
}

/** `GET /subjects/:id`: the person's current details, revealed (erased values marked). */
export interface SubjectRecord {
  readonly subjectId: string;
  readonly area: string;
  readonly gender: string;
  readonly revision: number;
  readonly details: {
    readonly name?: PersonName | ErasedValue;
    readonly otherNames?: PersonName[] | ErasedValue;
    readonly dateOfBirth?: string | ErasedValue;
    readonly address?: { lines: string[]; postcode?: string } | ErasedValue;
    readonly [field: string]: unknown;
  };
}

export interface HistoryEntry {
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly reason: string | null;
  readonly why: string | ErasedValue | null;
  readonly data: Record<string, unknown>;
}

export interface ReferralHistory {
  readonly referralId: string;
  readonly subjectId: string;
  readonly area: string;
  readonly entries: HistoryEntry[];
}

export interface SubjectMatch {
  readonly subjectId: string;
  readonly area: string;
  readonly score: number;
  readonly strength: 'strong' | 'weak';
  readonly namesTransposed: boolean;
  readonly name: PersonName | ErasedValue | null;
  readonly dateOfBirth: string | ErasedValue | null;
  readonly referrals: ReferralSummary[];
}

export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A referral id from the address, or the not-found page (the intake would answer 400). */
export function referralIdOf(value: string): string {
  if (!UUID.test(value)) throw new NotFoundException();
  return value.toLowerCase();
}

export function isErased(value: unknown): value is ErasedValue {
  return typeof value === 'object' && value !== null && (value as { $erased?: unknown }).$erased === true;
}

/** The referral intake's API as the referral pages call it, as the signed-in user. */
@Injectable()
export class IntakeApi {
  constructor(@Inject(Backend) private readonly backend: Backend) {}

  queue(req: Request, query: Record<string, string | number | boolean | undefined>): Promise<ReferralQueuePage> {
    return this.backend.get<ReferralQueuePage>(req, 'intake', '/referrals', query);
  }

  async referral(req: Request, id: string): Promise<Versioned<ReferralRecord>> {
    const response = await this.backend.call<ReferralRecord>(req, 'intake', `/referrals/${id}`);
    return { value: response.body, etag: response.etag ?? `W/"${response.body.revision}"` };
  }

  history(req: Request, id: string): Promise<ReferralHistory> {
    return this.backend.get<ReferralHistory>(req, 'intake', `/referrals/${id}/history`);
  }

  async subject(req: Request, id: string): Promise<Versioned<SubjectRecord>> {
    const response = await this.backend.call<SubjectRecord>(req, 'intake', `/subjects/${id}`);
    return { value: response.body, etag: response.etag ?? `W/"${response.body.revision}"` };
  }

  async matches(req: Request, person: { givenName: string; familyName: string; dateOfBirth: string }) {
    return (await this.backend.get<{ matches: SubjectMatch[] }>(req, 'intake', '/subjects/matches', person)).matches;
  }

  /** A command on a referral, pinned to the ETag the user's page was built from. */
  command(req: Request, id: string, step: string, body: unknown, etag: string | undefined) {
    return this.backend.post(req, 'intake', `/referrals/${id}/${step}`, body, etag ? { ifMatch: etag } : {});
  }

  correctSubject(req: Request, subjectId: string, body: unknown, etag: string | undefined) {
    return this.backend.post(req, 'intake', `/subjects/${subjectId}/corrections`, body, etag ? { ifMatch: etag } : {});
  }

  create(req: Request, body: unknown, idempotencyKey: string) {
    return this.backend.post<{ referralId: string; subjectId: string; receivedAt: string }>(
      req,
      'intake',
      '/referrals',
      body,
      { idempotencyKey },
    );
  }

  submitPartner(req: Request, body: unknown, idempotencyKey: string) {
    return this.backend.post<{ reference: string; receivedAt: string }>(
      req,
      'intake',
      '/referrals/partner-submissions',
      body,
      { idempotencyKey },
    );
  }
}
