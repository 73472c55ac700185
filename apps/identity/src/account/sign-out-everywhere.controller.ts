import { Controller, HttpCode, Logger, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@lib/auth';
import { ProblemResponse } from '../admin/admin.dto.js';
import { OidcStorage } from '../oidc/postgres-adapter.js';

/** The signed-in user's own account. */
@Controller('account')
@ApiTags('account')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemResponse, description: 'No valid access token' })
@ApiForbiddenResponse({ type: ProblemResponse, description: 'A token without a role (a service’s token)' })
export class SignOutEverywhereController {
  private readonly logger = new Logger('Sessions');

  constructor(private readonly storage: OidcStorage) {}

  /**
   * Ends every provider session, grant, code and refresh token of the caller's own account (the
   * token's `sub`), whichever browser or device holds them. Access tokens already issued are
   * JWTs the services verify on their own: they stay valid until they expire (10 minutes at most).
   */
  @Post('sign-out-everywhere')
  @HttpCode(204)
  @Allow('account:sign-out-everywhere')
  @ApiOperation({
    summary: 'Sign out everywhere: end every session of one’s own account',
    description:
      'Ends every provider session, grant, authorization code and refresh token of the account the access ' +
      'token belongs to, on every device; the next sign-in asks for the password again. Access tokens ' +
      'already issued stay valid until they expire. No request body.',
  })
  @ApiNoContentResponse({ description: 'Every session of the account has ended' })
  async signOutEverywhere(@CurrentPrincipal() principal: Principal): Promise<void> {
    const removed = await this.storage.endEverySessionOf(principal.subject);
    // counts only: no account id, username or token reaches the log
    this.logger.log({
      message: 'an account signed out everywhere',
      event: 'account.signed-out-everywhere',
      sessions: removed.Session ?? 0,
      grants: removed.Grant ?? 0,
      refreshTokens: removed.RefreshToken ?? 0,
      otherRecords: Object.entries(removed)
        .filter(([model]) => !['Session', 'Grant', 'RefreshToken'].includes(model))
        .reduce((sum, [, count]) => sum + count, 0),
    });
  }
}
