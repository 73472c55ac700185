import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ActionNotAllowedError, InvalidTokenError, NoAccessRuleError } from '../auth.errors.js';
import { mayDo } from '../domain/authorisation-matrix.js';
import { TokenVerifier } from '../token-verifier.js';
import { ACCESS_RULE, attachPrincipal, type AccessRule } from './access.decorators.js';

/**
 * The global guard: denies by default. A route with no rule is refused to everyone; a
 * public route lets anyone in; any other route needs a valid bearer token (401 otherwise)
 * whose roles the matrix allows for the route's action (403 otherwise).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new NoAccessRuleError(`${context.getClass().name}.${context.getHandler().name}`);
    if (rule.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const principal = await this.verifier.verify(bearerToken(request.headers.authorization));
    if (!mayDo(principal.roles, rule.action)) throw new ActionNotAllowedError(rule.action);
    attachPrincipal(request, principal);
    return true;
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  if (!match && header.trim().length > 0) throw new InvalidTokenError('malformed');
  return match?.[1];
}
