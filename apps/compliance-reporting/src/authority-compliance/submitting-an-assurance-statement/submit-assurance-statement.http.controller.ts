import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import {
  answered,
  AuthorityCommands,
  IF_MATCH,
  revisionOf,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
} from '../authority-commands.js';
import { SubmitAssuranceStatementRequest } from './submit-assurance-statement.request.dto.js';

/** Recording that a local authority submitted its annual Channel assurance statement. */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/authorities/:id')
export class SubmitAssuranceStatementHttpController {
  constructor(private readonly authorities: AuthorityCommands) {}

  @Post('assurance-statements')
  @HttpCode(200)
  @Allow('compliance:record')
  @ApiOperation({ summary: 'Record a local authority’s annual Channel assurance statement for a financial year' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
  @ApiResponse({ status: 400, description: 'Invalid request' })
  @ApiResponse({ status: 403, description: 'An authority of another area' })
  @ApiResponse({ status: 404, description: 'Unknown authority' })
  @ApiResponse({ status: 409, description: 'A statement for that year was already submitted' })
  @ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
  @ApiResponse({ status: 422, description: 'Not a local authority, or a day outside the year or still to come' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  submit(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmitAssuranceStatementRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.authorities
      .run(id, principal, request, revisionOf(ifMatch), undefined, () => ({
        type: 'SubmitAssuranceStatement',
        authorityId: id,
        year: body.year,
        submittedOn: body.submittedOn,
      }))
      .then((answer) => answered(response, answer));
  }
}
