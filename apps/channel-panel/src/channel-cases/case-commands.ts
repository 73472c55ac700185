import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { correlationIdOf } from '@lib/audit';
import { canSeeRecord, ROLE_REACH, roleMay, type Action, type Principal } from '@lib/auth';
import { Clock, CommandRunner, EventStore, WrongExpectedRevisionError, type RecordedEvent } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
import { channelCaseDecider, type ChannelCase } from './domain/channel-case.js';
import type { ChannelCaseCommand, MeetingFacts } from './domain/channel-case.commands.js';
import { CaseNotFoundError, RevisionRequiredError, StaleRevisionError } from './domain/channel-case.errors.js';
import { channelCaseStream, type ChannelCaseEvent } from './domain/channel-case.events.js';
import { meetingFacts, panelMeetingDecider } from '../panel-meetings/domain/panel-meeting.js';
import { MeetingNotFoundError } from '../panel-meetings/domain/panel-meeting.errors.js';
import { panelMeetingStream, type PanelMeetingEvent } from '../panel-meetings/domain/panel-meeting.events.js';
import { etagOf, revisionOf, uuidV5 } from '@lib/platform';

/** A case as read for a command or a read: its folded state, history and revision. */
export interface LoadedCase {
  readonly state: Exclude<ChannelCase, { status: 'none' }>;
  readonly events: RecordedEvent[];
  readonly revision: number;
  /**
   * Set when the caller reaches the case only as the intervention provider its support plan
   * names: the interventions they deliver. They may read those and record their sessions and
   * progress, nothing else.
   */
  readonly providerOf?: readonly string[];
}

/** What an intervention provider named on a case may do with it. */
const PROVIDER_ACTIONS: readonly Action[] = ['case:read', 'case:record-session'];

/** What a state-changing request answers: the record's id and its new revision (the ETag). */
export interface CommandAnswer {
  readonly id: string;
  readonly revision: number;
}

/** Who asked, from the verified token, and the request's correlation id. */
export interface Caller {
  readonly principal: Principal;
  readonly role: string;
  readonly correlationId: string;
}

export type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/** The part of the HTTP response a controller touches. */
export interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

/** The caller of a route: the principal, the role the action is allowed under, the correlation id. */
export function callerOf(principal: Principal, request: HttpRequest, action: Action): Caller {
  const role = principal.roles.find((candidate) => roleMay(candidate, action)) ?? principal.roles[0] ?? 'unknown';
  return { principal, role, correlationId: correlationIdOf(request) };
}

/** Sets the ETag of the record's new revision and answers its id and revision. */
export function answered(response: HttpResponse, answer: CommandAnswer): CommandAnswer {
  response.setHeader('ETag', etagOf(answer.revision));
  return answer;
}

/**
 * Serves the case handlers: loads a case within the caller's reach (another area's case, or for
 * an intervention provider a case not assigned to them, is not found), seals personal values under
 * the case's subject, reads a meeting's facts for a decision, and runs a command through the
 * `CommandRunner` pinned to the revision the caller saw (If-Match).
 */
@Injectable()
export class ChannelCaseCommands {
  private readonly runner: CommandRunner;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) readonly clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {
    this.runner = new CommandRunner(store, clock);
  }

  async load(caseId: string, principal: Principal, action: Action): Promise<LoadedCase> {
    const { events, revision } = await this.store.readStream(channelCaseStream(caseId));
    const state = events.reduce(
      (current, event) =>
        channelCaseDecider.evolve(current, { type: event.type, data: event.data } as ChannelCaseEvent),
      channelCaseDecider.initialState(),
    );
    if (state.status === 'none' || revision === 'no_stream') throw new CaseNotFoundError(caseId);
    if (canSeeRecord(principal, action, { area: state.area, caseId })) return { state, events, revision };
    const providerOf = providedBy(state, principal, action);
    if (providerOf.length === 0) throw new CaseNotFoundError(caseId);
    return { state, events, revision, providerOf };
  }

  /** Seals a personal value under the case subject's key. */
  seal<T>(subjectId: string, value: T) {
    return this.cipher.protect(subjectId, value);
  }

  reveal<T>(data: unknown): Promise<T> {
    return this.cipher.reveal<T>(data);
  }

  /** The facts of a meeting a case command carries; a meeting unknown (or of another area) is not found. */
  async meeting(meetingId: string, caseId: string, area: string): Promise<MeetingFacts> {
    const { events } = await this.store.readStream(panelMeetingStream(meetingId));
    const state = events.reduce(
      (current, event) =>
        panelMeetingDecider.evolve(current, { type: event.type, data: event.data } as PanelMeetingEvent),
      panelMeetingDecider.initialState(),
    );
    const facts = meetingFacts(state, meetingId, caseId);
    if (facts.area !== area) throw new MeetingNotFoundError(meetingId);
    return facts;
  }

  /**
   * Runs a command on a case the caller can see. `ifMatch` is the revision the caller read; a stale
   * one is refused with nothing written.
   */
  async run(
    caseId: string,
    caller: Caller,
    action: Action,
    ifMatch: number | undefined,
    build: (loaded: LoadedCase) => Promise<ChannelCaseCommand> | ChannelCaseCommand,
  ): Promise<CommandAnswer> {
    if (ifMatch === undefined) throw new RevisionRequiredError();
    const loaded = await this.load(caseId, caller.principal, action);
    if (loaded.revision !== ifMatch) throw new StaleRevisionError(ifMatch, loaded.revision);
    const command = await build(loaded);
    try {
      const outcome = await this.runner.run(
        channelCaseStream(caseId),
        channelCaseDecider,
        command,
        { actor: { id: caller.principal.subject, role: caller.role }, correlationId: caller.correlationId },
        { expectedRevision: ifMatch },
      );
      return { id: caseId, revision: outcome.revision as number };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new StaleRevisionError(ifMatch, error.actual);
      throw error;
    }
  }
}

/**
 * The interventions of the case the caller delivers, when they may act as its intervention
 * provider ("the intervention names them": `InterventionPlanned.providerId`, ADR 083).
 */
function providedBy(state: LoadedCase['state'], principal: Principal, action: Action): string[] {
  if (!PROVIDER_ACTIONS.includes(action) || !('interventions' in state)) return [];
  const provider = principal.roles.some((role) => ROLE_REACH[role] === 'assigned' && roleMay(role, action));
  if (!provider) return [];
  return state.interventions
    .filter((intervention) => intervention.providerId === principal.subject)
    .map((intervention) => intervention.interventionId);
}

/** SHA-256 of a request body, for Idempotency-Key replays. */
export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export { etagOf, revisionOf, uuidV5 };
