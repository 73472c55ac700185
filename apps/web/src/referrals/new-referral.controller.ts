import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { BackendProblem } from '../backend/backend.js';
import { formErrors, type FormErrors, NO_ERRORS, problemErrors } from '../forms/form.js';
import { Views } from '../views/views.js';
import { IntakeApi, type SubjectMatch } from './intake-api.js';
import { nameOf, shortReference, textOf } from './referral-view.js';
import {
  areaName,
  CONCERN_TYPE_OPTIONS,
  concernTypeLabel,
  GENDER_OPTIONS,
  label,
  OUTCOME_OPTIONS,
  REGION_OPTIONS,
  regionOfArea,
  SECTOR_OPTIONS,
  statusTag,
  SUBJECT_AWARENESS_OPTIONS,
} from './referral-codes.js';
import {
  checkAnswers,
  CONCERN_ORDER,
  ConcernForm,
  DATE_OF_BIRTH_IDS,
  dateValue,
  PERSON_ORDER,
  personDateCheck,
  PersonForm,
  REFERRER_ORDER,
  ReferrerForm,
} from './referral-forms.js';
import { addressOf, keep, receiveRequest, SERVICE_FIELDS, STEP_OF_FIELD } from './referral-request.js';
import type { ReferralDraft, StepAnswers } from './referral-session.js';
import { seeOther } from '../views/see-other.js';

const PERSON_FIELDS = [
  'givenNames',
  'familyName',
  'dateOfBirth-day',
  'dateOfBirth-month',
  'dateOfBirth-year',
  'gender',
  'area',
  'region',
  'addressLine1',
  'addressLine2',
  'addressTown',
  'postcode',
];
const CONCERN_FIELDS = CONCERN_ORDER;
const REFERRER_FIELDS = REFERRER_ORDER;

type Step = 'person' | 'concern' | 'referrer';

const STEPS: Readonly<Record<Step, { template: string; title: string; next: string; back: string }>> = {
  person: {
    template: 'referrals/new/person.njk',
    title: 'About the person',
    next: '/referrals/new/concern',
    back: '/referrals',
  },
  concern: {
    template: 'referrals/new/concern.njk',
    title: 'The concern',
    next: '/referrals/new/referrer',
    back: '/referrals/new/person',
  },
  referrer: {
    template: 'referrals/new/referrer.njk',
    title: 'Who made the referral',
    next: '/referrals/new/check',
    back: '/referrals/new/concern',
  },
};

/** The answers as the templates show them: every checkbox group a list, whatever was posted. */
export function shown(answers: StepAnswers | Record<string, unknown> | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = { ...(answers ?? {}) };
  for (const name of ['concernTypes', 'signpostedTo']) {
    const value = values[name];
    values[name] = value === undefined ? [] : Array.isArray(value) ? value : [value];
  }
  return values;
}

/** The options every step's template needs. */
export const FORM_OPTIONS = {
  genderOptions: GENDER_OPTIONS,
  regionOptions: REGION_OPTIONS,
  concernTypeOptions: CONCERN_TYPE_OPTIONS,
  awarenessOptions: SUBJECT_AWARENESS_OPTIONS,
  sectorOptions: SECTOR_OPTIONS,
};

/**
 * A new referral keyed in by the police, one question page at a time (the person, the concern,
 * the referrer), then check your answers and submit. The answers wait in the session between
 * steps; the Idempotency-Key is made when the flow starts, so submitting twice records one
 * referral.
 */
