import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { BackendProblem } from '../backend/backend.js';
import { formErrors, type FormErrors, NO_ERRORS, problemErrors } from '../forms/form.js';
import { Views } from '../views/views.js';
import { IntakeApi, isErased, referralIdOf, type ReferralRecord, type SubjectRecord } from './intake-api.js';
import {
  areaName,
  ASSESSMENT_TEMPLATE,
  DECISION_OUTCOMES,
  DECONFLICTION_OPTIONS,
  GENDER_OPTIONS,
  LAWFUL_BASIS_OPTIONS,
  OUTCOME_OPTIONS,
  SECTOR_OPTIONS,
  SIGNPOSTING_LIST,
  SIGNPOSTING_OPTIONS,
  WITHDRAWAL_OPTIONS,
} from './referral-codes.js';
import {
  ASSESSMENT_ORDER,
  assessmentChecks,
  AssessmentForm,
  AssignForm,
  checkAnswers,
  CORRECTION_ORDER,
  CorrectionForm,
  DATE_OF_BIRTH_IDS,
  dateValue,
  DECISION_ORDER,
  DecisionForm,
  DeconflictionForm,
  InformationReplyForm,
  InformationRequestForm,
  personDateCheck,
  SignOffForm,
  WithdrawForm,
} from './referral-forms.js';
import { addressOf } from './referral-request.js';
import { shown } from './new-referral.controller.js';
import { informationRequests, shortReference, whoIs } from './referral-view.js';
import { seeOther } from '../views/see-other.js';

type Body = Record<string, unknown>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,80}$/;

/** One action page: its template, the intake's step it posts to, and what the flash says. */
interface ActionPage {
  readonly template: string;
  readonly path: string;
  readonly done: string;
}

const PAGES = {
  acknowledge: { template: 'referrals/actions/acknowledge.njk', path: 'acknowledge', done: 'Referral acknowledged' },
  assign: { template: 'referrals/actions/assign.njk', path: 'assign', done: 'Officer assigned' },
  deconfliction: {
    template: 'referrals/actions/deconfliction.njk',
    path: 'deconfliction',
    done: 'De-confliction recorded',
  },
  informationRequest: {
    template: 'referrals/actions/information-request.njk',
    path: 'information-requests/new',
    done: 'Information request recorded',
  },
  informationReply: {
    template: 'referrals/actions/information-reply.njk',
    path: 'information-requests/:requestId/reply',
    done: 'Partner’s reply recorded',
  },
  assessment: {
    template: 'referrals/actions/assessment.njk',
    path: 'assessment',
    done: 'Gateway assessment recorded',
  },
  decision: { template: 'referrals/actions/decision.njk', path: 'decision', done: 'Decision recorded' },
  signOff: { template: 'referrals/actions/sign-off.njk', path: 'sign-off', done: 'Decision signed off' },
  withdraw: { template: 'referrals/actions/withdraw.njk', path: 'withdraw', done: 'Referral withdrawn' },
  correct: {
    template: 'referrals/actions/correct-person.njk',
    path: 'person/correct',
    done: 'The person’s details were corrected',
  },
} satisfies Record<string, ActionPage>;

const etagOf = (body: Body) => (typeof body.etag === 'string' && body.etag !== '' ? body.etag : undefined);

/**
 * The actions on a referral, each its own page with a form: acknowledge, assign, de-confliction,
 * information requests and their replies, the gateway assessment, the decision, sign-off,
 * withdrawal and corrections of the person's details. Every form carries the ETag the page was
 * built from and sends it as If-Match, so a change made meanwhile by someone else is a conflict
 * (409 page), never overwritten.
 */
