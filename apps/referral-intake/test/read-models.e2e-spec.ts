import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditLog } from '@lib/audit';
import { EventStore, type NewEvent } from '@lib/event-store';
import { KeyStore, PersonalDataCipher } from '@lib/personal-data';
import { ProjectionRunner } from '@lib/platform';
import {
  createTestDatabase,
  startTestApp,
  startTestIssuer,
  TEST_AUDIENCE,
  type RunningTestApp,
  type TestDatabase,
  type TestIssuer,
} from '@lib/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module.js';
import { SERVICE_NAME } from '../src/config/referral-intake.config.js';
import { referralStream } from '../src/referrals/domain/referral.events.js';
import { subjectStream } from '../src/subjects/domain/subject.events.js';
import { OverdueReferralsMetric } from '../src/timeliness/overdue-referrals.metric.js';
import { londonDate, WorkingDayCalendar } from '../src/timeliness/working-day-calendar.js';

/**
 * The intake's read side on the booted app: the queue with its filters and pages, the decision
 * history from the store, the search for earlier records of a person, another area's records
 * answered 404, the audit of each personal read, the overdue gauge, and a rebuild that gives the
 * same read models. The story is appended as events, as the write side records them.
 */
const BIRMINGHAM = 'E08000025';
const LEEDS = 'E08000035';
const officer = { id: 'officer-1', role: 'police-officer' };
const supervisor = { id: 'supervisor-1', role: 'police-supervisor' };

const ids = {
  khan: randomUUID(),
  jones: randomUUID(),
  leeds: randomUUID(),
  decided: randomUUID(), // Mohammed Khan's first referral, decided in January 2025
  waiting: randomUUID(), // his second, 30 days old, assigned, no decision: overdue
  withdrawn: randomUUID(), // Sarah Jones's, withdrawn
  today: randomUUID(), // Sarah Jones's second, received now
  elsewhere: randomUUID(), // a Leeds referral
};

