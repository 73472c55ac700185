import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@lib/auth';
import type { DataSource } from 'typeorm';
import { caseScope, inScope, scopeCondition, type CaseScope } from '../channel-cases/read-models/case-scope.js';
import { CaseInterventionRow } from '../channel-cases/read-models/case-list/case-intervention.row.js';
import { CaseListRow } from '../channel-cases/read-models/case-list/case-list.row.js';
import { ListCasesQuery, type CaseSummary } from '../channel-cases/read-models/case-list/list-cases.query.js';
import { PostExitReviewRow } from '../channel-cases/read-models/case-list/post-exit-review.row.js';
import { MeetingListRow } from '../panel-meetings/read-models/meeting-list/meeting-list.row.js';
import { businessOf, type AgendaItem } from '../panel-meetings/read-models/meeting-list/list-meetings.query.js';
import { LIVE_INTERVENTION_STATUSES, nextMeeting } from './domain/alert-rules.js';
import { WorkListRules } from './work-list-rules.js';

export interface NextMeetingWorkList {
  /** The area's next meeting (today or later, not cancelled), or null when none is scheduled. */
  readonly meeting: {
    readonly meetingId: string;
    readonly area: string;
    readonly meetingAt: string;
    readonly meetingOn: string;
    readonly quorate: boolean | null;
  } | null;
  /** A page of the agenda's cases the caller may read, in agenda order. */
  readonly items: AgendaItem[];
  /** How many of the agenda's cases the caller may read, on every page. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface ReviewWorkItem {
  readonly caseId: string;
  readonly area: string;
  /** `overdue`: a meeting passed without the review; `due`: at the next meeting. */
  readonly state: 'overdue' | 'due';
  readonly adoptedOn: string | null;
  readonly lastReviewedOn: string | null;
  readonly dueAt: { readonly meetingId: string; readonly on: string } | null;
  readonly missed: readonly { readonly meetingId: string; readonly on: string }[];
}

export interface PostExitReviewWorkItem {
  readonly caseId: string;
  readonly area: string;
  readonly review: string;
  readonly exitedOn: string | null;
  readonly exitOutcome: string | null;
  readonly dueOn: string;
  readonly state: 'due' | 'overdue';
}

export interface StalledInterventionWorkItem {
  readonly caseId: string;
  readonly area: string;
  readonly interventionId: string;
  readonly type: { readonly codeList: string; readonly code: string };
  readonly ownerAgency: string;
  readonly providerId: string | null;
  readonly status: string;
  readonly sessions: number;
  readonly lastSessionOn: string | null;
  readonly quietSince: string;
  readonly stalledFrom: string;
  readonly daysQuiet: number;
}

