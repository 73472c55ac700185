import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { InvalidRequestError } from '@lib/platform';
import type { ReceivedVia } from '../domain/referral.events.js';
import { callerOf, type HttpRequest } from '../http.js';
import { etagOf } from '../referral-commands.js';
import { ReceiveReferralHandler, type ReceivedAnswer } from './receive-referral.handler.js';
import { ReceiveReferralRequest } from './receive-referral.request.dto.js';

interface CreatedResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * What a partner referrer gets back: the reference to quote when the police get in touch, and when
 * the referral was recorded. Nothing about the person, no revision, no address to read it at: a
 * partner referrer reads nothing (ADR 033).
 */
export interface PartnerSubmissionAcknowledgement {
  readonly reference: string;
  readonly receivedAt: string;
}

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ReceiveReferralHttpController {
  constructor(private readonly handler: ReceiveReferralHandler) {}

  @Post()
  @HttpCode(201)
  @Allow('referral:create')
  @ApiOperation({ summary: 'Key in a referral (police)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST with the same key returns the first referral',
  })
  @ApiResponse({ status: 201, description: 'Recorded; ETag is its revision, Location its address' })
  @ApiResponse({ status: 200, description: 'A retry with the same Idempotency-Key: the first referral' })
  @ApiResponse({ status: 400, description: 'Invalid request (problem details with field errors)' })
  @ApiResponse({ status: 404, description: 'The subject to link is unknown or outside your area' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key already used for another request' })
  receive(
    @Body() body: ReceiveReferralRequest,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: CreatedResponse,
  ): Promise<ReceivedAnswer> {
    return this.receiveVia('police', body, key, principal, request, response);
  }

  /**
   * The partner referral form: a partner referrer's submission about a person of its own area
   * (ADR 033). Same body, without linking earlier records; the referral is marked `partner-form`
   * and goes to the police queue of the person's area. The answer is an acknowledgement only.
   */
  @Post('partner-submissions')
  @HttpCode(201)
  @Allow('referral:submit-partner')
  @ApiOperation({ summary: 'Submit a referral through the partner referral form (partner referrers)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST with the same key gets the first acknowledgement',
  })
  @ApiResponse({ status: 201, description: 'Recorded: `{ reference, receivedAt }`, nothing else' })
  @ApiResponse({ status: 200, description: 'A retry with the same Idempotency-Key: the first acknowledgement' })
  @ApiResponse({ status: 400, description: 'Invalid request (problem details with field errors)' })
  @ApiResponse({ status: 403, description: 'The person lives outside your area (referral.partner-area-outside-reach)' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key already used for another request' })
  async submit(
    @Body() body: ReceiveReferralRequest,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: CreatedResponse,
  ): Promise<PartnerSubmissionAcknowledgement> {
    const answer = await this.validatedReceive('partner-form', body, key, principal, request);
    response.status(answer.created ? 201 : 200);
    return { reference: answer.referralId, receivedAt: answer.receivedAt };
  }

  private async receiveVia(
    via: ReceivedVia,
    body: ReceiveReferralRequest,
    key: string | undefined,
    principal: Principal,
    request: HttpRequest,
    response: CreatedResponse,
  ): Promise<ReceivedAnswer> {
    const answer = await this.validatedReceive(via, body, key, principal, request);
    response.status(answer.created ? 201 : 200);
    response.setHeader('ETag', etagOf(answer.revision));
    response.setHeader('Location', `/referrals/${answer.referralId}`);
    return answer;
  }

  private validatedReceive(
    via: ReceivedVia,
    body: ReceiveReferralRequest,
    key: string | undefined,
    principal: Principal,
    request: HttpRequest,
  ): Promise<ReceivedAnswer> {
    const problems = [];
    if (key !== undefined && !KEY.test(key)) {
      problems.push({ field: 'Idempotency-Key', messages: ['8 to 128 letters, digits or ._:-'] });
    }
    if ((body.subjectId === undefined) === (body.subject === undefined)) {
      problems.push({
        field: 'subject',
        messages: ['give either subjectId (an earlier record) or subject (a new one)'],
      });
    }
    if (via === 'partner-form' && body.subjectId !== undefined) {
      problems.push({
        field: 'subjectId',
        messages: ['a partner submission describes the person; it cannot link records'],
      });
    }
    if (problems.length > 0) throw new InvalidRequestError(problems);
    const action = via === 'police' ? 'referral:create' : 'referral:submit-partner';
    return this.handler.execute(body, via, callerOf(principal, request, action), key);
  }
}
