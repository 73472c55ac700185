import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { Backend } from '../backend/backend.js';
import { checkForm, type FormErrors, NO_ERRORS } from '../forms/form.js';
import { Views } from '../views/views.js';
import { DecisionForm } from './meeting-forms.js';
import { caseName, quorumOf } from './meeting-view.js';
import {
  caseReference,
  DECISIONS,
  NOT_ADOPTED_OUTCOMES,
  REFERRED_TO_CODE_LIST,
  REFERRED_TO_SERVICES,
} from './meeting-words.js';
import {
  checkId,
  type MeetingAttendance,
  type PanelCase,
  type PanelMeeting,
  PanelMeetingsApi,
} from './panel-meetings.api.js';
import { meetingContext } from './running-a-meeting.controller.js';
import { type Refusals, refusalErrors } from './refusals.js';
import { seeOther } from '../views/see-other.js';

const DECISION_REFUSALS: Refusals = {
  'channel-case.meeting-not-quorate': {
    field: 'decision',
    message:
      'The panel cannot record a decision at this meeting because it is not quorate: the chair and the police must both be recorded as present. Record the attendance first.',
  },
  'channel-case.not-on-agenda': {
    field: 'decision',
    message: 'This case is not on the meeting’s agenda: add it to the agenda first',
  },
  'channel-case.meeting-cancelled': {
    field: 'decision',
    message: 'This meeting was cancelled, so no decision can be recorded at it',
  },
  'channel-case.meeting-in-another-area': {
    field: 'decision',
    message: 'This meeting is not one of the case’s area panel',
  },
  'channel-case.already-decided': {
    field: 'decision',
    message: 'The panel’s decision on this case has already been recorded',
  },
  'channel-case.closed': { field: 'decision', message: 'This case is closed, so no decision can be recorded' },
  'channel-case.with-police': {
    field: 'decision',
    message: 'This case is back with the police, so no decision can be recorded',
  },
  'channel-case.referred-to-required': {
    field: 'referredTo',
    message: 'Select the services the person is referred to',
  },
  'channel-case.referred-to-not-applicable': {
    field: 'referredTo',
    message: 'Only select services when the person is referred to other services',
  },
  'channel-case.risk-view-required': {
    field: 'riskView',
    message: 'Enter the panel’s view of the risk, for the police',
  },
};

const RECORDED: Record<string, string> = {
  adopt: 'adopted as a Channel case',
  'not-adopted': 'not adopted',
  defer: 'decision deferred',
};

const FIELDS = ['decision', 'outcome', 'riskView', 'rationale', 'etag'] as const;

/**
 * The panel's decision on a case on the meeting's agenda: adopt, not adopt (and what happens
 * instead) or defer, always with the rationale. Recorded on the case (`POST /cases/:id/decision`)
 * with this meeting's id; the service refuses a meeting that is not quorate.
 */
@Controller('meetings/:id/cases/:caseId/decision')
export class PanelDecisionController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(Backend) private readonly backend: Backend,
    @Inject(PanelMeetingsApi) private readonly api: PanelMeetingsApi,
  ) {}

  @Get()
  @Allow('case:decide')
  async form(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('caseId') caseId: string) {
    const { meeting, record, etag, attendance } = await this.read(req, id, caseId);
    this.render(
      res,
      meeting,
      record,
      attendance,
      { decision: '', outcome: '', riskView: '', rationale: '', etag },
      [],
      NO_ERRORS,
    );
  }

  @Post()
  @Allow('case:decide')
  async decide(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Param('caseId') caseId: string,
    @Body() body: Record<string, unknown>,
  ) {
    checkId(id);
    checkId(caseId);
    const typed = Object.fromEntries(
      FIELDS.map((name) => [name, typeof body[name] === 'string' ? (body[name] as string) : '']),
    ) as Record<(typeof FIELDS)[number], string>;
    const referredTo = (Array.isArray(body.referredTo) ? body.referredTo : [body.referredTo]).filter(
      (code): code is string => typeof code === 'string' && code !== '',
    );
    const checked = await checkForm(DecisionForm, body, {
      decision: 'decision',
      outcome: 'outcome',
      referredTo: 'referredTo',
    });
    if (!checked.ok) {
      const { meeting, record, attendance } = await this.read(req, id, caseId);
      return this.render(res, meeting, record, attendance, typed, referredTo, checked.errors, 400);
    }
    const form = checked.value;
    const notAdopted = form.decision === 'not-adopted';
    const request = {
      meetingId: id,
      decision: form.decision,
      ...(notAdopted ? { outcome: form.outcome } : {}),
      ...(notAdopted && form.outcome === 'referred-to-other-services'
        ? { referredTo: { codeList: REFERRED_TO_CODE_LIST, codes: form.referredTo } }
        : {}),
      ...(notAdopted && form.outcome === 'returned-to-police' ? { riskView: form.riskView } : {}),
      rationale: form.rationale,
    };
    try {
      await this.backend.post(req, 'panel', `/cases/${caseId}/decision`, request, { ifMatch: form.etag });
    } catch (error) {
      const errors = refusalErrors(error, DECISION_REFUSALS, {
        'referredTo.codes': 'referredTo',
        meetingId: 'decision',
      });
      const { meeting, record, attendance } = await this.read(req, id, caseId);
      return this.render(res, meeting, record, attendance, typed, referredTo, errors, 400);
    }
    return seeOther(req, res, `/meetings/${id}`, {
      heading: 'Decision recorded',
      text: `Case ${caseReference(caseId)}: ${RECORDED[form.decision] ?? form.decision}.`,
    });
  }

  /** The meeting (the case must be on its agenda) and the case with its ETag. */
  private async read(req: Request, meetingId: string, caseId: string) {
    const { meeting } = await this.api.meeting(req, meetingId);
    if (!meeting.agenda.includes(checkId(caseId))) throw new NotFoundException();
    const [{ record, etag }, agenda] = await Promise.all([
      this.api.case(req, caseId),
      meeting.status === 'held' ? this.api.agenda(req, meetingId, meeting.revision) : undefined,
    ]);
    return { meeting, record, etag, attendance: agenda?.meeting.attendance ?? [] };
  }

  private render(
    res: Response,
    meeting: PanelMeeting,
    record: PanelCase,
    attendance: readonly MeetingAttendance[],
    values: Record<string, string>,
    referredTo: readonly string[],
    errors: FormErrors,
    status = 200,
  ) {
    this.views.render(
      res,
      'meetings/decision.njk',
      {
        meeting: meetingContext(meeting),
        quorum: quorumOf(meeting, attendance),
        person: caseName(record.events) ?? `Case ${caseReference(record.caseId)}`,
        caseId: record.caseId,
        reference: caseReference(record.caseId),
        caseOpen: record.status === 'open',
        caseStatus: record.status,
        values,
        referredTo,
        decisions: DECISIONS,
        outcomes: NOT_ADOPTED_OUTCOMES,
        services: REFERRED_TO_SERVICES,
        ...errors,
      },
      status,
    );
  }
}
