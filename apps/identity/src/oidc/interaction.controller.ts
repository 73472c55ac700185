import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lib/auth';
import { errors } from 'oidc-provider';
import type { Request, Response } from 'express';
import { AccountStore } from '../accounts/account.store.js';
import type { PageError } from '../pages/govuk-page.js';
import { PagePolicy } from '../pages/govuk-page.js';
import { signInPage, type SignInForm } from '../pages/sign-in.page.js';
import { ProviderHolder } from './provider-holder.js';

/** One answer for a wrong password, an unknown or disabled user, a wrong code and a locked account. */
export const SIGN_IN_REFUSED =
  'Sign-in refused: check your username and password. After repeated failures an account is locked for a while.';

/**
 * The sign-in pages of the authorization-code flow: oidc-provider sends the browser here,
 * this checks the password (and the one-time code when the account has one) and hands the
 * account id back to the provider, which finishes the flow.
 */
@Controller('interaction')
@ApiExcludeController()
export class InteractionController {
  constructor(
    private readonly holder: ProviderHolder,
    private readonly accounts: AccountStore,
    private readonly policy: PagePolicy,
  ) {}

  @Get(':uid')
  @Public()
  async show(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const details = await this.holder.current.interactionDetails(req, res);
    if (details.uid !== uid) throw new errors.InvalidRequest('interaction mismatch');
    this.page(res, 200, { uid });
  }

  @Post(':uid/login')
  @Public()
  async login(
    @Param('uid') uid: string,
    @Body() body: { username?: unknown; password?: unknown; totp?: unknown },
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const details = await this.holder.current.interactionDetails(req, res);
    if (details.uid !== uid || details.prompt.name !== 'login') throw new errors.InvalidRequest('interaction mismatch');
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    // a `totp` field, even empty, means the form asked for the code
    const totp = typeof body.totp === 'string' ? body.totp.trim() : undefined;
    const missing: PageError[] = [
      ...(username ? [] : [{ field: 'username', text: 'Enter your username' }]),
      ...(password ? [] : [{ field: 'password', text: 'Enter your password' }]),
      ...(totp === '' ? [{ field: 'totp', text: 'Enter the code from your authenticator app' }] : []),
    ];
    if (missing.length > 0) return this.page(res, 400, { uid, username, errors: missing, askTotp: totp !== undefined });

    const result = await this.accounts.signIn(username, password, totp, new Date());
    if (result.outcome === 'signed-in') {
      await this.holder.current.interactionFinished(
        req,
        res,
        { login: { accountId: result.account.id } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (result.outcome === 'second-factor-needed')
      return this.page(res, 200, { uid, username, askTotp: true, secondFactorNeeded: true });
    this.page(res, 401, {
      uid,
      username,
      errors: [{ field: 'username', text: SIGN_IN_REFUSED }],
      askTotp: totp !== undefined,
    });
  }

  private page(res: Response, status: number, form: SignInForm): void {
    this.policy.apply(res);
    res.status(status).type('html').send(signInPage(form));
  }
}
