import { Inject, Injectable } from '@nestjs/common';
import { Clock, CommandRunner, EventStore, type CommandContext } from '@lib/event-store';
import { referralDecider } from '../domain/referral.js';
import type { ReopenReferral } from '../domain/referral.commands.js';
import { referralStream } from '../domain/referral.events.js';

/**
 * Reopens a referral a Channel case sent back. Called by the consumer of `CaseReturnedToPolice`
 * (integration/), with `system:channel-panel` as the actor; retried on a concurrent append, and
 * harmless when the same return arrives twice.
 */
@Injectable()
export class ReopenReferralHandler {
  private readonly runner: CommandRunner;

  constructor(@Inject(EventStore) store: EventStore, @Inject(Clock) clock: Clock) {
    this.runner = new CommandRunner(store, clock);
  }

  async execute(command: ReopenReferral, context: CommandContext): Promise<void> {
    await this.runner.run(referralStream(command.referralId), referralDecider, command, {
      ...context,
      reason: command.returnReason,
    });
  }
}
