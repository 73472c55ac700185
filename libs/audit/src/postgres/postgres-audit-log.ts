import {
  AuditLog,
  InvalidAuditQueryError,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type RecordedAuditEntry,
} from '../audit-log.port.js';
import { assertIdentifier, type Queryable } from './install-postgres-audit-log.js';

interface Row {
  id: string;
  recorded_at: Date;
  actor_subject: string;
  actor_role: string;
  actor_area: string | null;
  action: string;
  record_type: string;
  record_id: string;
  person: string | null;
  correlation_id: string;
}

/** The audit log in a PostgreSQL table made by {@link installPostgresAuditLog}. */
export class PostgresAuditLog extends AuditLog {
  private readonly table: string;

  constructor(
    private readonly db: Queryable,
    schema: string,
  ) {
    super();
    assertIdentifier('schema', schema);
    this.table = `${schema}.audit_log`;
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.table}
         (actor_subject, actor_role, actor_area, action, record_type, record_id, person, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actor.subject,
        entry.actor.role,
        entry.actor.area ?? null,
        entry.action,
        entry.record.type,
        entry.record.id,
        entry.person ?? null,
        entry.correlationId,
      ],
    );
  }

  async search(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw new InvalidAuditQueryError('limit must be 1 to 500');
    if (query.after !== undefined && !/^[1-9][0-9]{0,18}$/.test(query.after)) {
      throw new InvalidAuditQueryError('after is not a cursor of this log');
    }
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (query.actor !== undefined) where('actor_subject = ?', query.actor);
    if (query.person !== undefined) where('person = ?', query.person);
    if (query.from !== undefined) where('recorded_at >= ?', query.from);
    if (query.to !== undefined) where('recorded_at < ?', query.to);
    if (query.after !== undefined) where('id < ?', query.after);
    values.push(limit + 1);
    const { rows } = await this.db.query<Row>(
      `SELECT id::text AS id, recorded_at, actor_subject, actor_role, actor_area, action, record_type, record_id,
              person, correlation_id
         FROM ${this.table}
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY id DESC
        LIMIT $${values.length}`,
      values,
    );
    const entries = rows.slice(0, limit).map(toEntry);
    return rows.length > limit ? { entries, next: entries[entries.length - 1].id } : { entries };
  }
}

function toEntry(row: Row): RecordedAuditEntry {
  return {
    id: row.id,
    at: row.recorded_at,
    actor: { subject: row.actor_subject, role: row.actor_role, ...(row.actor_area ? { area: row.actor_area } : {}) },
    action: row.action,
    record: { type: row.record_type, id: row.record_id },
    ...(row.person ? { person: row.person } : {}),
    correlationId: row.correlation_id,
  };
}
