import { roleMay, type Action, type Principal } from '@lib/auth';

/** One read (or other access) of a person's data, as the audit keeps it. */
export interface AuditEntry {
  /** Who: the token's subject, the role under which the access was allowed, their area. */
  readonly actor: { readonly subject: string; readonly role: string; readonly area?: string };
  /** What they did, as an action of the authorisation matrix (`case:read`, `subject:export`...). */
  readonly action: string;
  /** Which record: its type (`referral`, `case`, `subject`, `export`...) and id. */
  readonly record: { readonly type: string; readonly id: string };
  /** The data subject whose data it was (their id, never their name), when there is one. */
  readonly person?: string;
  readonly correlationId: string;
}

/** An entry once stored: the log gives it an id and the time, from the database's clock. */
export interface RecordedAuditEntry extends AuditEntry {
  readonly id: string;
  readonly at: Date;
}

/** A search by user, by person, by period, or any mix; newest first, a page at a time. */
export interface AuditQuery {
  readonly actor?: string;
  readonly person?: string;
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
  /** Page size, 1 to 500 (default 50). */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
}

export interface AuditPage {
  readonly entries: RecordedAuditEntry[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/**
 * The append-only audit of every read of a person's data (domain brief §7). Adapters must make
 * the history unchangeable by the application itself, not merely by convention.
 */
export abstract class AuditLog {
  abstract record(entry: AuditEntry): Promise<void>;
  abstract search(query: AuditQuery): Promise<AuditPage>;

  /**
   * Records that `principal` read a record for `action`, under the first of their roles the
   * matrix allows it. Call it before the data leaves the service: a read that cannot be
   * audited must fail.
   */
  recordRead(
    principal: Principal,
    action: Action,
    record: { type: string; id: string },
    person: string | undefined,
    correlationId: string,
  ): Promise<void> {
    const role = principal.roles.find((candidate) => roleMay(candidate, action));
    if (!role) throw new Error(`recordRead: ${principal.subject} may not ${action}`);
    return this.record({
      actor: { subject: principal.subject, role, ...(principal.area ? { area: principal.area } : {}) },
      action,
      record: { type: record.type, id: record.id },
      ...(person ? { person } : {}),
      correlationId,
    });
  }
}

export class InvalidAuditQueryError extends Error {
  readonly code = 'audit.invalid-query';
}
