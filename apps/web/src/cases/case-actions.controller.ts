import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { formErrors } from '../forms/form.js';
import { formatDate, londonToday } from '../views/format.js';
import { ASSESSMENT_TEMPLATE, STATUS_CHANGES, words } from './case-codes.js';
import { CaseFormPages, newId, type CaseFormSpec, type FormContext } from './case-form-pages.js';
import {
  AssessmentForm,
  ConsentForm,
  ExitForm,
  InformationAnswerForm,
  InformationRequestForm,
  InterventionForm,
  InterventionStatusForm,
  ListingForm,
  PersonalDetailsForm,
  PostExitReviewForm,
  ProgressForm,
  ReturnToPoliceForm,
  ReviewForm,
  SessionForm,
  TransferForm,
} from './case-forms.js';
import { CasePanel, callerIdOf, type ProviderDirectory } from './case-panel.js';
import type { InterventionView, MeetingSummary } from './case-view.js';

/** Text the user typed, or nothing: optional fields are sent only when filled in. */
const optional = <K extends string>(name: K, value: string): Partial<Record<K, string>> =>
  (value ? { [name]: value } : {}) as Partial<Record<K, string>>;

/** The case is still with the panel: before its decision, or adopted. */
const active = ({ view }: FormContext) => view.status === 'open' || view.status === 'adopted';

function interventionOf(context: FormContext): InterventionView | undefined {
  return context.view.interventions.find((i) => i.interventionId === context.params.interventionId);
}

const DATE_IDS = (...names: string[]) => Object.fromEntries(names.map((name) => [name, `${name}-day`]));

/**
 * The actions on a Channel case, each a form page (`GET` shows it, `POST` records it) offered only
 * to the roles the channel-panel API allows: the coordinator and chair prepare the case and record
 * consent and support (`case:manage`), the chair reviews, exits and returns it to the police
 * (`case:decide`), the coordinator and the intervention's own provider record sessions and
 * progress (`case:record-session`). The panel's decision is recorded on the meeting's pages.
 */
@Controller('cases/:id')
export class CaseActionsController {
  private readonly informationRequest: CaseFormSpec<InformationRequestForm>;
  private readonly informationAnswer: CaseFormSpec<InformationAnswerForm>;
  private readonly listing: CaseFormSpec<ListingForm>;
  private readonly assessment: CaseFormSpec<AssessmentForm>;
  private readonly consent: CaseFormSpec<ConsentForm>;
  private readonly intervention: CaseFormSpec<InterventionForm>;
  private readonly interventionStatus: CaseFormSpec<InterventionStatusForm>;
  private readonly session: CaseFormSpec<SessionForm>;
  private readonly progress: CaseFormSpec<ProgressForm>;
  private readonly review: CaseFormSpec<ReviewForm>;
  private readonly exit: CaseFormSpec<ExitForm>;
  private readonly postExitReview: CaseFormSpec<PostExitReviewForm>;
  private readonly transfer: CaseFormSpec<TransferForm>;
  private readonly personalDetails: CaseFormSpec<PersonalDetailsForm>;
  private readonly returnToPolice: CaseFormSpec<ReturnToPoliceForm>;

