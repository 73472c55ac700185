import { createHash, randomBytes } from 'node:crypto';
import { Controller, Get, Inject, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow } from '@lib/auth';
import { Backend, BackendProblem } from '../../backend/backend.js';
import { checkForm, type FormErrors, formErrors, NO_ERRORS } from '../../forms/form.js';
import { Views } from '../../views/views.js';
import { seeOther } from '../../views/see-other.js';
import { ChangeUserForm, NewUserForm, roleItems } from './user-forms.js';

/** An account as the identity provider's admin API answers it (never a password). */
export interface Account {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly area?: string;
  readonly disabled: boolean;
  readonly totpEnabled: boolean;
}

type Body = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : typeof value === 'string'
      ? [value]
      : [];
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * What an account looked like when its page was shown. The identity provider's admin API has no
 * ETag, so a change is refused (the conflict page) when the account no longer looks like this:
 * another administrator changed it in between. Checked just before the change, so the window
 * for a lost update is the length of one request, not the time the form was open.
 */
export function versionOf(account: Account): string {
  return createHash('sha256')
    .update(JSON.stringify([[...account.roles].sort(), account.area ?? null, account.disabled, account.totpEnabled]))
    .digest('base64url')
    .slice(0, 22);
}

/** The identity provider's refusal of a form, as form errors (its 422 names each problem in a sentence). */
function identityRefusal(error: unknown): FormErrors | undefined {
  if (!(error instanceof BackendProblem)) return undefined;
  if (error.type === 'account.username-taken') {
    return formErrors([{ field: 'username', message: 'That username is already taken: choose another' }]);
  }
  if (error.status === 422 || error.status === 400) {
    const sentences = (error.fieldErrors as unknown[]).map((problem) =>
      typeof problem === 'string' ? problem : ((problem as { messages?: string[] }).messages?.[0] ?? 'Check this'),
    );
    const failures = (sentences.length ? sentences : [error.detail ?? 'The identity provider refused this']).map(
      (message) => ({
        field: ['username', 'roles', 'area', 'password'].find((field) => message.startsWith(field)) ?? 'form',
        message: message.charAt(0).toUpperCase() + message.slice(1),
      }),
    );
    return formErrors(failures, { form: 'main-content', roles: 'roles' });
  }
  return undefined;
}

/**
 * Users and roles (administrators), through the identity provider's admin API: the accounts with
 * their roles, area and status; creating one (its first password made here and shown once);
 * changing roles and area; disabling and enabling; turning on the TOTP second factor (the secret
 * shown once). Secrets are shown on the page that answers the POST, never stored in the session.
 * With an external provider (Keycloak: no `IDENTITY_ADMIN_URL`) users are managed there.
 */
@Controller('admin/users')
export class UsersController {
  constructor(
    @Inject(Backend) private readonly backend: Backend,
    @Inject(Views) private readonly views: Views,
  ) {}

