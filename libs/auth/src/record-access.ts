import { RecordNotFoundError } from './auth.errors.js';
import type { Action } from './domain/actions.js';
import type { Principal } from './domain/principal.js';
import { canSeeRecord, type ScopedRecord } from './domain/record-scope.js';

/**
 * The repository-side check on one personal record: returns it when the principal may see it
 * for this action, and otherwise throws the same not-found error as a missing record, so that
 * another area's case answers 404, never 403.
 *
 * ```ts
 * const row = visibleOrNotFound(principal, 'case:read', 'case', id, await this.rows.findOneBy({ id }));
 * ```
 */
export function visibleOrNotFound<T extends ScopedRecord>(
  principal: Principal,
  action: Action,
  recordType: string,
  recordId: string,
  record: T | null | undefined,
): T {
  if (!record || !canSeeRecord(principal, action, record)) throw new RecordNotFoundError(recordType, recordId);
  return record;
}
