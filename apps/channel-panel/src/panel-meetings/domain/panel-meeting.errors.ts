import { DomainError } from '@lib/domain';

/** Refusals of the panel meeting decider. Stable codes; messages carry ids only. */
export abstract class PanelMeetingError extends DomainError {}

/** No meeting with this id, or one of another area (the same answer, on purpose). */
export class MeetingNotFoundError extends PanelMeetingError {
  readonly code = 'panel-meeting.not-found';
  readonly kind = 'not-found' as const;
  constructor(readonly meetingId: string) {
    super(`Panel meeting ${meetingId} was not found`);
    this.name = 'MeetingNotFoundError';
  }
}

export class MeetingAlreadyScheduledError extends PanelMeetingError {
  readonly code = 'panel-meeting.already-scheduled';
  readonly kind = 'conflict' as const;
  constructor(readonly meetingId: string) {
    super(`Panel meeting ${meetingId} is already scheduled`);
    this.name = 'MeetingAlreadyScheduledError';
  }
}

/** An Idempotency-Key was used again with a different request. */
export class MeetingIdempotencyKeyReusedError extends PanelMeetingError {
  readonly code = 'panel-meeting.idempotency-key-reused';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('This Idempotency-Key was already used for a different meeting request');
    this.name = 'MeetingIdempotencyKeyReusedError';
  }
}

export class MeetingIsCancelledError extends PanelMeetingError {
  readonly code = 'panel-meeting.cancelled';
  readonly kind = 'conflict' as const;
  constructor(readonly meetingId: string) {
    super(`Panel meeting ${meetingId} was cancelled`);
    this.name = 'MeetingIsCancelledError';
  }
}

/** Attendance names each person once and at most one chair. */
export class AttendanceInvalidError extends PanelMeetingError {
  readonly code = 'panel-meeting.attendance-invalid';
  readonly kind = 'rule-violated' as const;
  override readonly details: Readonly<Record<string, unknown>>;
  constructor(readonly problems: readonly string[]) {
    super(`The attendance is not valid: ${problems.join('; ')}`);
    this.name = 'AttendanceInvalidError';
    this.details = { problems };
  }
}

/** Minutes follow the meeting's attendance (the record that it took place). */
export class MeetingNotHeldError extends PanelMeetingError {
  readonly code = 'panel-meeting.not-held';
  readonly kind = 'rule-violated' as const;
  constructor(readonly meetingId: string) {
    super(`Panel meeting ${meetingId} has no attendance recorded`);
    this.name = 'MeetingNotHeldError';
  }
}

/** Once attendance is recorded the meeting took place: it can no longer be cancelled. */
export class MeetingAlreadyHeldError extends PanelMeetingError {
  readonly code = 'panel-meeting.already-held';
  readonly kind = 'conflict' as const;
  constructor(readonly meetingId: string) {
    super(`Panel meeting ${meetingId} has already taken place`);
    this.name = 'MeetingAlreadyHeldError';
  }
}
