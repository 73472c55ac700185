import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { InvalidRequestError } from '@lib/platform';
import { callerOf, etagOf, type HttpRequest } from '../case-commands.js';
import { OpenCaseHandler, type OpenedAnswer } from './open-case.handler.js';
import { OpenCaseRequest } from './open-case.request.dto.js';

interface CreatedResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class OpenCaseHttpController {
  constructor(private readonly handler: OpenCaseHandler) {}

  @Post()
  @HttpCode(201)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Open a case by the local authority itself (no police referral)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST with the same key returns the first case',
  })
  @ApiResponse({ status: 201, description: 'Opened; ETag is its revision, Location its address' })
  @ApiResponse({ status: 200, description: 'A retry with the same Idempotency-Key: the first case' })
  @ApiResponse({ status: 400, description: 'Invalid request (problem details with field errors)' })
  @ApiResponse({ status: 403, description: 'The person lives outside your area' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key already used for another request' })
  async open(
    @Body() body: OpenCaseRequest,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: CreatedResponse,
  ): Promise<OpenedAnswer> {
    if (key !== undefined && !KEY.test(key)) {
      throw new InvalidRequestError([{ field: 'Idempotency-Key', messages: ['8 to 128 letters, digits or ._:-'] }]);
    }
    const answer = await this.handler.openByLocalAuthority(body, callerOf(principal, request, 'case:manage'), key);
    response.status(answer.created ? 201 : 200);
    response.setHeader('ETag', etagOf(answer.revision));
    response.setHeader('Location', `/cases/${answer.id}`);
    return answer;
  }
}
