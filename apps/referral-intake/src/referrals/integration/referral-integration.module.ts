import { Module } from '@nestjs/common';
import { CaseReturnedToPoliceConsumer, ReferralReopener } from './case-returned-to-police.consumer.js';
import { DeciderReferralReopener } from './decider-referral-reopener.js';
import { ReferralIntegrationMapping } from './referral-integration.mapping.js';
import { REFERRAL_RELAY_CATEGORIES } from './referral.integration-events.js';

/**
 * What the intake publishes and consumes (ADR 052, 053). The app gives `PlatformModule.forRoot` the
 * tokens: `messaging: REFERRAL_INTAKE_MESSAGING`.
 */
@Module({
  providers: [
    ReferralIntegrationMapping,
    CaseReturnedToPoliceConsumer,
    { provide: ReferralReopener, useClass: DeciderReferralReopener },
  ],
})
export class ReferralIntegrationModule {}

export const REFERRAL_INTAKE_MESSAGING = {
  relay: { mapping: ReferralIntegrationMapping, categories: [...REFERRAL_RELAY_CATEGORIES] },
  consumers: [CaseReturnedToPoliceConsumer],
};
