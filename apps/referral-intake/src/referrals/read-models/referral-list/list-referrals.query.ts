import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordFilter, type Principal } from '@lib/auth';
import type { DataSource } from 'typeorm';
import { Timeliness } from '../../../timeliness/timeliness.js';
import type { ListReferralsRequest } from './list-referrals.request.dto.js';
import { ReferralListRow } from './referral-list.row.js';

/** A referral as the queue and the referral's summary show it: codes, dates, officers, flags; no name. */
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
  /** Working days from receipt to the decision, or to today while none is made. */
  readonly ageInWorkingDays: number;
  /** Waiting for a decision past the allowed working days. */
  readonly overdue: boolean;
  /** The subject had a referral received before this one (in any area). */
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
  /** Every referral matching the filters (and visible to the caller), across pages. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** The police's queue over the referral list, scoped to the areas the caller may see. */
@Injectable()
export class ListReferralsQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Timeliness) private readonly timeliness: Timeliness,
  ) {}

  async list(principal: Principal, filters: ListReferralsRequest): Promise<ReferralQueuePage> {
    const limit = filters.limit ?? 25;
    const offset = filters.offset ?? 0;
    const scope = recordFilter(principal, 'referral:read');
    if (scope.kind === 'nothing') return { items: [], total: 0, limit, offset };
    const query = this.dataSource.getRepository(ReferralListRow).createQueryBuilder('r');
    if (scope.kind === 'restricted') query.andWhere('r.area IN (:...areas)', { areas: [...scope.areas, ''] });
    if (filters.status) query.andWhere('r.status = :status', { status: filters.status });
    if (filters.officer) query.andWhere('r.officer_id = :officer', { officer: filters.officer });
    if (filters.area) query.andWhere('r.area = :area', { area: filters.area });
    if (filters.sector) query.andWhere('r.sector = :sector', { sector: filters.sector });
    if (filters.concernType)
      query.andWhere(':concernType = ANY(r.concern_types)', { concernType: filters.concernType });
    if (filters.overdue !== undefined) {
      const cutoff = this.timeliness.overdueCutoff();
      query.andWhere(
        filters.overdue
          ? 'r.awaiting_decision_since < :cutoff'
          : '(r.awaiting_decision_since IS NULL OR r.awaiting_decision_since >= :cutoff)',
        { cutoff },
      );
    }
    const direction = filters.sort === 'received' ? 'DESC' : 'ASC';
    query.orderBy('r.receivedAt', direction).addOrderBy('r.referralId', direction).offset(offset).limit(limit);
    const [rows, total] = await query.getManyAndCount();
    const seenBefore = await this.seenBefore(rows.map((row) => row.referralId));
    return { items: rows.map((row) => this.summary(row, seenBefore.has(row.referralId))), total, limit, offset };
  }

  /** The summaries of a subject's referrals the caller may see, oldest first (for triage). */
  async ofSubject(principal: Principal, subjectId: string): Promise<ReferralSummary[]> {
    const scope = recordFilter(principal, 'referral:read');
    if (scope.kind === 'nothing') return [];
    const query = this.dataSource
      .getRepository(ReferralListRow)
      .createQueryBuilder('r')
      .where('r.subject_id = :subjectId', { subjectId });
    if (scope.kind === 'restricted') query.andWhere('r.area IN (:...areas)', { areas: [...scope.areas, ''] });
    const rows = await query.orderBy('r.receivedAt', 'ASC').addOrderBy('r.referralId', 'ASC').getMany();
    return rows.map((row, index) => this.summary(row, index > 0));
  }

  private async seenBefore(referralIds: readonly string[]): Promise<Set<string>> {
    if (referralIds.length === 0) return new Set();
    const table = this.dataSource.getMetadata(ReferralListRow).tablePath;
    const rows: { referral_id: string }[] = await this.dataSource.query(
      `SELECT r.referral_id FROM ${table} r
        WHERE r.referral_id = ANY($1::uuid[])
          AND EXISTS (SELECT 1 FROM ${table} e
                       WHERE e.subject_id = r.subject_id AND e.referral_id <> r.referral_id
                         AND (e.received_at, e.referral_id) < (r.received_at, r.referral_id))`,
      [referralIds],
    );
    return new Set(rows.map((row) => row.referral_id));
  }

  private summary(row: ReferralListRow, seenBefore: boolean): ReferralSummary {
    const iso = (date: Date | null) => (date ? date.toISOString() : null);
    return {
      referralId: row.referralId,
      subjectId: row.subjectId,
      revision: row.revision,
      status: row.status,
      area: row.area,
      region: row.region,
      sector: row.sector,
      concernTypes: { codeList: row.concernCodeList, codes: row.concernTypes },
      receivedVia: row.receivedVia,
      receivedAt: row.receivedAt.toISOString(),
      officerId: row.officerId,
      ageInWorkingDays: this.timeliness.ageInWorkingDays(row.receivedOn, row.decidedOn),
      overdue: this.timeliness.isOverdue(row.awaitingDecisionSince),
      seenBefore,
      acknowledgedAt: iso(row.acknowledgedAt),
      assignedAt: iso(row.assignedAt),
      deconfliction: row.deconfliction,
      informationRequests: row.informationRequests,
      assessedAt: iso(row.assessedAt),
      decision:
        row.outcome && row.decidedAt
          ? {
              outcome: row.outcome,
              decisionNumber: row.decisionNumber,
              decidedAt: row.decidedAt.toISOString(),
              decidedBy: row.decidedBy,
              channelArea: row.channelArea,
              signedOff:
                row.signedOffBy && row.signedOffAt ? { by: row.signedOffBy, at: row.signedOffAt.toISOString() } : null,
            }
          : null,
      reopenedAt: iso(row.reopenedAt),
      withdrawn: row.withdrawnAt ? { at: row.withdrawnAt.toISOString(), reason: row.withdrawalReason } : null,
    };
  }
}