@Controller('referrals/new')
export class NewReferralController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(IntakeApi) private readonly intake: IntakeApi,
  ) {}

  @Get()
  @Allow('referral:create')
  start(@Req() req: Request, @Res() res: Response) {
    req.session.referralDraft = { idempotencyKey: randomUUID(), startedAt: Date.now() };
    return seeOther(req, res, '/referrals/new/person');
  }

  @Get('person')
  @Allow('referral:create')
  person(@Req() req: Request, @Res() res: Response, @Query('change') change?: string) {
    const draft = req.session.referralDraft;
    if (!draft) return res.redirect(303, '/referrals/new');
    const area = req.session.user?.area;
    const values = draft.person ?? { area: area ?? '', region: regionOfArea(area) ?? '' };
    this.step(res, 'person', values, NO_ERRORS, change === 'check');
  }

  @Post('person')
  @Allow('referral:create')
  async savePerson(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const checked = await checkAnswers([PersonForm], body, {
      order: PERSON_ORDER,
      extra: personDateCheck,
      fieldIds: DATE_OF_BIRTH_IDS,
    });
    return this.save(req, res, 'person', body, checked.ok ? undefined : checked.errors, PERSON_FIELDS);
  }

  /**
   * Has the person been referred before? With a date of birth, the intake's fuzzy search offers
   * earlier records of the same person (each offer audited); the officer links the referral to
   * one, so the queue flags it "seen before" and the triage sees the earlier referrals, or says
   * the person is new. Without a date of birth, or with no match, the step is skipped.
   */
  @Get('earlier-records')
  @Allow('referral:create')
  async earlierRecords(@Req() req: Request, @Res() res: Response, @Query('change') change?: string) {
    const draft = req.session.referralDraft;
    if (!draft) return res.redirect(303, '/referrals/new');
    if (!draft.person) return res.redirect(303, '/referrals/new/person');
    const matches = await this.matchesOf(req, draft.person);
    if (matches.length === 0) return res.redirect(303, this.after(draft, 'person', change === 'check'));
    this.earlierPage(
      res,
      matches,
      draft.link?.subjectId ?? (draft.linkAnswered ? 'new' : ''),
      NO_ERRORS,
      change === 'check',
    );
  }

  @Post('earlier-records')
  @Allow('referral:create')
  async saveEarlierRecord(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const draft = req.session.referralDraft;
    if (!draft) return res.redirect(303, '/referrals/new');
    if (!draft.person) return res.redirect(303, '/referrals/new/person');
    const change = req.query.change === 'check';
    const matches = await this.matchesOf(req, draft.person);
    const chosen = typeof body.earlierRecord === 'string' ? body.earlierRecord : '';
    const match = matches.find((candidate) => candidate.subjectId === chosen);
    if (chosen !== 'new' && !match) {
      const errors = formErrors(
        [{ field: 'earlierRecord', message: 'Select the earlier record of this person, or that they are new' }],
        { earlierRecord: 'earlierRecord' },
      );
      return this.earlierPage(res, matches, chosen, errors, change, 400);
    }
    const saved: ReferralDraft = {
      ...draft,
      linkAnswered: true,
      link: match
        ? {
            subjectId: match.subjectId,
            name: nameOf(match.name),
            dateOfBirth: textOf(match.dateOfBirth),
            area: match.area,
          }
        : undefined,
    };
    req.session.referralDraft = saved;
    return seeOther(req, res, this.after(saved, 'person', change));
  }

  private async matchesOf(req: Request, person: StepAnswers): Promise<SubjectMatch[]> {
    const dateOfBirth = dateValue(person as Record<string, unknown>, 'dateOfBirth');
    if (!dateOfBirth) return [];
    return this.intake.matches(req, {
      givenName: one(person, 'givenNames'),
      familyName: one(person, 'familyName'),
      dateOfBirth,
    });
  }

  private earlierPage(
    res: Response,
    matches: SubjectMatch[],
    chosen: string,
    errors: FormErrors,
    change: boolean,
    status = 200,
  ) {
    this.views.render(
      res,
      'referrals/new/earlier-records.njk',
      {
        ...errors,
        chosen,
        change,
        action: `/referrals/new/earlier-records${change ? '?change=check' : ''}`,
        backLink: { href: change ? '/referrals/new/check' : '/referrals/new/person' },
        matches: matches.map((match) => ({
          subjectId: match.subjectId,
          reference: shortReference(match.subjectId),
          name: nameOf(match.name),
          dateOfBirth: textOf(match.dateOfBirth),
          area: areaName(match.area),
          strength: match.strength,
          referrals: match.referrals.map((summary) => ({
            receivedAt: summary.receivedAt,
            status: statusTag(summary.status).text,
            outcome: summary.decision ? label(OUTCOME_OPTIONS, summary.decision.outcome) : '',
          })),
        })),
      },
      status,
    );
  }

  /** Where the flow goes after a step: the check page when changing or when every step is answered. */
  private after(draft: ReferralDraft, step: Step, change: boolean): string {
    return change || !firstMissing(draft) ? '/referrals/new/check' : STEPS[step].next;
  }

  @Get('concern')
  @Allow('referral:create')
  concern(@Req() req: Request, @Res() res: Response, @Query('change') change?: string) {
    const draft = req.session.referralDraft;
    if (!draft) return res.redirect(303, '/referrals/new');
    if (!draft.person) return res.redirect(303, '/referrals/new/person');
    this.step(res, 'concern', draft.concern ?? {}, NO_ERRORS, change === 'check');
  }

  @Post('concern')
  @Allow('referral:create')
  async saveConcern(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const checked = await checkAnswers([ConcernForm], body, { order: CONCERN_ORDER });
    return this.save(req, res, 'concern', body, checked.ok ? undefined : checked.errors, CONCERN_FIELDS);
  }

  @Get('referrer')
  @Allow('referral:create')
  referrer(@Req() req: Request, @Res() res: Response, @Query('change') change?: string) {
    const draft = req.session.referralDraft;
    if (!draft) return res.redirect(303, '/referrals/new');
    const missing = firstMissing(draft);
    if (missing && missing !== 'referrer') return res.redirect(303, `/referrals/new/${missing}`);
    this.step(res, 'referrer', draft.referrer ?? {}, NO_ERRORS, change === 'check');
  }

  @Post('referrer')
  @Allow('referral:create')
  async saveReferrer(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const checked = await checkAnswers([ReferrerForm], body, { order: REFERRER_ORDER });
    return this.save(req, res, 'referrer', body, checked.ok ? undefined : checked.errors, REFERRER_FIELDS);
  }

  @Get('check')
  @Allow('referral:create')
  check(@Req() req: Request, @Res() res: Response) {
    const draft = req.session.referralDraft;
    if (!draft) return res.redirect(303, '/referrals/new');
    const missing = firstMissing(draft);
    if (missing) return res.redirect(303, `/referrals/new/${missing}`);
    this.views.render(res, 'referrals/new/check.njk', checkContext(draft, NO_ERRORS));
  }

  @Post('check')
  @Allow('referral:create')
  async submit(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const draft = req.session.referralDraft;
    const submitted = req.session.submittedReferral;
    if (!draft) {
      // the same submission again (a double click, a resent form): the referral it made
      if (submitted && body.idempotencyKey === submitted.idempotencyKey)
        return res.redirect(303, '/referrals/new/confirmation');
      return res.redirect(303, '/referrals/new');
    }
    const missing = firstMissing(draft);
    if (missing) return res.redirect(303, `/referrals/new/${missing}`);
    let answer: { referralId: string; receivedAt: string };
    try {
      answer = (
        await this.intake.create(
          req,
          receiveRequest(draft.person!, draft.concern!, draft.referrer!, draft.link),
          draft.idempotencyKey,
        )
      ).body;
    } catch (error) {
      if (error instanceof BackendProblem && (error.status === 400 || error.status === 422)) {
        const errors = problemErrors(error, SERVICE_FIELDS);
        const linked: FormErrors = {
          errors: errors.errors,
          errorList: errors.errorList.map((item) => {
            const field = item.href.slice(1);
            const step = STEP_OF_FIELD[field];
            return step ? { text: item.text, href: `/referrals/new/${step}?change=check` } : item;
          }),
        };
        return this.views.render(res, 'referrals/new/check.njk', checkContext(draft, linked), 400);
      }
      throw error;
    }
    req.session.submittedReferral = {
      idempotencyKey: draft.idempotencyKey,
      referralId: answer.referralId,
      receivedAt: answer.receivedAt,
    };
    req.session.referralDraft = undefined;
    return seeOther(req, res, '/referrals/new/confirmation');
  }

  @Get('confirmation')
  @Allow('referral:create')
  confirmation(@Req() req: Request, @Res() res: Response) {
    const submitted = req.session.submittedReferral;
    if (!submitted) return res.redirect(303, '/referrals');
    this.views.render(res, 'referrals/new/confirmation.njk', { ...submitted });
  }

  private step(res: Response, step: Step, values: StepAnswers, errors: FormErrors, change: boolean, status = 200) {
    const page = STEPS[step];
    this.views.render(
      res,
      page.template,
      {
        ...errors,
        ...FORM_OPTIONS,
        values: shown(values),
        change,
        action: `/referrals/new/${step}${change ? '?change=check' : ''}`,
        backLink: { href: change ? '/referrals/new/check' : page.back },
      },
      status,
    );
  }

  private save(
    req: Request,
    res: Response,
    step: Step,
    body: Record<string, unknown>,
    errors: FormErrors | undefined,
    fields: readonly string[],
  ) {
    const draft = req.session.referralDraft;
    if (!draft) return res.redirect(303, '/referrals/new');
    const change = req.query.change === 'check';
    const answers = keep(body, fields);
    if (errors) return this.step(res, step, answers, errors, change, 400);
    // new details of the person: whether they are known must be asked again
    const saved: ReferralDraft =
      step === 'person'
        ? { ...draft, person: answers, link: undefined, linkAnswered: undefined }
        : { ...draft, [step]: answers };
    req.session.referralDraft = saved;
    if (step === 'person' && dateValue(answers as Record<string, unknown>, 'dateOfBirth'))
      return seeOther(req, res, `/referrals/new/earlier-records${change ? '?change=check' : ''}`);
    return seeOther(req, res, this.after(saved, step, change));
  }
}

