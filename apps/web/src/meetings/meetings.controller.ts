import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { may } from '../auth/web-access.js';
import { Backend } from '../backend/backend.js';
import { checkForm, type FormErrors, isoDate, NO_ERRORS } from '../forms/form.js';
import { formatDateTime } from '../views/format.js';
import { Views } from '../views/views.js';
import { ScheduleMeetingForm } from './meeting-forms.js';
import { londonToday } from '../views/format.js';
import { londonInstant, parseTime } from './meeting-time.js';
import { meetingView } from './meeting-view.js';
import { meetingStatus } from './meeting-words.js';
import { type MeetingSummary, PanelMeetingsApi } from './panel-meetings.api.js';
import { refusalErrors } from './refusals.js';
import { seeOther } from '../views/see-other.js';

const PAST_PAGE_SIZE = 25;

/** The Channel panel's meetings: the list, scheduling one, and a meeting's page. */
@Controller('meetings')
export class MeetingsController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(Backend) private readonly backend: Backend,
    @Inject(PanelMeetingsApi) private readonly api: PanelMeetingsApi,
  ) {}

  @Get()
  @Allow('case:read')
  async list(@Req() req: Request, @Res() res: Response, @Query('page') page?: string) {
    const today = londonToday();
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const upcoming = await this.api.list(req, { from: today, limit: 100 });
    // the service lists soonest first; the past is shown latest first, a page at a time
    const pastTotal = (await this.api.list(req, { to: yesterday, limit: 1 })).total;
    const pages = Math.max(1, Math.ceil(pastTotal / PAST_PAGE_SIZE));
    const current = Math.min(Math.max(1, Number.parseInt(page ?? '1', 10) || 1), pages);
    const end = pastTotal - (current - 1) * PAST_PAGE_SIZE;
    const offset = Math.max(0, end - PAST_PAGE_SIZE);
    const past =
      end > 0 ? (await this.api.list(req, { to: yesterday, offset, limit: end - offset })).items.reverse() : [];
    this.views.render(res, 'meetings/list.njk', {
      upcoming: upcoming.items.map(row),
      upcomingTotal: upcoming.total,
      past: past.map(row),
      pastTotal,
      pastPage: current,
      pastPages: pages,
      mayManage: may(req.session.user, 'meeting:manage'),
    });
  }

  @Get('new')
  @Allow('meeting:manage')
  scheduleForm(@Req() req: Request, @Res() res: Response) {
    this.renderSchedule(req, res, { idempotencyKey: randomUUID() }, NO_ERRORS);
  }

  @Post()
  @Allow('meeting:manage')
  async schedule(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const typed = typedValues(body, ['meetingDate-day', 'meetingDate-month', 'meetingDate-year', 'meetingTime']);
    const idempotencyKey = typeof body.idempotencyKey === 'string' ? body.idempotencyKey : randomUUID();
    const checked = await checkForm(ScheduleMeetingForm, body);
    if (!checked.ok) return this.renderSchedule(req, res, { ...typed, idempotencyKey }, checked.errors, 400);
    const area = req.session.user?.area;
    if (!area) {
      return this.renderSchedule(req, res, { ...typed, idempotencyKey }, noArea(), 400);
    }
    const form = checked.value;
    const day = isoDate(form['meetingDate-day'], form['meetingDate-month'], form['meetingDate-year']) as string;
    const meetingDate = londonInstant(day, parseTime(form.meetingTime) as { hours: number; minutes: number });
    let created: { id: string };
    try {
      created = (
        await this.backend.post<{ id: string }>(req, 'panel', '/meetings', { area, meetingDate }, { idempotencyKey })
      ).body;
    } catch (error) {
      const errors = refusalErrors(error, {}, { meetingDate: 'meetingDate-day', area: 'meetingDate-day' });
      return this.renderSchedule(req, res, { ...typed, idempotencyKey }, errors, 400);
    }
    return seeOther(req, res, `/meetings/${created.id}`, {
      heading: 'Panel meeting scheduled',
      text: `For ${formatDateTime(meetingDate)}.`,
    });
  }

  @Get(':id')
  @Allow('case:read')
  async show(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const { meeting } = await this.api.meeting(req, id);
    const agenda = await this.api.agenda(req, meeting.meetingId, meeting.revision);
    const timelines = await this.api.timelines(req, meeting.agenda);
    const user = req.session.user;
    this.views.render(res, 'meetings/meeting.njk', {
      meeting: meetingView(meeting, agenda, timelines, user, may(user, 'case:decide')),
      mayManage: may(user, 'meeting:manage'),
      mayList: may(user, 'case:manage'),
    });
  }

  private renderSchedule(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FormErrors,
    status = 200,
  ) {
    this.views.render(res, 'meetings/schedule.njk', { values, ...errors, area: req.session.user?.area }, status);
  }
}

function noArea(): FormErrors {
  return {
    errorList: [{ text: 'Your account has no area, so it cannot schedule a meeting', href: '#meetingDate-day' }],
    errors: { 'meetingDate-day': { text: 'Your account has no area, so it cannot schedule a meeting' } },
  };
}

/** What the user typed in the named fields, as strings (nothing lost when the page is shown again). */
export function typedValues(body: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, typeof body[name] === 'string' ? body[name] : '']));
}

function row(meeting: MeetingSummary) {
  const held = meeting.status !== 'cancelled' && meeting.quorate !== null;
  const status = meetingStatus(meeting.status === 'cancelled' ? 'cancelled' : held ? 'held' : 'scheduled');
  return {
    id: meeting.meetingId,
    meetingAt: meeting.meetingAt,
    status,
    quorum: meeting.quorate === null ? '' : meeting.quorate ? 'Quorate' : 'Not quorate',
    agendaSize: meeting.agendaSize,
    minutes: meeting.minutesRecorded ? 'Recorded' : 'Not recorded',
  };
}
