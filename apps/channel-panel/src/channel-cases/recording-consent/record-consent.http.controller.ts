import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { isErased } from '@lib/personal-data';
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
import { ageOn, type ChannelCaseCommand } from '../domain/channel-case.commands.js';
import { currentPersonalDetails } from '../domain/channel-case.js';
import type { Personal } from '../domain/personal.js';
import { IF_MATCH } from '../preparing-a-case/prepare-case.http.controller.js';
import { RecordConsentRequest } from './record-consent.request.dto.js';

/**
 * Consent to support. The handler opens the sealed date of birth with the cipher and passes the
 * person's age on the day into the command; the decider refuses a person under 18 consenting alone.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader(IF_MATCH)
@Controller('cases/:id')
export class RecordConsentHttpController {
  constructor(private readonly cases: ChannelCaseCommands) {}

  @Post('consent')
  @HttpCode(200)
  @Allow('case:manage')
  @ApiOperation({
    summary: 'Record consent to support: given, refused or withdrawn (the last two return the case to the police)',
  })
  @ApiResponse({ status: 200, description: 'Recorded; ETag is the new revision' })
  @ApiResponse({ status: 404, description: 'Unknown, or outside your area' })
  @ApiResponse({ status: 409, description: 'Consent already given, closed, or back with the police' })
  @ApiResponse({ status: 412, description: 'If-Match is stale: nothing was recorded' })
  @ApiResponse({ status: 422, description: 'Not adopted; under 18 without a parent or guardian; age unknown' })
  record(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordConsentRequest,
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
    body: RecordConsentRequest,
    { state, events }: LoadedCase,
  ): Promise<ChannelCaseCommand> {
    const seal = <T>(value: T) => this.cases.seal(state.subjectId, value);
    const age = await this.ageOnDay(currentPersonalDetails(events)?.dateOfBirth, body.consentedOn);
    const common = {
      caseId,
      givenBy: body.givenBy,
      ...(body.consenterName
        ? {
            consenter: await seal({
              name: body.consenterName,
              ...(body.consenterRelationship ? { relationship: body.consenterRelationship } : {}),
            }),
          }
        : {}),
      ...(age !== undefined ? { subjectAgeOnDate: age } : {}),
      consentedOn: body.consentedOn,
      method: body.method,
      ...(body.capacityConsideration ? { capacityConsideration: await seal(body.capacityConsideration) } : {}),
      ...(body.riskView ? { riskView: await seal(body.riskView) } : {}),
    };
    return body.outcome === 'withdrawn'
      ? { type: 'WithdrawConsent', ...common }
      : { type: 'RecordConsent', outcome: body.outcome, ...common };
  }

  /** The person's age on the day, from the sealed (latest) date of birth; undefined when unknown or erased. */
  private async ageOnDay(sealed: Personal<string> | undefined, day: string): Promise<number | undefined> {
    if (!sealed) return undefined;
    const dateOfBirth = await this.cases.reveal<unknown>(sealed);
    return typeof dateOfBirth === 'string' && !isErased(dateOfBirth) ? ageOn(dateOfBirth, day) : undefined;
  }
}
