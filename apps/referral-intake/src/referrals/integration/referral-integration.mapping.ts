import { Inject, Injectable, Optional } from '@nestjs/common';
import { comparePositions, EventStore, type RecordedEvent } from '@lib/event-store';
import { MappingUnavailableError, type OutgoingMessageWithTopic } from '@lib/messaging';
import { isErased, PersonalDataCipher } from '@lib/personal-data';
import { IntegrationEventMapping } from '@lib/platform';
import type { SubjectEvent } from '../../subjects/domain/subject.events.js';
import { subjectStream } from '../../subjects/domain/subject.events.js';
import { evolve, initialState, type Referral } from '../domain/referral.js';
import type { ReferralEvent, ReferralReceived } from '../domain/referral.events.js';
import {
  contextNeeded,
  referralIntegrationEvents,
  subjectDetailsOf,
  type MappingContext,
} from './referral.integration-events.js';

/**
 * The intake's relay mapping (ADR 052): loads what an event's contracts need — the referral as it
 * stood before the event, the subject's sealed details as of the event, the date of birth revealed
 * when an age must be derived — then maps purely ({@link referralIntegrationEvents}). Everything is
 * read as of the event's position, so a republish maps the same way. A read that fails is
 * `MappingUnavailableError`: the relay retries from its checkpoint.
 */
@Injectable()
export class ReferralIntegrationMapping extends IntegrationEventMapping {
  constructor(
    private readonly store: EventStore,
    @Optional() @Inject(PersonalDataCipher) private readonly cipher?: PersonalDataCipher,
  ) {
    super();
  }

  async map(event: RecordedEvent): Promise<OutgoingMessageWithTopic[]> {
    const need = contextNeeded(event);
    if (!need.referral && !need.subject && !need.dateOfBirth) return referralIntegrationEvents(event);
    const context = await this.load(event, need);
    return referralIntegrationEvents(event, context);
  }

  private async load(event: RecordedEvent, need: ReturnType<typeof contextNeeded>): Promise<MappingContext> {
    try {
      let before: Referral | undefined;
      let received: ReferralReceived['data'] | undefined;
      if (need.referral) {
        const { events } = await this.store.readStream(event.streamId, { maxCount: event.revision });
        const history = events.filter((recorded) => recorded.revision < event.revision) as unknown as ReferralEvent[];
        before = history.reduce(evolve, initialState());
        received = history.find((recorded) => recorded.type === 'ReferralReceived')?.data as ReferralReceived['data'];
      }
      const subjectId =
        before && before.status !== 'none' ? before.subjectId : (event.data as { subjectId?: string }).subjectId;
      if (!subjectId || (!need.subject && !need.dateOfBirth)) return { before, received };
      const { events } = await this.store.readStream(subjectStream(subjectId));
      const asOf = events.filter((recorded) => comparePositions(recorded.globalPosition, event.globalPosition) < 0);
      const subjectDetails = subjectDetailsOf(asOf as unknown as SubjectEvent[]);
      let dateOfBirth: string | undefined;
      if (need.dateOfBirth && subjectDetails?.dateOfBirth && this.cipher) {
        const revealed = await this.cipher.reveal<unknown>(subjectDetails.dateOfBirth);
        // an erased person's age can no longer be derived: it goes out as not known
        if (typeof revealed === 'string' && !isErased(revealed)) dateOfBirth = revealed;
      }
      return { before, received, subjectDetails, dateOfBirth };
    } catch (error) {
      throw new MappingUnavailableError(
        `cannot read what ${event.type} ${event.eventId} needs: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
