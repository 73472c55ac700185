import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { correlationIdOf } from '@lib/audit';
import { AccessError, canSeeRecord, roleMay, type Principal } from '@lib/auth';
import { Clock, CommandRunner, EventStore, WrongExpectedRevisionError, type RecordedEvent } from '@lib/event-store';
import { authorityDecider, type RegisteredAuthority } from './domain/authority.js';
import type { AuthorityCommand } from './domain/authority.commands.js';
import { AuthorityNotFoundError, RevisionRequiredError, StaleRevisionError } from './domain/authority.errors.js';
import { authorityStream, type AuthorityEvent } from './domain/authority.events.js';
import { etagOf, revisionOf, uuidV5 } from '@lib/platform';

/** The action every recording route is allowed under (ADR 102). */
export const RECORD = 'compliance:record' as const;

/** An authority read from its stream: folded state, history with metadata, revision (the ETag). */
export interface LoadedAuthority {
  readonly state: RegisteredAuthority;
  readonly events: RecordedEvent[];
  readonly revision: number;
}

/** What a state-changing request answers: the authority's id and its new revision. */
export interface CommandAnswer {
  readonly id: string;
  readonly revision: number;
}

export type HttpRequest = { headers: Record<string, string | string[] | undefined> };

export interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

/** A coordinator may record compliance for the authorities of their own area only. */
export class AuthorityAreaOutsideReachError extends AccessError {
  constructor() {
    super(
      'authority-compliance.area-outside-reach',
      'forbidden',
      'You may record compliance for the authorities of your own area only.',
    );
  }
}

/** Whether the principal may record for an authority of this area: admin anywhere, a coordinator in theirs. */
export function mayRecordFor(principal: Principal, area: string): boolean {
  return canSeeRecord(principal, RECORD, { area });
}

/** Who recorded it: the principal's subject and the role the action is allowed under. */
export function actorOf(principal: Principal) {
  const role = principal.roles.find((candidate) => roleMay(candidate, RECORD)) ?? principal.roles[0] ?? 'unknown';
  return { id: principal.subject, role };
}

/**
 * Serves the recording routes: reads an authority's stream, checks the caller's area, and runs a
 * command through the `CommandRunner` pinned to the revision the caller read (If-Match). The
 * reason a person gives goes into the event's metadata, beside who and in which role.
 */
@Injectable()
export class AuthorityCommands {
  readonly runner: CommandRunner;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) readonly clock: Clock,
  ) {
    this.runner = new CommandRunner(store, clock);
  }

  async load(authorityId: string): Promise<LoadedAuthority> {
    const { events, revision } = await this.store.readStream(authorityStream(authorityId));
    const state = events.reduce(
      (current, event) => authorityDecider.evolve(current, { type: event.type, data: event.data } as AuthorityEvent),
      authorityDecider.initialState(),
    );
    if (state.status === 'none' || revision === 'no_stream') throw new AuthorityNotFoundError(authorityId);
    return { state, events, revision };
  }

  async run(
    authorityId: string,
    principal: Principal,
    request: HttpRequest,
    ifMatch: number | undefined,
    reason: string | undefined,
    build: (loaded: LoadedAuthority) => AuthorityCommand,
  ): Promise<CommandAnswer> {
    if (ifMatch === undefined) throw new RevisionRequiredError();
    const loaded = await this.load(authorityId);
    if (!mayRecordFor(principal, loaded.state.area)) throw new AuthorityAreaOutsideReachError();
    if (loaded.revision !== ifMatch) throw new StaleRevisionError(ifMatch, loaded.revision);
    try {
      const outcome = await this.runner.run(
        authorityStream(authorityId),
        authorityDecider,
        build(loaded),
        {
          actor: actorOf(principal),
          correlationId: correlationIdOf(request),
          ...(reason !== undefined ? { reason } : {}),
        },
        { expectedRevision: ifMatch },
      );
      return { id: authorityId, revision: outcome.revision as number };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new StaleRevisionError(ifMatch, error.actual);
      throw error;
    }
  }
}

/** Sets the ETag of the record's new revision and answers its id and revision. */
export function answered(response: HttpResponse, answer: CommandAnswer): CommandAnswer {
  response.setHeader('ETag', etagOf(answer.revision));
  return answer;
}

/** SHA-256 of a request body, for Idempotency-Key replays. */
export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag you read (W/"<revision>")' };

export { etagOf, revisionOf, uuidV5 };
