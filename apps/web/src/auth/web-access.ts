import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  SetMetadata,
} from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule, type Action, listRoutes, mayDo } from '@lib/auth';
import type { Request } from 'express';
import type { SignedInUser } from '../session/session-data.js';

const SIGNED_IN = 'prevent:web-signed-in';

/** The page needs a signed-in user of any role (the home page, sign-out). */
export const SignedIn = () => SetMetadata(SIGNED_IN, true);

/** No user is signed in (or the session timed out): the browser is sent to sign in. */
export class SignInRequired extends Error {}

/** The signed-in user's roles do not allow the page's action. */
export class PageNotAllowed extends Error {
  constructor(readonly action?: Action) {
    super(`not allowed: ${action ?? 'no access rule'}`);
  }
}

/**
 * The web app's access control: the services' matrix (`@Allow(action)` from libs/auth, checked
 * against the roles in the user's verified access token), `@Public()`, or `@SignedIn()`. A page
 * without one of them stops the app at boot, as in the services. The services check every call
 * again with the user's token; this guard only keeps users from pages they cannot use.
 */
@Injectable()
export class WebAccessGuard implements CanActivate, OnApplicationBootstrap {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ModulesContainer) private readonly modules: ModulesContainer,
  ) {}

  onApplicationBootstrap(): void {
    const unruled = listRoutes(this.modules).filter((route) => {
      if (route.rule) return false;
      const type = [...this.modules.values()]
        .flatMap((module) => [...module.controllers.values()])
        .find((wrapper) => (wrapper.metatype as { name?: string } | undefined)?.name === route.controller)?.metatype;
      const handler = type ? (type.prototype as Record<string, object>)[route.handler] : undefined;
      return !(handler && this.signedIn([handler, type as object]));
    });
    if (unruled.length > 0) {
      throw new Error(
        `Pages without an access rule (@Allow, @SignedIn or @Public): ${unruled
          .map((route) => `${route.method} ${route.path}`)
          .join(', ')}`,
      );
    }
  }

  private signedIn(targets: readonly object[]): boolean {
    return targets.some((target) => Reflect.getMetadata(SIGNED_IN, target) === true);
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (rule?.kind === 'public') return true;
    const user = context.switchToHttp().getRequest<Request>().session?.user;
    if (!user) throw new SignInRequired();
    if (rule?.kind === 'action') {
      if (!mayDo(user.roles, rule.action)) throw new PageNotAllowed(rule.action);
      return true;
    }
    if (this.signedIn(targets)) return true;
    throw new PageNotAllowed();
  }
}

/** What the signed-in user may do, for showing only the actions they can take. */
export function may(user: SignedInUser | undefined, action: Action): boolean {
  return user !== undefined && mayDo(user.roles, action);
}
