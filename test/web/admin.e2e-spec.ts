import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signIn } from '../../apps/identity/test/oidc-client.js';
import { decodeEntities, errorSummary, inputValue, type Stack, startStack, WebClient } from './stack.js';

/**
 * The administrators' pages over real sockets: users and roles through the identity provider's
 * admin API, the audit log merged across the services that hold personal data, and the code
 * lists and assessment templates the services use.
 */
const SLOT = 5;
const BIRMINGHAM = 'E08000025';

/** reporting.e2e-spec.ts uses the same slot: one stack at a time (a directory made atomically is the lock). */
async function lockSlot(): Promise<() => void> {
  const parent = join(tmpdir(), 'prevent-web-tests');
  mkdirSync(parent, { recursive: true });
  const lock = join(parent, `slot-${SLOT}-${process.env.TEST_PG_PORT ?? 54329}.lock`);
  for (const deadline = Date.now() + 240_000; ;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} is held: another test file is using slot ${SLOT}`);
      await sleep(500);
    }
  }
}

/** The cells of the users table's row for one username. */
function userRow(html: string, username: string): string | undefined {
  return new RegExp(`<tr class="govuk-table__row" id="user-[^"]+">\\s*<th[^>]*>${username}</th>[\\s\\S]*?</tr>`).exec(
    html,
  )?.[0];
}

function userIdOf(html: string, username: string): string {
  const id = new RegExp(`<tr class="govuk-table__row" id="user-([^"]+)">\\s*<th[^>]*>${username}</th>`).exec(html)?.[1];
  if (!id) throw new Error(`${username} is not in the users table`);
  return id;
}

