import { Inject, Injectable } from '@nestjs/common';
import { REFERRALS_TOPIC, type PersonalDataEnvelope, type ReferredToChannelV1 } from '@lib/contracts';
import { EventStore, type CommandContext } from '@lib/event-store';
import type { IncomingMessage } from '@lib/messaging';
import { IntegrationEventConsumer } from '@lib/platform';
import type { OpenCase } from '../domain/channel-case.commands.js';
import { channelCaseStream, type CasePersonalDetails } from '../domain/channel-case.events.js';

/**
 * Runs the `OpenCase` command: the case's own command handler, bound to this token in
 * `ChannelCaseIntegrationModule`. An abstract class so that it doubles as the DI token.
 */
export abstract class CaseOpener {
  abstract execute(command: OpenCase, context: CommandContext): Promise<unknown>;
}

/** The system actor the panel records for what the intake's messages cause. */
export const REFERRAL_INTAKE_ACTOR = { id: 'system:referral-intake', role: 'system' } as const;

/** The consumer group: one per purpose, `<service>.<purpose>`. */
export const REFERRALS_TO_CHANNEL_GROUP = 'channel-panel.referrals-to-channel';

/**
 * The police referred a person to the panel (`ReferredToChannel`): open the case. Only translates
 * the message into `OpenCase` for the case's handler (ADR 080): the case's id is the referral's,
 * the statistical profile as the intake sent it, the person's details as the envelopes they are,
 * sealed under the subject's key — copied, never opened.
 *
 * Effectively once (ADR 053): the inbox records the message in its transaction, the opening is
 * appended to the event store outside it. The command carries the message id as its causation id,
 * and before running it the consumer looks for an event of the case caused by this message; after
 * a crash between the append and the inbox's commit, the redelivery finds it and does nothing more.
 * The decider is idempotent as well: the case's id is the referral's, and an opening of a case that
 * exists for the same referral decides nothing.
 */
@Injectable()
export class ReferredToChannelConsumer extends IntegrationEventConsumer {
  readonly groupId = REFERRALS_TO_CHANNEL_GROUP;
  readonly topics = [REFERRALS_TOPIC.name];
  readonly types = ['ReferredToChannel'];

  constructor(
    @Inject(CaseOpener) private readonly opener: CaseOpener,
    @Inject(EventStore) private readonly store: EventStore,
  ) {
    super();
  }

  async handle(message: IncomingMessage): Promise<void> {
    const command = openCaseFrom(message.payload as ReferredToChannelV1);
    const causationId = message.headers.eventId;
    if (await this.alreadyApplied(command.caseId, causationId)) return;
    await this.opener.execute(command, {
      actor: REFERRAL_INTAKE_ACTOR,
      correlationId: message.headers.correlationId,
      causationId,
    });
  }

  private async alreadyApplied(caseId: string, causationId: string): Promise<boolean> {
    const { events } = await this.store.readStream(channelCaseStream(caseId), { direction: 'backwards' });
    return events.some((recorded) => recorded.causationId === causationId);
  }
}

/** The translation, pure: `ReferredToChannel.v1` → `OpenCase` (origin police referral, case id = referral id). */
export function openCaseFrom(referred: ReferredToChannelV1): OpenCase {
  const details = referred.personalDetails;
  const personalDetails: CasePersonalDetails = {
    name: envelope(details.name),
    ...(details.otherNames ? { otherNames: envelope(details.otherNames) } : {}),
    ...(details.dateOfBirth ? { dateOfBirth: envelope(details.dateOfBirth) } : {}),
    ...(details.address ? { address: envelope(details.address) } : {}),
    concern: envelope(details.concern),
  };
  return {
    type: 'OpenCase',
    caseId: referred.referralId,
    origin: 'police-referral',
    referralId: referred.referralId,
    subjectId: referred.subjectId,
    area: referred.area,
    region: referred.region,
    sector: referred.sector,
    concernTypes: { codeList: referred.concernTypes.codeList, codes: [...referred.concernTypes.codes] },
    ...(referred.ageAtReferral !== undefined ? { ageAtReferral: referred.ageAtReferral } : {}),
    gender: referred.gender,
    referredAt: referred.referredAt,
    personalDetails,
  };
}

/** Only the envelope's own fields: a tolerant reader may have let a newer field through beside them. */
function envelope(value: PersonalDataEnvelope): PersonalDataEnvelope {
  return { $pd: value.$pd, s: value.s, iv: value.iv, ct: value.ct, tag: value.tag };
}
