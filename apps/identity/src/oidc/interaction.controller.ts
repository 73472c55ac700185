import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@lib/auth';
import { errors } from 'oidc-provider';
import type { Request, Response } from 'express';
import { AccountStore } from '../accounts/account.store.js';
import { ProviderHolder } from './provider-holder.js';

const REFUSED = 'Sign-in refused. After repeated failures an account is locked for a while.';

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
  ) {}

  @Get(':uid')
  @Public()
  async show(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const details = await this.holder.current.interactionDetails(req, res);
    if (details.uid !== uid) throw new errors.InvalidRequest('interaction mismatch');
    page(res, 200, uid, undefined, false);
  }

  @Post(':uid/login')
  @Public()
  async login(
    @Param('uid') uid: string,
    @Body() body: { username?: string; password?: string; totp?: string },
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const details = await this.holder.current.interactionDetails(req, res);
    if (details.uid !== uid || details.prompt.name !== 'login') throw new errors.InvalidRequest('interaction mismatch');
    const result = await this.accounts.signIn(
      String(body.username ?? ''),
      String(body.password ?? ''),
      body.totp ? String(body.totp) : undefined,
      new Date(),
    );
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
      return page(res, 200, uid, 'Enter the code from your authenticator app.', true);
    page(res, 401, uid, REFUSED, false);
  }
}

function page(res: Response, status: number, uid: string, message: string | undefined, askTotp: boolean): void {
  res
    .status(status)
    .type('html')
    .setHeader('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body><main>
<h1>Sign in</h1>${message ? `<p role="alert">${message}</p>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
${askTotp ? '<label>One-time code <input name="totp" inputmode="numeric" autocomplete="one-time-code" required></label>' : ''}
<button type="submit">Sign in</button></form></main></body></html>`,
    );
}
