import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, recordFilter, type Principal } from '@lib/auth';
import { AccountStore } from '../accounts/account.store.js';
import { ProblemResponse } from '../admin/admin.dto.js';
import { InterventionProviderListResponse } from './directory.dto.js';

/** Who the people preparing a case can pick, without the admin API. */
@Controller('directory')
@ApiTags('directory')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemResponse, description: 'No valid access token' })
@ApiForbiddenResponse({ type: ProblemResponse, description: 'The token’s roles may not manage cases' })
export class InterventionProvidersController {
  constructor(private readonly accounts: AccountStore) {}

  @Get('intervention-providers')
  @Allow('case:manage')
  @ApiOperation({
    summary: 'The intervention providers a case can be given to',
    description:
      'The active (not disabled) accounts with the role intervention-provider in the caller’s area (the ' +
      'token’s area claim; a role that reaches every area sees all, a token without an area none), ordered by ' +
      'username. An intervention’s providerId is the chosen provider’s id (their tokens’ sub).',
  })
  @ApiOkResponse({ type: InterventionProviderListResponse })
  async list(@CurrentPrincipal() principal: Principal): Promise<InterventionProviderListResponse> {
    const filter = recordFilter(principal, 'case:manage');
    const areas = filter.kind === 'everywhere' ? 'everywhere' : filter.kind === 'restricted' ? filter.areas : [];
    const providers = await this.accounts.activeWithRole('intervention-provider', areas);
    return { items: providers.map(({ id, username }) => ({ id, username })) };
  }
}
