import type { IHeaders } from 'kafkajs';
import type { MessageHeaders } from '../transport.port.js';

/**
 * Kafka headers of a message: one per {@link MessageHeaders} field, named as the field, its value
 * as a UTF-8 string (`schemaVersion` in decimal); optional fields absent when absent. Any other
 * header (a dead letter's `x-…` headers) passes through as a string.
 */
const REQUIRED = ['eventId', 'type', 'schemaVersion', 'correlationId', 'occurredAt'] as const;
const OPTIONAL = ['causationId', 'traceparent'] as const;

export class MalformedKafkaMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedKafkaMessageError';
  }
}

export function toKafkaHeaders(headers: MessageHeaders, extra: Record<string, string> = {}): Record<string, string> {
  const mapped: Record<string, string> = {
    ...extra,
    eventId: headers.eventId,
    type: headers.type,
    schemaVersion: String(headers.schemaVersion),
    correlationId: headers.correlationId,
    occurredAt: headers.occurredAt,
  };
  for (const name of OPTIONAL) {
    const value = headers[name];
    if (value !== undefined) mapped[name] = value;
  }
  return mapped;
}

/** Every header as a string (a repeated header: its last value). */
export function kafkaHeaderStrings(headers: IHeaders | undefined): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    strings[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return strings;
}

/** The message headers of a Kafka message; throws {@link MalformedKafkaMessageError} when a required one is missing or bad. */
export function fromKafkaHeaders(headers: IHeaders | undefined): MessageHeaders {
  const strings = kafkaHeaderStrings(headers);
  const missing = REQUIRED.filter((name) => strings[name] === undefined);
  if (missing.length > 0) throw new MalformedKafkaMessageError(`Missing header(s): ${missing.join(', ')}`);
  const schemaVersion = Number(strings.schemaVersion);
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new MalformedKafkaMessageError(`Header schemaVersion is not a positive integer: ${strings.schemaVersion}`);
  }
  return { ...strings, schemaVersion } as unknown as MessageHeaders;
}

/** Best effort, for dead-lettering a message whose headers are malformed: what is there, strings throughout. */
export function lenientHeaders(headers: IHeaders | undefined): MessageHeaders {
  const strings = kafkaHeaderStrings(headers);
  const schemaVersion = Number(strings.schemaVersion);
  return {
    ...strings,
    eventId: strings.eventId ?? '',
    type: strings.type ?? '',
    schemaVersion: Number.isFinite(schemaVersion) ? schemaVersion : 0,
    correlationId: strings.correlationId ?? '',
    occurredAt: strings.occurredAt ?? '',
  } as MessageHeaders;
}
