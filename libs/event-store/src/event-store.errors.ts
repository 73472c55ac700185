import type { ExpectedRevision } from './event-store.port.js';

/** Base of the event store's errors; `code` is stable and safe to match on. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** Another writer appended first: re-read the stream, decide again, retry. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'event-store.wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class InvalidAppendError extends EventStoreError {
  readonly code = 'event-store.invalid-append';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
