import type { Principal } from './principal.js';
import { isRole, type Role } from './roles.js';

/** Where the role, area and assigned-case claims live in a token; dotted paths reach nested claims. */
export interface ClaimNames {
  /** e.g. `roles` (the embedded provider) or `realm_access.roles` (Keycloak realm roles). */
  readonly roles: string;
  readonly area: string;
  readonly assignedCases: string;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = { roles: 'roles', area: 'area', assignedCases: 'assigned_cases' };

/**
 * Reads a principal from the claims of a token whose signature and validity were already
 * checked. Roles the system does not know are dropped (a provider may send its own), so a
 * token with none of ours has no role and is refused everything but public routes.
 */
export function principalFromClaims(
  claims: Record<string, unknown>,
  names: ClaimNames = DEFAULT_CLAIM_NAMES,
): Principal {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.length === 0) throw new MissingSubjectError();
  const roles = [...new Set(strings(claimAt(claims, names.roles)).filter(isRole))] as Role[];
  const [area] = strings(claimAt(claims, names.area));
  const assignedCases = strings(claimAt(claims, names.assignedCases));
  const clientId =
    typeof claims.client_id === 'string' ? claims.client_id : typeof claims.azp === 'string' ? claims.azp : undefined;
  return {
    subject,
    roles,
    ...(area ? { area } : {}),
    ...(assignedCases.length > 0 ? { assignedCases } : {}),
    ...(clientId ? { clientId } : {}),
  };
}

export class MissingSubjectError extends Error {
  readonly code = 'auth.missing-subject';
  constructor() {
    super('the token has no subject');
  }
}

function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((part) => part.length > 0);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item.length > 0);
  return [];
}
