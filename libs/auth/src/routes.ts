import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { AUTHORISATION_MATRIX } from './domain/authorisation-matrix.js';
import { ROLES, type Role } from './domain/roles.js';
import { ACCESS_RULE, type AccessRule } from './nest/access.decorators.js';

/** One HTTP route of a Nest app and the access rule it carries (none: it will be refused). */
export interface RouteAccess {
  readonly method: string;
  readonly path: string;
  readonly controller: string;
  readonly handler: string;
  readonly rule?: AccessRule;
}

/** Every controller route of the app, read from Nest's module container (the same metadata the router uses). */
export function listRoutes(
  source: ModulesContainer | { get(token: typeof ModulesContainer): ModulesContainer },
  globalPrefix = '',
): RouteAccess[] {
  const modules = source instanceof ModulesContainer ? source : source.get(ModulesContainer);
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes: RouteAccess[] = [];
  const seen = new Set<unknown>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, controller]);
        for (const prefix of prefixes) {
          for (const path of asArray(paths)) {
            routes.push({
              method,
              path: joinPath(globalPrefix, prefix, path),
              controller: controller.name,
              handler: name,
              ...(rule ? { rule } : {}),
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

export function routesWithoutRule(source: Parameters<typeof listRoutes>[0]): RouteAccess[] {
  return listRoutes(source).filter((route) => !route.rule);
}

/** The status class a role must get on a route: `refused` is exactly 403, `admitted` anything but 401 or 403. */
export function expectedAccess(
  route: RouteAccess,
  role: Role | 'anonymous',
): 'admitted' | 'refused' | 'unauthenticated' {
  if (!route.rule) return 'refused';
  if (route.rule.kind === 'public') return 'admitted';
  if (role === 'anonymous') return 'unauthenticated';
  return AUTHORISATION_MATRIX[route.rule.action].includes(role) ? 'admitted' : 'refused';
}

export interface RouteWalkResult {
  readonly route: RouteAccess;
  readonly role: Role | 'anonymous';
  readonly expected: 'admitted' | 'refused' | 'unauthenticated';
  readonly status: number;
  readonly ok: boolean;
}

/**
 * Calls every route with every role (and with no token) over HTTP and compares each answer
 * with the matrix. Path parameters are filled with placeholder ids, so an admitted call
 * usually ends in 404 or 400: what matters is that it is not 401 or 403.
 */
export async function walkRoutes(options: {
  baseUrl: string;
  routes: readonly RouteAccess[];
  tokenFor: (role: Role) => Promise<string> | string;
  roles?: readonly Role[];
}): Promise<RouteWalkResult[]> {
  const results: RouteWalkResult[] = [];
  for (const route of options.routes) {
    for (const role of ['anonymous' as const, ...(options.roles ?? ROLES)]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (role !== 'anonymous') headers.authorization = `Bearer ${await options.tokenFor(role)}`;
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => `walk-${name}`);
      const response = await fetch(`${options.baseUrl}${path}`, {
        method: route.method,
        headers,
        ...(['GET', 'HEAD', 'DELETE'].includes(route.method) ? {} : { body: '{}' }),
      });
      await response.arrayBuffer();
      const expected = expectedAccess(route, role);
      const ok =
        expected === 'admitted'
          ? response.status !== 401 && response.status !== 403
          : response.status === (expected === 'refused' ? 403 : 401);
      results.push({ route, role, expected, status: response.status, ok });
    }
  }
  return results;
}

function asArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [''];
  return Array.isArray(value) ? value : [value];
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

export const ROUTES_BEGIN =
  '<!-- service-routes:begin (generated from the apps by test/e2e/access-matrix.e2e-spec.ts) -->';
export const ROUTES_END = '<!-- service-routes:end -->';

/** Every service's routes and their rules, as the Markdown table of `docs/authorisation.md`. */
export function renderRouteTable(services: readonly { name: string; routes: readonly RouteAccess[] }[]): string {
  const who = (route: RouteAccess) => {
    if (!route.rule) return '**no rule: refused to all**';
    if (route.rule.kind === 'public') return 'public (no token)';
    return `\`${route.rule.action}\`: ${AUTHORISATION_MATRIX[route.rule.action].join(', ')}`;
  };
  const rows = services.flatMap((service) =>
    service.routes.map((route) => `| ${service.name} | \`${route.method} ${route.path}\` | ${who(route)} |`),
  );
  return [ROUTES_BEGIN, '', '| app | route | rule: who may call it |', '|---|---|---|', ...rows, '', ROUTES_END].join(
    '\n',
  );
}
