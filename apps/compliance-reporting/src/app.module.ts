import { Module } from '@nestjs/common';
import { PlatformModule } from '@lib/platform';
import { ComplianceReportingConfig, SERVICE_NAME, SERVICE_SCHEMA } from './config/compliance-reporting.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: SERVICE_NAME,
      schema: SERVICE_SCHEMA,
      personalData: false,
      configs: [ComplianceReportingConfig],
    }),
  ],
})
export class AppModule {}
