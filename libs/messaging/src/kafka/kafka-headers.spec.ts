import { describe, expect, it } from '@jest/globals';
import { deadLetterHeaders, deadLetterInfo } from '../dead-letters/dead-letter-headers.js';
import type { MessageHeaders } from '../transport.port.js';
import { MalformedKafkaMessageError, fromKafkaHeaders, toKafkaHeaders } from './kafka-headers.js';
import { toKafkaMessage } from './kafka-transport.js';

const full: MessageHeaders = {
  eventId: '0b6f2c1e-4a7d-4c43-9d51-1f0e7c3b2a90',
  type: 'ReferredToChannel',
  schemaVersion: 2,
  correlationId: 'c-1',
  causationId: 'e-0',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  occurredAt: '2025-03-01T10:00:00.000Z',
};

/** Headers as kafkajs hands them to a consumer: Buffers. */
const asReceived = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Buffer.from(value, 'utf8')]));

describe('Kafka headers', () => {
  it('carries every MessageHeaders field as a string header named after it', () => {
    expect(toKafkaHeaders(full)).toEqual({
      eventId: full.eventId,
      type: 'ReferredToChannel',
      schemaVersion: '2',
      correlationId: 'c-1',
      causationId: 'e-0',
      traceparent: full.traceparent,
      occurredAt: full.occurredAt,
    });
  });

  it('round-trips, leaving absent optional headers absent', () => {
    expect(fromKafkaHeaders(asReceived(toKafkaHeaders(full)))).toEqual(full);
    const { causationId, traceparent, ...bare } = full;
    expect([causationId, traceparent]).toHaveLength(2);
    const back = fromKafkaHeaders(asReceived(toKafkaHeaders(bare)));
    expect(back).toEqual(bare);
    expect('causationId' in back).toBe(false);
  });

  it('refuses a message without a required header or with a bad schema version', () => {
    const { eventId, ...noId } = toKafkaHeaders(full);
    expect(eventId).toBe(full.eventId);
    expect(() => fromKafkaHeaders(asReceived(noId))).toThrow(MalformedKafkaMessageError);
    expect(() => fromKafkaHeaders(asReceived({ ...toKafkaHeaders(full), schemaVersion: 'two' }))).toThrow(
      /schemaVersion/,
    );
  });

  it('keeps a dead letter’s headers readable after the trip through Kafka', () => {
    const info = {
      error: 'TypeError: boom',
      groupId: 'channel-panel',
      originalTopic: 'referral-intake.referrals',
      originalPartition: 3,
      originalOffset: '42',
      attempts: 5,
    };
    const received = fromKafkaHeaders(asReceived(toKafkaHeaders(full, deadLetterHeaders(info))));
    expect(deadLetterInfo({ headers: received })).toEqual(info);
    expect(deadLetterInfo({ headers: full })).toBeNull();
  });

  it('sends the key as the Kafka key and the payload as JSON', () => {
    expect(toKafkaMessage({ key: 'referral-7', headers: full, payload: { a: 1 } })).toEqual({
      key: 'referral-7',
      value: '{"a":1}',
      headers: toKafkaHeaders(full),
    });
    expect(toKafkaMessage({ key: 'referral-7', headers: full, payload: undefined }).value).toBe('null');
  });
});
