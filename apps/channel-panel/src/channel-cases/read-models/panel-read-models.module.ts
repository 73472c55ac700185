import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lib/event-store';
import { configProvider, ReadModelsModule } from '@lib/platform';
import { ListMeetingsController } from '../../panel-meetings/read-models/meeting-list/list-meetings.http.controller.js';
import { ListMeetingsQuery } from '../../panel-meetings/read-models/meeting-list/list-meetings.query.js';
import { MeetingListProjection } from '../../panel-meetings/read-models/meeting-list/meeting-list.projection.js';
import { MeetingListRow } from '../../panel-meetings/read-models/meeting-list/meeting-list.row.js';
import { AlertsMetric } from '../../work-lists/alerts.metric.js';
import { WorkListRules } from '../../work-lists/work-list-rules.js';
import { WorkListsConfig } from '../../work-lists/work-lists.config.js';
import { WorkListsController } from '../../work-lists/work-lists.http.controller.js';
import { WorkListsQuery } from '../../work-lists/work-lists.query.js';
import { CaseInterventionRow } from './case-list/case-intervention.row.js';
import { CaseListProjection } from './case-list/case-list.projection.js';
import { CaseListRow } from './case-list/case-list.row.js';
import { ListCasesController } from './case-list/list-cases.http.controller.js';
import { ListCasesQuery } from './case-list/list-cases.query.js';
import { PostExitReviewRow } from './case-list/post-exit-review.row.js';
import { CaseTimelineController } from './timeline/case-timeline.http.controller.js';
import { CaseTimelineQuery } from './timeline/case-timeline.query.js';

/**
 * The panel's read side (schema `channel_panel_read`, ADR 070): the case list, the meeting list
 * and agendas, the work lists and their alerts on `/metrics`, and the case timeline straight from
 * the store.
 */
@Module({
  imports: [
    ReadModelsModule.forRoot({
      entities: [CaseListRow, CaseInterventionRow, PostExitReviewRow, MeetingListRow],
      projections: [CaseListProjection, MeetingListProjection],
    }),
  ],
  controllers: [ListCasesController, CaseTimelineController, ListMeetingsController, WorkListsController],
  providers: [
    configProvider(WorkListsConfig),
    { provide: Clock, useClass: SystemClock },
    WorkListRules,
    ListCasesQuery,
    CaseTimelineQuery,
    ListMeetingsQuery,
    WorkListsQuery,
    AlertsMetric,
  ],
  exports: [ListCasesQuery, WorkListRules],
})
export class PanelReadModelsModule {}