  constructor(
    @Inject(CaseFormPages) private readonly pages: CaseFormPages,
    @Inject(CasePanel) private readonly panel: CasePanel,
  ) {
    this.informationRequest = {
      template: 'cases/information-request.njk',
      form: InformationRequestForm,
      applies: active,
      initial: () => ({ requestId: newId() }),
      path: (_form, { id }) => `/cases/${id}/information-requests`,
      payload: (form) => ({
        requestId: form.requestId,
        partnerAgency: form.partnerAgency,
        organisation: form.organisation,
        ...optional('contact', form.contact),
        lawfulBasis: form.lawfulBasis,
        request: form.request,
      }),
      recorded: (form, _record, { view }) => view.informationRequests.some((r) => r.requestId === form.requestId),
      flash: (form) => `Information request to ${form.organisation} recorded`,
      after: (_form, { id }) => `/cases/${id}#information-sharing`,
    };

    this.informationAnswer = {
      template: 'cases/information-answer.njk',
      form: InformationAnswerForm,
      applies: (context) =>
        active(context) &&
        context.view.informationRequests.some((r) => r.requestId === context.params.requestId && !r.answer),
      extra: async (_req, { view, params }) => ({
        request: view.informationRequests.find((r) => r.requestId === params.requestId),
      }),
      path: (_form, { id, params }) => `/cases/${id}/information-requests/${params.requestId}/answer`,
      payload: (form) => ({ lawfulBasis: form.lawfulBasis, information: form.information }),
      flash: () => 'Answer to the information request recorded',
      after: (_form, { id }) => `/cases/${id}#information-sharing`,
    };

    this.listing = {
      template: 'cases/listing.njk',
      form: ListingForm,
      applies: active,
      extra: async (req, { view }) => {
        const listed = new Set(view.listings.map((listing) => listing.meetingId));
        const meetings = (await this.panel.meetings(req, { from: londonToday(), status: 'scheduled' })).filter(
          (meeting) => !listed.has(meeting.meetingId),
        );
        return { meetings };
      },
      check: (form, _context, extra) =>
        (extra.meetings as MeetingSummary[]).some((meeting) => meeting.meetingId === form.meetingId)
          ? undefined
          : formErrors([{ field: 'meetingId', message: 'Select one of the upcoming meetings' }]),
      path: (_form, { id }) => `/cases/${id}/listings`,
      payload: (form) => ({ meetingId: form.meetingId }),
      recorded: (form, _record, { view }) => view.listings.some((listing) => listing.meetingId === form.meetingId),
      flash: () => 'Case listed for the panel meeting',
    };

    this.assessment = {
      template: 'cases/assessment.njk',
      form: AssessmentForm,
      applies: active,
      extra: async (_req, { view }) => ({
        template: ASSESSMENT_TEMPLATE,
        later: view.assessments.length > 0,
        listings: view.listings,
      }),
      check: (form, { view }) => {
        if (view.assessments.length === 0) return undefined;
        const problems = [
          ...(form.whatChanged
            ? []
            : [{ field: 'whatChanged', message: 'Enter what changed since the last assessment' }]),
          ...(form.managementPlan ? [] : [{ field: 'managementPlan', message: 'Enter the management plan' }]),
        ];
        return problems.length > 0 ? formErrors(problems) : undefined;
      },
      fieldOf: {
        'answers.0.notes': 'engagementNotes',
        'answers.1.notes': 'intentNotes',
        'answers.2.notes': 'capabilityNotes',
      },
      path: (_form, { id }) => `/cases/${id}/assessments`,
      payload: (form) => ({
        templateId: ASSESSMENT_TEMPLATE.id,
        ...optional('meetingId', form.meetingId),
        answers: [
          { dimension: 'engagement', rating: form.engagementRating, notes: form.engagementNotes },
          { dimension: 'intent', rating: form.intentRating, notes: form.intentNotes },
          { dimension: 'capability', rating: form.capabilityRating, notes: form.capabilityNotes },
        ],
        ...optional('whatChanged', form.whatChanged),
        summaryConclusion: form.summaryConclusion,
        ...optional('managementPlan', form.managementPlan),
      }),
      flash: (_form, { view }) => `Assessment ${view.assessments.length + 1} recorded`,
    };

    this.consent = {
      template: 'cases/consent.njk',
      form: ConsentForm,
      dates: ['consentedOn'],
      fieldIds: DATE_IDS('consentedOn'),
      applies: ({ view }) => view.status === 'adopted',
      path: (_form, { id }) => `/cases/${id}/consent`,
      payload: (form) => ({
        outcome: form.outcome,
        givenBy: form.givenBy,
        ...(form.givenBy === 'parent-or-guardian'
          ? { consenterName: form.consenterName, ...optional('consenterRelationship', form.consenterRelationship) }
          : {}),
        consentedOn: form.consentedOn,
        method: form.method,
        ...optional('capacityConsideration', form.capacityConsideration),
        ...(form.outcome !== 'given' ? optional('riskView', form.riskView) : {}),
      }),
      flash: (form) =>
        form.outcome === 'given'
          ? 'Consent to support given'
          : form.outcome === 'refused'
            ? 'Consent refused: the case has gone back to the police'
            : 'Consent withdrawn: support has stopped and the case has gone back to the police',
    };

    this.intervention = {
      template: 'cases/intervention.njk',
      form: InterventionForm,
      dates: ['startDate'],
      fieldIds: DATE_IDS('startDate'),
      applies: ({ view }) => view.status === 'adopted' && view.consent === 'given',
      initial: () => ({ interventionId: newId() }),
      extra: async (req) => ({ providers: await this.panel.providers(req) }),
      check: (form, _context, extra) => {
        const directory = extra.providers as ProviderDirectory;
        if (!form.providerId || directory.items.some((provider) => provider.id === form.providerId)) return undefined;
        return formErrors([{ field: 'providerId', message: 'Select an intervention provider from the list' }]);
      },
      path: (_form, { id }) => `/cases/${id}/interventions`,
      payload: (form) => ({
        interventionId: form.interventionId,
        interventionType: form.interventionType,
        ownerAgency: form.ownerAgency,
        ...optional('providerId', form.providerId),
        startDate: form.startDate,
        description: form.description,
      }),
      recorded: (form, record) => (record.interventions ?? []).some((i) => i.interventionId === form.interventionId),
      flash: (form) => `${words.interventionType(form.interventionType)} added to the support plan`,
      after: (_form, { id }) => `/cases/${id}/support-plan`,
    };

    this.interventionStatus = {
      template: 'cases/intervention-status.njk',
      form: InterventionStatusForm,
      applies: (context) => {
        const intervention = interventionOf(context);
        return (
          context.view.status === 'adopted' &&
          intervention !== undefined &&
          (STATUS_CHANGES[intervention.status] ?? []).length > 0
        );
      },
      extra: async (_req, context) => {
        const intervention = interventionOf(context);
        return { intervention, changes: STATUS_CHANGES[intervention?.status ?? ''] ?? [] };
      },
      check: (form, context) =>
        (STATUS_CHANGES[interventionOf(context)?.status ?? ''] ?? []).some((change) => change.value === form.status)
          ? undefined
          : formErrors([{ field: 'status', message: 'Select what happens to the intervention' }]),
      path: (_form, { id, params }) => `/cases/${id}/interventions/${params.interventionId}/status`,
      payload: (form) => ({ status: form.status }),
      flash: (form) => `Intervention ${words.interventionStatus(form.status).toLowerCase()}`,
      after: (_form, { id }) => `/cases/${id}/support-plan`,
    };

    this.session = {
      template: 'cases/session.njk',
      form: SessionForm,
      dates: ['sessionDate'],
      fieldIds: DATE_IDS('sessionDate'),
      applies: (context) => context.view.status === 'adopted' && interventionOf(context)?.status === 'active',
      initial: () => ({ sessionId: newId() }),
      extra: async (_req, context) => ({ intervention: interventionOf(context) }),
      path: (_form, { id, params }) => `/cases/${id}/interventions/${params.interventionId}/sessions`,
      payload: (form) => ({
        sessionId: form.sessionId,
        sessionDate: form.sessionDate,
        attendance: form.attendance,
        notes: form.notes,
      }),
      recorded: (form, record, { params }) =>
        (record.interventions ?? []).some(
          (i) => i.interventionId === params.interventionId && i.sessionIds.includes(form.sessionId),
        ),
      flash: (form) => `Session on ${formatDate(form.sessionDate)} recorded`,
      after: (_form, { id }) => `/cases/${id}/support-plan`,
    };

    this.progress = {
      template: 'cases/progress.njk',
      form: ProgressForm,
      applies: (context) =>
        context.view.status === 'adopted' && ['active', 'paused'].includes(interventionOf(context)?.status ?? ''),
      extra: async (_req, context) => ({ intervention: interventionOf(context) }),
      path: (_form, { id, params }) => `/cases/${id}/interventions/${params.interventionId}/progress`,
      payload: (form) => ({ progress: form.progress }),
      flash: () => 'Progress recorded',
      after: (_form, { id }) => `/cases/${id}/support-plan`,
    };

    this.review = {
      template: 'cases/review.njk',
      form: ReviewForm,
      applies: ({ view }) => view.status === 'adopted',
      extra: async (req, { view }) => {
        const listed = new Set(view.listings.map((listing) => listing.meetingId));
        const meetings = (await this.panel.meetings(req, { status: 'scheduled' })).filter((meeting) =>
          listed.has(meeting.meetingId),
        );
        return { meetings };
      },
      path: (_form, { id }) => `/cases/${id}/reviews`,
      payload: (form) => ({
        meetingId: form.meetingId,
        progress: form.progress,
        riskNow: form.riskNow,
        decision: form.decision,
      }),
      flash: ({ decision }, { view }) =>
        `Review ${view.reviews.length + 1} recorded: ${words.reviewDecision(decision).toLowerCase()}`,
    };

    this.exit = {
      template: 'cases/exit.njk',
      form: ExitForm,
      dates: ['exitedOn'],
      fieldIds: DATE_IDS('exitedOn'),
      applies: ({ view }) => view.status === 'adopted' || view.consentWithdrawnWithPolice,
      path: (_form, { id }) => `/cases/${id}/exit`,
      payload: (form) => ({
        exitOutcome: form.exitOutcome,
        exitedOn: form.exitedOn,
        closingReport: form.closingReport,
        ...optional('riskView', form.riskView),
      }),
      flash: () => 'Case exited: the reviews 6 and 12 months after exit are scheduled',
    };

    this.postExitReview = {
      template: 'cases/post-exit-review.njk',
      form: PostExitReviewForm,
      applies: ({ view }) => view.status === 'closed' && view.postExitReviews.some((review) => !review.completed),
      extra: async (_req, { view }) => ({ due: view.postExitReviews.filter((review) => !review.completed) }),
      path: (_form, { id }) => `/cases/${id}/post-exit-reviews`,
      payload: (form) => ({ review: form.review, outcome: form.outcome, notes: form.notes }),
      flash: (form) => `Review ${words.postExitReview(form.review).toLowerCase()} recorded`,
    };

    this.transfer = {
      template: 'cases/transfer.njk',
      form: TransferForm,
      applies: active,
      path: (_form, { id }) => `/cases/${id}/transfer`,
      payload: (form) => ({ toArea: form.toArea, toRegion: form.toRegion, reason: form.reason }),
      flash: (form) => `Case transferred to ${words.area(form.toArea)}`,
      // the case now belongs to another area's panel: it is no longer the user's to see
      after: () => '/cases',
    };

    this.personalDetails = {
      template: 'cases/personal-details.njk',
      form: PersonalDetailsForm,
      dates: ['dateOfBirth'],
      fieldIds: DATE_IDS('dateOfBirth'),
      fieldOf: { 'name.givenNames': 'givenNames', 'name.familyName': 'familyName', 'address.lines': 'addressLine1' },
      check: (form) =>
        form.givenNames ||
        form.dateOfBirth ||
        form.addressLine1 ||
        form.addressLine2 ||
        form.townOrCity ||
        form.postcode
          ? undefined
          : formErrors([{ field: 'givenNames', message: 'Enter at least one detail to correct' }]),
      path: (_form, { id }) => `/cases/${id}/personal-details`,
      payload: (form) => {
        const lines = [form.addressLine1, form.addressLine2, form.townOrCity].filter(Boolean);
        return {
          ...(form.givenNames ? { name: { givenNames: form.givenNames, familyName: form.familyName } } : {}),
          ...optional('dateOfBirth', form.dateOfBirth),
          ...(lines.length > 0 || form.postcode
            ? { address: { lines, ...(form.postcode ? { postcode: form.postcode.toUpperCase() } : {}) } }
            : {}),
          reason: form.reason,
        };
      },
      flash: () => 'Personal details corrected',
    };

    this.returnToPolice = {
      template: 'cases/return-to-police.njk',
      form: ReturnToPoliceForm,
      applies: active,
      path: (_form, { id }) => `/cases/${id}/return-to-police`,
      payload: (form) => ({ riskView: form.riskView }),
      flash: () => 'Case returned to the police',
    };
  }

