import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import { AuditLog } from '@lib/audit';
import { EventStore } from '@lib/event-store';
import pg from 'pg';
import request from 'supertest';
import { closedPort, type RunningTestApp, startTestApp } from './service-app.js';
import { startTestIssuer, type TestIssuer } from './test-issuer.js';
import { createTestDatabase, type TestDatabase } from './test-postgres.js';

export interface ServiceUnderTest {
  readonly module: Type<unknown>;
  readonly name: string;
  readonly schema: string;
  /** Whether it holds personal data, and so serves administrators the search of its audit of reads. */
  readonly personalData?: boolean;
}

/** The audience of the system's APIs, as `apps/identity` issues it. */
export const TEST_AUDIENCE = 'urn:prevent:api';

/**
 * What every service must do once booted: live, ready with its event store installed,
 * Prometheus metrics, its pool confined to the event store's restricted role, and a 503
 * naming the database when the database is out of reach.
 */
export function describeServiceFoundation(service: ServiceUnderTest): void {
  describe(`${service.name}, booted on its own database`, () => {
    let database: TestDatabase;
    let running: RunningTestApp;
    let issuer: TestIssuer;

    beforeAll(async () => {
      database = await createTestDatabase();
      issuer = await startTestIssuer({ audience: TEST_AUDIENCE });
      running = await startTestApp(service.module, service.name, {
        DATABASE_URL: database.url,
        LOG_LEVEL: 'log',
        OIDC_ISSUER: issuer.issuer,
        OIDC_AUDIENCE: TEST_AUDIENCE,
      });
    });
    afterAll(async () => {
      await running?.close();
      await issuer?.close();
      await database?.drop();
    });

    it('is live', async () => {
      const response = await request(running.url).get('/health/live').expect(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('is ready once its database answers and its event store and audit log are installed', async () => {
      const response = await request(running.url).get('/health/ready').expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        checks: {
          database: { status: 'up' },
          eventStore: { status: 'up' },
          auditLog: { status: 'up' },
          messaging: { status: 'up' },
        },
      });
      const { rows } = await database.pool.query(`SELECT to_regclass($1) AS events, to_regclass($2) AS audit`, [
        `${service.schema}.events`,
        `${service.schema}.audit_log`,
      ]);
      expect(rows[0]).toEqual({ events: `${service.schema}.events`, audit: `${service.schema}.audit_log` });
    });

    it('has not called its identity provider to boot and be ready: the keys are fetched on first use', () => {
      expect(issuer.jwksFetches).toBe(0);
    });

    it('exposes default process metrics and the request histogram by route template', async () => {
      await request(running.url).get('/health/live').expect(200);
      const response = await request(running.url).get('/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toContain(`process_cpu_user_seconds_total{app="${service.name}"}`);
      expect(response.text).toContain('nodejs_heap_size_used_bytes');
      expect(response.text).toMatch(
        new RegExp(
          `http_request_duration_seconds_count\\{app="${service.name}",method="GET",route="/health/live",status="200"\\} [1-9]`,
        ),
      );
    });

    it('logs JSON lines, each request with its correlation id', async () => {
      await request(running.url)
        .get('/health/live')
        .set('x-correlation-id', 'corr-123')
        .expect('x-correlation-id', 'corr-123');
      const lines = running.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => line.app === service.name && typeof line.time === 'string')).toBe(true);
    });

    it('works as the restricted role, which cannot change a recorded event', async () => {
      const pool = running.app.get(pg.Pool);
      const { rows } = await pool.query<{ current_user: string }>('SELECT current_user');
      expect(rows[0].current_user).toBe(`${service.schema}_app`);

      const store = running.app.get(EventStore);
      await store.appendToStream('probe-1', [{ type: 'Probed', data: { n: 1 } }], {
        expectedRevision: 'no_stream',
        actor: { id: 'system:test', role: 'system' },
        correlationId: 'corr-1',
      });
      await expect(pool.query(`UPDATE ${service.schema}.events SET type = 'Tampered'`)).rejects.toThrow();
      await expect(pool.query(`DELETE FROM ${service.schema}.events`)).rejects.toThrow();
      expect((await store.readStream('probe-1')).events.map((event) => event.type)).toEqual(['Probed']);
    });

    it('has an audit log of reads that its own role may add to and read, never change', async () => {
      const audit = running.app.get(AuditLog);
      await audit.record({
        actor: { subject: 'user-probe', role: 'admin' },
        action: 'subject:export',
        record: { type: 'subject', id: 'subject-probe' },
        person: 'subject-probe',
        correlationId: 'corr-audit-probe',
      });
      expect((await audit.search({ person: 'subject-probe' })).entries).toHaveLength(1);
      const pool = running.app.get(pg.Pool);
      const table = `${service.schema}.audit_log`;
      await expect(pool.query(`UPDATE ${table} SET person = 'someone-else'`)).rejects.toMatchObject({ code: '42501' });
      await expect(pool.query(`DELETE FROM ${table}`)).rejects.toMatchObject({ code: '42501' });
      // not even the table's owner: the triggers refuse
      await expect(database.pool.query(`UPDATE ${table} SET person = 'someone-else'`)).rejects.toThrow(
        'append-only: UPDATE refused',
      );
      await expect(database.pool.query(`DELETE FROM ${table}`)).rejects.toThrow('append-only: DELETE refused');
      const { rows } = await database.pool.query(
        `SELECT privilege_type FROM information_schema.role_table_grants
          WHERE grantee = $1 AND table_schema = $2 AND table_name = 'audit_log' ORDER BY privilege_type`,
        [`${service.schema}_app`, service.schema],
      );
      expect(rows.map((row) => row.privilege_type)).toEqual(['INSERT', 'SELECT']);
    });

    if (service.personalData) {
      describe('the administrators’ search of its audit of reads (GET /audit/entries)', () => {
        const now = () => Math.floor(Date.now() / 1000);
        const admin = () => issuer.sign({ sub: 'user-admin', roles: ['admin'] });

        it('answers an administrator, and audits the search itself: who, role, what, whose, when, correlation id', async () => {
          const before = new Date(Date.now() - 1000);
          const response = await request(running.url)
            .get('/audit/entries?person=subject-probe')
            .set('authorization', `Bearer ${await admin()}`)
            .set('x-correlation-id', 'corr-search-1')
            .expect(200);
          expect(response.body.entries.map((e: { person?: string }) => e.person)).not.toContain('someone-else');
          const { entries } = await running.app.get(AuditLog).search({ actor: 'user-admin' });
          expect(entries[0]).toMatchObject({
            actor: { subject: 'user-admin', role: 'admin' },
            action: 'audit:search',
            record: { type: 'audit-search' },
            person: 'subject-probe',
            correlationId: 'corr-search-1',
          });
          expect(entries[0].at.getTime()).toBeGreaterThanOrEqual(before.getTime());
          expect(entries[0].at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
        });

        it('gives the audit entry the correlation id the answer carries when the caller sends none', async () => {
          const response = await request(running.url)
            .get('/audit/entries?actor=nobody-yet')
            .set('authorization', `Bearer ${await admin()}`)
            .expect(200);
          const correlationId = response.headers['x-correlation-id'];
          expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
          const { entries } = await running.app.get(AuditLog).search({ actor: 'user-admin', limit: 1 });
          expect(entries[0].correlationId).toBe(correlationId);
        });

        it('refuses a malformed search with problem details', async () => {
          const response = await request(running.url)
            .get('/audit/entries?from=yesterday-ish')
            .set('authorization', `Bearer ${await admin()}`)
            .expect(400);
          expect(response.body).toMatchObject({ type: 'audit.invalid-query', status: 400 });
        });

        const invalid: [string, () => Promise<string>, string][] = [
          ['an expired token', () => issuer.sign({ roles: ['admin'], exp: now() - 60, iat: now() - 400 }), 'expired'],
          ['a token not valid yet', () => issuer.sign({ roles: ['admin'], nbf: now() + 600 }), 'not-yet-valid'],
          ['a wrongly signed token', () => issuer.sign({ roles: ['admin'] }, { key: 'stranger' }), 'bad-signature'],
          [
            'another issuer’s token',
            () => issuer.sign({ roles: ['admin'], iss: 'https://evil.example' }),
            'wrong-issuer',
          ],
          [
            'a token for another audience',
            () => issuer.sign({ roles: ['admin'], aud: 'urn:other:api' }),
            'wrong-audience',
          ],
        ];
        it('answers 401 without a token', async () => {
          const response = await request(running.url).get('/audit/entries').expect(401);
          expect(response.body.type).toBe('auth.token-missing');
          expect(response.headers['www-authenticate']).toBe('Bearer');
        });
        it.each(invalid)('answers 401 to %s', async (_, make, reason) => {
          const response = await request(running.url)
            .get('/audit/entries')
            .set('authorization', `Bearer ${await make()}`)
            .expect(401);
          expect(response.body.type).toBe(`auth.token-${reason}`);
        });

        it('answers 403 to a valid token of any other role', async () => {
          for (const role of ['police-supervisor', 'channel-chair', 'board-member', 'intervention-provider']) {
            const response = await request(running.url)
              .get('/audit/entries')
              .set('authorization', `Bearer ${await issuer.sign({ roles: [role], area: 'E08000025' })}`);
            expect({ role, status: response.status, type: response.body.type }).toEqual({
              role,
              status: 403,
              type: 'auth.action-not-allowed',
            });
          }
        });
      });
    } else {
      it('serves no audit search, holding no personal data', async () => {
        await request(running.url)
          .get('/audit/entries')
          .set('authorization', `Bearer ${await issuer.sign({ roles: ['admin'] })}`)
          .expect(404);
      });
    }

    describe('with its database out of reach', () => {
      let unreachable: RunningTestApp;
      beforeAll(async () => {
        const url = new URL(database.url);
        url.port = String(await closedPort());
        unreachable = await startTestApp(service.module, service.name, {
          DATABASE_URL: url.toString(),
          READINESS_TIMEOUT_MS: '500',
          OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}`,
          OIDC_AUDIENCE: TEST_AUDIENCE,
        });
      });
      afterAll(async () => {
        await unreachable?.close();
      });

      it('still boots and is live, but not ready, naming the database', async () => {
        await request(unreachable.url).get('/health/live').expect(200);
        const response = await request(unreachable.url).get('/health/ready').expect(503);
        expect(response.body.status).toBe('unavailable');
        expect(response.body.checks.database.status).toBe('down');
        expect(response.body.checks.database.error).toMatch(/ECONNREFUSED|connect/);
        expect(response.body.checks.eventStore.status).toBe('down');
        expect(response.body.checks.auditLog.status).toBe('down');
      });

      if (service.personalData) {
        it('answers 503, not 401, to a token it cannot check while its identity provider is down', async () => {
          const response = await request(unreachable.url)
            .get('/audit/entries')
            .set('authorization', `Bearer ${await issuer.sign({ roles: ['admin'] })}`)
            .expect(503);
          expect(response.body.type).toBe('auth.issuer-unavailable');
        });
      }
    });
  });
}
