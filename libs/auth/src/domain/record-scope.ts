import type { Action } from './actions.js';
import { roleMay } from './authorisation-matrix.js';
import type { Principal } from './principal.js';
import { ROLE_REACH } from './roles.js';

/** What a repository knows about a personal record before it hands it out. */
export interface ScopedRecord {
  /** The local authority area the record belongs to (the lead area of a case). */
  readonly area: string;
  /** The Channel case the record belongs to, for assignment checks. */
  readonly caseId?: string;
}

/**
 * Whether the principal may see this record for this action: one of their roles must be
 * allowed the action by the matrix *and* reach the record (same area, assigned case, or
 * everywhere). Pure: callers turn `false` into a not-found answer.
 */
export function canSeeRecord(principal: Principal, action: Action, record: ScopedRecord): boolean {
  return principal.roles.some((role) => {
    if (!roleMay(role, action)) return false;
    switch (ROLE_REACH[role]) {
      case 'everywhere':
        return true;
      case 'area':
        return principal.area !== undefined && principal.area === record.area;
      case 'assigned':
        return record.caseId !== undefined && (principal.assignedCases ?? []).includes(record.caseId);
      case 'none':
        return false;
      default: {
        const unreachable: never = ROLE_REACH[role];
        return unreachable;
      }
    }
  });
}

/**
 * The filter a repository applies to a list query so that only visible records come back:
 * everything, or the records whose area is one of `areas` or whose case is one of `caseIds`.
 */
export type RecordFilter =
  | { kind: 'everywhere' }
  | { kind: 'restricted'; areas: readonly string[]; caseIds: readonly string[] }
  | { kind: 'nothing' };

export function recordFilter(principal: Principal, action: Action): RecordFilter {
  const reaches = new Set(principal.roles.filter((role) => roleMay(role, action)).map((role) => ROLE_REACH[role]));
  if (reaches.has('everywhere')) return { kind: 'everywhere' };
  const areas = reaches.has('area') && principal.area !== undefined ? [principal.area] : [];
  const caseIds = reaches.has('assigned') ? [...(principal.assignedCases ?? [])] : [];
  return areas.length + caseIds.length === 0 ? { kind: 'nothing' } : { kind: 'restricted', areas, caseIds };
}

/** Applies a {@link RecordFilter} in memory (for small lists and for tests of a repository's SQL). */
export function passesFilter(filter: RecordFilter, record: ScopedRecord): boolean {
  if (filter.kind === 'everywhere') return true;
  if (filter.kind === 'nothing') return false;
  return filter.areas.includes(record.area) || (record.caseId !== undefined && filter.caseIds.includes(record.caseId));
}
