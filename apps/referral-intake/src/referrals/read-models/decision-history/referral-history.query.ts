import { Inject, Injectable } from '@nestjs/common';
import { visibleOrNotFound, type Principal } from '@lib/auth';
import { EventStore, type RecordedEvent } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
import { referralStream, type ReferralEvent } from '../../domain/referral.events.js';

/** What a revealed personal value is when its subject's key has been destroyed. */
export interface ErasedValue {
  readonly $erased: true;
  readonly subjectId: string;
}

/** One step of a referral as the store recorded it: what, who, in which role, when and why. */
export interface HistoryEntry {
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string };
  /** The code the command carried in the event's metadata, when there was one. */
  readonly reason: string | null;
  /**
   * The person's own words for the step, revealed: the decision's rationale, a withdrawal's
   * explanation, a correction's reason, a sign-off's comment, the assessment's summary, or the
   * panel's return reason. An {@link ErasedValue} once the subject's key is destroyed.
   */
  readonly why: string | ErasedValue | null;
  /** The event's data with every personal value revealed (or shown as erased). */
  readonly data: Record<string, unknown>;
  readonly correlationId: string;
}

export interface ReferralHistory {
  readonly referralId: string;
  readonly subjectId: string;
  readonly area: string;
  readonly entries: HistoryEntry[];
}

const WHY_FIELDS = ['rationale', 'explanation', 'reason', 'comment', 'summary', 'returnReason'] as const;
/** Not for people: the sealed digest of a creating request (idempotency). */
const HIDDEN_FIELDS = new Set(['requestFingerprint']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The decision history of a referral, read straight from its stream (not from a read model): every
 * event, in order, with the actor, role, time and reason from its metadata, and its personal values
 * revealed through the cipher.
 */
@Injectable()
export class ReferralHistoryQuery {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  /** The referral's area and current subject, checked against the caller's reach (404 otherwise). */
  async load(
    principal: Principal,
    referralId: string,
  ): Promise<{ events: RecordedEvent[]; subjectId: string; area: string }> {
    const events = UUID.test(referralId) ? (await this.store.readStream(referralStream(referralId))).events : [];
    let area = '';
    let subjectId = '';
    for (const recorded of events) {
      const event = recorded as RecordedEvent & ReferralEvent;
      if (event.type === 'ReferralReceived') {
        area = event.data.area;
        subjectId = event.data.subjectId;
      } else if (event.type === 'ReferralDetailsCorrected' && event.data.area) {
        area = event.data.area;
      } else if (event.type === 'ReferralLinkedToSubject') {
        subjectId = event.data.subjectId;
      }
    }
    visibleOrNotFound(principal, 'referral:read', 'referral', referralId, area ? { area } : undefined);
    return { events, subjectId, area };
  }

  async reveal(
    referralId: string,
    loaded: { events: RecordedEvent[]; subjectId: string; area: string },
  ): Promise<ReferralHistory> {
    const revealed = await this.cipher.reveal<Record<string, unknown>[]>(
      loaded.events.map((event) =>
        Object.fromEntries(
          Object.entries(event.data as Record<string, unknown>).filter(([name]) => !HIDDEN_FIELDS.has(name)),
        ),
      ),
    );
    return {
      referralId,
      subjectId: loaded.subjectId,
      area: loaded.area,
      entries: loaded.events.map((event, index) => ({
        revision: event.revision,
        type: event.type,
        recordedAt: event.recordedAt.toISOString(),
        actor: { id: event.actor.id, role: event.actor.role },
        reason: event.reason ?? null,
        why: whyOf(revealed[index]),
        data: revealed[index],
        correlationId: event.correlationId,
      })),
    };
  }
}

function whyOf(data: Record<string, unknown>): string | ErasedValue | null {
  for (const field of WHY_FIELDS) {
    const value = data[field];
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object' && (value as { $erased?: unknown }).$erased === true)
      return value as ErasedValue;
  }
  return null;
}
