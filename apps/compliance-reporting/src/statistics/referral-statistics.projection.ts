import type {
  CaseAdoptedV1,
  CaseClosedV1,
  CaseDiscussedAtPanelV1,
  CaseNotAdoptedV1,
  CaseOpenedV1,
  CaseReturnedToPoliceV1,
  CaseTransferredV1,
  ConsentRecordedV1,
  PostExitReviewCompletedV1,
  ReferralDecidedV1,
  ReferralDetailsCorrectedV1,
  ReferralReceivedV1,
  ReferralWithdrawnV1,
  SupportStartedV1,
} from '@lib/contracts';
import type pg from 'pg';
import { addMonths, dayOf, financialQuarterOf, financialYearOf } from './periods.js';
import { STATISTICS_PROJECTION_VERSION, statisticsTable } from './referral-statistics.schema.js';

type Queryable = Pick<pg.ClientBase, 'query'>;

/** A case event arrived for a case whose `CaseOpened` the projection has not seen. */
export class UnknownStatisticsCaseError extends Error {
  readonly code = 'statistics.unknown-case';
  constructor(readonly caseId: string) {
    super(`No statistics row for case ${caseId}: its CaseOpened has not been applied`);
    this.name = 'UnknownStatisticsCaseError';
  }
}

/**
 * Writes the statistics projection, one method per integration event, on the caller's transaction
 * (the inbox's, so each message has its effect once). Events of one referral or one case arrive in
 * order; across the two topics they may not (a case can be opened before its `ReferralReceived`
 * is consumed), so a referral's row is upserted from either side. First-time facts (first decision,
 * first panel discussion) are kept with `COALESCE`, so a repeated fact changes nothing.
 */
export class ReferralStatisticsProjection {
  private readonly table: string;

  constructor(serviceSchema: string, version = STATISTICS_PROJECTION_VERSION) {
    this.table = statisticsTable(serviceSchema, version);
  }

  async referralReceived(tx: Queryable, event: ReferralReceivedV1): Promise<void> {
    const received = dayOf(event.receivedAt);
    await tx.query(
      `INSERT INTO ${this.table} AS row (statistic_id, origin, referral_id, received_at, received_on, financial_year, quarter,
         area, region, sector, concern_code_list, concern_codes, age_at_referral, gender)
       VALUES ($1::text, 'police-referral', $1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (statistic_id) DO UPDATE SET received_at = EXCLUDED.received_at, received_on = EXCLUDED.received_on,
         financial_year = EXCLUDED.financial_year, quarter = EXCLUDED.quarter, area = EXCLUDED.area,
         region = EXCLUDED.region, sector = EXCLUDED.sector, concern_code_list = EXCLUDED.concern_code_list,
         concern_codes = EXCLUDED.concern_codes, age_at_referral = EXCLUDED.age_at_referral, gender = EXCLUDED.gender`,
      [
        event.referralId,
        event.receivedAt,
        received,
        financialYearOf(received),
        financialQuarterOf(received),
        event.area,
        event.region,
        event.sector,
        event.concernTypes.codeList,
        [...event.concernTypes.codes],
        event.ageAtReferral ?? null,
        event.gender,
      ],
    );
  }

  async referralDecided(tx: Queryable, event: ReferralDecidedV1): Promise<void> {
    // the first decision is the referral's outcome in the release; a later one (after Channel returned it) is counted
    await this.upsertReferral(
      tx,
      event.referralId,
      `outcome = CASE WHEN $2 = 1 THEN $3 ELSE row.outcome END,
       decided_at = CASE WHEN $2 = 1 THEN $4::timestamptz ELSE row.decided_at END,
       decisions = GREATEST(row.decisions, $2)`,
      [event.decisionNumber, event.outcome, event.decidedAt],
      {
        decisions: event.decisionNumber,
        outcome: event.decisionNumber === 1 ? event.outcome : null,
        decided_at: event.decisionNumber === 1 ? event.decidedAt : null,
      },
    );
  }

