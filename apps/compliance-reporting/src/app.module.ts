import { Module } from '@nestjs/common';
import { PlatformModule } from '@lib/platform';
import { ComplianceReportingConfig, SERVICE_NAME, SERVICE_SCHEMA } from './config/compliance-reporting.config.js';
import {
  STATISTICS_CONSUMERS,
  StatisticsIntegrationModule,
} from './statistics-integration/statistics-integration.module.js';
import { StatisticsHttpModule } from './statistics/http/statistics-http.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: SERVICE_NAME,
      schema: SERVICE_SCHEMA,
      personalData: false,
      configs: [ComplianceReportingConfig],
      messaging: { consumers: [...STATISTICS_CONSUMERS] },
    }),
    StatisticsModule,
    StatisticsIntegrationModule,
    StatisticsHttpModule,
  ],
})
export class AppModule {}
