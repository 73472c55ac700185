import type { DeadLetter, IncomingMessage, MessageHeaders, OutgoingMessage } from '../transport.port.js';

/**
 * Replay goes to one group only: a dead letter is re-published to the group's own replay topic,
 * which every consumer of that group reads beside its topics (and no other group reads). The
 * consumer unwraps it and hands the handler the original message — its topic, key, headers and
 * payload — as a new delivery (attempt 1). The transport port has no extra headers, so the
 * origin travels in an envelope around the payload; only the adapters ever see the envelope.
 */
export function replayTopic(groupId: string): string {
  return `replay.${groupId}`;
}

export interface ReplayEnvelope {
  readonly replayOf: {
    readonly deadLetterId: string;
    readonly topic: string;
    readonly partition: number;
    readonly offset: string;
  };
  readonly payload: unknown;
}

export function replayMessage(letter: DeadLetter): OutgoingMessage {
  const envelope: ReplayEnvelope = {
    replayOf: {
      deadLetterId: letter.id,
      topic: letter.original.topic,
      partition: letter.original.partition,
      offset: letter.original.offset,
    },
    payload: letter.original.payload,
  };
  return { key: letter.original.key, headers: messageHeaders(letter.original.headers), payload: envelope };
}

/** The message a replay envelope carries, as its consumer should see it; null when `payload` is no envelope. */
export function unwrapReplay(message: Omit<IncomingMessage, 'attempt'>): Omit<IncomingMessage, 'attempt'> | null {
  const envelope = message.payload as Partial<ReplayEnvelope> | null;
  const origin = envelope?.replayOf;
  if (
    typeof envelope !== 'object' ||
    envelope === null ||
    typeof origin !== 'object' ||
    origin === null ||
    typeof origin.topic !== 'string' ||
    typeof origin.partition !== 'number' ||
    typeof origin.offset !== 'string' ||
    !('payload' in envelope)
  ) {
    return null;
  }
  return {
    ...message,
    topic: origin.topic,
    partition: origin.partition,
    offset: origin.offset,
    payload: envelope.payload,
  };
}

/** Only the {@link MessageHeaders} fields (a dead letter read from a topic may carry more). */
export function messageHeaders(headers: MessageHeaders): MessageHeaders {
  return {
    eventId: headers.eventId,
    type: headers.type,
    schemaVersion: headers.schemaVersion,
    correlationId: headers.correlationId,
    ...(headers.causationId !== undefined ? { causationId: headers.causationId } : {}),
    ...(headers.traceparent !== undefined ? { traceparent: headers.traceparent } : {}),
    occurredAt: headers.occurredAt,
  };
}