function firstMissing(draft: ReferralDraft): Step | undefined {
  return (['person', 'concern', 'referrer'] as const).find((step) => !draft[step]);
}

const one = (answers: StepAnswers | undefined, name: string) => {
  const value = answers?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** The check-your-answers page: every answer with a link to change it. */
function checkContext(draft: ReferralDraft, errors: FormErrors) {
  const { person, concern, referrer } = draft;
  const dateOfBirth = dateValue((person ?? {}) as Record<string, unknown>, 'dateOfBirth');
  const address = addressOf(person);
  const types = concern?.concernTypes;
  const codes = types === undefined ? [] : typeof types === 'string' ? [types] : [...types];
  return {
    ...errors,
    link: draft.link
      ? { ...draft.link, reference: shortReference(draft.link.subjectId), area: areaName(draft.link.area) }
      : undefined,
    linkAsked: draft.linkAnswered === true,
    idempotencyKey: draft.idempotencyKey,
    backLink: { href: '/referrals/new/referrer' },
    person: {
      name: `${one(person, 'givenNames')} ${one(person, 'familyName')}`,
      dateOfBirth,
      gender: label(GENDER_OPTIONS, one(person, 'gender')),
      area: areaName(one(person, 'area')),
      region: label(REGION_OPTIONS, one(person, 'region')),
      address: address ? [...address.lines, ...(address.postcode ? [address.postcode] : [])] : [],
    },
    concern: {
      types: codes.map(concernTypeLabel),
      description: one(concern, 'description'),
      howItArose: one(concern, 'howItArose'),
      warningSigns: one(concern, 'warningSigns'),
      complexNeeds: one(concern, 'complexNeeds'),
      otherSafeguardingConcerns: one(concern, 'otherSafeguardingConcerns'),
      otherAgenciesInvolved: one(concern, 'otherAgenciesInvolved'),
      spokenToPersonOrParents: one(concern, 'spokenToPersonOrParents'),
      subjectAware: label(SUBJECT_AWARENESS_OPTIONS, one(concern, 'subjectAware')),
    },
    referrer: {
      sector: label(SECTOR_OPTIONS, one(referrer, 'sector')),
      name: one(referrer, 'referrerName'),
      role: one(referrer, 'referrerRole'),
      organisation: one(referrer, 'referrerOrganisation'),
      phone: one(referrer, 'referrerPhone'),
      email: one(referrer, 'referrerEmail'),
    },
  };
}