describe('referral-intake read models, on the booted app', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let running: RunningTestApp;
  let store: EventStore;
  let cipher: PersonalDataCipher;
  const calendar = new WorkingDayCalendar();
  const thirtyDaysAgo = new Date(Date.now() - 30 * 86_400_000);

  const token = (roles: string[], area: string | undefined, sub = 'officer-1') =>
    issuer.sign({ sub, roles, ...(area ? { area } : {}) });
  /** GETs `path` as a user of `roles` in `area`, checks the status, and gives the response. */
  const get = async (
    path: string,
    status: number,
    options: { roles?: string[]; area?: string | null; correlationId?: string } = {},
  ) => {
    const area = options.area === null ? undefined : (options.area ?? BIRMINGHAM);
    const call = request(running.url)
      .get(path)
      .set('authorization', `Bearer ${await token(options.roles ?? ['police-officer'], area)}`);
    if (options.correlationId) call.set('x-correlation-id', options.correlationId);
    return call.expect(status);
  };
  /**
   * Waits until the read models have applied everything committed so far. The newest committed
   * event is read from the table itself: the global log may not show it yet while another test
   * file's transaction holds the server's horizon back (ADR 003).
   */
  const settled = async () => {
    const { rows } = await database.pool.query<{ commit: string; prepare: string }>(
      `SELECT transaction_id::text AS commit, global_position::text AS prepare FROM referral_intake.events
        WHERE category IN ('referral', 'subject') ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const through = rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : undefined;
    await running.app.get(ProjectionRunner).settled(through ? { through } : {});
  };

  const append = (stream: string, events: NewEvent[], actor = officer, reason?: string) =>
    store.appendToStream(stream, events, {
      expectedRevision: 'any',
      actor,
      correlationId: `corr-${randomUUID()}`,
      ...(reason ? { reason } : {}),
    });
  const seal = (subjectId: string, value: unknown) => cipher.protect(subjectId, value);

  async function registerSubject(subjectId: string, area: string, givenNames: string, familyName: string, dob: string) {
    await append(subjectStream(subjectId), [
      {
        type: 'SubjectRegistered',
        data: {
          subjectId,
          area,
          gender: 'male',
          details: {
            name: await seal(subjectId, { givenNames, familyName }),
            dateOfBirth: await seal(subjectId, dob),
          },
          registeredAt: new Date().toISOString(),
        },
      },
    ]);
  }

  async function receive(
    referralId: string,
    subjectId: string,
    area: string,
    receivedAt: Date,
    sector = 'education',
    concern = 'islamist',
  ) {
    await append(referralStream(referralId), [
      {
        type: 'ReferralReceived',
        data: {
          referralId,
          subjectId,
          receivedVia: 'police',
          area,
          region: area === LEEDS ? 'E12000003' : 'E12000005',
          sector,
          concernTypes: { codeList: 'concern-types-2024', codes: [concern] },
          gender: 'male',
          ageAtReferral: 16,
          subjectAware: 'no',
          referrer: await seal(subjectId, { name: 'A Teacher' }),
          concern: await seal(subjectId, { description: 'Worrying posts' }),
          receivedAt: receivedAt.toISOString(),
        },
      },
    ]);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    issuer = await startTestIssuer({ audience: TEST_AUDIENCE });
    running = await startTestApp(AppModule, SERVICE_NAME, {
      DATABASE_URL: database.url,
      OIDC_ISSUER: issuer.issuer,
      OIDC_AUDIENCE: TEST_AUDIENCE,
      PERSONAL_DATA_KEK: randomBytes(32).toString('base64'),
    });
    store = running.app.get(EventStore);
    cipher = running.app.get(PersonalDataCipher);
    const deadline = Date.now() + 15_000;
    while (running.app.get(ProjectionRunner).state !== 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    await registerSubject(ids.khan, BIRMINGHAM, 'Mohammed', 'Khan', '2008-03-04');
    await registerSubject(ids.jones, BIRMINGHAM, 'Sarah', 'Jones', '2008-03-04');
    await registerSubject(ids.leeds, LEEDS, 'Mohammed', 'Khan', '2008-03-04');

    await receive(ids.decided, ids.khan, BIRMINGHAM, new Date('2025-01-06T10:00:00Z'));
    const decided = referralStream(ids.decided);
    await append(decided, [
      { type: 'ReferralAcknowledged', data: { referralId: ids.decided, acknowledgedAt: '2025-01-06T11:00:00Z' } },
    ]);
    await append(
      decided,
      [
        {
          type: 'ReferralAssigned',
          data: { referralId: ids.decided, officerId: 'officer-1', assignedAt: '2025-01-06T12:00:00Z' },
        },
      ],
      supervisor,
    );
    await append(decided, [
      { type: 'DeconflictionCleared', data: { referralId: ids.decided, checkedAt: '2025-01-07T09:00:00Z' } },
    ]);
    await append(
      decided,
      [
        {
          type: 'ReferralDecided',
          data: {
            referralId: ids.decided,
            decisionNumber: 1,
            outcome: 'signposted',
            signpostedTo: { codeList: 'signposting-services-2024', codes: ['early-help'] },
            decidedBy: 'officer-1',
            rationale: await seal(ids.khan, 'Low risk; early help can support the family'),
            decidedAt: '2025-01-10T15:00:00Z',
          },
        },
      ],
      officer,
      'gateway-decision',
    );
    await append(
      decided,
      [
        {
          type: 'DecisionSignedOff',
          data: {
            referralId: ids.decided,
            decisionNumber: 1,
            supervisorId: 'supervisor-1',
            comment: await seal(ids.khan, 'Agreed'),
            signedOffAt: '2025-01-13T09:00:00Z',
          },
        },
      ],
      supervisor,
    );

    await receive(ids.waiting, ids.khan, BIRMINGHAM, thirtyDaysAgo);
    await append(
      referralStream(ids.waiting),
      [
        {
          type: 'ReferralAssigned',
          data: { referralId: ids.waiting, officerId: 'officer-7', assignedAt: thirtyDaysAgo.toISOString() },
        },
      ],
      supervisor,
    );

    await receive(
      ids.withdrawn,
      ids.jones,
      BIRMINGHAM,
      new Date('2025-02-03T10:00:00Z'),
      'health',
      'extreme-right-wing',
    );
    await append(referralStream(ids.withdrawn), [
      {
        type: 'ReferralWithdrawn',
        data: {
          referralId: ids.withdrawn,
          reason: 'made-in-error',
          explanation: await seal(ids.jones, 'Keyed against the wrong person'),
          withdrawnAt: '2025-02-04T10:00:00Z',
        },
      },
    ]);
    await receive(ids.today, ids.jones, BIRMINGHAM, new Date(), 'health', 'extreme-right-wing');
    await receive(ids.elsewhere, ids.leeds, LEEDS, new Date('2025-03-03T10:00:00Z'));
    await settled();
  }, 60_000);

  afterAll(async () => {
    await running?.close();
    await issuer?.close();
    await database?.drop();
  });

  describe('the queue (GET /referrals)', () => {
    const idsOf = (body: { items: { referralId: string }[] }) => body.items.map((item) => item.referralId);

    it('lists the caller’s area only, oldest first, with the total', async () => {
      const response = await get('/referrals', 200);
      expect(idsOf(response.body)).toEqual([ids.decided, ids.withdrawn, ids.waiting, ids.today]);
      expect(response.body).toMatchObject({ total: 4, limit: 25, offset: 0 });
    });

    it('sorts newest first by received date on request', async () => {
      const response = await get('/referrals?sort=received', 200);
      expect(idsOf(response.body)).toEqual([ids.today, ids.waiting, ids.withdrawn, ids.decided]);
    });

    it('pages with limit and offset, the total unchanged', async () => {
      const first = await get('/referrals?limit=3', 200);
      const second = await get('/referrals?limit=3&offset=3', 200);
      expect(idsOf(first.body)).toEqual([ids.decided, ids.withdrawn, ids.waiting]);
      expect(idsOf(second.body)).toEqual([ids.today]);
      expect([first.body.total, second.body.total]).toEqual([4, 4]);
    });

    it.each([
      ['status=decided', () => [ids.decided]],
      ['status=withdrawn', () => [ids.withdrawn]],
      ['officer=officer-7', () => [ids.waiting]],
      ['sector=health', () => [ids.withdrawn, ids.today]],
      ['concernType=islamist', () => [ids.decided, ids.waiting]],
      ['overdue=true', () => [ids.waiting]],
      ['overdue=false', () => [ids.decided, ids.withdrawn, ids.today]],
      ['area=E08000025&status=received', () => [ids.today]],
      ['area=E08000035', () => []],
    ])('filters by %s', async (filter, expected) => {
      const response = await get(`/referrals?${filter}`, 200);
      expect(idsOf(response.body)).toEqual(expected());
      expect(response.body.total).toBe(expected().length);
    });

    it('shows status, officer, dates, outcome and the flags of each referral', async () => {
      const response = await get('/referrals', 200);
      const byId = new Map(response.body.items.map((item: { referralId: string }) => [item.referralId, item]));
      expect(byId.get(ids.decided)).toMatchObject({
        status: 'decided',
        officerId: 'officer-1',
        receivedAt: '2025-01-06T10:00:00.000Z',
        deconfliction: 'cleared',
        ageInWorkingDays: 4,
        overdue: false,
        seenBefore: false,
        decision: {
          outcome: 'signposted',
          decisionNumber: 1,
          decidedAt: '2025-01-10T15:00:00.000Z',
          signedOff: { by: 'supervisor-1', at: '2025-01-13T09:00:00.000Z' },
        },
      });
      expect(byId.get(ids.waiting)).toMatchObject({
        status: 'assigned',
        officerId: 'officer-7',
        overdue: true,
        seenBefore: true,
        decision: null,
        ageInWorkingDays: calendar.workingDaysBetween(londonDate(thirtyDaysAgo), londonDate(new Date())),
      });
      expect(byId.get(ids.today)).toMatchObject({
        status: 'received',
        overdue: false,
        seenBefore: true,
        ageInWorkingDays: 0,
      });
      expect(byId.get(ids.withdrawn)).toMatchObject({ status: 'withdrawn', withdrawn: { reason: 'made-in-error' } });
      expect(JSON.stringify(response.body)).not.toMatch(/Khan|Jones|Teacher|Worrying/);
    });

    it('refuses an unknown filter or a bad value with 400 and writes no audit entry', async () => {
      const before = (await running.app.get(AuditLog).search({ actor: 'officer-1', limit: 500 })).entries.length;
      await get('/referrals?status=lost', 400);
      await get('/referrals?limit=1000', 400);
      await get('/referrals?colour=red', 400);
      expect((await running.app.get(AuditLog).search({ actor: 'officer-1', limit: 500 })).entries).toHaveLength(before);
    });

    it('audits the list read once, with its filters', async () => {
      await get('/referrals?overdue=true', 200, { correlationId: 'corr-queue-1' });
      const { entries } = await running.app.get(AuditLog).search({ actor: 'officer-1', limit: 500 });
      expect(entries.find((entry) => entry.correlationId === 'corr-queue-1')).toMatchObject({
        action: 'referral:read',
        actor: { subject: 'officer-1', role: 'police-officer', area: BIRMINGHAM },
        record: { type: 'referral-queue', id: 'overdue=true' },
      });
    });

    it('shows nothing to a police officer without an area, and refuses the board', async () => {
      const response = await get('/referrals', 200, { roles: ['police-officer'], area: null });
      expect(response.body.total).toBe(0);
      await get('/referrals', 403, { roles: ['board-member'] });
    });
  });

  describe('the decision history (GET /referrals/:id/history)', () => {
    it('shows every event with who, role, when and why, personal values revealed', async () => {
      const response = await get(`/referrals/${ids.decided}/history`, 200, { correlationId: 'corr-history-1' });
      expect(response.body).toMatchObject({ referralId: ids.decided, subjectId: ids.khan, area: BIRMINGHAM });
      expect(
        response.body.entries.map((entry: Record<string, unknown>) => [
          entry.type,
          entry.actor,
          entry.reason,
          entry.why,
        ]),
      ).toEqual([
        ['ReferralReceived', officer, null, null],
        ['ReferralAcknowledged', officer, null, null],
        ['ReferralAssigned', supervisor, null, null],
        ['DeconflictionCleared', officer, null, null],
        ['ReferralDecided', officer, 'gateway-decision', 'Low risk; early help can support the family'],
        ['DecisionSignedOff', supervisor, null, 'Agreed'],
      ]);
      for (const entry of response.body.entries) expect(Date.parse(entry.recordedAt)).toBeGreaterThan(0);
      expect(response.body.entries[0].data.concern).toEqual({ description: 'Worrying posts' });
      expect(response.body.entries[0].data.requestFingerprint).toBeUndefined();
      const { entries } = await running.app.get(AuditLog).search({ person: ids.khan });
      expect(entries.find((entry) => entry.correlationId === 'corr-history-1')).toMatchObject({
        action: 'referral:read',
        record: { type: 'referral-history', id: ids.decided },
        person: ids.khan,
      });
    });

    it('answers 404 for another area’s referral, exactly as for one that does not exist', async () => {
      const elsewhere = await get(`/referrals/${ids.elsewhere}/history`, 404);
      const missing = await get(`/referrals/${randomUUID()}/history`, 404);
      await get('/referrals/not-a-uuid/history', 404);
      expect(elsewhere.body.type).toBe(missing.body.type);
      await get(`/referrals/${ids.elsewhere}/history`, 200, { area: LEEDS });
    });
  });

  describe('possible earlier records of a person (GET /subjects/matches)', () => {
    const matches = (query: string, status: number, options: { area?: string; correlationId?: string } = {}) =>
      get(`/subjects/matches?${query}`, status, options);

    it('offers Mohammed Khan for "Muhammad Kahn" born the same day, with his referrals and outcomes', async () => {
      const response = await matches('givenName=Muhammad&familyName=Kahn&dateOfBirth=2008-03-04', 200, {
        correlationId: 'corr-match-1',
      });
      expect(response.body.matches).toHaveLength(1);
      const [match] = response.body.matches;
      expect(match).toMatchObject({
        subjectId: ids.khan,
        strength: 'strong',
        namesTransposed: false,
        name: { givenNames: 'Mohammed', familyName: 'Khan' },
        dateOfBirth: '2008-03-04',
      });
      expect(
        match.referrals.map((r: { referralId: string; decision: { outcome: string } | null }) => [
          r.referralId,
          r.decision?.outcome ?? null,
        ]),
      ).toEqual([
        [ids.decided, 'signposted'],
        [ids.waiting, null],
      ]);
      const { entries } = await running.app.get(AuditLog).search({ person: ids.khan });
      expect(entries.find((entry) => entry.correlationId === 'corr-match-1')).toMatchObject({
        record: { type: 'subject-match', id: ids.khan },
        person: ids.khan,
      });
    });

    it('offers him with his names transposed, and not Sarah Jones born the same day', async () => {
      const response = await matches('givenName=Khan&familyName=Mohammed&dateOfBirth=2008-03-04', 200);
      expect(
        response.body.matches.map((m: { subjectId: string; namesTransposed: boolean }) => [
          m.subjectId,
          m.namesTransposed,
        ]),
      ).toEqual([[ids.khan, true]]);
    });

    it('offers only records of areas the caller may see', async () => {
      const response = await matches('givenName=Mohammed&familyName=Khan&dateOfBirth=2008-03-04', 200, { area: LEEDS });
      expect(response.body.matches.map((m: { subjectId: string }) => m.subjectId)).toEqual([ids.leeds]);
    });

    it('refuses a search without a date of birth (400)', async () => {
      await matches('givenName=Muhammad&familyName=Kahn', 400);
    });
  });

  it('counts overdue referrals per area on /metrics', async () => {
    await running.app.get(OverdueReferralsMetric).refresh();
    const response = await request(running.url).get('/metrics').expect(200);
    expect(response.text).toContain(`referrals_overdue{area="${BIRMINGHAM}",app="referral-intake"} 1`);
    expect(response.text).toContain(`referrals_overdue{area="${LEEDS}",app="referral-intake"} 1`);
  });

  describe('rebuilding (POST /admin/read-models/rebuild)', () => {
    const snapshot = async () => ({
      referrals: (await database.pool.query('SELECT * FROM referral_intake_read.referral_list ORDER BY referral_id'))
        .rows,
      subjects: (await database.pool.query('SELECT * FROM referral_intake_read.subject_search ORDER BY subject_id'))
        .rows,
    });

    it('is for administrators only', async () => {
      await request(running.url)
        .post('/admin/read-models/rebuild')
        .set('authorization', `Bearer ${await token(['police-supervisor'], BIRMINGHAM)}`)
        .expect(403);
    });

    it('empties the read models and replays the store into the same rows', async () => {
      const before = await snapshot();
      expect(before.referrals).toHaveLength(5);
      await database.pool.query(`UPDATE referral_intake_read.referral_list SET status = 'received'`);
      const response = await request(running.url)
        .post('/admin/read-models/rebuild')
        .set('authorization', `Bearer ${await token(['admin'], undefined, 'admin-1')}`)
        .expect(200);
      expect(response.body.events).toBeGreaterThanOrEqual(15);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('when a person is erased (their key destroyed)', () => {
    beforeAll(async () => {
      await running.app.get(KeyStore).destroyKey(ids.jones, { actorId: 'dpo-1', reason: 'erasure request' });
    });

    it('shows the erased marker where their words were in the history', async () => {
      const response = await get(`/referrals/${ids.withdrawn}/history`, 200);
      const withdrawn = response.body.entries.find((entry: { type: string }) => entry.type === 'ReferralWithdrawn');
      expect(withdrawn.why).toEqual({ $erased: true, subjectId: ids.jones });
      expect(withdrawn.data.reason).toBe('made-in-error');
    });

    it('no longer offers them, and forgets their search keys at once and on a rebuild', async () => {
      const response = await get('/subjects/matches?givenName=Sarah&familyName=Jones&dateOfBirth=2008-03-04', 200);
      expect(response.body.matches).toEqual([]);
      const row = async () =>
        (
          await database.pool.query(
            'SELECT names, phonetic_keys, date_of_birth, erased FROM referral_intake_read.subject_search WHERE subject_id = $1',
            [ids.jones],
          )
        ).rows[0];
      expect(await row()).toEqual({ names: [], phonetic_keys: [], date_of_birth: null, erased: true });
      await running.app.get(ProjectionRunner).rebuild();
      expect(await row()).toEqual({ names: [], phonetic_keys: [], date_of_birth: null, erased: true });
    });
  });
});
