import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lib/event-store';
import { AssessmentTemplates } from '../assessment-templates/assessment-templates.js';
import { DecideReferralHttpController } from './deciding-a-referral/decide-referral.http.controller.js';
import { ReadReferralHttpController } from './reading-a-referral/read-referral.http.controller.js';
import { ReceiveReferralHandler } from './receiving-a-referral/receive-referral.handler.js';
import { ReceiveReferralHttpController } from './receiving-a-referral/receive-referral.http.controller.js';
import { ReferralCommands } from './referral-commands.js';
import { ReopenReferralHandler } from './reopening-a-referral/reopen-referral.handler.js';
import { TriageHttpController } from './triaging-a-referral/triage.http.controller.js';
import { WithdrawReferralHttpController } from './withdrawing-a-referral/withdraw-referral.http.controller.js';

/** The write side of referrals: the gateway's commands over HTTP, and the reopening from Channel. */
@Module({
  controllers: [
    ReceiveReferralHttpController,
    ReadReferralHttpController,
    TriageHttpController,
    DecideReferralHttpController,
    WithdrawReferralHttpController,
  ],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: AssessmentTemplates, useFactory: () => new AssessmentTemplates() },
    ReferralCommands,
    ReceiveReferralHandler,
    ReopenReferralHandler,
  ],
  exports: [ReopenReferralHandler, ReferralCommands, Clock],
})
export class ReferralsModule {}
