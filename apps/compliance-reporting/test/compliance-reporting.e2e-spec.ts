import { describe, expect, it } from '@jest/globals';
import { describeServiceFoundation } from '@lib/testing';
import { AppModule } from '../src/app.module.js';
import { ComplianceReportingConfig, SERVICE_NAME, SERVICE_SCHEMA } from '../src/config/compliance-reporting.config.js';

describeServiceFoundation({ module: AppModule, name: SERVICE_NAME, schema: SERVICE_SCHEMA, personalData: false });

describe('compliance-reporting configuration', () => {
  const PORT_VARIABLE = 'COMPLIANCE_REPORTING_PORT';

  it('listens on its own port variable, then PORT, then its default', () => {
    expect(ComplianceReportingConfig.load({ [PORT_VARIABLE]: '4100', PORT: '4200' }).port).toBe(4100);
    expect(ComplianceReportingConfig.load({ PORT: '4200' }).port).toBe(4200);
    expect(ComplianceReportingConfig.load({}).port).toBe(3003);
  });

  it('refuses a malformed port, naming the variable', () => {
    expect(() => ComplianceReportingConfig.load({ [PORT_VARIABLE]: 'abc' })).toThrow(
      `Invalid configuration: ${PORT_VARIABLE} must be a port number (got "abc")`,
    );
  });
});