  async referralDetailsCorrected(tx: Queryable, event: ReferralDetailsCorrectedV1): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [event.referralId];
    const set = (column: string, value: unknown): void => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (event.area !== undefined) set('area', event.area);
    if (event.region !== undefined) set('region', event.region);
    if (event.sector !== undefined) set('sector', event.sector);
    if (event.concernTypes !== undefined) {
      set('concern_code_list', event.concernTypes.codeList);
      set('concern_codes', [...event.concernTypes.codes]);
    }
    if (event.ageAtReferral !== undefined) set('age_at_referral', event.ageAtReferral);
    if (event.gender !== undefined) set('gender', event.gender);
    if (sets.length === 0) return;
    await tx.query(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE statistic_id = $1`, values);
  }

  async referralWithdrawn(tx: Queryable, event: ReferralWithdrawnV1): Promise<void> {
    await this.upsertReferral(
      tx,
      event.referralId,
      `withdrawn_at = $2, withdrawal_reason = $3`,
      [event.withdrawnAt, event.reason],
      {
        withdrawn_at: event.withdrawnAt,
        withdrawal_reason: event.reason,
      },
    );
  }

  async caseOpened(tx: Queryable, event: CaseOpenedV1): Promise<void> {
    if (event.origin === 'police-referral' && event.referralId) {
      await this.upsertReferral(
        tx,
        event.referralId,
        `case_id = $2::uuid, channel_area = $3`,
        [event.caseId, event.area],
        {
          case_id: event.caseId,
          channel_area: event.area,
        },
      );
      return;
    }
    // a case the local authority opened itself carries its own profile; it is dated by its opening
    const opened = dayOf(event.openedAt);
    await tx.query(
      `INSERT INTO ${this.table} (statistic_id, origin, case_id, received_at, received_on, financial_year, quarter,
         area, region, channel_area, sector, concern_code_list, concern_codes, age_at_referral, gender)
       VALUES ($1::text, 'local-authority', $1::uuid, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10, $11, $12)
       ON CONFLICT (statistic_id) DO NOTHING`,
      [
        event.caseId,
        event.openedAt,
        opened,
        financialYearOf(opened),
        financialQuarterOf(opened),
        event.area,
        event.region,
        event.sector ?? null,
        event.concernTypes?.codeList ?? null,
        event.concernTypes ? [...event.concernTypes.codes] : null,
        event.ageAtReferral ?? null,
        event.gender ?? null,
      ],
    );
  }

  caseTransferred(tx: Queryable, event: CaseTransferredV1): Promise<void> {
    return this.updateCase(tx, event.caseId, `channel_area = $2, transfers = transfers + 1`, [event.toArea]);
  }

  caseDiscussedAtPanel(tx: Queryable, event: CaseDiscussedAtPanelV1): Promise<void> {
    return this.updateCase(tx, event.caseId, `first_discussed_at = COALESCE(first_discussed_at, $2)`, [
      event.discussedAt,
    ]);
  }

  caseAdopted(tx: Queryable, event: CaseAdoptedV1): Promise<void> {
    return this.updateCase(tx, event.caseId, `adopted_at = COALESCE(adopted_at, $2)`, [event.adoptedAt]);
  }

  caseNotAdopted(tx: Queryable, event: CaseNotAdoptedV1): Promise<void> {
    return this.updateCase(
      tx,
      event.caseId,
      `not_adopted_outcome = COALESCE(not_adopted_outcome, $2), not_adopted_at = COALESCE(not_adopted_at, $3)`,
      [event.outcome, event.decidedAt],
    );
  }

  consentRecorded(tx: Queryable, event: ConsentRecordedV1): Promise<void> {
    return this.updateCase(tx, event.caseId, `consent_outcome = $2, consent_recorded_at = $3`, [
      event.outcome,
      event.recordedAt,
    ]);
  }

  supportStarted(tx: Queryable, event: SupportStartedV1): Promise<void> {
    return this.updateCase(tx, event.caseId, `support_started_at = COALESCE(support_started_at, $2)`, [
      event.startedAt,
    ]);
  }

  caseClosed(tx: Queryable, event: CaseClosedV1): Promise<void> {
    return this.updateCase(
      tx,
      event.caseId,
      `exit_outcome = $2, exited_on = $3, closed_at = $4, review_6_due_on = $5, review_12_due_on = $6`,
      [event.exitOutcome, event.exitedOn, event.closedAt, addMonths(event.exitedOn, 6), addMonths(event.exitedOn, 12)],
    );
  }

  caseReturnedToPolice(tx: Queryable, event: CaseReturnedToPoliceV1): Promise<void> {
    return this.updateCase(tx, event.caseId, `returned_to_police_reason = $2, returned_to_police_at = $3`, [
      event.reason,
      event.returnedAt,
    ]);
  }

  postExitReviewCompleted(tx: Queryable, event: PostExitReviewCompletedV1): Promise<void> {
    const review = event.review === '6-months' ? 'review_6' : 'review_12';
    return this.updateCase(
      tx,
      event.caseId,
      `${review}_due_on = $2, ${review}_completed_at = $3, ${review}_outcome = $4`,
      [event.dueOn, event.completedAt, event.outcome],
    );
  }

  /** Updates the row of a referral, creating it (without a profile yet) when its `ReferralReceived` is still to come. */
  private async upsertReferral(
    tx: Queryable,
    referralId: string,
    assignments: string,
    values: readonly unknown[],
    initial: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    const columns = Object.keys(initial);
    const insertValues = columns.map((_, index) => `$${values.length + 2 + index}`);
    await tx.query(
      `INSERT INTO ${this.table} AS row (statistic_id, origin, referral_id${columns.map((column) => `, ${column}`).join('')})
       VALUES ($1::text, 'police-referral', $1::uuid${insertValues.map((value) => `, ${value}`).join('')})
       ON CONFLICT (statistic_id) DO UPDATE SET ${assignments}`,
      [referralId, ...values, ...columns.map((column) => initial[column])],
    );
  }

  private async updateCase(
    tx: Queryable,
    caseId: string,
    assignments: string,
    values: readonly unknown[],
  ): Promise<void> {
    const { rowCount } = await tx.query(`UPDATE ${this.table} SET ${assignments} WHERE case_id = $1`, [
      caseId,
      ...values,
    ]);
    if (rowCount === 0) throw new UnknownStatisticsCaseError(caseId);
  }
}
