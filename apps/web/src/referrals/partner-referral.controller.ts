import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { Allow } from '@lib/auth';
import type { Request, Response } from 'express';
import { BackendProblem } from '../backend/backend.js';
import { formErrors, type FormErrors, NO_ERRORS, problemErrors } from '../forms/form.js';
import { Views } from '../views/views.js';
import { IntakeApi } from './intake-api.js';
import { FORM_OPTIONS, shown } from './new-referral.controller.js';
import { areaName, regionOfArea } from './referral-codes.js';
import {
  checkAnswers,
  CONCERN_ORDER,
  ConcernForm,
  DATE_OF_BIRTH_IDS,
  IdempotencyForm,
  PERSON_ORDER,
  personDateCheck,
  PersonForm,
  REFERRER_ORDER,
  ReferrerForm,
} from './referral-forms.js';
import { receiveRequest, SERVICE_FIELDS } from './referral-request.js';
import { seeOther } from '../views/see-other.js';

/**
 * The partner referral form, for a partner organisation's safeguarding lead (`partner-referrer`):
 * one page with the intake's partner-submission fields, about a person of the partner's own area,
 * then a confirmation with the reference. A partner reads nothing, not even what they sent (ADR
 * 033): the confirmation shows only the reference and when it was received.
 */
@Controller('partner-referrals')
export class PartnerReferralController {
  constructor(
    @Inject(Views) private readonly views: Views,
    @Inject(IntakeApi) private readonly intake: IntakeApi,
  ) {}

  @Get('new')
  @Allow('referral:submit-partner')
  form(@Req() req: Request, @Res() res: Response) {
    const area = req.session.user?.area;
    this.render(req, res, { idempotencyKey: randomUUID(), region: regionOfArea(area) ?? '' }, NO_ERRORS);
  }

  @Post('new')
  @Allow('referral:submit-partner')
  async submit(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const area = req.session.user?.area ?? '';
    const answers: Record<string, unknown> = { ...body, area };
    const checked = await checkAnswers([IdempotencyForm, PersonForm, ConcernForm, ReferrerForm], answers, {
      order: ['idempotencyKey', ...PERSON_ORDER, ...CONCERN_ORDER, ...REFERRER_ORDER],
      extra: personDateCheck,
      fieldIds: DATE_OF_BIRTH_IDS,
    });
    if (!checked.ok) return this.render(req, res, body, checked.errors, 400);
    const key = answers.idempotencyKey as string;
    let acknowledgement: { reference: string; receivedAt: string };
    try {
      const typed = answers as Record<string, string | string[]>;
      acknowledgement = (await this.intake.submitPartner(req, receiveRequest(typed, typed, typed), key)).body;
    } catch (error) {
      if (error instanceof BackendProblem && error.type.endsWith('idempotency-key-reused')) {
        // this form was sent before with other answers: sending it again makes a new referral
        const errors = formErrors(
          [
            {
              field: 'form',
              message:
                'You already sent this form with different answers. Check them and send it again to make a new referral.',
            },
          ],
          { form: 'main-content' },
        );
        return this.render(req, res, { ...body, idempotencyKey: randomUUID() }, errors, 400);
      }
      if (error instanceof BackendProblem && (error.status === 400 || error.status === 422)) {
        return this.render(req, res, body, problemErrors(error, SERVICE_FIELDS, DATE_OF_BIRTH_IDS), 400);
      }
      throw error;
    }
    req.session.partnerAcknowledgement = { idempotencyKey: key, ...acknowledgement };
    return seeOther(req, res, '/partner-referrals/confirmation');
  }

  @Get('confirmation')
  @Allow('referral:submit-partner')
  confirmation(@Req() req: Request, @Res() res: Response) {
    const acknowledgement = req.session.partnerAcknowledgement;
    if (!acknowledgement) return res.redirect(303, '/partner-referrals/new');
    this.views.render(res, 'referrals/partner/confirmation.njk', {
      reference: acknowledgement.reference,
      receivedAt: acknowledgement.receivedAt,
    });
  }

  private render(req: Request, res: Response, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    this.views.render(
      res,
      'referrals/partner/new.njk',
      {
        ...errors,
        ...FORM_OPTIONS,
        values: shown(values),
        area: areaName(req.session.user?.area),
        hasArea: Boolean(req.session.user?.area),
      },
      status,
    );
  }
}
