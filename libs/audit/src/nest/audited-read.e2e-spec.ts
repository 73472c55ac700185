import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Param, Req, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Allow,
  AuthModule,
  authConfigFromEnv,
  CurrentPrincipal,
  listRoutes,
  visibleOrNotFound,
  walkRoutes,
  type Principal,
} from '@lib/auth';
import { createTestDatabase, type TestDatabase } from '@lib/testing';
import request from 'supertest';
import { startTestIssuer, type TestIssuer } from '../../../auth/src/testing/test-issuer.js';
import { AuditLog } from '../audit-log.port.js';
import { correlationIdOf } from '../correlation-id.js';
import { installPostgresAuditLog } from '../postgres/install-postgres-audit-log.js';
import { PostgresAuditLog } from '../postgres/postgres-audit-log.js';
import { AuditSearchController } from './audit-search.controller.js';

const audience = 'urn:prevent:api';
const cases = new Map([
  ['case-1', { area: 'E08000025', caseId: 'case-1', subjectId: 'subject-1', concern: 'withheld in this test' }],
  ['case-2', { area: 'E09000030', caseId: 'case-2', subjectId: 'subject-2', concern: 'withheld in this test' }],
]);

@Controller('cases')
class CasesController {
  constructor(private readonly audit: AuditLog) {}

  @Get(':id')
  @Allow('case:read')
  async read(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: { headers: Record<string, string | string[] | undefined> },
  ) {
    const record = visibleOrNotFound(principal, 'case:read', 'case', id, cases.get(id));
    await this.audit.recordRead(
      principal,
      'case:read',
      { type: 'case', id },
      record.subjectId,
      correlationIdOf(request),
    );
    return record;
  }
}

describe('a read of a person’s record', () => {
  let db: TestDatabase;
  let issuer: TestIssuer;
  let app: INestApplication;
  let audit: PostgresAuditLog;

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    await installPostgresAuditLog(db.pool, 'audit');
    audit = new PostgresAuditLog(db.pool, 'audit');
    issuer = await startTestIssuer({ audience });
    @Module({
      controllers: [CasesController, AuditSearchController],
      providers: [{ provide: AuditLog, useValue: audit }],
    })
    class TestAppModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({ config: authConfigFromEnv({ OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: audience }) }),
        TestAppModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.close();
    await db?.drop();
  });

  it('writes an audit entry: who, in which role, what, whose, when, correlation id', async () => {
    const token = await issuer.sign({ sub: 'user-chair-bham', roles: ['channel-chair'], area: 'E08000025' });
    await request(app.getHttpServer())
      .get('/cases/case-1')
      .set('authorization', `Bearer ${token}`)
      .set('x-correlation-id', 'corr-e2e-1')
      .expect(200);
    const { entries } = await audit.search({ person: 'subject-1' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { subject: 'user-chair-bham', role: 'channel-chair', area: 'E08000025' },
      action: 'case:read',
      record: { type: 'case', id: 'case-1' },
      person: 'subject-1',
      correlationId: 'corr-e2e-1',
    });
  });

  it('writes nothing for a record the caller may not see (404)', async () => {
    const token = await issuer.sign({ sub: 'user-chair-bham', roles: ['channel-chair'], area: 'E08000025' });
    await request(app.getHttpServer()).get('/cases/case-2').set('authorization', `Bearer ${token}`).expect(404);
    expect((await audit.search({ person: 'subject-2' })).entries).toEqual([]);
  });

  it('lets an admin search it by person, and audits the search', async () => {
    const token = await issuer.sign({ sub: 'user-admin', roles: ['admin'] });
    const response = await request(app.getHttpServer())
      .get('/audit/entries?person=subject-1')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(response.body.entries.map((e: { actor: { subject: string } }) => e.actor.subject)).toEqual([
      'user-chair-bham',
    ]);
    const searches = await audit.search({ actor: 'user-admin' });
    expect(searches.entries[0]).toMatchObject({
      action: 'audit:search',
      record: { type: 'audit-search' },
      person: 'subject-1',
    });
    await request(app.getHttpServer())
      .get('/audit/entries?from=yesterday-ish')
      .set('authorization', `Bearer ${token}`)
      .expect(400);
  });

  it('answers every route for every role as the matrix says', async () => {
    const results = await walkRoutes({
      baseUrl: await app.getUrl(),
      routes: listRoutes(app),
      tokenFor: (role) => issuer.sign({ roles: [role], area: 'E08000025' }),
    });
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(
      results.filter((result) => result.route.path === '/audit/entries' && result.status === 200).map((r) => r.role),
    ).toEqual(['admin']);
  });
});