  @Get()
  @Allow('users:manage')
  async users(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.backend.available('identity')) return this.views.render(res, 'admin/users-external.njk');
    const accounts = await this.accounts(req);
    this.views.render(res, 'admin/users.njk', { accounts });
  }

  @Get('new')
  @Allow('users:manage')
  newUser(@Res() res: Response): void {
    if (!this.backend.available('identity')) return this.views.render(res, 'admin/users-external.njk');
    this.renderNew(res, { username: '', roles: [], area: '' }, NO_ERRORS);
  }

  @Post()
  @Allow('users:manage')
  async create(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body = req.body as Body;
    const values = {
      username: text(body.username).toLowerCase(),
      roles: list(body.roles),
      area: text(body.area).toUpperCase(),
    };
    const checked = await checkForm(NewUserForm, values, { roles: 'roles' });
    if (!checked.ok) return this.renderNew(res, values, checked.errors, 400);
    // the first password: long and random, made here, shown once, never stored by the web app
    const password = randomBytes(18).toString('base64url');
    let account: Account;
    try {
      account = (
        await this.backend.post<Account>(req, 'identity', '/admin/users', {
          username: values.username,
          password,
          roles: values.roles,
          ...(values.area ? { area: values.area } : {}),
        })
      ).body;
    } catch (error) {
      const errors = identityRefusal(error);
      if (errors) return this.renderNew(res, values, errors, 400);
      throw error;
    }
    this.views.render(res, 'admin/user-created.njk', { account, password }, 201);
  }

  @Get(':id')
  @Allow('users:manage')
  async user(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const account = await this.account(req, id);
    this.renderUser(res, account, { roles: [...account.roles], area: account.area ?? '' }, NO_ERRORS);
  }

  @Post(':id')
  @Allow('users:manage')
  async change(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body = req.body as Body;
    const account = await this.account(req, id);
    const values = { roles: list(body.roles), area: text(body.area).toUpperCase() };
    const checked = await checkForm(ChangeUserForm, values, { roles: 'roles' });
    if (!checked.ok) return this.renderUser(res, account, values, checked.errors, 400);
    if (text(body.version) !== versionOf(account)) return this.conflict(req, res);
    try {
      await this.backend.call(req, 'identity', `/admin/users/${account.id}`, {
        method: 'PATCH',
        body: { roles: values.roles, area: values.area || null },
      });
    } catch (error) {
      const errors = identityRefusal(error);
      if (errors) return this.renderUser(res, account, values, errors, 400);
      throw error;
    }
    req.session.flash = { heading: `Roles and area of ${account.username} changed` };
    await seeOther(req, res, `/admin/users/${account.id}`);
  }

  @Post(':id/status')
  @Allow('users:manage')
  async status(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body = req.body as Body;
    const account = await this.account(req, id);
    const disabled = text(body.disabled);
    if (!['true', 'false'].includes(disabled)) {
      return this.renderUser(
        res,
        account,
        { roles: [...account.roles], area: account.area ?? '' },
        formErrors([{ field: 'form', message: 'Choose to disable or enable the account' }], { form: 'main-content' }),
        400,
      );
    }
    if (text(body.version) !== versionOf(account)) return this.conflict(req, res);
    await this.backend.call(req, 'identity', `/admin/users/${account.id}`, {
      method: 'PATCH',
      body: { disabled: disabled === 'true' },
    });
    req.session.flash = { heading: `${account.username} is ${disabled === 'true' ? 'disabled' : 'enabled'}` };
    await seeOther(req, res, `/admin/users/${account.id}`);
  }

  @Post(':id/totp')
  @Allow('users:manage')
  async totp(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const body = req.body as Body;
    const account = await this.account(req, id);
    if (text(body.version) !== versionOf(account)) return this.conflict(req, res);
    const enrolment = (
      await this.backend.post<{ secret: string; otpauthUri: string }>(
        req,
        'identity',
        `/admin/users/${account.id}/totp`,
        {},
      )
    ).body;
    this.views.render(res, 'admin/user-totp.njk', { account, enrolment }, 201);
  }

  private renderNew(
    res: Response,
    values: { username: string; roles: string[]; area: string },
    errors: FormErrors,
    status = 200,
  ): void {
    this.views.render(res, 'admin/user-new.njk', { ...errors, values, roleItems: roleItems(values.roles) }, status);
  }

  private renderUser(
    res: Response,
    account: Account,
    values: { roles: string[]; area: string },
    errors: FormErrors,
    status = 200,
  ): void {
    this.views.render(
      res,
      'admin/user.njk',
      { ...errors, account, values, version: versionOf(account), roleItems: roleItems(values.roles) },
      status,
    );
  }

  private conflict(req: Request, res: Response): void {
    this.views.render(res, 'errors/conflict.njk', { back: req.get('referer') }, 409);
  }

  private async accounts(req: Request): Promise<Account[]> {
    return this.backend.get<Account[]>(req, 'identity', '/admin/users');
  }

  /** One account (the admin API lists them; it has no read of one): the not-found page when there is none. */
  private async account(req: Request, id: string): Promise<Account> {
    if (!this.backend.available('identity') || !UUID.test(id)) throw new NotFoundException();
    const account = (await this.accounts(req)).find((candidate) => candidate.id === id.toLowerCase());
    if (!account) throw new NotFoundException();
    return account;
  }
}
