import { Injectable } from '@nestjs/common';
import { CommandRunner, EventStore, SystemClock, type CommandContext } from '@lib/event-store';
import type { ReopenReferral } from '../domain/referral.commands.js';
import { referralDecider } from '../domain/referral.js';
import { referralStream } from '../domain/referral.events.js';
import { ReferralReopener } from './case-returned-to-police.consumer.js';

/**
 * Runs `ReopenReferral` through the referral's decider (read, fold, decide, append with the
 * revision read). Stands in for the referral's command handler until the handlers land; then the
 * handler is bound to {@link ReferralReopener} instead.
 */
@Injectable()
export class DeciderReferralReopener extends ReferralReopener {
  private readonly runner: CommandRunner;

  constructor(store: EventStore) {
    super();
    this.runner = new CommandRunner(store, new SystemClock());
  }

  async execute(command: ReopenReferral, context: CommandContext): Promise<void> {
    await this.runner.run(referralStream(command.referralId), referralDecider, command, context);
  }
}
