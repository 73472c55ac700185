import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@lib/event-store';
import { advance, createAtRevision, type Projection } from '@lib/platform';
import type { EntityManager } from 'typeorm';
import type { Benchmark, BenchmarkStatus } from '../../domain/authority.codes.js';
import { AUTHORITY_CATEGORY, authorityIdOf, type AuthorityEvent } from '../../domain/authority.events.js';
import { ragOf, statusCounts } from '../../domain/rag.js';
import { AuthorityDashboardRow, type DashboardBenchmark } from './authority-dashboard.row.js';

/** Keeps {@link AuthorityDashboardRow} from the authority streams, one revision at a time. */
@Injectable()
export class AuthorityDashboardProjection implements Projection {
  readonly name = 'authority_compliance';
  readonly categories = [AUTHORITY_CATEGORY];
  readonly entities = [AuthorityDashboardRow];

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    if (authorityIdOf(recorded.streamId) === undefined) return;
    const event = recorded as RecordedEvent & AuthorityEvent;
    if (event.type === 'AuthorityRegistered') {
      const { data } = event;
      const counts = statusCounts(data.type, {});
      await createAtRevision(
        manager,
        AuthorityDashboardRow,
        this.name,
        { authorityId: data.authorityId },
        {
          authorityId: data.authorityId,
          revision: recorded.revision,
          name: data.name,
          type: data.type,
          area: data.area,
          region: data.region,
          rag: ragOf(counts),
          ...counts,
          benchmarks: {},
          earliestReviewDue: null,
          training: {},
          assuranceStatements: {},
          registeredAt: new Date(data.registeredAt),
        },
      );
      return;
    }
    const key = { authorityId: event.data.authorityId };
    const row = await manager.findOneBy(AuthorityDashboardRow, key);
    await advance(
      manager,
      AuthorityDashboardRow,
      this.name,
      key,
      recorded.revision,
      row ? this.change(event, row) : {},
    );
  }

  private change(event: AuthorityEvent, row: AuthorityDashboardRow): Partial<AuthorityDashboardRow> {
    switch (event.type) {
      case 'AuthorityRegistered':
        return {};
      case 'BenchmarkAssessed': {
        const benchmarks = {
          ...row.benchmarks,
          [event.data.benchmark]: {
            status: event.data.status,
            owner: event.data.owner,
            reviewDue: event.data.reviewDue,
          } satisfies DashboardBenchmark,
        };
        const statuses = Object.fromEntries(
          Object.entries(benchmarks).map(([benchmark, standing]) => [benchmark, standing.status]),
        ) as Partial<Record<Benchmark, BenchmarkStatus>>;
        const counts = statusCounts(row.type, statuses);
        const dues = Object.values(benchmarks)
          .map((standing) => standing.reviewDue)
          .sort();
        return { benchmarks, ...counts, rag: ragOf(counts), earliestReviewDue: dues[0] ?? null };
      }
      case 'TrainingRecorded':
        return {
          training: {
            ...row.training,
            [event.data.staffGroup]: { trained: event.data.trained, inPost: event.data.inPost, asOf: event.data.asOf },
          },
        };
      case 'AssuranceStatementSubmitted':
        return { assuranceStatements: { ...row.assuranceStatements, [event.data.year]: event.data.submittedOn } };
      default: {
        const unknown: never = event;
        void unknown;
        return {};
      }
    }
  }
}