@Controller('referrals/:id')
export class ReferralActionsController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(IntakeApi) private readonly intake: IntakeApi,
  ) {}

  // ---- acknowledge -----------------------------------------------------------------------

  @Get('acknowledge')
  @Allow('referral:triage')
  async acknowledgePage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, referral, etag } = await this.load(req, param);
    this.page(res, PAGES.acknowledge, id, etag, {}, NO_ERRORS, 200, { acknowledged: referral.acknowledged });
  }

  @Post('acknowledge')
  @Allow('referral:triage')
  async acknowledge(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    await this.run(req, res, PAGES.acknowledge, id, body, () =>
      this.intake.command(req, id, 'acknowledgement', {}, etagOf(body)),
    );
  }

  // ---- assign ----------------------------------------------------------------------------

  @Get('assign')
  @Allow('referral:assign')
  async assignPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, referral, etag } = await this.load(req, param);
    const user = req.session.user!;
    const values =
      referral.officerId === null
        ? {}
        : referral.officerId === user.sub
          ? { assignTo: 'me' }
          : { assignTo: 'other', officerId: referral.officerId };
    this.page(res, PAGES.assign, id, etag, values, NO_ERRORS, 200, this.assignContext(req, referral.officerId));
  }

  @Post('assign')
  @Allow('referral:assign')
  async assign(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    const checked = await checkAnswers<AssignForm>([AssignForm], body, { order: ['assignTo', 'officerId'] });
    const context = this.assignContext(req, undefined);
    if (!checked.ok) return this.page(res, PAGES.assign, id, etagOf(body), body, checked.errors, 400, context);
    const officerId = checked.value.assignTo === 'me' ? req.session.user!.sub : checked.value.officerId!;
    await this.run(
      req,
      res,
      PAGES.assign,
      id,
      body,
      () => this.intake.command(req, id, 'assignment', { officerId }, etagOf(body)),
      {
        fields: { officerId: 'officerId' },
        context,
      },
    );
  }

  private assignContext(req: Request, current: string | null | undefined) {
    const user = req.session.user!;
    return { you: whoIs(user.sub, user), currentOfficer: whoIs(current, user) };
  }

  // ---- de-confliction --------------------------------------------------------------------

  @Get('deconfliction')
  @Allow('referral:triage')
  async deconflictionPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, etag } = await this.load(req, param);
    this.page(res, PAGES.deconfliction, id, etag, {}, NO_ERRORS, 200, { options: DECONFLICTION_OPTIONS });
  }

  @Post('deconfliction')
  @Allow('referral:triage')
  async deconfliction(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    const checked = await checkAnswers<DeconflictionForm>([DeconflictionForm], body);
    const context = { options: DECONFLICTION_OPTIONS };
    if (!checked.ok) return this.page(res, PAGES.deconfliction, id, etagOf(body), body, checked.errors, 400, context);
    await this.run(
      req,
      res,
      PAGES.deconfliction,
      id,
      body,
      () => this.intake.command(req, id, 'deconfliction', { result: checked.value.result }, etagOf(body)),
      {
        fields: { result: 'result' },
        context,
        done:
          checked.value.result === 'clear' ? 'De-confliction recorded as clear' : 'Referral closed: live investigation',
      },
    );
  }

  // ---- information requests and replies ----------------------------------------------------

  @Get('information-requests/new')
  @Allow('referral:triage')
  async informationRequestPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, etag } = await this.load(req, param);
    const values = { requestId: randomBytes(6).toString('hex').toUpperCase() };
    this.page(res, PAGES.informationRequest, id, etag, values, NO_ERRORS, 200, this.requestContext());
  }

  @Post('information-requests/new')
  @Allow('referral:triage')
  async informationRequest(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    const checked = await checkAnswers<InformationRequestForm>([InformationRequestForm], body, {
      order: ['requestId', 'partnerSector', 'organisation', 'contact', 'lawfulBasis', 'request'],
    });
    const page = PAGES.informationRequest;
    if (!checked.ok) return this.page(res, page, id, etagOf(body), body, checked.errors, 400, this.requestContext());
    const form = checked.value;
    await this.run(
      req,
      res,
      page,
      id,
      body,
      () =>
        this.intake.command(
          req,
          id,
          'information-requests',
          {
            requestId: form.requestId,
            partnerSector: form.partnerSector,
            organisation: form.organisation,
            ...(form.contact ? { contact: form.contact } : {}),
            lawfulBasis: form.lawfulBasis,
            request: form.request,
          },
          etagOf(body),
        ),
      { context: this.requestContext() },
    );
  }

  private requestContext() {
    return { sectorOptions: SECTOR_OPTIONS, lawfulBasisOptions: LAWFUL_BASIS_OPTIONS };
  }

  @Get('information-requests/:requestId/reply')
  @Allow('referral:triage')
  async replyPage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') param: string,
    @Param('requestId') requestId: string,
  ) {
    const { id, referral, etag } = await this.load(req, param);
    const request = informationRequests(referral).find((candidate) => candidate.requestId === requestId);
    if (!request) throw new NotFoundException();
    this.page(res, PAGES.informationReply, id, etag, {}, NO_ERRORS, 200, this.replyContext(id, requestId, request));
  }

  @Post('information-requests/:requestId/reply')
  @Allow('referral:triage')
  async reply(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') param: string,
    @Param('requestId') requestId: string,
    @Body() body: Body,
  ) {
    const id = referralIdOf(param);
    if (!REQUEST_ID.test(requestId)) throw new NotFoundException();
    const checked = await checkAnswers<InformationReplyForm>([InformationReplyForm], body, {
      order: ['lawfulBasis', 'information'],
    });
    const context = this.replyContext(id, requestId, undefined);
    if (!checked.ok)
      return this.page(res, PAGES.informationReply, id, etagOf(body), body, checked.errors, 400, context);
    await this.run(
      req,
      res,
      PAGES.informationReply,
      id,
      body,
      () =>
        this.intake.command(
          req,
          id,
          `information-requests/${encodeURIComponent(requestId)}/reply`,
          { lawfulBasis: checked.value.lawfulBasis, information: checked.value.information },
          etagOf(body),
        ),
      { context },
    );
  }

  private replyContext(
    id: string,
    requestId: string,
    request: ReturnType<typeof informationRequests>[number] | undefined,
  ) {
    return {
      requestId,
      request,
      lawfulBasisOptions: LAWFUL_BASIS_OPTIONS,
      action: `/referrals/${id}/information-requests/${encodeURIComponent(requestId)}/reply`,
    };
  }

  // ---- the gateway assessment -------------------------------------------------------------

  @Get('assessment')
  @Allow('referral:triage')
  async assessmentPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, etag } = await this.load(req, param);
    this.page(res, PAGES.assessment, id, etag, {}, NO_ERRORS, 200, { template: ASSESSMENT_TEMPLATE });
  }

  @Post('assessment')
  @Allow('referral:triage')
  async assessment(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    const checked = await checkAnswers<AssessmentForm>([AssessmentForm], body, {
      order: ASSESSMENT_ORDER,
      extra: assessmentChecks,
    });
    const context = { template: ASSESSMENT_TEMPLATE };
    if (!checked.ok) return this.page(res, PAGES.assessment, id, etagOf(body), body, checked.errors, 400, context);
    const answers = ASSESSMENT_TEMPLATE.dimensions.map((dimension) => ({
      dimension: dimension.code,
      rating: body[`rating-${dimension.code}`] as string,
      notes: (body[`notes-${dimension.code}`] as string).trim(),
    }));
    await this.run(
      req,
      res,
      PAGES.assessment,
      id,
      body,
      () =>
        this.intake.command(
          req,
          id,
          'gateway-assessment',
          {
            templateId: ASSESSMENT_TEMPLATE.id,
            templateVersion: ASSESSMENT_TEMPLATE.version,
            answers,
            summary: checked.value.summary,
          },
          etagOf(body),
        ),
      { context },
    );
  }

  // ---- the decision and its sign-off ------------------------------------------------------

  @Get('decision')
  @Allow('referral:decide')
  async decisionPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, referral, etag } = await this.load(req, param);
    this.page(
      res,
      PAGES.decision,
      id,
      etag,
      { channelArea: referral.profile.area },
      NO_ERRORS,
      200,
      this.decisionContext(),
    );
  }

  @Post('decision')
  @Allow('referral:decide')
  async decision(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    const checked = await checkAnswers<DecisionForm>([DecisionForm], body, {
      order: DECISION_ORDER,
      fieldIds: { signpostedTo: 'signpostedTo', mashReferral: 'mashReferral' },
    });
    const context = this.decisionContext();
    if (!checked.ok) return this.page(res, PAGES.decision, id, etagOf(body), body, checked.errors, 400, context);
    const form = checked.value;
    const request = {
      outcome: form.outcome,
      ...(form.outcome === 'signposted'
        ? {
            signpostedTo: { codeList: SIGNPOSTING_LIST, codes: form.signpostedTo ?? [] },
            ...(form.mashReferral ? { mashReferral: form.mashReferral === 'yes' } : {}),
          }
        : {}),
      ...(form.outcome === 'referred-to-channel' ? { channelArea: form.channelArea } : {}),
      rationale: form.rationale,
    };
    await this.run(
      req,
      res,
      PAGES.decision,
      id,
      body,
      () => this.intake.command(req, id, 'decision', request, etagOf(body)),
      {
        fields: { 'signpostedTo.codes': 'signpostedTo', signpostedTo: 'signpostedTo' },
        context,
      },
    );
  }

  private decisionContext() {
    return {
      outcomeOptions: OUTCOME_OPTIONS.filter((option) =>
        (DECISION_OUTCOMES as readonly string[]).includes(option.value),
      ),
      signpostingOptions: SIGNPOSTING_OPTIONS,
    };
  }

  @Get('sign-off')
  @Allow('referral:sign-off')
  async signOffPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, referral, etag } = await this.load(req, param);
    this.page(res, PAGES.signOff, id, etag, {}, NO_ERRORS, 200, this.signOffContext(req, referral));
  }

  @Post('sign-off')
  @Allow('referral:sign-off')
  async signOff(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    const checked = await checkAnswers<SignOffForm>([SignOffForm], body, { order: ['comment'] });
    if (!checked.ok) return this.page(res, PAGES.signOff, id, etagOf(body), body, checked.errors, 400, {});
    const comment = checked.value.comment;
    await this.run(req, res, PAGES.signOff, id, body, () =>
      this.intake.command(req, id, 'decision/sign-off', comment ? { comment } : {}, etagOf(body)),
    );
  }

  private signOffContext(req: Request, referral: ReferralRecord) {
    const decided = [...referral.events].reverse().find((event) => event.type === 'ReferralDecided');
    if (!decided) return {};
    const rationale = decided.data.rationale;
    return {
      decision: {
        outcome: OUTCOME_OPTIONS.find((option) => option.value === decided.data.outcome)?.text ?? '',
        channelArea: areaName(decided.data.channelArea),
        rationale: isErased(rationale) ? 'Erased' : String(rationale ?? ''),
        by: whoIs(decided.data.decidedBy as string, req.session.user),
        at: decided.recordedAt,
      },
    };
  }

  // ---- withdrawal -------------------------------------------------------------------------

  @Get('withdraw')
  @Allow('referral:withdraw')
  async withdrawPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, etag } = await this.load(req, param);
    this.page(res, PAGES.withdraw, id, etag, {}, NO_ERRORS, 200, { reasonOptions: WITHDRAWAL_OPTIONS });
  }

  @Post('withdraw')
  @Allow('referral:withdraw')
  async withdraw(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const id = referralIdOf(param);
    const checked = await checkAnswers<WithdrawForm>([WithdrawForm], body, { order: ['reason', 'explanation'] });
    const context = { reasonOptions: WITHDRAWAL_OPTIONS };
    if (!checked.ok) return this.page(res, PAGES.withdraw, id, etagOf(body), body, checked.errors, 400, context);
    await this.run(
      req,
      res,
      PAGES.withdraw,
      id,
      body,
      () =>
        this.intake.command(
          req,
          id,
          'withdrawal',
          { reason: checked.value.reason, explanation: checked.value.explanation },
          etagOf(body),
        ),
      { context },
    );
  }

  // ---- corrections of the person's details ------------------------------------------------

  @Get('person/correct')
  @Allow('subject:correct')
  async correctPage(@Req() req: Request, @Res() res: Response, @Param('id') param: string) {
    const { id, referral } = await this.load(req, param);
    const { value: subject, etag } = await this.intake.subject(req, referral.subjectId);
    this.page(res, PAGES.correct, id, etag, currentAnswers(subject), NO_ERRORS, 200, this.correctContext(subject));
  }

  @Post('person/correct')
  @Allow('subject:correct')
  async correct(@Req() req: Request, @Res() res: Response, @Param('id') param: string, @Body() body: Body) {
    const { id, referral } = await this.load(req, param);
    const { value: subject } = await this.intake.subject(req, referral.subjectId);
    const context = this.correctContext(subject);
    const checked = await checkAnswers<CorrectionForm>([CorrectionForm], body, {
      order: CORRECTION_ORDER,
      extra: personDateCheck,
      fieldIds: DATE_OF_BIRTH_IDS,
    });
    if (!checked.ok) return this.page(res, PAGES.correct, id, etagOf(body), body, checked.errors, 400, context);
    if (Object.keys(changedDetails(body, subject)).length === 0) {
      const errors = formErrors([
        { field: 'givenNames', message: 'Change at least one of the person’s details, or cancel' },
      ]);
      return this.page(res, PAGES.correct, id, etagOf(body), body, errors, 400, context);
    }
    const changes = changedDetails(body, subject);
    await this.run(
      req,
      res,
      PAGES.correct,
      id,
      body,
      () =>
        this.intake.correctSubject(req, subject.subjectId, { ...changes, reason: checked.value.reason }, etagOf(body)),
      {
        fields: {
          'name.givenNames': 'givenNames',
          'name.familyName': 'familyName',
          dateOfBirth: 'dateOfBirth',
          gender: 'gender',
          'address.lines': 'addressLine1',
          'address.postcode': 'postcode',
          reason: 'reason',
        },
        context,
      },
    );
  }

  private correctContext(subject: SubjectRecord) {
    return { genderOptions: GENDER_OPTIONS, erased: isErased(subject.details.name) };
  }

  // ---- the parts every action shares --------------------------------------------------------

  /** The referral as the form is built from it: its ETag goes in the form, back as If-Match. */
  private async load(req: Request, param: string): Promise<{ id: string; referral: ReferralRecord; etag: string }> {
    const id = referralIdOf(param);
    const { value, etag } = await this.intake.referral(req, id);
    return { id, referral: value, etag };
  }

  private page(
    res: Response,
    page: ActionPage,
    id: string,
    etag: string | undefined,
    values: Body,
    errors: FormErrors,
    status: number,
    context: Record<string, unknown> = {},
  ) {
    this.views.render(
      res,
      page.template,
      {
        id,
        reference: shortReference(id),
        etag: etag ?? '',
        action: `/referrals/${id}/${page.path}`,
        values: shown(values),
        ...errors,
        backLink: { href: `/referrals/${id}`, text: 'Back to the referral' },
        ...context,
      },
      status,
    );
  }

  /**
   * Sends the command; on success a flash and back to the referral (post/redirect/get). A refusal
   * the user can fix (400, or a rule of the process, 422) shows the form again with the service's
   * words and everything typed; a stale ETag (412) or a conflict (409) is the conflict page.
   */
  private async run(
    req: Request,
    res: Response,
    page: ActionPage,
    id: string,
    body: Body,
    command: () => Promise<unknown>,
    options: { fields?: Record<string, string>; context?: Record<string, unknown>; done?: string } = {},
  ): Promise<void> {
    try {
      await command();
    } catch (error) {
      if (error instanceof BackendProblem && (error.status === 400 || error.status === 422)) {
        return this.page(
          res,
          page,
          id,
          etagOf(body),
          body,
          problemErrors(error, options.fields ?? {}, DATE_OF_BIRTH_IDS),
          400,
          options.context,
        );
      }
      throw error;
    }
    req.session.flash = { heading: options.done ?? page.done };
    await seeOther(req, res, `/referrals/${id}`);
  }
}