describe('web app: administrators’ pages', () => {
  let stack: Stack;
  let release: () => void = () => undefined;
  let admin: WebClient;
  let referralId: string;
  let subjectId: string;

  beforeAll(async () => {
    release = await lockSlot();
    stack = await startStack(SLOT);
    admin = await WebClient.signedIn(stack, stack.user('admin'));
    // a police officer keys in a referral and reads it through the intake API: a read the audit log holds
    const officer = stack.user('police-officer');
    const { accessToken } = await signIn(
      stack.identityUrl,
      { username: officer.username, password: officer.password },
      `${stack.webUrl}/auth/callback`,
    );
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${stack.urls['referral-intake']}/referrals`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        subject: { name: { givenNames: 'Sam', familyName: 'Example' }, gender: 'female', area: BIRMINGHAM },
        region: 'E12000005',
        sector: 'education',
        concernTypes: { codeList: 'concern-types-2024', codes: ['islamist'] },
        subjectAware: 'no',
        referrer: { name: 'Ann Teacher' },
        concern: { description: 'Shares extreme material in class' },
      }),
    });
    const body = (await created.json()) as { id?: string; referralId?: string; subjectId: string };
    referralId = (body.id ?? body.referralId) as string;
    subjectId = body.subjectId;
    const read = await fetch(`${stack.urls['referral-intake']}/referrals/${referralId}`, {
      headers: { ...headers, 'x-correlation-id': 'audit-test-read-1' },
    });
    if (read.status !== 200) throw new Error(`reading the referral: ${read.status}`);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    release();
  }, 60_000);

  describe('users and roles', () => {
    let userId: string;

    it('refuses a new user with bad details, keeping what was typed, and creates nobody', async () => {
      const form = await admin.get('/admin/users/new');
      expect(form.status).toBe(200);
      expect(form.html).toContain('<h1 class="govuk-heading-l">Create a user</h1>');
      const refused = await admin.post('/admin/users', { username: 'no spaces!', area: 'Birmingham' });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.html)).toEqual([
        'Enter a username of 3 to 64 lower-case letters, digits, dots, dashes, underscores or @',
        'Select at least one role',
        'Enter the area as an ONS code, like E08000025, or leave it empty',
      ]);
      expect(inputValue(refused.html, 'username')).toBe('no spaces!');
      expect(inputValue(refused.html, 'area')).toBe('BIRMINGHAM');
      const taken = await admin.post('/admin/users', { username: 'admin', roles: 'panel-member' });
      expect(taken.status).toBe(400);
      expect(errorSummary(taken.html)).toEqual(['That username is already taken: choose another']);
      expect(taken.html).toMatch(/value="panel-member" checked/);

      const forged = await admin.post('/admin/users', { _csrf: 'forged', username: 'forged.user', roles: 'admin' });
      expect(forged.status).toBe(403);
      expect(forged.html).toContain('Your form could not be sent');
      expect((await admin.get('/admin/users')).html).not.toContain('forged.user');
    }, 30_000);

    it('creates a user, shows their first password once, and they can sign in with it', async () => {
      await admin.get('/admin/users/new');
      const created = await admin.post('/admin/users', {
        username: 'Panel-Member.Test',
        roles: ['panel-member', 'channel-chair'],
        area: BIRMINGHAM.toLowerCase(),
      });
      expect(created.status).toBe(201);
      expect(created.html).toContain('User created');
      const password = decodeEntities(
        /<p class="govuk-body app-admin-secret" id="initial-password">([^<]+)<\/p>/.exec(created.html)?.[1] ?? '',
      );
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

      const list = await admin.get('/admin/users');
      const row = userRow(list.html, 'panel-member.test') ?? '';
      expect(row).toContain('Panel member, Channel chair');
      expect(row).toContain(BIRMINGHAM);
      expect(row).toMatch(/govuk-tag--green">\s*Active/);
      expect(list.html).not.toContain(password);
      userId = userIdOf(list.html, 'panel-member.test');

      const user = await WebClient.signedIn(stack, { username: 'panel-member.test', password, role: 'panel-member' });
      const home = await user.get('/');
      expect(home.html).toContain('Signed in as <strong>panel-member.test</strong>');
      expect(home.html).toContain('href="/cases"');
    }, 60_000);

    it('changes a user’s roles and area', async () => {
      const page = await admin.get(`/admin/users/${userId}`);
      expect(page.status).toBe(200);
      expect(inputValue(page.html, 'area')).toBe(BIRMINGHAM);
      const refused = await admin.post(`/admin/users/${userId}`, {
        version: inputValue(page.html, 'version')!,
        area: 'nowhere',
      });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.html)).toEqual([
        'Select at least one role',
        'Enter the area as an ONS code, like E08000025, or leave it empty',
      ]);
      expect(inputValue(refused.html, 'area')).toBe('NOWHERE');

      const changed = await admin.post(`/admin/users/${userId}`, {
        version: inputValue(page.html, 'version')!,
        roles: 'board-member',
        area: '',
      });
      expect(changed.status).toBe(200);
      expect(changed.url).toBe(`${stack.webUrl}/admin/users/${userId}`);
      expect(changed.html).toContain('Roles and area of panel-member.test changed');
      const row = userRow((await admin.get('/admin/users')).html, 'panel-member.test') ?? '';
      expect(row).toMatch(
        /<td class="govuk-table__cell">Board member<\/td>\s*<td class="govuk-table__cell">None<\/td>/,
      );
    }, 30_000);

    it('refuses a change made on a stale page: the second of two administrators gets the conflict page', async () => {
      const other = await WebClient.signedIn(stack, stack.user('admin'));
      const mine = await admin.get(`/admin/users/${userId}`);
      const theirs = await other.get(`/admin/users/${userId}`);
      const first = await admin.post(`/admin/users/${userId}`, {
        version: inputValue(mine.html, 'version')!,
        roles: 'channel-coordinator',
        area: BIRMINGHAM,
      });
      expect(first.html).toContain('Roles and area of panel-member.test changed');
      const second = await other.post(`/admin/users/${userId}`, {
        version: inputValue(theirs.html, 'version')!,
        roles: 'admin',
        area: '',
      });
      expect(second.status).toBe(409);
      expect(second.html).toContain('Someone else has changed this record');
      const row = userRow((await admin.get('/admin/users')).html, 'panel-member.test') ?? '';
      expect(row).toContain('Channel coordinator');
      expect(row).not.toContain('Admin');
    }, 30_000);

    it('sets up a second factor, showing the secret once, and disables and enables the account', async () => {
      const page = await admin.get(`/admin/users/${userId}`);
      const totp = await admin.post(`/admin/users/${userId}/totp`, { version: inputValue(page.html, 'version')! });
      expect(totp.status).toBe(201);
      expect(totp.html).toMatch(/id="totp-secret">[A-Z2-7]{16,}<\/p>/);
      const secret = /id="totp-secret">([A-Z2-7]+)<\/p>/.exec(totp.html)?.[1] ?? 'none';
      expect(decodeEntities(totp.html)).toContain(
        `id="totp-uri">otpauth://totp/Prevent%3Apanel-member.test?secret=${secret}&issuer=Prevent`,
      );
      const after = await admin.get(`/admin/users/${userId}`);
      expect(after.html).toContain('TOTP on');
      expect(after.html).not.toContain(secret);

      const disabled = await admin.post(`/admin/users/${userId}/status`, {
        version: inputValue(after.html, 'version')!,
        disabled: 'true',
      });
      expect(disabled.html).toContain('panel-member.test is disabled');
      expect(userRow((await admin.get('/admin/users')).html, 'panel-member.test')).toMatch(
        /govuk-tag--grey">\s*Disabled/,
      );
      const enabled = await admin.post(`/admin/users/${userId}/status`, {
        version: inputValue(disabled.html, 'version')!,
        disabled: 'false',
      });
      expect(enabled.html).toContain('panel-member.test is enabled');
      expect((await admin.get('/admin/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    }, 30_000);

    it('gives every other role 403 on the administrators’ pages', async () => {
      for (const role of ['board-member', 'channel-coordinator', 'police-supervisor']) {
        const client = await WebClient.signedIn(stack, stack.user(role));
        for (const path of ['/admin/users', '/admin/users/new', '/admin/audit', '/admin/code-lists']) {
          const page = await client.get(path);
          expect([role, path, page.status]).toEqual([role, path, 403]);
          expect(page.html).toContain('You cannot use this page');
        }
        await client.get('/');
        const post = await client.post('/admin/users', { username: 'sneaky.user', roles: 'admin' });
        expect(post.status).toBe(403);
      }
      expect((await admin.get('/admin/users')).html).not.toContain('sneaky.user');
    }, 60_000);
  });

  describe('audit log', () => {
    it('finds the read made earlier, by user and by person, and audits the search itself', async () => {
      const empty = await admin.get('/admin/audit');
      expect(empty.status).toBe(200);
      expect(empty.html).not.toContain('id="audit-entries"');

      const byUser = await admin.get('/admin/audit?search=1&user=police-officer.birmingham');
      expect(byUser.status).toBe(200);
      const table = /<table class="govuk-table" id="audit-entries">[\s\S]*?<\/table>/.exec(byUser.html)?.[0] ?? '';
      expect(table).toContain('police-officer.birmingham');
      expect(table).toContain('Referral read');
      expect(table).toContain(referralId);
      expect(table).toContain(subjectId);
      expect(table).toContain('audit-test-read-1');
      expect(table).toContain('Police officer');
      expect(table).toContain('Referral intake');

      const byPerson = await admin.get(`/admin/audit?search=1&person=${subjectId}`);
      expect(byPerson.html).toContain('audit-test-read-1');
      const nobody = await admin.get('/admin/audit?search=1&person=00000000-0000-4000-8000-000000000000');
      expect(nobody.html).toContain('No entry matches this search.');

      // the searches above are in the log of both services, under the administrator
      const searches = await admin.get('/admin/audit?search=1&user=admin');
      const entries = /<table class="govuk-table" id="audit-entries">[\s\S]*?<\/table>/.exec(searches.html)?.[0] ?? '';
      expect(entries).toContain('Audit search');
      expect(entries).toContain('Referral intake');
      expect(entries).toContain('Channel panel');
    }, 30_000);

    it('pages through the merged log, newest first', async () => {
      // enough searches for more than a page of 25 entries (each search is one entry in each service)
      for (let index = 0; index < 14; index++) await admin.get('/admin/audit?search=1&user=admin');
      const first = await admin.get('/admin/audit?search=1&user=admin');
      const times = [...first.html.matchAll(/<time datetime="([^"]+)"/g)].map((match) => Date.parse(match[1]));
      expect(times).toHaveLength(25);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const next = /<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"/.exec(first.html)?.[1];
      expect(next).toBeDefined();
      const second = await admin.get(decodeEntities(next!));
      const later = [...second.html.matchAll(/<time datetime="([^"]+)"/g)].map((match) => Date.parse(match[1]));
      expect(later.length).toBeGreaterThan(0);
      expect(Math.max(...later)).toBeLessThanOrEqual(Math.min(...times));
    }, 60_000);

    it('refuses a search it cannot run, keeping what was typed', async () => {
      const refused = await admin.get('/admin/audit?search=1&user=nobody.here&from-day=31&from-month=2&from-year=2026');
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.html)).toEqual([
        'Enter the username or user id of someone who has an account',
        'The first day must be a real date, for example 21 11 2026',
      ]);
      expect(inputValue(refused.html, 'user')).toBe('nobody.here');
      expect(inputValue(refused.html, 'from-day')).toBe('31');
      const cursor = await admin.get('/admin/audit?search=1&cursor=x.y');
      expect(cursor.status).toBe(400);
    }, 30_000);
  });

  describe('code lists and assessment templates', () => {
    it('shows the lists and templates the services use, read-only', async () => {
      const page = await admin.get('/admin/code-lists');
      expect(page.status).toBe(200);
      expect(page.html).toContain('<h1 class="govuk-heading-l">Code lists and assessment templates</h1>');
      expect(page.html).toContain(
        'They change with a release of the service that holds them: there is no editing here yet.',
      );
      const main = /<main[\s\S]*<\/main>/.exec(page.html)?.[0] ?? '';
      expect(main).toContain('Engagement, intent and capability');
      expect(main).not.toContain('<form');
      expect(main).not.toContain('<input');
      // the gateway assessment template, from referral intake
      expect(page.html).toContain('Engagement, intent and capability <span class="govuk-caption-m">Version 1</span>');
      expect(page.html).toContain('Engagement with a group, cause or ideology');
      // intake's and the panel's code lists
      expect(page.html).toMatch(/id="code-list-referral-intake-sectors"[\s\S]*?friends-and-family/);
      expect(page.html).toMatch(/id="code-list-channel-panel-agencies"[\s\S]*?childrens-social-care/);
      expect(page.html).toContain('Versioned: intervention-types-2024');
      expect(page.html).toMatch(/id="code-list-channel-panel-exit-outcomes"[\s\S]*?no-further-terrorism-concerns/);
      // type of concern, as the statistics count it
      expect(page.html).toMatch(
        /id="code-list-concern-types"[\s\S]*?extreme-right-wing<\/td><td class="govuk-table__cell">Extreme Right-Wing/,
      );
    }, 30_000);
  });
});
