import { Inject, Injectable } from '@nestjs/common';
import { canSeeRecord, type Action, type Principal } from '@lib/auth';
import { Clock, CommandRunner, EventStore, WrongExpectedRevisionError, type RecordedEvent } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
import { referralDecider, type Referral } from './domain/referral.js';
import type { ReferralCommand } from './domain/referral.commands.js';
import { ReferralNotFoundError, RevisionRequiredError, StaleRevisionError } from './domain/referral.errors.js';
import { referralStream, type ReferralEvent } from './domain/referral.events.js';
import { etagOf, revisionOf, uuidV5 } from '@lib/platform';

/** A referral as read for a command or a read: its folded state, history and revision. */
export interface LoadedReferral {
  readonly state: Exclude<Referral, { status: 'none' }>;
  readonly events: RecordedEvent[];
  readonly revision: number;
}

/** What a state-changing request answers: the referral id and its new revision (the ETag). */
export interface CommandAnswer {
  readonly referralId: string;
  readonly revision: number;
}

/** Who asked, from the verified token, and the request's correlation id. */
export interface Caller {
  readonly principal: Principal;
  readonly role: string;
  readonly correlationId: string;
}

/**
 * Serves the referral handlers: loads a referral within the caller's reach (another area's
 * referral is not found), seals personal values under the referral's subject, and runs a command
 * through the `CommandRunner` pinned to the revision the caller saw (If-Match).
 */
@Injectable()
export class ReferralCommands {
  private readonly runner: CommandRunner;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {
    this.runner = new CommandRunner(store, clock);
  }

  async load(referralId: string, principal: Principal, action: Action): Promise<LoadedReferral> {
    const { events, revision } = await this.store.readStream(referralStream(referralId));
    const state = events.reduce(
      (current, event) => referralDecider.evolve(current, { type: event.type, data: event.data } as ReferralEvent),
      referralDecider.initialState(),
    );
    if (state.status === 'none' || revision === 'no_stream') throw new ReferralNotFoundError(referralId);
    if (!canSeeRecord(principal, action, { area: state.profile.area })) throw new ReferralNotFoundError(referralId);
    return { state, events, revision };
  }

  /** Seals a personal value under the subject's key. */
  seal<T>(subjectId: string, value: T) {
    return this.cipher.protect(subjectId, value);
  }

  /**
   * Runs a command on a referral the caller can see. `ifMatch` is the revision the caller read;
   * a stale one is refused with nothing written.
   */
  async run(
    referralId: string,
    caller: Caller,
    action: Action,
    ifMatch: number | undefined,
    build: (loaded: LoadedReferral) => Promise<ReferralCommand> | ReferralCommand,
    reason?: string,
  ): Promise<CommandAnswer> {
    if (ifMatch === undefined) throw new RevisionRequiredError();
    const loaded = await this.load(referralId, caller.principal, action);
    if (loaded.revision !== ifMatch) throw new StaleRevisionError(ifMatch, loaded.revision);
    const command = await build(loaded);
    try {
      const outcome = await this.runner.run(
        referralStream(referralId),
        referralDecider,
        command,
        {
          actor: { id: caller.principal.subject, role: caller.role },
          correlationId: caller.correlationId,
          ...(reason ? { reason } : {}),
        },
        { expectedRevision: ifMatch },
      );
      return { referralId, revision: outcome.revision as number };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new StaleRevisionError(ifMatch, error.actual);
      throw error;
    }
  }
}

/** The role the caller acts in for an action: the first of their roles the matrix allows. */
export { roleMay } from '@lib/auth';

export { etagOf, revisionOf, uuidV5 };
