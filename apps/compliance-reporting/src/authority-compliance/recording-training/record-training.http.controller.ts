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
import { RecordTrainingRequest } from './record-training.request.dto.js';

/** Recording training: people trained against staff in post, per group of staff; the latest per group stands. */
@ApiTags('compliance')
@ApiBearerAuth()
@Controller('compliance/authorities/:id')
export class RecordTrainingHttpController {
  constructor(private readonly authorities: AuthorityCommands) {}

  @Post('training')
  @HttpCode(200)
  @Allow('compliance:record')
  @ApiOperation({ summary: 'Record people trained against staff in post, for one group of staff' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
  @ApiResponse({ status: 400, description: 'Invalid request' })
  @ApiResponse({ status: 403, description: 'An authority of another area' })
  @ApiResponse({ status: 404, description: 'Unknown authority' })
  @ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
  @ApiResponse({ status: 422, description: 'More trained than in post, or a day still to come' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  record(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordTrainingRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.authorities
      .run(id, principal, request, revisionOf(ifMatch), undefined, () => ({
        type: 'RecordTraining',
        authorityId: id,
        staffGroup: body.staffGroup,
        trained: body.trained,
        inPost: body.inPost,
        asOf: body.asOf,
      }))
      .then((answer) => answered(response, answer));
  }
}
