import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { AppModule } from './app.module.js';
import { ComplianceReportingConfig, SERVICE_NAME } from './config/compliance-reporting.config.js';

await bootstrapService({ name: SERVICE_NAME, module: AppModule, config: ComplianceReportingConfig });
