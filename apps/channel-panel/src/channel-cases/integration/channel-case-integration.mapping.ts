import { Inject, Injectable } from '@nestjs/common';
import { EventStore, type RecordedEvent } from '@lib/event-store';
import { MappingUnavailableError, type OutgoingMessageWithTopic } from '@lib/messaging';
import { IntegrationEventMapping } from '@lib/platform';
import { caseAreaOf, caseIntegrationEvents, needsCaseArea } from './channel-case.integration-events.js';

/**
 * The panel's relay mapping (ADR 081): for the events whose contract names the case's area and that
 * do not carry it themselves, reads the case's stream before the event (as of the event, ADR 051:
 * a republish maps the same way, even after a later transfer), then maps purely
 * ({@link caseIntegrationEvents}). A read that fails is `MappingUnavailableError`: the relay retries
 * from its checkpoint.
 */
@Injectable()
export class ChannelCaseIntegrationMapping extends IntegrationEventMapping {
  constructor(@Inject(EventStore) private readonly store: EventStore) {
    super();
  }

  async map(event: RecordedEvent): Promise<OutgoingMessageWithTopic[]> {
    if (!needsCaseArea(event)) return caseIntegrationEvents(event);
    return caseIntegrationEvents(event, { area: await this.areaBefore(event) });
  }

  private async areaBefore(event: RecordedEvent): Promise<string | undefined> {
    try {
      const { events } = await this.store.readStream(event.streamId, { maxCount: event.revision });
      return caseAreaOf(events.filter((recorded) => recorded.revision < event.revision));
    } catch (error) {
      throw new MappingUnavailableError(
        `cannot read the case ${event.streamId} before ${event.type} ${event.eventId}: ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
  }
}
