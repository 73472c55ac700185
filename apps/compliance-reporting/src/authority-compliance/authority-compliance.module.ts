import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lib/event-store';
import { AssessAreaHttpController } from './assessing-an-area/assess-area.http.controller.js';
import { AuthorityCommands } from './authority-commands.js';
import { AuthorityDashboardProjection } from './read-models/dashboard/authority-dashboard.projection.js';
import { AuthorityDashboardQuery } from './read-models/dashboard/authority-dashboard.query.js';
import { AuthorityDashboardRow } from './read-models/dashboard/authority-dashboard.row.js';
import { ListAuthoritiesHttpController } from './read-models/dashboard/list-authorities.http.controller.js';
import { ReadAuthorityHttpController } from './reading-an-authority/read-authority.http.controller.js';
import { RecordTrainingHttpController } from './recording-training/record-training.http.controller.js';
import { RegisterAuthorityHttpController } from './registering-an-authority/register-authority.http.controller.js';
import { SubmitAssuranceStatementHttpController } from './submitting-an-assurance-statement/submit-assurance-statement.http.controller.js';

/**
 * The read models of authority compliance, for the app's one `ReadModelsModule.forRoot` (one
 * TypeORM data source and one projection runner per app).
 */
export const AUTHORITY_COMPLIANCE_READ_MODELS = {
  entities: [AuthorityDashboardRow],
  projections: [AuthorityDashboardProjection],
} as const;

/**
 * Authority compliance (domain §5, ADRs 100–104): the authority write model in this service's
 * event store, the recording routes, the drill-down from the stream and the dashboard query on
 * the read model. The dashboard's table is kept by the app's read-models module.
 */
@Module({
  controllers: [
    ListAuthoritiesHttpController,
    RegisterAuthorityHttpController,
    ReadAuthorityHttpController,
    AssessAreaHttpController,
    RecordTrainingHttpController,
    SubmitAssuranceStatementHttpController,
  ],
  providers: [{ provide: Clock, useClass: SystemClock }, AuthorityCommands, AuthorityDashboardQuery],
})
export class AuthorityComplianceModule {}
