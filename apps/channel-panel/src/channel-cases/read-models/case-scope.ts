import { recordFilter, roleMay, ROLE_REACH, type Principal } from '@lib/auth';

/**
 * Which cases a caller may read (`case:read`): the panel's roles see the cases of the area in their
 * token, an intervention provider the cases assigned to them — those in their `assigned_cases`
 * claim and those whose support plan names them as the provider of an intervention
 * (`InterventionPlanned.providerId`, "assigns an intervention provider to the case").
 */
export type CaseScope =
  | { readonly kind: 'everywhere' }
  | { readonly kind: 'nothing' }
  | {
      readonly kind: 'restricted';
      readonly areas: readonly string[];
      readonly caseIds: readonly string[];
      /** The caller's user id when they may read as an intervention provider. */
      readonly providerId: string | null;
    };

export function caseScope(principal: Principal): CaseScope {
  const filter = recordFilter(principal, 'case:read');
  if (filter.kind === 'everywhere') return filter;
  const provider = principal.roles.some((role) => roleMay(role, 'case:read') && ROLE_REACH[role] === 'assigned');
  if (filter.kind === 'nothing' && !provider) return { kind: 'nothing' };
  return {
    kind: 'restricted',
    areas: filter.kind === 'restricted' ? filter.areas : [],
    caseIds: filter.kind === 'restricted' ? filter.caseIds : [],
    providerId: provider ? principal.subject : null,
  };
}

/** What the scope needs to know of a case. */
export interface ScopedCase {
  readonly caseId: string;
  readonly area: string;
  readonly providerIds: readonly string[];
}

export function inScope(scope: CaseScope, found: ScopedCase): boolean {
  if (scope.kind === 'everywhere') return true;
  if (scope.kind === 'nothing') return false;
  return (
    scope.areas.includes(found.area) ||
    scope.caseIds.includes(found.caseId) ||
    (scope.providerId !== null && found.providerIds.includes(scope.providerId))
  );
}

/**
 * Whether the caller sees the case in full (a panel role of its area) or only as its intervention
 * provider: the interventions they deliver and the case's stage, never the concern, the referral,
 * the decisions' rationales or the consent record.
 */
export function seesInFull(scope: CaseScope, found: ScopedCase): boolean {
  return scope.kind === 'everywhere' || (scope.kind === 'restricted' && scope.areas.includes(found.area));
}

/** The SQL condition (and its parameters) that keeps a list query's case rows `alias` within the scope. */
export function scopeCondition(scope: CaseScope, alias: string): { sql: string; parameters: Record<string, unknown> } {
  if (scope.kind === 'everywhere') return { sql: 'TRUE', parameters: {} };
  if (scope.kind === 'nothing') return { sql: 'FALSE', parameters: {} };
  return {
    sql: `(${alias}.area = ANY(:scopeAreas) OR ${alias}.case_id::text = ANY(:scopeCaseIds) OR :scopeProvider = ANY(${alias}.provider_ids))`,
    parameters: {
      scopeAreas: [...scope.areas],
      scopeCaseIds: [...scope.caseIds],
      scopeProvider: scope.providerId ?? '',
    },
  };
}
