import { Configuration, setting } from '@lib/platform';

export const SERVICE_NAME = 'compliance-reporting';
/** The PostgreSQL schema this service owns: its event store and, later, its read models. */
export const SERVICE_SCHEMA = 'compliance_reporting';

export class ComplianceReportingConfig extends Configuration('complianceReporting', {
  port: setting.port('COMPLIANCE_REPORTING_PORT').or('PORT').default(3003),
}) {}
