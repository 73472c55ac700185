import { describe, expect, it } from '@jest/globals';
import { describeServiceFoundation } from '@lib/testing';
import { AppModule } from '../src/app.module.js';
import { ReferralIntakeConfig, SERVICE_NAME, SERVICE_SCHEMA } from '../src/config/referral-intake.config.js';

describeServiceFoundation({ module: AppModule, name: SERVICE_NAME, schema: SERVICE_SCHEMA, personalData: true });

describe('referral-intake configuration', () => {
  const PORT_VARIABLE = 'REFERRAL_INTAKE_PORT';

  it('listens on its own port variable, then PORT, then its default', () => {
    expect(ReferralIntakeConfig.load({ [PORT_VARIABLE]: '4100', PORT: '4200' }).port).toBe(4100);
    expect(ReferralIntakeConfig.load({ PORT: '4200' }).port).toBe(4200);
    expect(ReferralIntakeConfig.load({}).port).toBe(3001);
  });

  it('refuses a malformed port, naming the variable', () => {
    expect(() => ReferralIntakeConfig.load({ [PORT_VARIABLE]: 'abc' })).toThrow(
      `Invalid configuration: ${PORT_VARIABLE} must be a port number (got "abc")`,
    );
  });
});
