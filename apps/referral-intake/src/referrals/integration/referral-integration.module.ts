import { Module } from '@nestjs/common';
import { CaseReturnedToPoliceConsumer, ReferralReopener } from './case-returned-to-police.consumer.js';
import { ReferralsModule } from '../referrals.module.js';
import { ReopenReferralHandler } from '../reopening-a-referral/reopen-referral.handler.js';
import { ReferralIntegrationMapping } from './referral-integration.mapping.js';
import { REFERRAL_RELAY_CATEGORIES } from './referral.integration-events.js';

/**
 * What the intake publishes and consumes (ADR 052, 053). The app gives `PlatformModule.forRoot` the
 * tokens: `messaging: REFERRAL_INTAKE_MESSAGING`.
 */
@Module({
  imports: [ReferralsModule],
  providers: [
    ReferralIntegrationMapping,
    CaseReturnedToPoliceConsumer,
    // the consumer only translates: the referral's own handler runs the command
    { provide: ReferralReopener, useExisting: ReopenReferralHandler },
  ],
})
export class ReferralIntegrationModule {}

export const REFERRAL_INTAKE_MESSAGING = {
  relay: { mapping: ReferralIntegrationMapping, categories: [...REFERRAL_RELAY_CATEGORIES] },
  consumers: [CaseReturnedToPoliceConsumer],
};
