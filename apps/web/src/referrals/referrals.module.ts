import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { formatDate, formatDateTime } from '../views/format.js';
import { Views } from '../views/views.js';
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
export class ReferralsModule implements OnModuleInit {
  constructor(@Inject(Views) private readonly views: Views) {}

  /**
   * The MoJ timeline formats its dates with the `mojDate` filter (`datetime`: "21 November 2026 at
   * 2:05pm"); it is added here, in UK time like the app's own filters, unless it is there already.
   */
  onModuleInit(): void {
    try {
      this.views.env.getFilter('mojDate');
    } catch {
      this.views.env.addFilter('mojDate', (value: unknown, type?: string) =>
        type === 'date' ? formatDate(value) : formatDateTime(value),
      );
    }
  }
}
