import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import {
  answered,
  callerOf,
  ChannelCaseCommands,
  revisionOf,
  type CommandAnswer,
  type HttpRequest,
  type HttpResponse,
  type LoadedCase,
} from '../case-commands.js';
import type { ChannelCaseCommand } from '../domain/channel-case.commands.js';
import { IF_MATCH } from '../preparing-a-case/prepare-case.http.controller.js';
import { CorrectPersonalDetailsRequest } from './correct-personal-details.request.dto.js';

/**
 * Corrects the person's details on a case — typically the date of birth of a case opened without
 * one, so that consent can be checked against the person's age on the day. Each value is sealed
 * under the case subject's key before it reaches the decider.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@Controller('cases/:id')
export class CorrectPersonalDetailsHttpController {
  constructor(private readonly cases: ChannelCaseCommands) {}

  @Post('personal-details')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({ summary: 'Correct the person’s details on the case (name, other names, date of birth, address)' })
  @ApiResponse({ status: 200, description: 'Corrected; ETag is the new revision' })
  @ApiResponse({ status: 400, description: 'Invalid request' })
  @ApiResponse({ status: 404, description: 'Unknown, or outside your area' })
  @ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
  @ApiResponse({ status: 422, description: 'Nothing to correct' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  correct(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CorrectPersonalDetailsRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<CommandAnswer> {
    return this.cases
      .run(id, callerOf(principal, request, 'case:manage'), 'case:manage', revisionOf(ifMatch), (loaded) =>
        this.command(id, body, loaded),
      )
      .then((answer) => answered(response, answer));
  }

  private async command(
    caseId: string,
    body: CorrectPersonalDetailsRequest,
    { state }: LoadedCase,
  ): Promise<ChannelCaseCommand> {
    const seal = <T>(value: T) => this.cases.seal(state.subjectId, value);
    const name = (value: { givenNames: string; familyName: string }) => ({
      givenNames: value.givenNames,
      familyName: value.familyName,
    });
    return {
      type: 'CorrectPersonalDetails',
      caseId,
      corrected: {
        ...(body.name ? { name: await seal(name(body.name)) } : {}),
        ...(body.otherNames ? { otherNames: await seal(body.otherNames.map(name)) } : {}),
        ...(body.dateOfBirth ? { dateOfBirth: await seal(body.dateOfBirth) } : {}),
        ...(body.address
          ? {
              address: await seal({
                lines: [...body.address.lines],
                ...(body.address.postcode ? { postcode: body.address.postcode } : {}),
              }),
            }
          : {}),
      },
      reason: await seal(body.reason),
    };
  }
}