/** A page of a work list: `items` from `offset`, at most `limit`, of `total` in all. */
export interface WorkList<T> {
  readonly items: T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** Which page: `limit` (25 unless told) items from `offset` (0 unless told), as `GET /cases`. */
export interface WorkListPage {
  readonly limit?: number;
  readonly offset?: number;
}

function pageOf(page: WorkListPage): { limit: number; offset: number } {
  return { limit: page.limit ?? 25, offset: page.offset ?? 0 };
}

function paged<T>(all: readonly T[], page: WorkListPage): WorkList<T> {
  const { limit, offset } = pageOf(page);
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
}

/**
 * The panel's work lists (issue 6, item 4), each over the read models, for today's date from the
 * injected clock and scoped to the cases the caller may read.
 */
@Injectable()
export class WorkListsQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WorkListRules) private readonly rules: WorkListRules,
    @Inject(ListCasesQuery) private readonly cases: ListCasesQuery,
  ) {}

  /** The cases listed for the next meeting of the caller's area (or of `area`, if they may see it). */
  async nextMeeting(
    principal: Principal,
    request: { area?: string } & WorkListPage = {},
  ): Promise<NextMeetingWorkList> {
    const scope = caseScope(principal);
    const { limit, offset } = pageOf(request);
    const none = { meeting: null, items: [], total: 0, limit, offset };
    const chosen = request.area ?? principal.area;
    const mayAreas = scope.kind === 'everywhere' ? [chosen] : scope.kind === 'restricted' ? scope.areas : [];
    if (!chosen || !mayAreas.includes(chosen)) return none;
    const meetings = await this.dataSource
      .getRepository(MeetingListRow)
      .createQueryBuilder('m')
      .where('m.area = :area AND m.meeting_on >= :today', { area: chosen, today: this.rules.today() })
      .getMany();
    const next = nextMeeting(
      meetings.map((row) => ({ ...row, heldOn: row.meetingOn, cancelled: row.status === 'cancelled' })),
      chosen,
      this.rules.today(),
    );
    if (!next) return none;
    const rows =
      next.agenda.length === 0
        ? []
        : await this.dataSource
            .getRepository(CaseListRow)
            .createQueryBuilder('c')
            .where('c.case_id = ANY(:ids)', { ids: next.agenda })
            .getMany();
    const visible = next.agenda
      .map((caseId) => rows.find((row) => row.caseId === caseId))
      .filter((row): row is CaseListRow => row !== undefined && inScope(scope, row));
    const page = visible.slice(offset, offset + limit);
    const summaries: CaseSummary[] = await this.cases.summaries(scope, page);
    return {
      meeting: {
        meetingId: next.meetingId,
        area: next.area,
        meetingAt: next.meetingAt.toISOString(),
        meetingOn: next.meetingOn,
        quorate: next.quorate,
      },
      items: summaries.map((summary, index) => ({
        case: summary,
        business: businessOf(page[index]),
        discussed: page[index].discussedMeetingIds.includes(next.meetingId),
      })),
      total: visible.length,
      limit,
      offset,
    };
  }

  /** Adopted cases whose review is overdue (a meeting passed without it) or due at the next meeting; overdue first. */
  async reviews(
    principal: Principal,
    request: { state?: 'due' | 'overdue' } & WorkListPage = {},
  ): Promise<WorkList<ReviewWorkItem>> {
    const scope = caseScope(principal);
    const { state } = request;
    if (scope.kind === 'nothing') return paged([], request);
    const rows = await this.cases
      .scoped(scope)
      .andWhere(`c.status = 'adopted'`)
      .orderBy('c.adoptedOn', 'ASC')
      .addOrderBy('c.caseId', 'ASC')
      .getMany();
    const meetings = await this.cases.meetingsOf(rows.map((row) => row.area));
    const items = rows
      .map((row): ReviewWorkItem | null => {
        const status = this.rules.reviewStatus(
          {
            area: row.area,
            underReview: true,
            adoptedOn: row.adoptedOn,
            lastReviewedOn: row.lastReviewedOn,
            transferredOn: row.transferredOn,
          },
          meetings,
        );
        const itemState = status.missed.length > 0 ? 'overdue' : status.dueAt ? 'due' : null;
        if (!itemState) return null;
        return {
          caseId: row.caseId,
          area: row.area,
          state: itemState,
          adoptedOn: row.adoptedOn,
          lastReviewedOn: row.lastReviewedOn,
          dueAt: status.dueAt,
          missed: status.missed,
        };
      })
      .filter((item): item is ReviewWorkItem => item !== null && (!state || item.state === state))
      .sort((a, b) => (a.state === b.state ? 0 : a.state === 'overdue' ? -1 : 1));
    // the state of each is today's, from the area's meetings: the list is built whole, then paged
    return paged(items, request);
  }

  /** Post-exit reviews not yet completed that are due (within the window) or overdue, soonest first. */
  async postExitReviews(
    principal: Principal,
    request: { state?: 'due' | 'overdue' } & WorkListPage = {},
  ): Promise<WorkList<PostExitReviewWorkItem>> {
    const scope = caseScope(principal);
    const { state } = request;
    const { limit, offset } = pageOf(request);
    if (scope.kind === 'nothing') return { items: [], total: 0, limit, offset };
    const { sql, parameters } = scopeCondition(scope, 'c');
    const query = this.dataSource
      .getRepository(PostExitReviewRow)
      .createQueryBuilder('r')
      .innerJoin(CaseListRow, 'c', 'c.case_id = r.case_id')
      .select(['r.case_id AS case_id', 'r.review AS review', 'r.due_on::text AS due_on'])
      .addSelect(['c.area AS area', 'c.exited_on::text AS exited_on', 'c.exit_outcome AS exit_outcome'])
      .where(sql, parameters)
      .andWhere('r.completed_at IS NULL');
    if (state === 'overdue') query.andWhere('r.due_on < :today', { today: this.rules.today() });
    else if (state === 'due')
      query.andWhere('r.due_on >= :today AND r.due_on <= :cutoff', {
        today: this.rules.today(),
        cutoff: this.rules.postExitDueCutoff(),
      });
    else query.andWhere('r.due_on <= :cutoff', { cutoff: this.rules.postExitDueCutoff() });
    const total = await query.clone().getCount();
    const rows: {
      case_id: string;
      review: string;
      due_on: string;
      area: string;
      exited_on: string | null;
      exit_outcome: string | null;
    }[] = await query
      .orderBy('r.due_on', 'ASC')
      .addOrderBy('r.case_id', 'ASC')
      .addOrderBy('r.review', 'ASC')
      .offset(offset)
      .limit(limit)
      .getRawMany();
    const items = rows.map((row) => ({
      caseId: row.case_id,
      area: row.area,
      review: row.review,
      exitedOn: row.exited_on,
      exitOutcome: row.exit_outcome,
      dueOn: row.due_on,
      state: this.rules.postExitReviewState({ dueOn: row.due_on, done: false }) as 'due' | 'overdue',
    }));
    return { items, total, limit, offset };
  }

  /**
   * Planned or active interventions of adopted cases with no session or update for the configured
   * number of days, quietest first. An intervention provider sees only those they deliver (or all
   * of a case in their assigned-cases claim).
   */
  async stalledInterventions(
    principal: Principal,
    page: WorkListPage = {},
  ): Promise<WorkList<StalledInterventionWorkItem>> {
    const scope = caseScope(principal);
    if (scope.kind === 'nothing') return paged([], page);
    const { sql, parameters } = scopeCondition(scope, 'c');
    const query = this.dataSource
      .getRepository(CaseInterventionRow)
      .createQueryBuilder('i')
      .innerJoin(CaseListRow, 'c', 'c.case_id = i.case_id')
      .addSelect('c.area', 'area')
      .where(sql, parameters)
      .andWhere(`c.status = 'adopted' AND i.status = ANY(:live) AND i.quiet_since < :cutoff`, {
        live: [...LIVE_INTERVENTION_STATUSES],
        cutoff: this.rules.stalledCutoff(),
      })
      .orderBy('i.quietSince', 'ASC')
      .addOrderBy('i.caseId', 'ASC')
      .addOrderBy('i.interventionId', 'ASC');
    const { entities, raw } = await query.getRawAndEntities<{ area: string }>();
    // a provider's narrowing is per intervention, after the query: the list is filtered whole, then paged
    const visible = entities
      .map((row, index) => ({ row, area: raw[index].area }))
      .filter(({ row, area }) => this.providerSees(scope, row, area));
    const { items, total, limit, offset } = paged(visible, page);
    return {
      items: items.map(({ row, area }) => ({
        caseId: row.caseId,
        area,
        interventionId: row.interventionId,
        type: { codeList: row.typeCodeList, code: row.typeCode },
        ownerAgency: row.ownerAgency,
        providerId: row.providerId,
        status: row.status,
        sessions: row.sessions,
        lastSessionOn: row.lastSessionOn,
        quietSince: row.quietSince,
        stalledFrom: this.rules.stalledFrom(row),
        daysQuiet: this.rules.daysQuiet(row.quietSince),
      })),
      total,
      limit,
      offset,
    };
  }

  /** A provider (seeing a case only through an intervention) sees only the interventions they deliver. */
  private providerSees(scope: CaseScope, row: CaseInterventionRow, area: string): boolean {
    if (scope.kind !== 'restricted') return scope.kind === 'everywhere';
    if (scope.areas.includes(area) || scope.caseIds.includes(row.caseId)) return true;
    return scope.providerId !== null && row.providerId === scope.providerId;
  }
}
