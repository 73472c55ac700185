import { randomUUID } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { REGIONS } from '@lib/contracts';
import { Backend, BackendProblem } from '../../backend/backend.js';
import { checkForm, dateInput, type FormErrors, formErrors, NO_ERRORS, problemErrors } from '../../forms/form.js';
import { humanise } from '../../views/format.js';
import { Views } from '../../views/views.js';
import { seeOther } from '../../views/see-other.js';
import { REGION_NAMES } from '../statistics/statistics-filters.js';
import type { AuthorityRecord } from './compliance-api.js';
import { AUTHORITY_TYPES, BENCHMARK_STATUSES, STAFF_GROUPS } from './compliance-codes.js';
import { AssessmentForm, AssuranceStatementForm, RegisterAuthorityForm, TrainingForm } from './compliance-forms.js';
import { authorityId } from './compliance-view.js';

type Body = Record<string, unknown>;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** The typed values of a form, kept as typed (strings) to show again when it is refused. */
function typed(body: Body): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(body ?? {})) {
    if (name !== '_csrf' && typeof value === 'string') values[name] = value;
  }
  return values;
}

/** A service's refusal that the user can put right on the form: its message against the field. */
function refusal(
  error: unknown,
  known: Readonly<Record<string, { field: string; message: string }>>,
  fields: Readonly<Record<string, string>>,
  ids: Readonly<Record<string, string>>,
): FormErrors | undefined {
  if (!(error instanceof BackendProblem)) return undefined;
  const mapped = known[error.type];
  if (mapped) return formErrors([mapped], ids);
  if (error.status === 400 || error.status === 422) return problemErrors(error, fields, ids);
  return undefined;
}

/**
 * Recording compliance (`compliance:record`: coordinators for their own area, administrators for
 * any): registering an authority, and for one authority an assessment of an area, training counts
 * and an assurance statement. Each change is sent with the ETag read when the form was shown, so a
 * change someone made in between is a conflict, never lost.
 */
@Controller('compliance')
export class ComplianceRecordingController {
  constructor(
    @Inject(Backend) private readonly backend: Backend,
    @Inject(Views) private readonly views: Views,
  ) {}

  // ---- registering an authority -------------------------------------------------------------

  @Get('register')
  @Allow('compliance:record')
  registerForm(@Req() req: Request, @Res() res: Response): void {
    this.renderRegister(res, { area: req.session.user?.area ?? '', idempotencyKey: randomUUID() }, NO_ERRORS);
  }

  @Post('register')
  @Allow('compliance:record')
  async register(@Req() req: Request, @Res() res: Response): Promise<void> {
    const values = typed(req.body as Body);
    values.area = (values.area ?? '').trim().toUpperCase();
    values.name = (values.name ?? '').trim();
    if (!IDEMPOTENCY_KEY.test(values.idempotencyKey ?? '')) values.idempotencyKey = randomUUID();
    const checked = await checkForm(RegisterAuthorityForm, values, { type: 'type', region: 'region' });
    if (!checked.ok) return this.renderRegister(res, values, checked.errors, 400);
    let created: { id: string };
    try {
      created = (
        await this.backend.post<{ id: string }>(
          req,
          'reporting',
          '/compliance/authorities',
          {
            name: checked.value.name,
            type: checked.value.type,
            area: checked.value.area,
            region: checked.value.region,
          },
          { idempotencyKey: values.idempotencyKey },
        )
      ).body;
    } catch (error) {
      if (error instanceof BackendProblem && error.type === 'authority-compliance.area-outside-reach') {
        return this.renderRegister(
          res,
          values,
          formErrors([{ field: 'area', message: 'You can register authorities of your own area only' }]),
          403,
        );
      }
      const errors = refusal(error, {}, {}, {});
      if (errors) return this.renderRegister(res, values, errors, 400);
      throw error;
    }
    req.session.flash = { heading: `${checked.value.name} is registered` };
    await seeOther(req, res, `/compliance/${created.id}`);
  }

