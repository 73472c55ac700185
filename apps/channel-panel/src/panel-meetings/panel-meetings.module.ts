import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@lib/event-store';
import { PanelMeetingCommands } from './meeting-commands.js';
import { RunMeetingHttpController } from './running-a-meeting/run-meeting.http.controller.js';
import { ScheduleMeetingHttpController } from './scheduling-a-meeting/schedule-meeting.http.controller.js';

/** The write side of panel meetings: scheduling, attendance, minutes, cancelling. */
@Module({
  controllers: [ScheduleMeetingHttpController, RunMeetingHttpController],
  providers: [{ provide: Clock, useClass: SystemClock }, PanelMeetingCommands],
})
export class PanelMeetingsModule {}
