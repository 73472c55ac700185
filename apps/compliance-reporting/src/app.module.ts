import { Module } from '@nestjs/common';
import { PlatformModule, ReadModelsModule } from '@lib/platform';
import {
  AUTHORITY_COMPLIANCE_READ_MODELS,
  AuthorityComplianceModule,
} from './authority-compliance/authority-compliance.module.js';
import { ComplianceReportingConfig, SERVICE_NAME, SERVICE_SCHEMA } from './config/compliance-reporting.config.js';
import { StatisticsIntegrationModule } from './statistics-integration/statistics-integration.module.js';
import { StatisticsHttpModule } from './statistics/http/statistics-http.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: SERVICE_NAME,
      schema: SERVICE_SCHEMA,
      personalData: false,
      configs: [ComplianceReportingConfig],
      // the statistics consumers are started by StatisticsProjections, one per projection version (ADR 091)
      messaging: { consumers: [] },
    }),
    StatisticsModule,
    StatisticsIntegrationModule,
    StatisticsHttpModule,
    AuthorityComplianceModule,
    // the app's one read-models module (one TypeORM data source, one projection runner): add read models here
    ReadModelsModule.forRoot({
      entities: [...AUTHORITY_COMPLIANCE_READ_MODELS.entities],
      projections: [...AUTHORITY_COMPLIANCE_READ_MODELS.projections],
    }),
  ],
})
export class AppModule {}
