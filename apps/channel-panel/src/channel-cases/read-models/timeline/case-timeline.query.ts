import { Inject, Injectable } from '@nestjs/common';
import { RecordNotFoundError, type Principal } from '@lib/auth';
import { comparePositions, EventStore, type RecordedEvent } from '@lib/event-store';
import { isProtected, PersonalDataCipher } from '@lib/personal-data';
import { panelMeetingStream, type PanelMeetingEvent } from '../../../panel-meetings/domain/panel-meeting.events.js';
import { channelCaseStream, type ChannelCaseEvent } from '../../domain/channel-case.events.js';
import { caseScope, inScope, seesInFull, type CaseScope } from '../case-scope.js';

/** What a revealed personal value is when its subject's key has been destroyed. */
export interface ErasedValue {
  readonly $erased: true;
  readonly subjectId: string;
}

/** One step of the case (or of a meeting that discussed it) as the store recorded it. */
export interface TimelineEntry {
  /** `case`, or `meeting` for an event of a meeting the case was listed for or discussed at. */
  readonly source: 'case' | 'meeting';
  /** With `source: meeting`: which meeting. */
  readonly meetingId: string | null;
  /** The event's revision in its own stream. */
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string };
  /** The code the command carried in the event's metadata, when there was one. */
  readonly reason: string | null;
  /**
   * The people's own words for the step, revealed: a decision's rationale, an assessment's summary
   * conclusion, a closing report, the panel's view of the risk, a review's progress, session
   * notes, a capacity consideration, the minutes, a transfer's reason. An {@link ErasedValue} once
   * the subject's key is destroyed.
   */
  readonly why: string | ErasedValue | null;
  /** The event's data with every personal value revealed (or shown as erased). */
  readonly data: Record<string, unknown>;
  readonly correlationId: string;
}

export interface CaseTimeline {
  readonly caseId: string;
  readonly subjectId: string;
  readonly area: string;
  /** `full` for the panel of the case's area; `provider` for an intervention provider (their interventions only). */
  readonly view: 'full' | 'provider';
  readonly entries: TimelineEntry[];
}

interface LoadedCase {
  readonly caseId: string;
  readonly subjectId: string;
  readonly area: string;
  readonly view: 'full' | 'provider';
  readonly events: { source: 'case' | 'meeting'; meetingId: string | null; event: RecordedEvent }[];
}

