import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { InvalidRequestError } from '@lib/platform';
import { correlationIdOf } from '@lib/audit';
import {
  actorOf,
  AuthorityAreaOutsideReachError,
  AuthorityCommands,
  digest,
  etagOf,
  mayRecordFor,
  uuidV5,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../authority-commands.js';
import { authorityDecider } from '../domain/authority.js';
import { authorityStream } from '../domain/authority.events.js';
import { RegisterAuthorityRequest } from './register-authority.request.dto.js';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const IDEMPOTENCY_NAMESPACE = '9b7c2e41-5d3a-4f6e-8a1b-2c4d6e8f0a13';

interface CreatedResponse extends HttpResponse {
  status(code: number): unknown;
}

/** Putting a specified authority on the register (Idempotency-Key: a retried POST finds the first). */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/authorities')
export class RegisterAuthorityHttpController {
  constructor(private readonly authorities: AuthorityCommands) {}

  @Post()
  @HttpCode(201)
  @Allow('compliance:record')
  @ApiOperation({ summary: 'Register a specified authority of your area (an organisation; no person)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried POST with the same key returns the first authority',
  })
  @ApiResponse({ status: 201, description: 'Registered; ETag is its revision, Location its address' })
  @ApiResponse({ status: 200, description: 'A retry with the same Idempotency-Key: the first authority' })
  @ApiResponse({ status: 400, description: 'Invalid request' })
  @ApiResponse({ status: 403, description: 'An authority of another area' })
  @ApiResponse({ status: 422, description: 'Idempotency-Key already used for another request' })
  async register(
    @Body() body: RegisterAuthorityRequest,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: CreatedResponse,
  ): Promise<CommandAnswer & { created: boolean }> {
    if (key !== undefined && !KEY.test(key)) {
      throw new InvalidRequestError([{ field: 'Idempotency-Key', messages: ['8 to 128 letters, digits or ._:-'] }]);
    }
    if (!mayRecordFor(principal, body.area)) throw new AuthorityAreaOutsideReachError();
    const authorityId = key ? uuidV5(IDEMPOTENCY_NAMESPACE, `${principal.subject}\n${key}`) : crypto.randomUUID();
    const outcome = await this.authorities.runner.run(
      authorityStream(authorityId),
      authorityDecider,
      {
        type: 'RegisterAuthority',
        authorityId,
        name: body.name,
        authorityType: body.type,
        area: body.area,
        region: body.region,
        ...(key
          ? { requestFingerprint: digest({ name: body.name, type: body.type, area: body.area, region: body.region }) }
          : {}),
      },
      { actor: actorOf(principal), correlationId: correlationIdOf(request) },
    );
    const created = outcome.events.length > 0;
    response.status(created ? 201 : 200);
    response.setHeader('ETag', etagOf(outcome.revision as number));
    response.setHeader('Location', `/compliance/authorities/${authorityId}`);
    return { id: authorityId, revision: outcome.revision as number, created };
  }
}
