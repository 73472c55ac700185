import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '@lib/testing';
import { CORE_DUTIES, LOCAL_AUTHORITY_BENCHMARKS } from './authority.codes.js';
import type { AuthorityCommand } from './authority.commands.js';
import {
  aBenchmarkAssessed,
  anAssuranceStatementSubmitted,
  anAuthorityRegistered,
  AREA,
  AT,
  AUTHORITY_ID,
  EVIDENCE,
  NOW,
  REGION,
} from './authority.builders.js';
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
import type { AuthorityEvent } from './authority.events.js';
import { decideAuthority, evolveAuthority, initialAuthorityState, type Authority } from './authority.js';

const given = deciderSpec<AuthorityCommand, AuthorityEvent, Authority>({
  decide: (command, state) => decideAuthority(command, state, NOW),
  evolve: evolveAuthority,
  initialState: initialAuthorityState,
});

describe('registering an authority', () => {
  const register = {
    type: 'RegisterAuthority',
    authorityId: AUTHORITY_ID,
    name: 'Birmingham City Council',
    authorityType: 'local-authority',
    area: AREA,
    region: REGION,
    requestFingerprint: 'fp-1',
  } as const;

  it('registers a local authority with its area and region', () =>
    given([])
      .when(register)
      .then([anAuthorityRegistered({ requestFingerprint: 'fp-1' })]));

  it('is safe to retry with the same Idempotency-Key and body', () =>
    given([anAuthorityRegistered({ requestFingerprint: 'fp-1' })])
      .when(register)
      .thenNothingHappens());

  it('refuses the same key with a different request', () =>
    given([anAuthorityRegistered({ requestFingerprint: 'fp-1' })])
      .when({ ...register, requestFingerprint: 'fp-2' })
      .thenThrows(AuthorityIdempotencyKeyReusedError));

  it('refuses a second registration without a key', () =>
    given([anAuthorityRegistered()])
      .when({ ...register, requestFingerprint: undefined })
      .thenThrows(AuthorityAlreadyRegisteredError));
});

describe('assessing an area', () => {
  const assess = {
    type: 'AssessBenchmark',
    authorityId: AUTHORITY_ID,
    benchmark: 'partnership-group',
    status: 'partly-met',
    evidence: EVIDENCE,
    owner: 'Prevent lead',
    reviewDue: '2025-11-01',
  } as const;

  it('records the status, evidence, owning post and review date', () =>
    given([anAuthorityRegistered()]).when(assess).then([aBenchmarkAssessed()]));

  it('records a change of status as a new assessment, the earlier one kept in the stream', () =>
    given([anAuthorityRegistered(), aBenchmarkAssessed()])
      .when({ ...assess, status: 'met', reviewDue: '2026-05-01' })
      .then([aBenchmarkAssessed({ status: 'met', reviewDue: '2026-05-01' })]));

  it('records nothing when the same assessment arrives twice', () =>
    given([anAuthorityRegistered(), aBenchmarkAssessed()]).when(assess).thenNothingHappens());

  it('accepts a review due today', () =>
    given([anAuthorityRegistered()])
      .when({ ...assess, reviewDue: '2025-05-01' })
      .then([aBenchmarkAssessed({ reviewDue: '2025-05-01' })]));

  it('judges a school on a core duty', () =>
    given([anAuthorityRegistered({ type: 'school' })])
      .when({ ...assess, benchmark: 'staff-training', status: 'met' })
      .then([aBenchmarkAssessed({ benchmark: 'staff-training', status: 'met' })]));

  it('refuses a benchmark a school is not judged on (the Channel panel is a local authority’s)', () =>
    given([anAuthorityRegistered({ type: 'school' })])
      .when({ ...assess, benchmark: 'channel-panel' })
      .thenThrows(BenchmarkNotApplicableError, (error) =>
        expect(error.details).toEqual({
          benchmark: 'channel-panel',
          authorityType: 'school',
          applicable: [...CORE_DUTIES],
        }),
      ));

  it('refuses a core duty a local authority is not judged on', () =>
    given([anAuthorityRegistered()])
      .when({ ...assess, benchmark: 'staff-training' })
      .thenThrows(BenchmarkNotApplicableError, (error) =>
        expect(error.details.applicable).toEqual([...LOCAL_AUTHORITY_BENCHMARKS]),
      ));

  it('refuses a review date in the past', () =>
    given([anAuthorityRegistered()])
      .when({ ...assess, reviewDue: '2025-04-30' })
      .thenThrows(ReviewDateInPastError, (error) =>
        expect(error.details).toEqual({ reviewDue: '2025-04-30', today: '2025-05-01' }),
      ));

  it('refuses an authority not registered', () => given([]).when(assess).thenThrows(AuthorityNotFoundError));
});

