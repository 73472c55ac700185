import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lib/event-store';
import { ChannelCasesModule } from '../channel-cases.module.js';
import { OpenCaseHandler } from '../opening-a-case/open-case.handler.js';
import { ChannelCaseIntegrationMapping } from './channel-case-integration.mapping.js';
import { CHANNEL_CASE_RELAY_CATEGORIES } from './channel-case.integration-events.js';
import { CaseOpener, ReferredToChannelConsumer } from './referred-to-channel.consumer.js';

/**
 * What the panel publishes and consumes (ADR 080, 081). The app gives `PlatformModule.forRoot` the
 * tokens: `messaging: CHANNEL_PANEL_MESSAGING`. The consumer's `CaseOpener` is the write side's
 * `OpenCaseHandler`: a first referral opens the case, the same referral referred again after the
 * panel's part was over reopens it (`CaseReReferred`), and an opening of a case still before the
 * panel decides nothing.
 */
@Module({
  imports: [ChannelCasesModule],
  providers: [
    { provide: Clock, useClass: SystemClock },
    ChannelCaseIntegrationMapping,
    ReferredToChannelConsumer,
    { provide: CaseOpener, useExisting: OpenCaseHandler },
  ],
})
export class ChannelCaseIntegrationModule {}

export const CHANNEL_PANEL_MESSAGING = {
  relay: { mapping: ChannelCaseIntegrationMapping, categories: [...CHANNEL_CASE_RELAY_CATEGORIES] },
  consumers: [ReferredToChannelConsumer],
};
