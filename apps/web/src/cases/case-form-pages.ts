import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BackendProblem } from '../backend/backend.js';
import { checkForm, type FormErrors, NO_ERRORS } from '../forms/form.js';
import { Views } from '../views/views.js';
import * as codes from './case-codes.js';
import { withDates } from './case-forms.js';
import { CasePanel, caseIdOf, refusalErrors } from './case-panel.js';
import { caseView, type CaseRecord, type CaseView } from './case-view.js';
import { seeOther } from '../views/see-other.js';

/** What a form page knows when it is shown or its post is checked. */
export interface FormContext {
  readonly id: string;
  readonly record: CaseRecord;
  readonly view: CaseView;
  /** Route parameters after the case id (`interventionId`, `requestId`). */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * One action on a case as a form page: GET shows it with the case's ETag in a hidden field, POST
 * checks it (400 with the error summary and every typed value on a refusal, the web's or the
 * API's), sends the command with If-Match (and an id made when the form was first shown, for a
 * creation), then a flash and a 303 to the case.
 */
export interface CaseFormSpec<F extends object> {
  readonly template: string;
  readonly form: new () => F;
  /** Date inputs: their parts are posted as `<name>-day|month|year`. */
  readonly dates?: readonly string[];
  /** Field → the id of the input the error summary links to. */
  readonly fieldIds?: Readonly<Record<string, string>>;
  /** The API's field names → the form's. */
  readonly fieldOf?: Readonly<Record<string, string>>;
  /** Whether the action can be taken on the case as it stands (else the page is not found). */
  readonly applies?: (context: FormContext) => boolean;
  /** The values a new form starts with (ids for creations, defaults). */
  readonly initial?: (context: FormContext) => Record<string, unknown>;
  /** What else the template needs (meetings, providers). */
  readonly extra?: (req: Request, context: FormContext) => Promise<Record<string, unknown>>;
  /** A check the web can make with what it knows (at least one detail; a provider from the list). */
  readonly check?: (form: F, context: FormContext, extra: Record<string, unknown>) => FormErrors | undefined;
  readonly path: (form: F, context: FormContext) => string;
  readonly payload: (form: F, context: FormContext) => unknown;
  /** For a creation: whether the record already holds it (a second submit of the same form). */
  readonly recorded?: (form: F, record: CaseRecord, context: FormContext) => boolean;
  readonly flash: (form: F, context: FormContext) => string;
  /** Where to go afterwards: the case page unless told. */
  readonly after?: (form: F, context: FormContext) => string;
}

@Injectable()
export class CaseFormPages {
  constructor(
    @Inject(CasePanel) private readonly panel: CasePanel,
    @Inject(Views) private readonly views: Views,
  ) {}

  /** A fresh form: the case read now, its ETag in the form. */
  async show<F extends object>(
    req: Request,
    res: Response,
    id: string,
    spec: CaseFormSpec<F>,
    params: Record<string, string> = {},
  ): Promise<void> {
    const { context, etag } = await this.load(req, id, spec, params);
    const extra = spec.extra ? await spec.extra(req, context) : {};
    const values = { ...(spec.initial ? spec.initial(context) : {}), etag };
    this.render(res, spec, context, extra, values, NO_ERRORS, 200);
  }

