import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME } from '../src/config/referral-intake.config.js';

describe('the referral intake API description (OpenAPI)', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let intake: RunningTestApp;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase('oa');
    issuer = await startTestIssuer({ audience: 'urn:prevent:test' });
    dataDir = await mkdtemp(join(tmpdir(), 'intake-oa-'));
    intake = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: 'urn:prevent:test',
      PREVENT_DATA_DIR: dataDir,
    });
  });
  afterAll(async () => {
    await intake?.close();
    await issuer?.close();
    await db?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the OpenAPI document at /api/docs-json, describing the referral routes, their bodies and bearer auth', async () => {
    const response = await request(intake.url).get('/api/docs-json').expect(200);
    const document = response.body as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { securitySchemes?: Record<string, unknown>; schemas?: Record<string, unknown> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/referrals', '/referrals/{id}']));
    expect(document.paths['/referrals'].post).toBeDefined();
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    expect(Object.keys(document.components.schemas ?? {}).length).toBeGreaterThan(0);
  });

  it('serves the browsable page at /api/docs', async () => {
    const response = await request(intake.url).get('/api/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger');
  });
});
