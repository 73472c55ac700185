import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiConflictResponse,
  ApiUnauthorizedResponse,
  ApiForbiddenResponse,
} from '@nestjs/swagger';
import { Allow } from '@lib/auth';
import { AccountError, AccountStore, type Account } from '../accounts/account.store.js';
import { otpauthUri } from '../accounts/totp.js';
import { ProviderHolder } from '../oidc/provider-holder.js';
import {
  AccountResponse,
  CreateUserRequest,
  KeyRotationResponse,
  ProblemResponse,
  TotpEnrolmentResponse,
  UpdateUserRequest,
} from './admin.dto.js';

/** An id that is not a UUID names no account: the same answer as an unknown one. */
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new AccountError('account.not-found', 'No such account.') });

/** Administrators manage users and keys. Passwords are never returned, nor logged. */
@Controller('admin')
@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemResponse, description: 'No valid access token' })
@ApiForbiddenResponse({ type: ProblemResponse, description: 'The token’s roles do not allow it (admin only)' })
@ApiUnprocessableEntityResponse({ type: ProblemResponse, description: 'The request body is not valid' })
export class AdminController {
  constructor(
    private readonly accounts: AccountStore,
    private readonly holder: ProviderHolder,
  ) {}

  @Get('users')
  @Allow('users:manage')
  @ApiOperation({ summary: 'List every account' })
  @ApiOkResponse({ type: [AccountResponse] })
  list(): Promise<Account[]> {
    return this.accounts.list();
  }

  @Post('users')
  @Allow('users:manage')
  @ApiOperation({ summary: 'Create an account (password hashed with argon2id)' })
  @ApiCreatedResponse({ type: AccountResponse })
  @ApiConflictResponse({ type: ProblemResponse, description: 'The username is taken' })
  create(@Body() body: CreateUserRequest): Promise<Account> {
    return this.accounts.create({
      username: body.username,
      password: body.password,
      roles: body.roles,
      ...(body.area !== undefined ? { area: body.area } : {}),
    });
  }

  @Patch('users/:id')
  @Allow('users:manage')
  @ApiOperation({ summary: 'Re-role, move to another area, disable or enable an account' })
  @ApiOkResponse({ type: AccountResponse })
  @ApiNotFoundResponse({ type: ProblemResponse })
  async update(@Param('id', uuid) id: string, @Body() body: UpdateUserRequest): Promise<Account> {
    if (!(await this.accounts.find(id))) throw new AccountError('account.not-found', 'No such account.');
    return this.accounts.update(id, {
      ...(body.roles !== undefined ? { roles: body.roles } : {}),
      ...(body.area !== undefined ? { area: body.area } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
    });
  }

  @Post('users/:id/totp')
  @Allow('users:manage')
  @ApiOperation({ summary: 'Turn on the TOTP second factor; the secret is shown once' })
  @ApiCreatedResponse({ type: TotpEnrolmentResponse })
  @ApiNotFoundResponse({ type: ProblemResponse })
  async enableTotp(@Param('id', uuid) id: string): Promise<TotpEnrolmentResponse> {
    if (!(await this.accounts.find(id))) throw new AccountError('account.not-found', 'No such account.');
    const { account, secret } = await this.accounts.enableTotp(id);
    return { secret, otpauthUri: otpauthUri(secret, 'Prevent', account.username) };
  }

  @Post('keys/rotate')
  @HttpCode(200)
  @Allow('keys:rotate')
  @ApiOperation({ summary: 'Rotate the signing key; the old keys stay published for the overlap period' })
  @ApiOkResponse({ type: KeyRotationResponse })
  async rotateKeys(): Promise<KeyRotationResponse> {
    const signingKey = await this.holder.rotate();
    return { signingKey, published: this.holder.publicKeys.map((key) => String(key.kid)) };
  }
}
