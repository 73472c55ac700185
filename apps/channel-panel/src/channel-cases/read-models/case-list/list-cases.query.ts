import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@lib/auth';
import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { LIVE_INTERVENTION_STATUSES, type MeetingFacts } from '../../../work-lists/domain/alert-rules.js';
import { WorkListRules } from '../../../work-lists/work-list-rules.js';
import { MeetingListRow } from '../../../panel-meetings/read-models/meeting-list/meeting-list.row.js';
import { caseScope, scopeCondition, seesInFull, type CaseScope } from '../case-scope.js';
import { CaseInterventionRow } from './case-intervention.row.js';
import { CaseListRow, type CaseStatus } from './case-list.row.js';
import type { ListCasesRequest } from './list-cases.request.dto.js';
import { PostExitReviewRow } from './post-exit-review.row.js';

/** One intervention as a list shows it: codes, dates, and whether it has stalled. */
export interface InterventionSummary {
  readonly interventionId: string;
  readonly type: { readonly codeList: string; readonly code: string };
  readonly ownerAgency: string;
  readonly providerId: string | null;
  readonly status: string;
  readonly startsOn: string | null;
  readonly sessions: number;
  readonly lastSessionOn: string | null;
  /** The day its silence is counted from (its latest session or update, or its planning or start). */
  readonly quietSince: string;
  readonly stalled: boolean;
}

/** A case as the case list shows it to its area's panel: codes, dates, ids, counts and alerts; no name. */
export interface CaseSummary {
  readonly caseId: string;
  readonly revision: number;
  readonly status: CaseStatus;
  readonly area: string;
  /** The panel's view; absent for an intervention provider, who sees only their part (see below). */
  readonly subjectId?: string;
  readonly origin?: string;
  readonly referralId?: string | null;
  readonly region?: string;
  readonly sector?: string | null;
  readonly concernTypes?: readonly string[];
  readonly referredAt?: string;
  readonly openedAt?: string;
  readonly transferredOn?: string | null;
  readonly informationRequests?: { readonly sent: number; readonly answered: number };
  readonly listedMeetingIds?: readonly string[];
  readonly listedFor?: string | null;
  readonly discussedMeetingIds?: readonly string[];
  readonly assessments?: number;
  readonly decision?: {
    readonly outcome: string;
    readonly notAdoptedOutcome: string | null;
    readonly decidedAt: string;
  } | null;
  readonly adoptedOn?: string | null;
  readonly consent: string | null;
  readonly supportStartedAt: string | null;
  /** The interventions of its support plan (for a provider: only those they deliver). */
  readonly interventions: InterventionSummary[];
  readonly review?: {
    readonly count: number;
    readonly lastReviewedOn: string | null;
    readonly dueAt: { readonly meetingId: string; readonly on: string } | null;
    readonly missed: readonly { readonly meetingId: string; readonly on: string }[];
  };
  readonly exit: { readonly outcome: string; readonly exitedOn: string } | null;
  readonly postExitReviews?: readonly {
    readonly review: string;
    readonly dueOn: string;
    readonly state: string;
    readonly outcome: string | null;
  }[];
  readonly returnedToPolice?: { readonly at: string; readonly reason: string | null } | null;
  readonly alerts: { readonly overdueReview: boolean; readonly stalledIntervention: boolean };
}

