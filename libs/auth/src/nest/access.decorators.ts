import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { isAction, type Action } from '../domain/actions.js';
import type { Principal } from '../domain/principal.js';

export const ACCESS_RULE = 'prevent:access-rule';

/** A route's access rule: public (no token), or the action it performs (checked against the matrix). */
export type AccessRule = { kind: 'public' } | { kind: 'action'; action: Action };

/** The route performs `action`: only roles the matrix allows for it get through. */
export const Allow = (action: Action) => {
  if (!isAction(action)) throw new Error(`@Allow names an unknown action: ${String(action)}`);
  return SetMetadata(ACCESS_RULE, { kind: 'action', action } satisfies AccessRule);
};

/** The route needs no token (health checks, the login pages of the identity provider). */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** The principal the access guard verified; undefined only on a public route. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal | undefined =>
  principalOf(context.switchToHttp().getRequest()),
);

const PRINCIPAL = Symbol('prevent:principal');

export function principalOf(request: object): Principal | undefined {
  return (request as { [PRINCIPAL]?: Principal })[PRINCIPAL];
}

export function attachPrincipal(request: object, principal: Principal): void {
  (request as { [PRINCIPAL]?: Principal })[PRINCIPAL] = principal;
}
