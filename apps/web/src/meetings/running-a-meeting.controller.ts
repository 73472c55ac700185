import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { Backend } from '../backend/backend.js';
import { checkForm, type FormErrors, NO_ERRORS } from '../forms/form.js';
import { formatDate, formatDateTime, humanise } from '../views/format.js';
import { Views } from '../views/views.js';
import { AddToAgendaForm, AttendanceForm, CancelMeetingForm, MinutesForm } from './meeting-forms.js';
import { quorumOf } from './meeting-view.js';
import {
  AGENCIES,
  ATTENDANCE_ROLES,
  CANCEL_REASONS,
  caseReference,
  caseStageText,
  meetingStatus,
} from './meeting-words.js';
import { type CaseSummary, checkId, type PanelMeeting, PanelMeetingsApi } from './panel-meetings.api.js';
import { type Refusals, refusalErrors } from './refusals.js';
import { seeOther } from '../views/see-other.js';

/** The fewest attendee rows the form shows, and the most "Add another" gives. */
const MIN_ROWS = 4;
const MAX_ROWS = 30;

const MEETING_REFUSALS: Refusals = {
  'panel-meeting.cancelled': { field: 'form', message: 'This meeting was cancelled, so nothing more can be recorded' },
  'panel-meeting.attendance-invalid': {
    field: 'attendees',
    message: 'Check the attendance: name each person once and only one chair',
  },
  'panel-meeting.not-held': {
    field: 'minutes',
    message: 'Record who attended before the minutes: the minutes follow the meeting',
  },
  'panel-meeting.already-held': {
    field: 'reason',
    message: 'The meeting has taken place (its attendance is recorded), so it cannot be cancelled',
  },
};

const LISTING_REFUSALS: Refusals = {
  'channel-case.meeting-cancelled': { field: 'caseId', message: 'This meeting was cancelled: choose another meeting' },
  'channel-case.meeting-in-another-area': {
    field: 'caseId',
    message: 'This case is not one of this panel’s area: it cannot be listed here',
  },
  'channel-case.closed': { field: 'caseId', message: 'This case is closed, so it cannot be listed' },
  'channel-case.with-police': { field: 'caseId', message: 'This case is back with the police, so it cannot be listed' },
};

interface AttendeeRowValues {
  readonly n: number;
  readonly index: number;
  readonly agency: string;
  readonly role: string;
}

