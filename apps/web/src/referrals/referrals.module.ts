import { Module } from '@nestjs/common';
import { IntakeApi } from './intake-api.js';
import { NewReferralController } from './new-referral.controller.js';
import { PartnerReferralController } from './partner-referral.controller.js';
import { ReferralActionsController } from './referral-actions.controller.js';
import { ReferralPageController } from './referral-page.controller.js';
import { ReferralQueueController } from './referral-queue.controller.js';

/**
 * The web app's police officers' referral pages and the partner referral form. The new-referral
 * steps come before the referral's page, so `/referrals/new` is never taken for a referral id.
 */
@Module({
  controllers: [
    ReferralQueueController,
    NewReferralController,
    ReferralPageController,
    ReferralActionsController,
    PartnerReferralController,
  ],
  providers: [IntakeApi],
})
export class ReferralsModule {}
