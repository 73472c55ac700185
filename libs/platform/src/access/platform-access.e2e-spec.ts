import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Param, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuditLog, correlationIdOf } from '@lib/audit';
import { Allow, CurrentPrincipal, visibleOrNotFound, type Principal } from '@lib/auth';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import request from 'supertest';
import { ENVIRONMENT } from '../config/environment.js';
import { PlatformModule } from '../platform.module.js';

const audience = 'urn:prevent:api';
const birmingham = 'E08000025';
const towerHamlets = 'E09000030';
const cases = new Map([
  ['case-1', { caseId: 'case-1', area: birmingham, subjectId: 'subject-1' }],
  ['case-2', { caseId: 'case-2', area: towerHamlets, subjectId: 'subject-2' }],
]);

/** A route shaped as the services' case reads will be: scoped by reach, audited before it answers. */
@Controller('cases')
class CaseReadController {
  constructor(private readonly audit: AuditLog) {}

  @Get(':id')
  @Allow('case:read')
  async read(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: { headers: Record<string, string | string[] | undefined> },
  ) {
    const found = visibleOrNotFound(principal, 'case:read', 'case', id, cases.get(id));
    await this.audit.recordRead(principal, 'case:read', { type: 'case', id }, found.subjectId, correlationIdOf(req));
    return found;
  }
}

@Module({
  imports: [PlatformModule.forRoot({ name: 'probe-service', schema: 'probe_service', personalData: true })],
  controllers: [CaseReadController],
})
class ProbeServiceModule {}

describe('a service’s read of a person’s record, through the platform’s access control and audit', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: RunningTestApp;
  const bearer = async (roles: string[], claims: Record<string, unknown> = {}) =>
    `Bearer ${await issuer.sign({ sub: 'user-1', roles, area: birmingham, ...claims })}`;

  beforeAll(async () => {
    db = await createTestDatabase('platform');
    issuer = await startTestIssuer({ audience });
    app = await startTestApp(ProbeServiceModule, 'probe-service', {
      DATABASE_URL: db.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: audience,
    });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    await db?.drop();
  });

  it('shows a channel user their own area’s case and audits the read: who, role, what, whose, when, correlation id', async () => {
    const before = Date.now() - 1000;
    await request(app.url)
      .get('/cases/case-1')
      .set('authorization', await bearer(['panel-member'], { sub: 'user-panel-bham' }))
      .set('x-correlation-id', 'corr-read-1')
      .expect(200);
    const { rows } = await db.pool.query(
      `SELECT actor_subject, actor_role, actor_area, action, record_type, record_id, person, correlation_id, recorded_at
         FROM probe_service.audit_log WHERE correlation_id = 'corr-read-1'`,
    );
    expect(rows).toEqual([
      {
        actor_subject: 'user-panel-bham',
        actor_role: 'panel-member',
        actor_area: birmingham,
        action: 'case:read',
        record_type: 'case',
        record_id: 'case-1',
        person: 'subject-1',
        correlation_id: 'corr-read-1',
        recorded_at: expect.any(Date),
      },
    ]);
    expect(rows[0].recorded_at.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('answers 404 for another area’s case, exactly as for a missing one, and audits nothing', async () => {
    const auth = await bearer(['channel-chair']);
    const other = await request(app.url).get('/cases/case-2').set('authorization', auth).expect(404);
    const missing = await request(app.url).get('/cases/case-404').set('authorization', auth).expect(404);
    expect(other.body).toEqual({ ...missing.body, detail: 'No case case-2.' });
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM probe_service.audit_log WHERE record_id = 'case-2'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('shows an intervention provider only the case assigned to them', async () => {
    const auth = await bearer(['intervention-provider'], { assigned_cases: ['case-2'] });
    await request(app.url).get('/cases/case-2').set('authorization', auth).expect(200);
    await request(app.url).get('/cases/case-1').set('authorization', auth).expect(404);
  });

  it('refuses a board member (403) and a caller without a token (401)', async () => {
    await request(app.url)
      .get('/cases/case-1')
      .set('authorization', await bearer(['board-member']))
      .expect(403);
    await request(app.url).get('/cases/case-1').expect(401);
  });

  it('lets an administrator find the read by person', async () => {
    const response = await request(app.url)
      .get('/audit/entries?person=subject-1')
      .set('authorization', await bearer(['admin'], { sub: 'user-admin' }))
      .expect(200);
    expect(response.body.entries).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ subject: 'user-panel-bham' }), action: 'case:read' }),
    ]);
  });
});

describe('a service with a route that carries no access rule', () => {
  @Controller('forgotten')
  class ForgottenController {
    @Get()
    leak() {
      return { leaked: true };
    }
  }

  it('refuses to start, naming the route', async () => {
    @Module({
      imports: [PlatformModule.forRoot({ name: 'probe-service', schema: 'probe_service', personalData: false })],
      controllers: [ForgottenController],
    })
    class LeakyModule {}
    const moduleRef = await Test.createTestingModule({ imports: [LeakyModule] })
      .overrideProvider(ENVIRONMENT)
      .useValue({
        DATABASE_URL: 'postgres://127.0.0.1:1/none',
        OIDC_ISSUER: 'http://127.0.0.1:1',
        OIDC_AUDIENCE: audience,
      })
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toThrow('routes without an access rule (@Allow or @Public): GET /forgotten');
    await app.close().catch(() => undefined);
  });
});
