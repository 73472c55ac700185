import {
  Body,
  Catch,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseFilters,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { Allow } from '@lib/auth';
import { AccountError, AccountStore, type Account } from '../accounts/account.store.js';
import { otpauthUri } from '../accounts/totp.js';
import { ProviderHolder } from '../oidc/provider-holder.js';

const STATUS = { 'account.not-found': 404, 'account.username-taken': 409, 'account.invalid': 422 } as const;

@Catch(AccountError)
class AccountProblemFilter implements ExceptionFilter {
  catch(error: AccountError, host: ArgumentsHost): void {
    const status = STATUS[error.code];
    host
      .switchToHttp()
      .getResponse<{ status(s: number): { type(t: string): { send(b: string): void } } }>()
      .status(status)
      .type('application/problem+json')
      .send(JSON.stringify({ type: error.code, title: error.code, status, detail: error.message }));
  }
}

/** Administrators manage users and keys. Passwords are never returned, nor logged. */
@Controller('admin')
@UseFilters(AccountProblemFilter)
export class AdminController {
  constructor(
    private readonly accounts: AccountStore,
    private readonly holder: ProviderHolder,
  ) {}

  @Get('users')
  @Allow('users:manage')
  list(): Promise<Account[]> {
    return this.accounts.list();
  }

  @Post('users')
  @Allow('users:manage')
  create(@Body() body: { username: string; password: string; roles: string[]; area?: string }): Promise<Account> {
    return this.accounts.create(body ?? {});
  }

  /** Re-role, move to another area, disable or enable. */
  @Patch('users/:id')
  @Allow('users:manage')
  async update(
    @Param('id') id: string,
    @Body() body: { roles?: string[]; area?: string | null; disabled?: boolean },
  ): Promise<Account> {
    if (!(await this.accounts.find(id))) throw new AccountError('account.not-found', 'No such account.');
    if (body?.disabled !== undefined && typeof body.disabled !== 'boolean') {
      throw new AccountError('account.invalid', 'disabled must be true or false.');
    }
    return this.accounts.update(id, {
      ...(body?.roles !== undefined ? { roles: body.roles } : {}),
      ...(body?.area !== undefined ? { area: body.area } : {}),
      ...(body?.disabled !== undefined ? { disabled: body.disabled } : {}),
    });
  }

  /** Turns on the second factor; the secret is shown once, for the user's authenticator app. */
  @Post('users/:id/totp')
  @Allow('users:manage')
  async enableTotp(@Param('id') id: string): Promise<{ secret: string; otpauthUri: string }> {
    if (!(await this.accounts.find(id))) throw new AccountError('account.not-found', 'No such account.');
    const { account, secret } = await this.accounts.enableTotp(id);
    return { secret, otpauthUri: otpauthUri(secret, 'Prevent', account.username) };
  }

  @Post('keys/rotate')
  @HttpCode(200)
  @Allow('keys:rotate')
  async rotateKeys(): Promise<{ signingKey: string; published: string[] }> {
    const signingKey = await this.holder.rotate();
    return { signingKey, published: this.holder.publicKeys.map((key) => String(key.kid)) };
  }
}
