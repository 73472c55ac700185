import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lib/event-store';
import { configProvider, ReadModelsModule } from '@lib/platform';
import { FindSubjectMatchesQuery } from '../../subjects/read-models/subject-search/find-subject-matches.query.js';
import { SubjectMatchesController } from '../../subjects/read-models/subject-search/subject-matches.http.controller.js';
import { SubjectSearchProjection } from '../../subjects/read-models/subject-search/subject-search.projection.js';
import { SubjectSearchRow } from '../../subjects/read-models/subject-search/subject-search.row.js';
import { OverdueReferralsMetric } from '../../timeliness/overdue-referrals.metric.js';
import { Timeliness } from '../../timeliness/timeliness.js';
import { TimelinessConfig } from '../../timeliness/timeliness.config.js';
import { ReferralHistoryController } from './decision-history/referral-history.http.controller.js';
import { ReferralHistoryQuery } from './decision-history/referral-history.query.js';
import { ListReferralsController } from './referral-list/list-referrals.http.controller.js';
import { ListReferralsQuery } from './referral-list/list-referrals.query.js';
import { ReferralListProjection } from './referral-list/referral-list.projection.js';
import { ReferralListRow } from './referral-list/referral-list.row.js';

/**
 * The intake's read side: the referral list (queue and summaries, with timeliness), the subject
 * search (possible earlier records of a person) and the decision history, straight from the store.
 */
@Module({
  imports: [
    ReadModelsModule.forRoot({
      entities: [ReferralListRow, SubjectSearchRow],
      projections: [ReferralListProjection, SubjectSearchProjection],
    }),
  ],
  controllers: [ListReferralsController, ReferralHistoryController, SubjectMatchesController],
  providers: [
    configProvider(TimelinessConfig),
    { provide: Clock, useClass: SystemClock },
    Timeliness,
    OverdueReferralsMetric,
    ListReferralsQuery,
    ReferralHistoryQuery,
    FindSubjectMatchesQuery,
  ],
  exports: [ListReferralsQuery, Timeliness],
})
export class IntakeReadModelsModule {}
