import { Inject, Injectable } from '@nestjs/common';
import { CASES_TOPIC, type CaseReturnedToPoliceV1 } from '@lib/contracts';
import { EventStore, type CommandContext } from '@lib/event-store';
import type { IncomingMessage } from '@lib/messaging';
import { IntegrationEventConsumer } from '@lib/platform';
import type { ReopenReferral } from '../domain/referral.commands.js';
import { referralStream } from '../domain/referral.events.js';

/**
 * Runs the `ReopenReferral` command: the referral's command handler (`ReopenReferralHandler`,
 * bound to this token in `ReferralIntegrationModule`). An abstract class so that it doubles as the
 * DI token.
 */
export abstract class ReferralReopener {
  abstract execute(command: ReopenReferral, context: CommandContext): Promise<void>;
}

/** The system actor the intake records for what the panel's messages cause. */
export const CHANNEL_RETURN_ACTOR = { id: 'system:channel-panel', role: 'system' } as const;

/**
 * The Channel panel sent a case back to the police (`CaseReturnedToPolice`): reopen the referral.
 * Only translates the message into `ReopenReferral` for the referral's handler.
 *
 * Effectively once (ADR 053): the inbox records the message in its transaction, but the reopening
 * is appended to the event store, outside it. The command carries the message id as its causation
 * id, and before running it the consumer looks for an event of the referral caused by this message:
 * after a crash between the append and the inbox's commit, the redelivery finds it and does nothing
 * more. A concurrent redelivery waits on the inbox row meanwhile.
 */
@Injectable()
export class CaseReturnedToPoliceConsumer extends IntegrationEventConsumer {
  readonly groupId = 'referral-intake.returns-from-channel';
  readonly topics = [CASES_TOPIC.name];
  readonly types = ['CaseReturnedToPolice'];

  constructor(
    @Inject(ReferralReopener) private readonly reopener: ReferralReopener,
    private readonly store: EventStore,
  ) {
    super();
  }

  async handle(message: IncomingMessage): Promise<void> {
    const event = message.payload as CaseReturnedToPoliceV1;
    if (!event.referralId) return; // a case the local authority opened itself: no referral to reopen
    const causationId = message.headers.eventId;
    if (await this.alreadyApplied(event.referralId, causationId)) return;
    await this.reopener.execute(
      { type: 'ReopenReferral', referralId: event.referralId, caseId: event.caseId, returnReason: event.reason },
      { actor: CHANNEL_RETURN_ACTOR, correlationId: message.headers.correlationId, causationId },
    );
  }

  private async alreadyApplied(referralId: string, causationId: string): Promise<boolean> {
    const { events } = await this.store.readStream(referralStream(referralId), { direction: 'backwards' });
    return events.some((recorded) => recorded.causationId === causationId);
  }
}