/** Sealed fields that say why, in the order they are looked for. */
const WHY_FIELDS = [
  'rationale',
  'summaryConclusion',
  'closingReport',
  'riskView',
  'progress',
  'notes',
  'capacityConsideration',
  'minutes',
  'reason',
] as const;
/** Not for people: the digest of a creating request (idempotency). */
const HIDDEN_FIELDS = new Set(['requestFingerprint']);
/** What an intervention provider sees of a case: the interventions they deliver, and support starting or stopping. */
const PROVIDER_EVENTS = new Set([
  'InterventionPlanned',
  'InterventionStatusChanged',
  'InterventionSessionRecorded',
  'InterventionProgressRecorded',
  'SupportStarted',
  'SupportStopped',
]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The case page's timeline, read straight from the store (not from a read model): every event of
 * the case and of the meetings it was listed for or discussed at, in the order they were recorded,
 * with the actor, role, time and reason from the metadata and personal values revealed through the
 * cipher. Another area's case answers 404, as one that does not exist.
 */
@Injectable()
export class CaseTimelineQuery {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  /** The case's events the caller may see, checked against their reach (404 otherwise). */
  async load(principal: Principal, caseId: string): Promise<LoadedCase> {
    const events = UUID.test(caseId)
      ? ((await this.store.readStream(channelCaseStream(caseId))).events as (RecordedEvent & ChannelCaseEvent)[])
      : [];
    let area = '';
    let subjectId = '';
    const providers = new Map<string, string>();
    const meetings = new Set<string>();
    for (const event of events) {
      if (event.type === 'CaseOpened') {
        area = event.data.area;
        subjectId = event.data.subjectId;
      } else if (event.type === 'CaseReReferred') {
        area = event.data.area;
      } else if (event.type === 'CaseTransferred') {
        area = event.data.toArea;
      } else if (event.type === 'InterventionPlanned' && event.data.providerId) {
        providers.set(event.data.interventionId, event.data.providerId);
      }
      if ('meetingId' in event.data && typeof event.data.meetingId === 'string') meetings.add(event.data.meetingId);
    }
    const scope = caseScope(principal);
    const found = { caseId, area, providerIds: [...providers.values()] };
    if (!area || !inScope(scope, found)) throw new RecordNotFoundError('case', caseId);
    if (seesInFull(scope, found)) {
      const meetingEvents = await this.meetingEvents(caseId, [...meetings]);
      const all = [
        ...events.map((event) => ({ source: 'case' as const, meetingId: null, event })),
        ...meetingEvents,
      ].sort((a, b) => comparePositions(a.event.globalPosition, b.event.globalPosition));
      return { caseId, subjectId, area, view: 'full', events: all };
    }
    const mine = this.providerInterventions(scope, caseId, providers);
    return {
      caseId,
      subjectId,
      area,
      view: 'provider',
      events: events
        .filter((event) => PROVIDER_EVENTS.has(event.type))
        .filter((event) => {
          const interventionId = (event.data as { interventionId?: string }).interventionId;
          return interventionId === undefined || mine(interventionId);
        })
        .map((event) => ({ source: 'case' as const, meetingId: null, event })),
    };
  }

  async reveal(loaded: LoadedCase): Promise<CaseTimeline> {
    const visible = loaded.events.map(({ event }) =>
      Object.fromEntries(
        Object.entries(event.data as Record<string, unknown>).filter(([name]) => !HIDDEN_FIELDS.has(name)),
      ),
    );
    const revealed = await this.cipher.reveal<Record<string, unknown>[]>(visible);
    return {
      caseId: loaded.caseId,
      subjectId: loaded.subjectId,
      area: loaded.area,
      view: loaded.view,
      entries: loaded.events.map(({ source, meetingId, event }, index) => ({
        source,
        meetingId,
        revision: event.revision,
        type: event.type,
        recordedAt: event.recordedAt.toISOString(),
        actor: { id: event.actor.id, role: event.actor.role },
        reason: event.reason ?? null,
        why: whyOf(visible[index], revealed[index]),
        data: revealed[index],
        correlationId: event.correlationId,
      })),
    };
  }

  /** The events of the meetings that listed or discussed the case; other cases' agenda entries left out. */
  private async meetingEvents(
    caseId: string,
    meetingIds: readonly string[],
  ): Promise<{ source: 'meeting'; meetingId: string; event: RecordedEvent }[]> {
    const streams = await Promise.all(
      meetingIds.map(async (meetingId) => ({
        meetingId,
        events: (await this.store.readStream(panelMeetingStream(meetingId))).events as (RecordedEvent &
          PanelMeetingEvent)[],
      })),
    );
    return streams.flatMap(({ meetingId, events }) =>
      events
        .filter((event) => event.type !== 'CaseAddedToAgenda' || event.data.caseId === caseId)
        .map((event) => ({ source: 'meeting' as const, meetingId, event })),
    );
  }

  /** Which interventions a provider sees: all of a case in their assigned-cases claim, else those they deliver. */
  private providerInterventions(
    scope: CaseScope,
    caseId: string,
    providers: ReadonlyMap<string, string>,
  ): (interventionId: string) => boolean {
    if (scope.kind !== 'restricted') return () => false;
    if (scope.caseIds.includes(caseId)) return () => true;
    return (interventionId) => scope.providerId !== null && providers.get(interventionId) === scope.providerId;
  }
}

/** The first sealed "why" field of the event, as revealed. */
function whyOf(sealed: Record<string, unknown>, revealed: Record<string, unknown>): string | ErasedValue | null {
  for (const field of WHY_FIELDS) {
    if (!isProtected(sealed[field])) continue;
    const value = revealed[field];
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object' && (value as { $erased?: unknown }).$erased === true)
      return value as ErasedValue;
  }
  return null;
}
