import { Module } from '@nestjs/common';
import { MeetingsController } from './meetings.controller.js';
import { PanelDecisionController } from './panel-decision.controller.js';
import { PanelMeetingsApi } from './panel-meetings.api.js';
import { RunningAMeetingController } from './running-a-meeting.controller.js';

/** The web app's Channel panel meeting pages: the list, scheduling, a meeting, its agenda, attendance, decisions, minutes. */
@Module({
  controllers: [MeetingsController, RunningAMeetingController, PanelDecisionController],
  providers: [PanelMeetingsApi],
})
export class MeetingsModule {}