describe('recording training', () => {
  const record = {
    type: 'RecordTraining',
    authorityId: AUTHORITY_ID,
    staffGroup: 'frontline-staff',
    trained: 180,
    inPost: 240,
    asOf: '2025-04-30',
  } as const;

  it('records people trained against staff in post', () =>
    given([anAuthorityRegistered()])
      .when(record)
      .then([
        {
          type: 'TrainingRecorded',
          data: {
            authorityId: AUTHORITY_ID,
            staffGroup: 'frontline-staff',
            trained: 180,
            inPost: 240,
            asOf: '2025-04-30',
            recordedAt: AT,
          },
        },
      ]));

  it('refuses more trained than in post', () =>
    given([anAuthorityRegistered()])
      .when({ ...record, trained: 241 })
      .thenThrows(TrainingCountsInvalidError));

  it('refuses counts as of a day still to come', () =>
    given([anAuthorityRegistered()])
      .when({ ...record, asOf: '2025-05-02' })
      .thenThrows(DateInFutureError));

  it('refuses an authority not registered', () => given([]).when(record).thenThrows(AuthorityNotFoundError));
});

describe('the annual Channel assurance statement', () => {
  const submit = {
    type: 'SubmitAssuranceStatement',
    authorityId: AUTHORITY_ID,
    year: '2024/25',
    submittedOn: '2025-04-20',
  } as const;

  it('records a local authority’s statement for a year, with the day it was submitted', () =>
    given([anAuthorityRegistered()]).when(submit).then([anAssuranceStatementSubmitted()]));

  it('accepts the next year’s statement beside the last one', () =>
    given([anAuthorityRegistered(), anAssuranceStatementSubmitted('2023/24', '2024-04-15')])
      .when(submit)
      .then([anAssuranceStatementSubmitted()]));

  it('refuses a second statement for the same year', () =>
    given([anAuthorityRegistered(), anAssuranceStatementSubmitted()])
      .when({ ...submit, submittedOn: '2025-04-25' })
      .thenThrows(AssuranceStatementAlreadySubmittedError, (error) =>
        expect(error.details).toEqual({ year: '2024/25', submittedOn: '2025-04-20' }),
      ));

  it('refuses a statement from an authority that is not a local authority', () =>
    given([anAuthorityRegistered({ type: 'school' })])
      .when(submit)
      .thenThrows(AssuranceStatementNotApplicableError));

  it('refuses a statement submitted on a day still to come', () =>
    given([anAuthorityRegistered()])
      .when({ ...submit, submittedOn: '2025-05-02' })
      .thenThrows(DateInFutureError));

  it('refuses a statement submitted before its year began', () =>
    given([anAuthorityRegistered()])
      .when({ ...submit, year: '2025/26', submittedOn: '2025-03-31' })
      .thenThrows(AssuranceSubmittedBeforeYearError));

  it('refuses a year that is not a financial year', () =>
    given([anAuthorityRegistered()])
      .when({ ...submit, year: '2024/26' })
      .thenThrows(FinancialYearInvalidError));

  it('refuses an authority not registered', () => given([]).when(submit).thenThrows(AuthorityNotFoundError));
});