  @Get('information-requests/new')
  @Allow('case:manage')
  showInformationRequest(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.informationRequest);
  }

  @Post('information-requests/new')
  @Allow('case:manage')
  recordInformationRequest(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.informationRequest);
  }

  @Get('information-requests/:requestId/answer')
  @Allow('case:manage')
  showInformationAnswer(
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.show(req, res, id, this.informationAnswer, { requestId: callerIdOf(requestId) });
  }

  @Post('information-requests/:requestId/answer')
  @Allow('case:manage')
  recordInformationAnswer(
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.submit(req, res, id, this.informationAnswer, { requestId: callerIdOf(requestId) });
  }

  @Get('listing')
  @Allow('case:manage')
  showListing(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.listing);
  }

  @Post('listing')
  @Allow('case:manage')
  recordListing(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.listing);
  }

  @Get('assessments/new')
  @Allow('case:manage')
  showAssessment(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.assessment);
  }

  @Post('assessments/new')
  @Allow('case:manage')
  recordAssessment(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.assessment);
  }

  @Get('consent')
  @Allow('case:manage')
  showConsent(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.consent);
  }

  @Post('consent')
  @Allow('case:manage')
  recordConsent(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.consent);
  }

  @Get('interventions/new')
  @Allow('case:manage')
  showIntervention(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.intervention);
  }

  @Post('interventions/new')
  @Allow('case:manage')
  recordIntervention(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.intervention);
  }

  @Get('interventions/:interventionId/status')
  @Allow('case:manage')
  showInterventionStatus(
    @Param('id') id: string,
    @Param('interventionId') interventionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.show(req, res, id, this.interventionStatus, { interventionId: callerIdOf(interventionId) });
  }

  @Post('interventions/:interventionId/status')
  @Allow('case:manage')
  recordInterventionStatus(
    @Param('id') id: string,
    @Param('interventionId') interventionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.submit(req, res, id, this.interventionStatus, { interventionId: callerIdOf(interventionId) });
  }

  @Get('interventions/:interventionId/sessions/new')
  @Allow('case:record-session')
  showSession(
    @Param('id') id: string,
    @Param('interventionId') interventionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.show(req, res, id, this.session, { interventionId: callerIdOf(interventionId) });
  }

  @Post('interventions/:interventionId/sessions/new')
  @Allow('case:record-session')
  recordSession(
    @Param('id') id: string,
    @Param('interventionId') interventionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.submit(req, res, id, this.session, { interventionId: callerIdOf(interventionId) });
  }

  @Get('interventions/:interventionId/progress')
  @Allow('case:record-session')
  showProgress(
    @Param('id') id: string,
    @Param('interventionId') interventionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.show(req, res, id, this.progress, { interventionId: callerIdOf(interventionId) });
  }

  @Post('interventions/:interventionId/progress')
  @Allow('case:record-session')
  recordProgress(
    @Param('id') id: string,
    @Param('interventionId') interventionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.pages.submit(req, res, id, this.progress, { interventionId: callerIdOf(interventionId) });
  }

  @Get('review')
  @Allow('case:decide')
  showReview(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.review);
  }

  @Post('review')
  @Allow('case:decide')
  recordReview(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.review);
  }

  @Get('exit')
  @Allow('case:decide')
  showExit(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.exit);
  }

  @Post('exit')
  @Allow('case:decide')
  recordExit(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.exit);
  }

  @Get('post-exit-reviews/new')
  @Allow('case:manage')
  showPostExitReview(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.postExitReview);
  }

  @Post('post-exit-reviews/new')
  @Allow('case:manage')
  recordPostExitReview(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.postExitReview);
  }

  @Get('transfer')
  @Allow('case:manage')
  showTransfer(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.transfer);
  }

  @Post('transfer')
  @Allow('case:manage')
  recordTransfer(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.transfer);
  }

  @Get('personal-details')
  @Allow('case:manage')
  showPersonalDetails(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.personalDetails);
  }

  @Post('personal-details')
  @Allow('case:manage')
  recordPersonalDetails(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.personalDetails);
  }

  @Get('return-to-police')
  @Allow('case:decide')
  showReturnToPolice(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.show(req, res, id, this.returnToPolice);
  }

  @Post('return-to-police')
  @Allow('case:decide')
  recordReturnToPolice(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    return this.pages.submit(req, res, id, this.returnToPolice);
  }
}
