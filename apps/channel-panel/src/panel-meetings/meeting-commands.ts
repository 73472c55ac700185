import { Inject, Injectable } from '@nestjs/common';
import { canSeeRecord, type Action, type Principal } from '@lib/auth';
import { Clock, CommandRunner, EventStore, WrongExpectedRevisionError } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
import type { Caller, CommandAnswer } from '../channel-cases/case-commands.js';
import { RevisionRequiredError, StaleRevisionError } from '../channel-cases/domain/channel-case.errors.js';
import { panelMeetingDecider, type PanelMeeting } from './domain/panel-meeting.js';
import type { PanelMeetingCommand } from './domain/panel-meeting.commands.js';
import { MeetingNotFoundError } from './domain/panel-meeting.errors.js';
import { panelMeetingStream, type PanelMeetingEvent } from './domain/panel-meeting.events.js';

export interface LoadedMeeting {
  readonly state: Exclude<PanelMeeting, { status: 'none' }>;
  readonly revision: number;
}

/** Serves the meeting routes: a meeting of another area is not found; commands pinned by If-Match. */
@Injectable()
export class PanelMeetingCommands {
  readonly runner: CommandRunner;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {
    this.runner = new CommandRunner(store, clock);
  }

  async load(meetingId: string, principal: Principal, action: Action): Promise<LoadedMeeting> {
    const { events, revision } = await this.store.readStream(panelMeetingStream(meetingId));
    const state = events.reduce(
      (current, event) =>
        panelMeetingDecider.evolve(current, { type: event.type, data: event.data } as PanelMeetingEvent),
      panelMeetingDecider.initialState(),
    );
    if (state.status === 'none' || revision === 'no_stream') throw new MeetingNotFoundError(meetingId);
    if (!canSeeRecord(principal, action, { area: state.area })) throw new MeetingNotFoundError(meetingId);
    return { state, revision };
  }

  /** Minutes are sealed under the meeting's own key (its id). */
  sealMinutes(meetingId: string, minutes: string) {
    return this.cipher.protect(meetingId, minutes);
  }

  async run(
    meetingId: string,
    caller: Caller,
    action: Action,
    ifMatch: number | undefined,
    build: (loaded: LoadedMeeting) => Promise<PanelMeetingCommand> | PanelMeetingCommand,
  ): Promise<CommandAnswer> {
    if (ifMatch === undefined) throw new RevisionRequiredError();
    const loaded = await this.load(meetingId, caller.principal, action);
    if (loaded.revision !== ifMatch) throw new StaleRevisionError(ifMatch, loaded.revision);
    const command = await build(loaded);
    try {
      const outcome = await this.runner.run(
        panelMeetingStream(meetingId),
        panelMeetingDecider,
        command,
        { actor: { id: caller.principal.subject, role: caller.role }, correlationId: caller.correlationId },
        { expectedRevision: ifMatch },
      );
      return { id: meetingId, revision: outcome.revision as number };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new StaleRevisionError(ifMatch, error.actual);
      throw error;
    }
  }
}
