import { Inject, Injectable, Module } from '@nestjs/common';
import { Clock, CommandRunner, EventStore, SystemClock, type CommandContext } from '@lib/event-store';
import { channelCaseDecider } from '../domain/channel-case.js';
import type { OpenCase } from '../domain/channel-case.commands.js';
import { channelCaseStream } from '../domain/channel-case.events.js';
import { ChannelCaseIntegrationMapping } from './channel-case-integration.mapping.js';
import { CHANNEL_CASE_RELAY_CATEGORIES } from './channel-case.integration-events.js';
import { CaseOpener, ReferredToChannelConsumer } from './referred-to-channel.consumer.js';

/**
 * Runs `OpenCase` through the case's decider, expecting no stream (ADR 080): the case's id is the
 * referral's, so an opening that finds the stream is refused with a conflict, never appended twice.
 * Redeliveries of the same message never get here (the inbox drops them). What does get here is a
 * referral referred to Channel *again* after the panel returned it: no command handles a
 * re-referral yet, and the write side's `OpenCaseHandler` would ignore it without a trace, so
 * this opener lets it fail, be retried and be dead-lettered, where it is seen and can be replayed
 * once re-referral exists. Deliberately not bound to `OpenCaseHandler` until then.
 */
@Injectable()
export class DeciderCaseOpener extends CaseOpener {
  private readonly runner: CommandRunner;

  constructor(@Inject(EventStore) store: EventStore, @Inject(Clock) clock: Clock) {
    super();
    this.runner = new CommandRunner(store, clock);
  }

  async execute(command: OpenCase, context: CommandContext): Promise<void> {
    await this.runner.run(channelCaseStream(command.caseId), channelCaseDecider, command, context, {
      expectedRevision: 'no_stream',
    });
  }
}

/**
 * What the panel publishes and consumes (ADR 080, 081). The app gives `PlatformModule.forRoot` the
 * tokens: `messaging: CHANNEL_PANEL_MESSAGING`.
 */
@Module({
  providers: [
    { provide: Clock, useClass: SystemClock },
    ChannelCaseIntegrationMapping,
    ReferredToChannelConsumer,
    { provide: CaseOpener, useClass: DeciderCaseOpener },
  ],
})
export class ChannelCaseIntegrationModule {}

export const CHANNEL_PANEL_MESSAGING = {
  relay: { mapping: ChannelCaseIntegrationMapping, categories: [...CHANNEL_CASE_RELAY_CATEGORIES] },
  consumers: [ReferredToChannelConsumer],
};