  private renderRegister(res: Response, values: Record<string, string>, errors: FormErrors, status = 200): void {
    this.views.render(
      res,
      'reporting/compliance-register.njk',
      {
        ...errors,
        values,
        typeItems: AUTHORITY_TYPES.map((type) => ({ ...type, checked: values.type === type.value })),
        regionItems: [
          { value: '', text: 'Choose a region' },
          ...REGIONS.map((code) => ({
            value: code,
            text: REGION_NAMES[code] ?? code,
            selected: values.region === code,
          })),
        ],
      },
      status,
    );
  }

  // ---- assessing an area --------------------------------------------------------------------

  @Get(':id/assessment')
  @Allow('compliance:record')
  async assessmentForm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { record, etag } = await this.read(req, id);
    const benchmark = typeof req.query.benchmark === 'string' ? req.query.benchmark : '';
    this.renderAssessment(res, record, { etag, benchmark }, NO_ERRORS);
  }

  @Post(':id/assessment')
  @Allow('compliance:record')
  async assess(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = typed(req.body as Body);
    const form = { ...values, reviewDue: dateInput(req.body as Body, 'reviewDue') };
    const ids = { reviewDue: 'reviewDue-day', benchmark: 'benchmark', status: 'status' };
    const checked = await checkForm(AssessmentForm, form, ids);
    if (!checked.ok) {
      const { record } = await this.read(req, id);
      return this.renderAssessment(res, record, values, checked.errors, 400);
    }
    const value = checked.value;
    try {
      await this.backend.post(
        req,
        'reporting',
        `/compliance/authorities/${authorityId(id)}/assessments`,
        {
          benchmark: value.benchmark,
          status: value.status,
          evidence: { reference: value.evidenceReference, summary: value.evidenceSummary },
          owner: value.owner,
          reviewDue: value.reviewDue,
          reason: value.reason,
        },
        { ifMatch: values.etag },
      );
    } catch (error) {
      const errors = refusal(
        error,
        {
          'authority-compliance.review-date-in-past': {
            field: 'reviewDue',
            message: 'The review date must be today or in the future',
          },
          'authority-compliance.benchmark-not-applicable': {
            field: 'benchmark',
            message: 'Select an area this authority is judged on',
          },
        },
        {
          'evidence.reference': 'evidenceReference',
          'evidence.summary': 'evidenceSummary',
          evidence: 'evidenceReference',
        },
        ids,
      );
      if (!errors) throw error;
      const { record } = await this.read(req, id);
      return this.renderAssessment(res, record, values, errors, 400);
    }
    req.session.flash = { heading: 'Assessment recorded' };
    await seeOther(req, res, `/compliance/${authorityId(id)}`);
  }

  private renderAssessment(
    res: Response,
    record: AuthorityRecord,
    values: Record<string, string>,
    errors: FormErrors,
    status = 200,
  ): void {
    this.views.render(
      res,
      'reporting/compliance-assessment.njk',
      {
        ...errors,
        record,
        values,
        benchmarkItems: record.benchmarks.map((benchmark) => ({
          value: benchmark.benchmark,
          text: humanise(benchmark.benchmark),
          checked: values.benchmark === benchmark.benchmark,
        })),
        statusItems: BENCHMARK_STATUSES.map((item) => ({ ...item, checked: values.status === item.value })),
      },
      status,
    );
  }

  // ---- recording training -------------------------------------------------------------------

  @Get(':id/training')
  @Allow('compliance:record')
  async trainingForm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { record, etag } = await this.read(req, id);
    this.renderTraining(res, record, { etag }, NO_ERRORS);
  }

  @Post(':id/training')
  @Allow('compliance:record')
  async recordTraining(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = typed(req.body as Body);
    const blank = (value: string | undefined) =>
      value === undefined || value.trim() === '' ? undefined : value.trim();
    const form = {
      staffGroup: values.staffGroup,
      trained: blank(values.trained),
      inPost: blank(values.inPost),
      asOf: dateInput(req.body as Body, 'asOf'),
    };
    const ids = { asOf: 'asOf-day', staffGroup: 'staffGroup' };
    const checked = await checkForm(TrainingForm, form, ids);
    if (!checked.ok) {
      const { record } = await this.read(req, id);
      return this.renderTraining(res, record, values, checked.errors, 400);
    }
    try {
      await this.backend.post(
        req,
        'reporting',
        `/compliance/authorities/${authorityId(id)}/training`,
        {
          staffGroup: checked.value.staffGroup,
          trained: checked.value.trained,
          inPost: checked.value.inPost,
          asOf: checked.value.asOf,
        },
        { ifMatch: values.etag },
      );
    } catch (error) {
      const errors = refusal(
        error,
        {
          'authority-compliance.training-counts-invalid': {
            field: 'trained',
            message: 'The number trained cannot be more than the number in post',
          },
          'authority-compliance.date-in-future': { field: 'asOf', message: 'The date must be today or in the past' },
        },
        {},
        ids,
      );
      if (!errors) throw error;
      const { record } = await this.read(req, id);
      return this.renderTraining(res, record, values, errors, 400);
    }
    req.session.flash = { heading: 'Training recorded' };
    await seeOther(req, res, `/compliance/${authorityId(id)}`);
  }

  private renderTraining(
    res: Response,
    record: AuthorityRecord,
    values: Record<string, string>,
    errors: FormErrors,
    status = 200,
  ): void {
    this.views.render(
      res,
      'reporting/compliance-training.njk',
      {
        ...errors,
        record,
        values,
        groupItems: [
          { value: '', text: 'Choose a group of staff' },
          ...STAFF_GROUPS.map((group) => ({ ...group, selected: values.staffGroup === group.value })),
        ],
      },
      status,
    );
  }

  // ---- an assurance statement ---------------------------------------------------------------

  @Get(':id/assurance-statement')
  @Allow('compliance:record')
  async assuranceForm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { record, etag } = await this.read(req, id);
    this.renderAssurance(res, record, { etag }, NO_ERRORS);
  }

  @Post(':id/assurance-statement')
  @Allow('compliance:record')
  async submitAssurance(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = typed(req.body as Body);
    const form = { year: (values.year ?? '').trim(), submittedOn: dateInput(req.body as Body, 'submittedOn') };
    const ids = { submittedOn: 'submittedOn-day' };
    const checked = await checkForm(AssuranceStatementForm, form, ids);
    if (!checked.ok) {
      const { record } = await this.read(req, id);
      return this.renderAssurance(res, record, values, checked.errors, 400);
    }
    try {
      await this.backend.post(
        req,
        'reporting',
        `/compliance/authorities/${authorityId(id)}/assurance-statements`,
        { year: checked.value.year, submittedOn: checked.value.submittedOn },
        { ifMatch: values.etag },
      );
    } catch (error) {
      const errors = refusal(
        error,
        {
          'authority-compliance.assurance-already-submitted': {
            field: 'year',
            message: 'A statement for this year has already been recorded',
          },
          'authority-compliance.financial-year-invalid': {
            field: 'year',
            message: 'Enter the financial year like 2025/26: two years one after the other',
          },
          'authority-compliance.assurance-before-year': {
            field: 'submittedOn',
            message: 'The statement cannot have been submitted before the year it covers began',
          },
          'authority-compliance.date-in-future': {
            field: 'submittedOn',
            message: 'The date it was submitted must be today or in the past',
          },
          'authority-compliance.assurance-not-applicable': {
            field: 'year',
            message: 'Only local authorities submit a Channel assurance statement',
          },
        },
        {},
        ids,
      );
      if (!errors) throw error;
      const { record } = await this.read(req, id);
      return this.renderAssurance(res, record, values, errors, 400);
    }
    req.session.flash = { heading: 'Assurance statement recorded' };
    await seeOther(req, res, `/compliance/${authorityId(id)}`);
  }

  private renderAssurance(
    res: Response,
    record: AuthorityRecord,
    values: Record<string, string>,
    errors: FormErrors,
    status = 200,
  ): void {
    this.views.render(res, 'reporting/compliance-assurance.njk', { ...errors, record, values }, status);
  }

  /** The authority and its ETag (the revision to send back as If-Match). */
  private async read(req: Request, id: string): Promise<{ record: AuthorityRecord; etag: string }> {
    const answer = await this.backend.call<AuthorityRecord>(
      req,
      'reporting',
      `/compliance/authorities/${authorityId(id)}`,
    );
    return { record: answer.body, etag: answer.etag ?? '' };
  }
}