  async submit<F extends object>(
    req: Request,
    res: Response,
    id: string,
    spec: CaseFormSpec<F>,
    params: Record<string, string> = {},
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const posted = spec.dates ? withDates(body, ...spec.dates) : body;
    const checked = await checkForm(spec.form, posted, spec.fieldIds);
    const fail = async (errors: FormErrors, loaded?: { context: FormContext }) => {
      const { context } = loaded ?? (await this.load(req, id, spec, params));
      const extra = spec.extra ? await spec.extra(req, context) : {};
      this.render(res, spec, context, extra, body, errors, 400);
    };
    if (!checked.ok) return fail(checked.errors);

    const etag = (checked.value as { etag?: string }).etag;
    const loaded = await this.load(req, id, spec, params, { form: checked.value, etag });
    const { context } = loaded;
    if (loaded.recorded) return this.done(req, res, spec, checked.value, context);
    if (spec.check) {
      const extra = spec.extra ? await spec.extra(req, context) : {};
      const problems = spec.check(checked.value, context, extra);
      if (problems) return this.render(res, spec, context, extra, body, problems, 400);
    }
    try {
      await this.panel.post(req, spec.path(checked.value, context), spec.payload(checked.value, context), {
        ...(etag ? { ifMatch: etag } : {}),
      });
    } catch (error) {
      if (
        spec.recorded &&
        error instanceof BackendProblem &&
        error.status === 412 &&
        spec.recorded(checked.value, context.record, context)
      ) {
        // the same form sent twice: the first one recorded it
        return this.done(req, res, spec, checked.value, context);
      }
      return fail(refusalErrors(error, spec.fieldOf, spec.fieldIds), loaded);
    }
    return this.done(req, res, spec, checked.value, context);
  }

  private done<F extends object>(
    req: Request,
    res: Response,
    spec: CaseFormSpec<F>,
    form: F,
    context: FormContext,
  ): void {
    seeOther(req, res, spec.after?.(form, context) ?? `/cases/${context.id}`, {
      heading: spec.flash(form, context),
    });
  }

  /**
   * The case and the form's context. An action that no longer applies to the case is not found,
   * unless the case changed since the form was read (`posted`, the ETag the form carried): then it
   * is the conflict page, as for any change made meanwhile (or, for the same form sent twice, done).
   */
  private async load<F extends object>(
    req: Request,
    id: string,
    spec: CaseFormSpec<F>,
    params: Record<string, string>,
    posted?: { form: F; etag: string | undefined },
  ): Promise<{ context: FormContext; etag: string; recorded?: boolean }> {
    const { record, etag } = await this.panel.read(req, caseIdOf(id));
    const context: FormContext = { id, record, view: caseView(record), params };
    if (spec.applies && !spec.applies(context)) {
      if (posted?.etag && posted.etag !== etag) {
        if (spec.recorded?.(posted.form, record, context)) return { context, etag, recorded: true };
        throw new BackendProblem(412, 'web.case-changed', 'The case changed since the form was shown', []);
      }
      throw new NotFoundException();
    }
    return { context, etag };
  }

  private render<F extends object>(
    res: Response,
    spec: CaseFormSpec<F>,
    context: FormContext,
    extra: Record<string, unknown>,
    values: Record<string, unknown>,
    errors: FormErrors,
    status: number,
  ): void {
    this.views.render(
      res,
      spec.template,
      {
        case: context.view,
        caseId: context.id,
        params: context.params,
        words: codes.words,
        codes,
        choiceItems: codes.choiceItems,
        selectItems: codes.selectItems,
        values,
        dates: Object.fromEntries((spec.dates ?? []).map((name) => [name, datePartsOf(values, name)])),
        errors: errors.errors,
        errorList: errors.errorList,
        ...extra,
      },
      status,
    );
  }
}

/** A new id for a record the form creates (an intervention, a request, a session). */
export function newId(): string {
  return randomUUID();
}

/** The parts of a date input: as typed (`<name>-day`...), or split from an ISO value. */
export function datePartsOf(
  values: Record<string, unknown>,
  name: string,
): { day: string; month: string; year: string } {
  const typed = ['day', 'month', 'year'].map((part) => values[`${name}-${part}`]);
  if (typed.some((part) => typeof part === 'string')) {
    const [day, month, year] = typed.map((part) => (typeof part === 'string' ? part : ''));
    return { day, month, year };
  }
  const iso = values[name];
  if (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [year, month, day] = iso.split('-');
    return { day: String(Number(day)), month: String(Number(month)), year };
  }
  return { day: '', month: '', year: '' };
}
