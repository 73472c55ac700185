import type { IncomingMessage } from '../transport.port.js';

/**
 * Headers a message on a dead-letter topic (`dead-letter.<groupId>`) carries beside its own
 * {@link MessageHeaders}: why and where it was given up on. Kafka headers of that name; keys of
 * the headers object in the PostgreSQL log.
 */
export const DEAD_LETTER_HEADERS = Object.freeze({
  error: 'x-dead-letter-error',
  groupId: 'x-dead-letter-group-id',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  attempts: 'x-attempts',
});

export interface DeadLetterInfo {
  readonly error: string;
  readonly groupId: string;
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly attempts: number;
}

export function deadLetterHeaders(info: DeadLetterInfo): Record<string, string> {
  return {
    [DEAD_LETTER_HEADERS.error]: info.error,
    [DEAD_LETTER_HEADERS.groupId]: info.groupId,
    [DEAD_LETTER_HEADERS.originalTopic]: info.originalTopic,
    [DEAD_LETTER_HEADERS.originalPartition]: String(info.originalPartition),
    [DEAD_LETTER_HEADERS.originalOffset]: info.originalOffset,
    [DEAD_LETTER_HEADERS.attempts]: String(info.attempts),
  };
}

/** The dead-letter details of a message read from a dead-letter topic, or null for any other message. */
export function deadLetterInfo(message: Pick<IncomingMessage, 'headers'>): DeadLetterInfo | null {
  const headers = message.headers as unknown as Record<string, unknown>;
  const error = headers[DEAD_LETTER_HEADERS.error];
  if (typeof error !== 'string') return null;
  return {
    error,
    groupId: String(headers[DEAD_LETTER_HEADERS.groupId] ?? ''),
    originalTopic: String(headers[DEAD_LETTER_HEADERS.originalTopic] ?? ''),
    originalPartition: Number(headers[DEAD_LETTER_HEADERS.originalPartition] ?? -1),
    originalOffset: String(headers[DEAD_LETTER_HEADERS.originalOffset] ?? ''),
    attempts: Number(headers[DEAD_LETTER_HEADERS.attempts] ?? 0),
  };
}
