import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RecordNotFoundError, type Principal } from '@lib/auth';
import type { DataSource } from 'typeorm';
import { caseScope, inScope, type CaseScope } from '../../../channel-cases/read-models/case-scope.js';
import { CaseListRow } from '../../../channel-cases/read-models/case-list/case-list.row.js';
import { ListCasesQuery, type CaseSummary } from '../../../channel-cases/read-models/case-list/list-cases.query.js';
import type { ListMeetingsRequest } from './list-meetings.request.dto.js';
import { MeetingListRow, type MeetingAttendance } from './meeting-list.row.js';

export interface MeetingSummary {
  readonly meetingId: string;
  readonly revision: number;
  readonly area: string;
  readonly meetingAt: string;
  /** The meeting's day in England and Wales. */
  readonly meetingOn: string;
  readonly status: 'scheduled' | 'cancelled';
  /** How many cases are on its agenda. */
  readonly agendaSize: number;
  readonly attendance: readonly MeetingAttendance[];
  /** Null until attendance is recorded. */
  readonly quorate: boolean | null;
  readonly minutesRecorded: boolean;
}

export interface MeetingPage {
  readonly items: MeetingSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** One case on an agenda, and what the panel is to do with it at that meeting. */
export interface AgendaItem {
  readonly case: CaseSummary;
  /** `decision` (not decided yet, or deferred), `review` (adopted), or `none` (decided meanwhile). */
  readonly business: 'decision' | 'review' | 'none';
  /** Whether the meeting discussed it (a decision or a review was recorded with it). */
  readonly discussed: boolean;
}

export interface MeetingAgenda {
  readonly meeting: MeetingSummary;
  readonly items: AgendaItem[];
}

/**
 * The panel meetings of the caller's area, and a meeting's agenda. Meetings are read under
 * `case:read` by the panel roles of the area; an intervention provider sees none (an agenda names
 * other people's cases). Another area's meeting answers 404.
 */
@Injectable()
export class ListMeetingsQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ListCasesQuery) private readonly cases: ListCasesQuery,
  ) {}

  async list(principal: Principal, filters: ListMeetingsRequest): Promise<MeetingPage> {
    const limit = filters.limit ?? 25;
    const offset = filters.offset ?? 0;
    const scope = caseScope(principal);
    const areas = areasOf(scope);
    if (areas !== 'all' && areas.length === 0) return { items: [], total: 0, limit, offset };
    const query = this.dataSource.getRepository(MeetingListRow).createQueryBuilder('m');
    if (areas !== 'all') query.andWhere('m.area = ANY(:areas)', { areas });
    if (filters.area) query.andWhere('m.area = :area', { area: filters.area });
    if (filters.status) query.andWhere('m.status = :status', { status: filters.status });
    if (filters.from) query.andWhere('m.meeting_on >= :from', { from: filters.from });
    if (filters.to) query.andWhere('m.meeting_on <= :to', { to: filters.to });
    query.orderBy('m.meetingAt', 'ASC').addOrderBy('m.meetingId', 'ASC').offset(offset).limit(limit);
    const [rows, total] = await query.getManyAndCount();
    return { items: rows.map(summary), total, limit, offset };
  }

  /** The meeting and the cases on its agenda the caller may see, in the order they were added. */
  async agenda(principal: Principal, meetingId: string): Promise<MeetingAgenda> {
    const scope = caseScope(principal);
    const areas = areasOf(scope);
    const row = UUID.test(meetingId)
      ? await this.dataSource.getRepository(MeetingListRow).findOneBy({ meetingId })
      : null;
    if (!row || (areas !== 'all' && !areas.includes(row.area))) throw new RecordNotFoundError('meeting', meetingId);
    const rows =
      row.agenda.length === 0
        ? []
        : await this.dataSource
            .getRepository(CaseListRow)
            .createQueryBuilder('c')
            .where('c.case_id = ANY(:ids)', { ids: row.agenda })
            .getMany();
    const visible = row.agenda
      .map((caseId) => rows.find((candidate) => candidate.caseId === caseId))
      .filter((found): found is CaseListRow => found !== undefined && inScope(scope, found));
    const summaries = await this.cases.summaries(scope, visible);
    return {
      meeting: summary(row),
      items: summaries.map((found, index) => ({
        case: found,
        business: businessOf(visible[index]),
        discussed: visible[index].discussedMeetingIds.includes(meetingId),
      })),
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The areas whose meetings the caller may see: a panel role's area; none for a provider. */
function areasOf(scope: CaseScope): readonly string[] | 'all' {
  if (scope.kind === 'everywhere') return 'all';
  return scope.kind === 'restricted' ? scope.areas : [];
}

export function businessOf(row: CaseListRow): AgendaItem['business'] {
  if (row.status === 'open' || row.status === 'deferred') return 'decision';
  return row.status === 'adopted' ? 'review' : 'none';
}

function summary(row: MeetingListRow): MeetingSummary {
  return {
    meetingId: row.meetingId,
    revision: row.revision,
    area: row.area,
    meetingAt: row.meetingAt.toISOString(),
    meetingOn: row.meetingOn,
    status: row.status,
    agendaSize: row.agenda.length,
    attendance: row.attendance,
    quorate: row.quorate,
    minutesRecorded: row.minutesRecordedAt !== null,
  };
}