export interface CaseListPage {
  readonly items: CaseSummary[];
  /** Every case matching the filters (and visible to the caller), across pages. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** The case list over the read models, scoped to the cases the caller may read. */
@Injectable()
export class ListCasesQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WorkListRules) private readonly rules: WorkListRules,
  ) {}

  async list(principal: Principal, filters: ListCasesRequest): Promise<CaseListPage> {
    const limit = filters.limit ?? 25;
    const offset = filters.offset ?? 0;
    const scope = caseScope(principal);
    if (scope.kind === 'nothing') return { items: [], total: 0, limit, offset };
    const query = this.scoped(scope);
    if (filters.status) query.andWhere('c.status = :status', { status: filters.status });
    if (filters.area) query.andWhere('c.area = :area', { area: filters.area });
    if (filters.meeting) query.andWhere(':meeting = ANY(c.listed_meeting_ids)', { meeting: filters.meeting });
    if (filters.adopted !== undefined)
      query.andWhere(filters.adopted ? 'c.adopted_on IS NOT NULL' : 'c.adopted_on IS NULL');
    if (filters.overdueReview !== undefined) {
      query.andWhere(`${filters.overdueReview ? '' : 'NOT '}${this.overdueReviewSql()}`, { today: this.rules.today() });
    }
    if (filters.stalledIntervention !== undefined) {
      query.andWhere(`${filters.stalledIntervention ? '' : 'NOT '}${this.stalledSql()}`, {
        cutoff: this.rules.stalledCutoff(),
        live: [...LIVE_INTERVENTION_STATUSES],
      });
    }
    query.orderBy('c.openedAt', 'ASC').addOrderBy('c.caseId', 'ASC').offset(offset).limit(limit);
    const [rows, total] = await query.getManyAndCount();
    return { items: await this.summaries(scope, rows), total, limit, offset };
  }

  /** The case rows the caller may read, as a query to refine (alias `c`). */
  scoped(scope: CaseScope): SelectQueryBuilder<CaseListRow> {
    const { sql, parameters } = scopeCondition(scope, 'c');
    return this.dataSource.getRepository(CaseListRow).createQueryBuilder('c').where(sql, parameters);
  }

  /**
   * An adopted case whose review was missed: a meeting of its area, not cancelled, held before
   * today and after its adoption, its last review and its transfer in (`reviewStatus`, in SQL).
   */
  overdueReviewSql(): string {
    const meetings = this.dataSource.getMetadata(MeetingListRow).tablePath;
    return `(c.status = 'adopted' AND EXISTS (SELECT 1 FROM ${meetings} m
      WHERE m.area = c.area AND m.status <> 'cancelled' AND m.meeting_on < :today
        AND m.meeting_on > GREATEST(c.adopted_on, c.last_reviewed_on, c.transferred_on)))`;
  }

  /** An adopted case with a planned or active intervention quiet since before the cutoff (`isStalled`, in SQL). */
  stalledSql(): string {
    const interventions = this.dataSource.getMetadata(CaseInterventionRow).tablePath;
    return `(c.status = 'adopted' AND EXISTS (SELECT 1 FROM ${interventions} i
      WHERE i.case_id = c.case_id AND i.status = ANY(:live) AND i.quiet_since < :cutoff))`;
  }

  /** The meetings of these areas, as the review rule sees them. */
  async meetingsOf(areas: readonly string[]): Promise<MeetingFacts[]> {
    if (areas.length === 0) return [];
    const rows = await this.dataSource.getRepository(MeetingListRow).findBy({ area: In([...new Set(areas)]) });
    return rows.map((row) => ({
      meetingId: row.meetingId,
      area: row.area,
      heldOn: row.meetingOn,
      cancelled: row.status === 'cancelled',
    }));
  }

  /** The rows as the caller may see them, with their interventions, reviews and alerts worked out for today. */
  async summaries(scope: CaseScope, rows: readonly CaseListRow[]): Promise<CaseSummary[]> {
    if (rows.length === 0) return [];
    const caseIds = rows.map((row) => row.caseId);
    const [interventions, postExit, meetings] = await Promise.all([
      this.dataSource.getRepository(CaseInterventionRow).find({
        where: { caseId: In(caseIds) },
        order: { plannedOn: 'ASC', interventionId: 'ASC' },
      }),
      this.dataSource.getRepository(PostExitReviewRow).find({
        where: { caseId: In(caseIds) },
        order: { dueOn: 'ASC' },
      }),
      this.meetingsOf(rows.filter((row) => row.status === 'adopted').map((row) => row.area)),
    ]);
    return rows.map((row) =>
      this.summary(
        scope,
        row,
        interventions.filter((i) => i.caseId === row.caseId),
        postExit.filter((review) => review.caseId === row.caseId),
        meetings,
      ),
    );
  }

  private summary(
    scope: CaseScope,
    row: CaseListRow,
    interventionRows: CaseInterventionRow[],
    postExitRows: PostExitReviewRow[],
    meetings: MeetingFacts[],
  ): CaseSummary {
    const iso = (date: Date | null) => (date ? date.toISOString() : null);
    const adopted = row.status === 'adopted';
    const interventions = interventionRows.map((i) => ({
      interventionId: i.interventionId,
      type: { codeList: i.typeCodeList, code: i.typeCode },
      ownerAgency: i.ownerAgency,
      providerId: i.providerId,
      status: i.status,
      startsOn: i.startsOn,
      sessions: i.sessions,
      lastSessionOn: i.lastSessionOn,
      quietSince: i.quietSince,
      stalled: adopted && this.rules.isStalled(i),
    }));
    const review = this.rules.reviewStatus(
      {
        area: row.area,
        underReview: adopted,
        adoptedOn: row.adoptedOn,
        lastReviewedOn: row.lastReviewedOn,
        transferredOn: row.transferredOn,
      },
      meetings,
    );
    const alerts = {
      overdueReview: review.missed.length > 0,
      stalledIntervention: interventions.some((i) => i.stalled),
    };
    const exit = row.exitOutcome && row.exitedOn ? { outcome: row.exitOutcome, exitedOn: row.exitedOn } : null;
    const common = {
      caseId: row.caseId,
      revision: row.revision,
      status: row.status,
      area: row.area,
      consent: row.consent,
      supportStartedAt: iso(row.supportStartedAt),
      exit,
      alerts,
    };
    if (!seesInFull(scope, row)) {
      const providerId = scope.kind === 'restricted' ? scope.providerId : null;
      const assigned = scope.kind === 'restricted' && scope.caseIds.includes(row.caseId);
      return {
        ...common,
        interventions: assigned ? interventions : interventions.filter((i) => i.providerId === providerId),
      };
    }
    return {
      ...common,
      subjectId: row.subjectId,
      origin: row.origin,
      referralId: row.referralId,
      region: row.region,
      sector: row.sector,
      concernTypes: row.concernTypes,
      referredAt: row.referredAt.toISOString(),
      openedAt: row.openedAt.toISOString(),
      transferredOn: row.transferredOn,
      informationRequests: { sent: row.informationRequests, answered: row.informationReceived },
      listedMeetingIds: row.listedMeetingIds,
      listedFor: iso(row.listedFor),
      discussedMeetingIds: row.discussedMeetingIds,
      assessments: row.assessments,
      decision:
        row.decision && row.decidedAt
          ? { outcome: row.decision, notAdoptedOutcome: row.notAdoptedOutcome, decidedAt: row.decidedAt.toISOString() }
          : null,
      adoptedOn: row.adoptedOn,
      interventions,
      review: { count: row.reviews, lastReviewedOn: row.lastReviewedOn, dueAt: review.dueAt, missed: review.missed },
      postExitReviews: postExitRows.map((r) => ({
        review: r.review,
        dueOn: r.dueOn,
        state: this.rules.postExitReviewState({ dueOn: r.dueOn, done: r.completedAt !== null }),
        outcome: r.outcome,
      })),
      returnedToPolice: row.returnedToPoliceAt
        ? { at: row.returnedToPoliceAt.toISOString(), reason: row.returnReason }
        : null,
    };
  }
}