/** Running a meeting: its agenda, attendance (which decides quorum), minutes, cancelling it. */
@Controller('meetings/:id')
export class RunningAMeetingController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(Backend) private readonly backend: Backend,
    @Inject(PanelMeetingsApi) private readonly api: PanelMeetingsApi,
  ) {}

  // attendance

  @Get('attendance')
  @Allow('meeting:manage')
  async attendanceForm(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const { meeting, etag } = await this.api.meeting(req, id);
    const agenda = meeting.status === 'held' ? await this.api.agenda(req, id, meeting.revision) : undefined;
    const recorded = agenda?.meeting.attendance ?? [];
    const rows = Array.from({ length: Math.max(MIN_ROWS, recorded.length + 1) }, (_, index) => ({
      n: index + 1,
      index,
      agency: recorded[index]?.agency ?? '',
      role: recorded[index]?.role ?? '',
    }));
    this.renderAttendance(res, meeting, { rows, etag }, NO_ERRORS);
  }

  @Post('attendance')
  @Allow('meeting:manage')
  async attendance(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    checkId(id);
    const count = Math.min(MAX_ROWS, Math.max(1, Number.parseInt(String(body.rows ?? MIN_ROWS), 10) || MIN_ROWS));
    const rows: AttendeeRowValues[] = Array.from({ length: count }, (_, index) => ({
      n: index + 1,
      index,
      agency:
        typeof body[`attendees-${index}-agency`] === 'string' ? (body[`attendees-${index}-agency`] as string) : '',
      role: typeof body[`attendees-${index}-role`] === 'string' ? (body[`attendees-${index}-role`] as string) : '',
    }));
    const etag = typeof body.etag === 'string' ? body.etag : '';
    const typed = { rows, etag };

    if (body.action === 'add-row') {
      // "Add another attendee" without JavaScript: the same form with one more row, nothing recorded
      const { meeting } = await this.api.meeting(req, id);
      const more =
        rows.length < MAX_ROWS ? [...rows, { n: rows.length + 1, index: rows.length, agency: '', role: '' }] : rows;
      return this.renderAttendance(res, meeting, { rows: more, etag }, NO_ERRORS, 200, rows.length);
    }

    const checked = await checkForm(
      AttendanceForm,
      { attendees: rows.map(({ n, agency, role }) => ({ n, agency, role })), etag },
      { attendees: 'attendees-0-agency' },
    );
    if (!checked.ok)
      return this.renderAttendance(res, (await this.api.meeting(req, id)).meeting, typed, checked.errors, 400);

    const attendees = checked.value.attendees
      .filter((attendee) => attendee.agency || attendee.role)
      .map((attendee) => ({ agency: attendee.agency ?? '', role: attendee.role ?? '' }));
    try {
      await this.backend.post(req, 'panel', `/meetings/${id}/attendance`, { attendees }, { ifMatch: etag });
    } catch (error) {
      const errors = refusalErrors(error, MEETING_REFUSALS, {}, { attendees: 'attendees-0-agency' });
      return this.renderAttendance(res, (await this.api.meeting(req, id)).meeting, typed, errors, 400);
    }
    // quorum as the service decided it
    const quorum = quorumOf((await this.api.meeting(req, id)).meeting, attendees);
    return seeOther(req, res, `/meetings/${id}`, { heading: 'Attendance recorded', text: quorum.text });
  }

  // minutes

  @Get('minutes')
  @Allow('meeting:manage')
  async minutesForm(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const { meeting, etag } = await this.api.meeting(req, id);
    this.renderSimple(res, 'meetings/minutes.njk', meeting, { minutes: '', etag }, NO_ERRORS);
  }

  @Post('minutes')
  @Allow('meeting:manage')
  async minutes(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    checkId(id);
    const typed = {
      minutes: typeof body.minutes === 'string' ? body.minutes : '',
      etag: typeof body.etag === 'string' ? body.etag : '',
    };
    const checked = await checkForm(MinutesForm, body);
    if (!checked.ok) {
      const { meeting } = await this.api.meeting(req, id);
      return this.renderSimple(res, 'meetings/minutes.njk', meeting, typed, checked.errors, 400);
    }
    try {
      await this.backend.post(
        req,
        'panel',
        `/meetings/${id}/minutes`,
        { minutes: checked.value.minutes },
        { ifMatch: checked.value.etag },
      );
    } catch (error) {
      const errors = refusalErrors(error, MEETING_REFUSALS);
      const { meeting } = await this.api.meeting(req, id);
      return this.renderSimple(res, 'meetings/minutes.njk', meeting, typed, errors, 400);
    }
    return seeOther(req, res, `/meetings/${id}`, { heading: 'Minutes recorded' });
  }

  // cancelling

  @Get('cancellation')
  @Allow('meeting:manage')
  async cancelForm(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const { meeting, etag } = await this.api.meeting(req, id);
    this.renderSimple(res, 'meetings/cancel.njk', meeting, { reason: '', etag }, NO_ERRORS);
  }

  @Post('cancellation')
  @Allow('meeting:manage')
  async cancel(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    checkId(id);
    const typed = {
      reason: typeof body.reason === 'string' ? body.reason : '',
      etag: typeof body.etag === 'string' ? body.etag : '',
    };
    const checked = await checkForm(CancelMeetingForm, body);
    if (!checked.ok) {
      const { meeting } = await this.api.meeting(req, id);
      return this.renderSimple(res, 'meetings/cancel.njk', meeting, typed, checked.errors, 400);
    }
    try {
      await this.backend.post(
        req,
        'panel',
        `/meetings/${id}/cancellation`,
        { reason: checked.value.reason },
        { ifMatch: checked.value.etag },
      );
    } catch (error) {
      const errors = refusalErrors(error, MEETING_REFUSALS);
      const { meeting } = await this.api.meeting(req, id);
      return this.renderSimple(res, 'meetings/cancel.njk', meeting, typed, errors, 400);
    }
    return seeOther(req, res, `/meetings/${id}`, { heading: 'Meeting cancelled' });
  }

  // the agenda

  @Get('agenda/new')
  @Allow('case:manage')
  async agendaForm(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    const { meeting } = await this.api.meeting(req, id);
    await this.renderAgenda(req, res, meeting, '', NO_ERRORS);
  }

  @Post('agenda')
  @Allow('case:manage')
  async addToAgenda(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    checkId(id);
    const caseId = typeof body.caseId === 'string' ? body.caseId : '';
    const checked = await checkForm(AddToAgendaForm, body);
    const revision = checked.ok ? body[`revision-${checked.value.caseId}`] : undefined;
    if (!checked.ok || typeof revision !== 'string' || !/^\d+$/.test(revision)) {
      const errors = checked.ok
        ? {
            errorList: [{ text: 'Select the case to add to the agenda', href: '#caseId' }],
            errors: { caseId: { text: 'Select the case to add to the agenda' } },
          }
        : checked.errors;
      return this.renderAgenda(req, res, (await this.api.meeting(req, id)).meeting, caseId, errors, 400);
    }
    try {
      await this.backend.post(
        req,
        'panel',
        `/cases/${checkId(checked.value.caseId)}/listings`,
        { meetingId: id },
        { ifMatch: `W/"${revision}"` },
      );
    } catch (error) {
      const errors = refusalErrors(error, LISTING_REFUSALS, { meetingId: 'caseId' });
      return this.renderAgenda(req, res, (await this.api.meeting(req, id)).meeting, caseId, errors, 400);
    }
    return seeOther(req, res, `/meetings/${id}`, {
      heading: 'Case added to the agenda',
      text: `Case ${caseReference(checked.value.caseId)} is listed for this meeting.`,
    });
  }

  private renderAttendance(
    res: Response,
    meeting: PanelMeeting,
    values: { rows: readonly AttendeeRowValues[]; etag: string },
    errors: FormErrors,
    status = 200,
    focusRow?: number,
  ) {
    this.views.render(
      res,
      'meetings/attendance.njk',
      {
        meeting: meetingContext(meeting),
        values,
        agencies: [{ value: '', text: 'Select an agency' }, ...AGENCIES],
        roles: [{ value: '', text: 'Select a part' }, ...ATTENDANCE_ROLES],
        maxRows: MAX_ROWS,
        ...(focusRow !== undefined ? { addedRow: focusRow } : {}),
        ...errors,
      },
      status,
    );
  }

  private renderSimple(
    res: Response,
    template: string,
    meeting: PanelMeeting,
    values: Record<string, string>,
    errors: FormErrors,
    status = 200,
  ) {
    this.views.render(
      res,
      template,
      { meeting: meetingContext(meeting), values, reasons: CANCEL_REASONS, ...errors },
      status,
    );
  }

  private async renderAgenda(
    req: Request,
    res: Response,
    meeting: PanelMeeting,
    caseId: string,
    errors: FormErrors,
    status = 200,
  ) {
    const cases =
      meeting.status === 'cancelled'
        ? []
        : (await this.api.cases(req, ['open', 'deferred', 'adopted']))
            .filter((found) => !meeting.agenda.includes(found.caseId))
            .sort((a, b) => (a.referredAt ?? '').localeCompare(b.referredAt ?? ''));
    this.views.render(
      res,
      'meetings/agenda.njk',
      {
        meeting: meetingContext(meeting),
        values: { caseId },
        cases: cases.map((found) => ({ caseId: found.caseId, revision: found.revision })),
        caseItems: cases.map((found) => ({
          value: found.caseId,
          text: `Case ${caseReference(found.caseId)}`,
          hint: { text: hintOf(found) },
        })),
        ...errors,
      },
      status,
    );
  }
}

function hintOf(found: CaseSummary): string {
  return [
    found.referredAt ? `Referred ${formatDate(found.referredAt)}` : '',
    (found.concernTypes ?? []).map((code) => humanise(code)).join(', '),
    caseStageText(found.status),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What every meeting form page shows of the meeting. */
export function meetingContext(meeting: PanelMeeting) {
  return {
    id: meeting.meetingId,
    meetingDate: meeting.meetingDate,
    when: formatDateTime(meeting.meetingDate),
    status: meeting.status,
    statusTag: meetingStatus(meeting.status),
    cancelled: meeting.status === 'cancelled',
    held: meeting.status === 'held',
    quorate: meeting.quorate,
    agendaSize: meeting.agenda.length,
  };
}