/** The person's current details as the correction form shows them. */
function currentAnswers(subject: SubjectRecord): Body {
  const { name, dateOfBirth, address } = subject.details;
  const dob = typeof dateOfBirth === 'string' ? dateOfBirth.split('-') : [];
  const lines = address && !isErased(address) ? address.lines : [];
  return {
    givenNames: name && !isErased(name) ? name.givenNames : '',
    familyName: name && !isErased(name) ? name.familyName : '',
    ...(dob.length === 3
      ? {
          'dateOfBirth-day': String(Number(dob[2])),
          'dateOfBirth-month': String(Number(dob[1])),
          'dateOfBirth-year': dob[0],
        }
      : {}),
    gender: subject.gender,
    addressLine1: lines[0] ?? '',
    addressLine2: lines.length > 2 ? lines.slice(1, -1).join(', ') : '',
    addressTown: lines.length > 1 ? lines[lines.length - 1] : '',
    postcode: address && !isErased(address) ? (address.postcode ?? '') : '',
  };
}

/** What the correction changes, in the intake's terms: only the fields that differ from now. */
function changedDetails(body: Body, subject: SubjectRecord): Record<string, unknown> {
  const before = currentAnswers(subject);
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const changed = (names: string[]) => names.some((name) => text(name) !== String(before[name] ?? '').trim());
  const changes: Record<string, unknown> = {};
  if (changed(['givenNames', 'familyName']))
    changes.name = { givenNames: text('givenNames'), familyName: text('familyName') };
  const dateOfBirth = dateValue(body, 'dateOfBirth');
  const previous = typeof subject.details.dateOfBirth === 'string' ? subject.details.dateOfBirth : undefined;
  if (dateOfBirth && dateOfBirth !== previous) changes.dateOfBirth = dateOfBirth;
  if (text('gender') && text('gender') !== subject.gender) changes.gender = text('gender');
  if (changed(['addressLine1', 'addressLine2', 'addressTown', 'postcode'])) {
    const address = addressOf(body as Record<string, string>);
    if (address) changes.address = address;
  }
  return changes;
}
