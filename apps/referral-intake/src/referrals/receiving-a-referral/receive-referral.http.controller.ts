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
   * The partner referral form: a partner organisation's submission (ADR 033). Same body; the
   * referral is marked `partner-form` and goes to the police queue of the person's area.
   */
  @Post('partner-submissions')
  @HttpCode(201)
  @Allow('referral:submit-partner')
  @ApiOperation({ summary: 'Submit a referral through the partner referral form' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, description: 'Recorded' })
  @ApiResponse({ status: 400, description: 'Invalid request (problem details with field errors)' })
  submit(
    @Body() body: ReceiveReferralRequest,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: CreatedResponse,
  ): Promise<ReceivedAnswer> {
    return this.receiveVia('partner-form', body, key, principal, request, response);
  }

  private async receiveVia(
    via: ReceivedVia,
    body: ReceiveReferralRequest,
    key: string | undefined,
    principal: Principal,
    request: HttpRequest,
    response: CreatedResponse,
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
    const answer = await this.handler.execute(body, via, callerOf(principal, request, action), key);
    response.status(answer.created ? 201 : 200);
    response.setHeader('ETag', etagOf(answer.revision));
    response.setHeader('Location', `/referrals/${answer.referralId}`);
    return answer;
  }
}
