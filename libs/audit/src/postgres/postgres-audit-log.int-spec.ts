import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import pg from 'pg';
import type { AuditEntry } from '../audit-log.port.js';
import { installPostgresAuditLog } from './install-postgres-audit-log.js';
import { PostgresAuditLog } from './postgres-audit-log.js';

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  actor: { subject: 'user-chair', role: 'channel-chair', area: 'E08000025' },
  action: 'case:read',
  record: { type: 'case', id: 'case-1' },
  person: 'subject-1',
  correlationId: 'corr-1',
  ...overrides,
});

describe('the PostgreSQL audit log', () => {
  let db: TestDatabase;
  let app: pg.Pool;
  let asApp: PostgresAuditLog;
  const appRole = `audit_app_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    await db.pool.query(`CREATE ROLE ${appRole} LOGIN PASSWORD 'app-secret'`);
    await installPostgresAuditLog(db.pool, 'audit', { appRole });
    await installPostgresAuditLog(db.pool, 'audit', { appRole }); // idempotent
    const url = new URL(db.url);
    url.username = appRole;
    url.password = 'app-secret';
    app = new pg.Pool({ connectionString: url.toString(), max: 2 });
    asApp = new PostgresAuditLog(app, 'audit');
  });
  afterAll(async () => {
    await app?.end();
    await db?.drop();
    const admin = new pg.Client({ connectionString: db.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${appRole}`);
    await admin.end();
  });

  it('writes an entry as the application role and finds it again', async () => {
    await asApp.record(entry({ correlationId: 'corr-written' }));
    const { entries } = await asApp.search({ actor: 'user-chair' });
    expect(entries[0]).toMatchObject({
      actor: { subject: 'user-chair', role: 'channel-chair', area: 'E08000025' },
      action: 'case:read',
      record: { type: 'case', id: 'case-1' },
      person: 'subject-1',
      correlationId: 'corr-written',
    });
    expect(entries[0].at).toBeInstanceOf(Date);
  });

  describe('refuses to change history', () => {
    it('to the application role, which may only insert and select', async () => {
      await expect(app.query(`UPDATE audit.audit_log SET person = 'someone-else'`)).rejects.toMatchObject({
        code: '42501',
      });
      await expect(app.query(`DELETE FROM audit.audit_log`)).rejects.toMatchObject({ code: '42501' });
      await expect(app.query(`TRUNCATE audit.audit_log`)).rejects.toMatchObject({ code: '42501' });
      const { rows } = await db.pool.query(
        `SELECT privilege_type FROM information_schema.role_table_grants
          WHERE grantee = $1 AND table_schema = 'audit' ORDER BY privilege_type`,
        [appRole],
      );
      expect(rows.map((row) => row.privilege_type)).toEqual(['INSERT', 'SELECT']);
    });

    it('to the table’s owner too, through the triggers', async () => {
      await expect(db.pool.query(`UPDATE audit.audit_log SET person = 'someone-else'`)).rejects.toThrow(
        'the audit log is append-only: UPDATE refused',
      );
      await expect(db.pool.query(`DELETE FROM audit.audit_log`)).rejects.toThrow('append-only: DELETE refused');
      await expect(db.pool.query(`TRUNCATE audit.audit_log`)).rejects.toThrow('append-only: TRUNCATE refused');
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM audit.audit_log WHERE person = 'subject-1'`);
      expect(rows[0].n).toBeGreaterThan(0);
    });

    it('and will not take a back-dated entry', async () => {
      await app.query(
        `INSERT INTO audit.audit_log (recorded_at, actor_subject, actor_role, action, record_type, record_id, correlation_id)
         VALUES ('2001-01-01', 'user-backdater', 'admin', 'subject:export', 'subject', 's-9', 'c')`,
      );
      const { entries } = await asApp.search({ actor: 'user-backdater' });
      expect(entries[0].at.getFullYear()).toBeGreaterThan(2001);
    });
  });

  it('searches by user, by person and by period, a page at a time, newest first', async () => {
    const before = new Date();
    for (let i = 1; i <= 5; i++) {
      await asApp.record(
        entry({
          actor: { subject: 'user-mentor', role: 'intervention-provider' },
          person: i % 2 === 0 ? 'subject-even' : 'subject-odd',
          record: { type: 'case', id: `case-${i}` },
          correlationId: `corr-${i}`,
        }),
      );
    }
    const first = await asApp.search({ actor: 'user-mentor', limit: 2 });
    expect(first.entries.map((e) => e.record.id)).toEqual(['case-5', 'case-4']);
    const second = await asApp.search({ actor: 'user-mentor', limit: 2, after: first.next });
    expect(second.entries.map((e) => e.record.id)).toEqual(['case-3', 'case-2']);
    const last = await asApp.search({ actor: 'user-mentor', limit: 2, after: second.next });
    expect(last.entries.map((e) => e.record.id)).toEqual(['case-1']);
    expect(last.next).toBeUndefined();

    const byPerson = await asApp.search({ person: 'subject-even' });
    expect(byPerson.entries.map((e) => e.record.id)).toEqual(['case-4', 'case-2']);
    expect(byPerson.entries[0].actor.area).toBeUndefined();

    const inPeriod = await asApp.search({ from: before, to: new Date(Date.now() + 1000) });
    expect(inPeriod.entries).toHaveLength(5);
    const beforePeriod = await asApp.search({ to: before, actor: 'user-mentor' });
    expect(beforePeriod.entries).toHaveLength(0);
  });

  it('refuses a malformed page request', async () => {
    await expect(asApp.search({ limit: 0 })).rejects.toThrow('limit must be 1 to 500');
    await expect(asApp.search({ after: '1; DROP TABLE x' })).rejects.toThrow('not a cursor');
  });
});
