import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@lib/event-store';
import { advance, createAtRevision, type Projection } from '@lib/platform';
import type { EntityManager } from 'typeorm';
import { londonDate } from '../../../work-lists/domain/calendar-days.js';
import { meetingIdOf, PANEL_MEETING_CATEGORY, type PanelMeetingEvent } from '../../domain/panel-meeting.events.js';
import { MeetingListRow } from './meeting-list.row.js';

/** Keeps {@link MeetingListRow} from the panel meeting streams, one revision at a time. */
@Injectable()
export class MeetingListProjection implements Projection {
  readonly name = 'meeting_list';
  /** The store's category is a stream id up to its first `-`: `panel` holds the `panel-meeting-<uuid>` streams. */
  readonly categories = [PANEL_MEETING_CATEGORY.split('-')[0]];
  readonly entities = [MeetingListRow];

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    if (meetingIdOf(recorded.streamId) === undefined) return;
    const event = recorded as RecordedEvent & PanelMeetingEvent;
    if (event.type === 'PanelMeetingScheduled') {
      const { data } = event;
      const meetingAt = new Date(data.meetingDate);
      await createAtRevision(
        manager,
        MeetingListRow,
        this.name,
        { meetingId: data.meetingId },
        {
          meetingId: data.meetingId,
          revision: recorded.revision,
          area: data.area,
          meetingAt,
          meetingOn: londonDate(meetingAt),
          status: 'scheduled',
          agenda: [],
          attendance: [],
          quorate: null,
          minutesRecordedAt: null,
          scheduledAt: new Date(data.scheduledAt),
          cancelledAt: null,
        },
      );
      return;
    }
    const key = { meetingId: event.data.meetingId };
    const row = await manager.findOneBy(MeetingListRow, key);
    await advance(manager, MeetingListRow, this.name, key, recorded.revision, row ? this.change(event, row) : {});
  }

  private change(event: PanelMeetingEvent, row: MeetingListRow): Partial<MeetingListRow> {
    switch (event.type) {
      case 'PanelMeetingScheduled':
        return {};
      case 'CaseAddedToAgenda':
        return row.agenda.includes(event.data.caseId) ? {} : { agenda: [...row.agenda, event.data.caseId] };
      case 'AttendanceRecorded':
        return {
          attendance: event.data.attendees.map((attendee) => ({ agency: attendee.agency, role: attendee.role })),
          quorate: event.data.quorate,
        };
      case 'MinutesRecorded':
        return { minutesRecordedAt: new Date(event.data.recordedAt) };
      case 'PanelMeetingCancelled':
        return { status: 'cancelled', cancelledAt: new Date(event.data.cancelledAt) };
      default: {
        const unknown: never = event;
        void unknown;
        return {};
      }
    }
  }
}
