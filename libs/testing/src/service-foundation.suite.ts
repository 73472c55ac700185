import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Type } from '@nestjs/common';
import { EventStore } from '@lib/event-store';
import pg from 'pg';
import request from 'supertest';
import { closedPort, type RunningTestApp, startTestApp } from './service-app.js';
import { createTestDatabase, type TestDatabase } from './test-postgres.js';

export interface ServiceUnderTest {
  readonly module: Type<unknown>;
  readonly name: string;
  readonly schema: string;
}

/**
 * What every service must do once booted: live, ready with its event store installed,
 * Prometheus metrics, its pool confined to the event store's restricted role, and a 503
 * naming the database when the database is out of reach.
 */
export function describeServiceFoundation(service: ServiceUnderTest): void {
  describe(`${service.name}, booted on its own database`, () => {
    let database: TestDatabase;
    let running: RunningTestApp;

    beforeAll(async () => {
      database = await createTestDatabase();
      running = await startTestApp(service.module, service.name, { DATABASE_URL: database.url, LOG_LEVEL: 'log' });
    });
    afterAll(async () => {
      await running?.close();
      await database?.drop();
    });

    it('is live', async () => {
      const response = await request(running.url).get('/health/live').expect(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('is ready once its database answers and its event store is installed', async () => {
      const response = await request(running.url).get('/health/ready').expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        checks: { database: { status: 'up' }, eventStore: { status: 'up' } },
      });
      const { rows } = await database.pool.query(`SELECT to_regclass($1) AS events`, [`${service.schema}.events`]);
      expect(rows[0].events).toBe(`${service.schema}.events`);
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

    describe('with its database out of reach', () => {
      let unreachable: RunningTestApp;
      beforeAll(async () => {
        const url = new URL(database.url);
        url.port = String(await closedPort());
        unreachable = await startTestApp(service.module, service.name, {
          DATABASE_URL: url.toString(),
          READINESS_TIMEOUT_MS: '500',
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
      });
    });
  });
}
