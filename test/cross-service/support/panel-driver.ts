import { randomUUID } from 'node:crypto';
import { CommandRunner, EventStore, SystemClock, type CommandContext } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
import type { RunningTestApp } from '@lib/testing';
import { ageOn, channelCaseDecider } from '../../../apps/channel-panel/src/channel-cases/domain/channel-case.js';
import type {
  ChannelCaseCommand,
  MeetingFacts,
} from '../../../apps/channel-panel/src/channel-cases/domain/channel-case.commands.js';
import {
  channelCaseStream,
  type CaseOpened,
} from '../../../apps/channel-panel/src/channel-cases/domain/channel-case.events.js';
import type { Personal } from '../../../apps/channel-panel/src/channel-cases/domain/personal.js';
import type { PanelMeetingCommand } from '../../../apps/channel-panel/src/panel-meetings/domain/panel-meeting.commands.js';
import {
  meetingFacts,
  panelMeetingDecider,
} from '../../../apps/channel-panel/src/panel-meetings/domain/panel-meeting.js';
import { panelMeetingStream } from '../../../apps/channel-panel/src/panel-meetings/domain/panel-meeting.events.js';

/**
 * The panel's side of a cross-service test: its commands run through its own deciders on its own
 * event store, as its command handlers run them, by named people in their roles. (The panel's
 * write API is not there yet; when it is, these steps move to it.)
 */
export class PanelDriver {
  private readonly store: EventStore;
  private readonly runner: CommandRunner;
  readonly cipher: PersonalDataCipher;

  constructor(panel: RunningTestApp) {
    this.store = panel.app.get(EventStore);
    this.cipher = panel.app.get(PersonalDataCipher, { strict: false });
    this.runner = new CommandRunner(this.store, new SystemClock());
  }

  static readonly coordinator = { id: 'coordinator-1', role: 'channel-coordinator' } as const;
  static readonly chair = { id: 'chair-1', role: 'channel-chair' } as const;
  static readonly provider = { id: 'provider-1', role: 'intervention-provider' } as const;

  /** The case's opening, once the consumer appended it. */
  async opening(caseId: string) {
    const { events } = await this.store.readStream(channelCaseStream(caseId));
    return events.find((event) => event.type === 'CaseOpened') as
      (CaseOpened & { actor: { id: string; role: string }; causationId?: string; correlationId: string }) | undefined;
  }

  async caseEvents(caseId: string) {
    return (await this.store.readStream(channelCaseStream(caseId))).events;
  }

  /** A personal value sealed under the case's subject's key, as the handlers seal what people type. */
  async seal<T>(subjectId: string, value: T): Promise<Personal<T>> {
    return (await this.cipher.protect(subjectId, value)) as Personal<T>;
  }

  async onCase(command: ChannelCaseCommand, actor: CommandContext['actor'] = PanelDriver.coordinator) {
    return this.runner.run(channelCaseStream(command.caseId), channelCaseDecider, command, this.context(actor));
  }

  async onMeeting(command: PanelMeetingCommand, actor: CommandContext['actor'] = PanelDriver.coordinator) {
    return this.runner.run(panelMeetingStream(command.meetingId), panelMeetingDecider, command, this.context(actor));
  }

  /**
   * A meeting of the area's panel with the case on its agenda, held with the chair and the police
   * present (quorate), and the case listed for it: the facts a decision at it needs.
   */
  async quorateMeetingFor(caseId: string, area: string): Promise<MeetingFacts> {
    const meetingId = randomUUID();
    await this.onMeeting({ type: 'ScheduleMeeting', meetingId, area, meetingDate: new Date().toISOString() });
    await this.onMeeting({ type: 'AddCaseToAgenda', meetingId, caseId });
    const scheduled = await this.facts(meetingId, caseId);
    await this.onCase({ type: 'ListCaseForMeeting', caseId, meeting: scheduled });
    await this.onMeeting({
      type: 'RecordAttendance',
      meetingId,
      attendees: [
        { agency: 'local-authority', role: 'chair', userId: PanelDriver.chair.id },
        { agency: 'police', role: 'member', userId: 'police-member-1' },
        { agency: 'education', role: 'member' },
      ],
    });
    return this.facts(meetingId, caseId);
  }

  private async facts(meetingId: string, caseId: string): Promise<MeetingFacts> {
    const { events } = await this.store.readStream(panelMeetingStream(meetingId));
    const state = events.reduce(
      (current, recorded) => panelMeetingDecider.evolve(current, { type: recorded.type, data: recorded.data } as never),
      panelMeetingDecider.initialState(),
    );
    return meetingFacts(state, meetingId, caseId);
  }

  /** The person's age on a day, from the date of birth the intake sent sealed: opened by the panel's cipher. */
  async ageOn(opened: CaseOpened, day: string): Promise<number> {
    const dateOfBirth = await this.cipher.reveal<string>(opened.data.personalDetails.dateOfBirth as Personal<string>);
    return ageOn(dateOfBirth, day);
  }

  private context(actor: CommandContext['actor']): CommandContext {
    return { actor, correlationId: `test-${randomUUID()}` };
  }
}
