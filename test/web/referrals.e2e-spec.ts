import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  decodeEntities,
  type DemoUser,
  errorSummary,
  inputValue,
  type Stack,
  startStack,
  WebClient,
  type WebPage,
} from './stack.js';

/**
 * The police referral pages over HTTP, as a browser without JavaScript uses them: the queue, a new
 * referral in steps, the referral's page and timeline, every action on it, and the partner
 * referral form — against the whole system (identity provider, referral intake, web app).
 */
const BIRMINGHAM = 'E08000025';
const TOWER_HAMLETS = 'E09000030';

const person = (overrides: Record<string, string> = {}) => ({
  givenNames: 'Amira',
  familyName: 'Testperson',
  'dateOfBirth-day': '4',
  'dateOfBirth-month': '3',
  'dateOfBirth-year': '2008',
  gender: 'female',
  area: BIRMINGHAM,
  region: 'E12000005',
  addressLine1: '1 High Street',
  addressLine2: '',
  addressTown: 'Birmingham',
  postcode: 'B1 1AA',
  ...overrides,
});

const concern = (overrides: Record<string, string | string[]> = {}) => ({
  concernTypes: ['extreme-right-wing'],
  description: 'Shares extreme right-wing material in class and talks of a coming race war',
  howItArose: 'A teacher saw the videos on the person’s phone',
  warningSigns: 'Withdrawn from friends; new interest in weapons',
  complexNeeds: '',
  otherSafeguardingConcerns: '',
  otherAgenciesInvolved: '',
  spokenToPersonOrParents: 'Not yet',
  subjectAware: 'no',
  ...overrides,
});

const referrer = (overrides: Record<string, string> = {}) => ({
  sector: 'education',
  referrerName: 'Ann Teacher',
  referrerRole: 'Designated safeguarding lead',
  referrerOrganisation: 'Park School',
  referrerPhone: '0121 496 0000',
  referrerEmail: 'ann.teacher@example.org',
  ...overrides,
});

/** The text of an element's content, tags removed and whitespace collapsed. */
function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The timeline of a referral page: each item's title, byline and description. */
function timelineOf(html: string): { title: string; byline: string; date: string; description: string }[] {
  const timeline = html.slice(html.indexOf('<div class="moj-timeline"'));
  return timeline
    .split('<div class="moj-timeline__item"')
    .slice(1)
    .map((item) => ({
      title: text(/<h3 class="moj-timeline__title">([\s\S]*?)<\/h3>/.exec(item)?.[1] ?? ''),
      byline: text(/<p class="moj-timeline__byline">([\s\S]*?)<\/p>/.exec(item)?.[1] ?? ''),
      date: text(/<time[^>]*>([\s\S]*?)<\/time>/.exec(item)?.[1] ?? ''),
      description: text(/<div class="moj-timeline__description">([\s\S]*?)<\/div>/.exec(item)?.[1] ?? ''),
    }));
}

/** The cells of the queue's row for a referral, as text. */
function queueRow(html: string, id: string): string[] | undefined {
  const row = [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].find(([, cells]) =>
    cells.includes(`href="/referrals/${id}"`),
  )?.[1];
  return row ? [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, cell]) => text(cell)) : undefined;
}

/** The value of a row of a GOV.UK summary list, by its key. */
function summaryValue(html: string, key: string): string | undefined {
  const pattern = new RegExp(
    `<dt class="govuk-summary-list__key">\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`,
  );
  const found = pattern.exec(html)?.[1];
  return found === undefined ? undefined : text(found);
}

function h1(html: string): string {
  return text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
}

/** Where a page ended, with its status and any error summary (so a failing step says why). */
function landed(page: WebPage): string {
  return `${new URL(page.url).pathname} ${page.status} ${errorSummary(page.html).join('; ')}`.trim();
}

/** Keys in a referral through the four steps; answers its id. */
async function keyInReferral(
  client: WebClient,
  answers: { person?: Record<string, string>; concern?: Record<string, string | string[]> } = {},
): Promise<string> {
  const start = await client.get('/referrals/new');
  expect(landed(start)).toBe('/referrals/new/person 200');
  const afterPerson = await client.post('/referrals/new/person', person(answers.person));
  expect(landed(afterPerson)).toBe('/referrals/new/concern 200');
  const afterConcern = await client.post('/referrals/new/concern', concern(answers.concern));
  expect(landed(afterConcern)).toBe('/referrals/new/referrer 200');
  const check = await client.post('/referrals/new/referrer', referrer());
  expect(landed(check)).toBe('/referrals/new/check 200');
  const done = await client.post('/referrals/new/check', { idempotencyKey: inputValue(check.html, 'idempotencyKey')! });
  expect(landed(done)).toBe('/referrals/new/confirmation 200');
  const id = /href="\/referrals\/([0-9a-f-]{36})"/.exec(done.html)?.[1];
  expect(id).toBeDefined();
  return id!;
}

/** Opens an action page and posts its form with the ETag it was given. */
async function act(client: WebClient, id: string, path: string, form: Record<string, string | string[]>) {
  const page = await client.get(`/referrals/${id}/${path}`);
  expect(page.status).toBe(200);
  const etag = inputValue(page.html, 'etag');
  expect(etag).toMatch(/^W\/"\d+"$/);
  const extra: Record<string, string> = {};
  const requestId = inputValue(page.html, 'requestId');
  if (requestId) extra.requestId = requestId;
  return client.post(`/referrals/${id}/${path}`, { etag: etag!, ...extra, ...form });
}

const ASSESSMENT = {
  'rating-engagement': 'high',
  'notes-engagement': 'Watches and shares extreme right-wing videos daily',
  'rating-intent': 'medium',
  'notes-intent': 'Has talked of a coming race war',
  'rating-capability': 'low',
  'notes-capability': 'No access to weapons known',
  summary:
    'Vulnerable young person engaging with extreme right-wing material; support through Channel is proportionate',
};

describe('web app: referral pages for police officers and partners', () => {
  let stack: Stack;
  let officerUser: DemoUser;
  let supervisorUser: DemoUser;

  beforeAll(async () => {
    stack = await startStack(2);
    officerUser = stack.user('police-officer');
    supervisorUser = stack.user('police-supervisor');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('takes a referral from receipt to “referred to Channel” through the pages: officer triages and decides, supervisor assigns and signs off', async () => {
    const officer = await WebClient.signedIn(stack, officerUser);
    const supervisor = await WebClient.signedIn(stack, supervisorUser);

    const id = await keyInReferral(officer);
    const received = await officer.get(`/referrals/${id}`);
    expect(received.status).toBe(200);
    expect(h1(received.html)).toBe('Amira Testperson');
    expect(received.html).toContain(`Referral ${id.slice(0, 8).toUpperCase()}`);
    expect(summaryValue(received.html, 'Status')).toBe('Received');
    expect(summaryValue(received.html, 'Date of birth')).toBe('4 March 2008');
    expect(summaryValue(received.html, 'Description')).toContain('coming race war');

    // the officer's user id, from the queue page, is what the supervisor assigns
    const queue = await officer.get('/referrals');
    const officerId = /Your user ID is <code class="app-referral-code">([^<]+)<\/code>/.exec(queue.html)?.[1];
    expect(officerId).toBeDefined();
    expect(queue.html).toContain(`href="/referrals/${id}"`);

    expect((await act(officer, id, 'acknowledge', {})).url).toBe(`${stack.webUrl}/referrals/${id}`);
    const assigned = await act(supervisor, id, 'assign', { assignTo: 'other', officerId: officerId! });
    expect(assigned.html).toContain('Officer assigned');
    expect(summaryValue(assigned.html, 'Assigned officer')).toBe(`User ${officerId}`);

    const mine = await officer.get('/referrals?mine=yes');
    const row = queueRow(mine.html, id);
    expect(row?.[5]).toContain('Assigned');
    expect(row?.[6]).toBe('You');

    const cleared = await act(officer, id, 'deconfliction', { result: 'clear' });
    expect(cleared.html).toContain('De-confliction recorded as clear');

    const asked = await act(officer, id, 'information-requests/new', {
      partnerSector: 'education',
      organisation: 'Park School',
      contact: 'Head of year 11',
      lawfulBasis: 'uk-gdpr-6-1-e-public-task',
      request: 'Attendance and behaviour records for this term',
    });
    expect(asked.html).toContain('Information request recorded');
    const requestId = /information-requests\/([A-Z0-9]+)\/reply/.exec(asked.html)?.[1];
    expect(requestId).toBeDefined();
    const replied = await act(officer, id, `information-requests/${requestId}/reply`, {
      lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
      information: 'Attendance fell to 60% since January; two incidents of sharing videos',
    });
    expect(replied.html).toContain('Partner’s reply recorded');
    expect(text(replied.html)).toContain('Attendance fell to 60% since January');

    const assessed = await act(officer, id, 'assessment', ASSESSMENT);
    expect(assessed.html).toContain('Gateway assessment recorded');
    expect(summaryValue(assessed.html, 'Engagement with a group, cause or ideology')).toContain('High');

    const decided = await act(officer, id, 'decision', {
      outcome: 'referred-to-channel',
      channelArea: BIRMINGHAM,
      rationale: 'Vulnerable to radicalisation; multi-agency support through Channel is proportionate',
    });
    expect(decided.html).toContain('Decision recorded');
    expect(text(decided.html)).toContain('Awaiting sign-off');
    // the officer who decided cannot sign off (and has no sign-off role)
    expect(decided.html).not.toContain(`/referrals/${id}/sign-off"`);

    expect((await officer.get(`/referrals/${id}/sign-off`)).status).toBe(403);
    const supervisorView = await supervisor.get(`/referrals/${id}`);
    expect(supervisorView.html).toContain(`href="/referrals/${id}/sign-off"`);
    const tooLong = await act(supervisor, id, 'sign-off', { comment: 'x'.repeat(20_001) });
    expect(tooLong.status).toBe(400);
    expect(errorSummary(tooLong.html)).toEqual(['The comment must be 20,000 characters or fewer']);
    expect(inputValue(tooLong.html, 'comment')).toHaveLength(20_001);
    expect(text((await supervisor.get(`/referrals/${id}`)).html)).toContain('Awaiting sign-off');
    const signed = await act(supervisor, id, 'sign-off', { comment: 'Agreed: refer to the Birmingham panel' });
    expect(signed.html).toContain('Decision signed off');

    const final = await supervisor.get(`/referrals/${id}`);
    expect(summaryValue(final.html, 'Status')).toBe('Decided');
    expect(summaryValue(final.html, 'Decision')).toMatch(/^Referred to Channel, /);
    expect(summaryValue(final.html, 'Channel panel area')).toBe('Birmingham (E08000025)');
    expect(summaryValue(final.html, 'Sign-off')).toMatch(/^Signed off by You \(police-supervisor\.birmingham\)/);
    expect(text(final.html)).toContain('Referred to Channel');

    const steps = timelineOf(final.html);
    const titles = steps.map((step) => step.title);
    expect(titles).toEqual([
      'Decision signed off',
      'Decision: Referred to Channel',
      'Gateway assessment recorded',
      'Information received from a partner',
      'Information requested from Park School',
      'De-confliction clear',
      'Officer assigned',
      'Referral acknowledged',
      'Referral received',
    ]);
    const byTitle = (title: string) => steps.find((step) => step.title === title)!;
    const officerBy = `by User ${officerId}, Police officer`;
    expect(byTitle('Referral received').byline).toBe(officerBy);
    expect(byTitle('Referral acknowledged').byline).toBe(officerBy);
    expect(byTitle('Officer assigned').byline).toBe('by You (police-supervisor.birmingham), Police supervisor');
    expect(byTitle('De-confliction clear').byline).toBe(officerBy);
    expect(byTitle('Gateway assessment recorded').byline).toBe(officerBy);
    expect(byTitle('Decision: Referred to Channel').byline).toBe(officerBy);
    expect(byTitle('Decision signed off').byline).toBe('by You (police-supervisor.birmingham), Police supervisor');
    expect(byTitle('Decision: Referred to Channel').description).toContain(
      'Rationale: Vulnerable to radicalisation; multi-agency support through Channel is proportionate',
    );
    expect(byTitle('Decision signed off').description).toContain('Comment: Agreed: refer to the Birmingham panel');
    expect(byTitle('Gateway assessment recorded').description).toContain('Intent to cause harm: Medium');
    for (const step of steps) expect(step.date).toMatch(/^\d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)$/);

    // the queue shows it decided, and area scoping and roles hold
    const decidedQueue = await supervisor.get('/referrals?status=decided');
    expect(decidedQueue.html).toContain(`href="/referrals/${id}"`);
    const towerHamlets = await WebClient.signedIn(stack, stack.user('police-officer', TOWER_HAMLETS));
    const elsewhere = await towerHamlets.get(`/referrals/${id}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.html).toContain('Page not found');
    expect(elsewhere.html).not.toContain('Testperson');
    expect((await towerHamlets.get(`/referrals/${id}/decision`)).status).toBe(404);
    expect((await towerHamlets.get('/referrals')).html).not.toContain(id);
    const chair = await WebClient.signedIn(stack, stack.user('channel-chair'));
    const refused = await chair.get('/referrals');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('You cannot use this page');
    expect((await chair.get(`/referrals/${id}`)).status).toBe(403);
  }, 60_000);

  it('keeps each step’s answers, refuses bad ones with the error summary, and records one referral for a double submit', async () => {
    const officer = await WebClient.signedIn(stack, officerUser);
    await officer.get('/referrals/new');
    const badPerson = await officer.post(
      '/referrals/new/person',
      person({ givenNames: '', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', area: 'Birmingham', gender: '' }),
    );
    expect(badPerson.status).toBe(400);
    expect(badPerson.html).toContain('<title>Error: About the person');
    expect(errorSummary(badPerson.html)).toEqual([
      'Enter the person’s given names',
      'Date of birth must be a real date',
      'Select the person’s gender',
      'Enter the local authority area as an ONS code, like E08000025',
    ]);
    expect(badPerson.html).toContain('href="#dateOfBirth-day"');
    expect(inputValue(badPerson.html, 'familyName')).toBe('Testperson');
    expect(inputValue(badPerson.html, 'dateOfBirth-day')).toBe('31');
    expect(inputValue(badPerson.html, 'dateOfBirth-month')).toBe('2');
    expect(inputValue(badPerson.html, 'dateOfBirth-year')).toBe('2008');
    expect(inputValue(badPerson.html, 'area')).toBe('Birmingham');
    expect(inputValue(badPerson.html, 'postcode')).toBe('B1 1AA');

    const good = person({
      givenNames: 'Bilal',
      familyName: 'Doubleclick',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '9',
      'dateOfBirth-year': '2007',
      gender: 'male',
    });
    expect((await officer.post('/referrals/new/person', good)).url).toMatch(/\/concern$/);
    const badConcern = await officer.post(
      '/referrals/new/concern',
      concern({ concernTypes: [], description: '  ', subjectAware: '' }),
    );
    expect(badConcern.status).toBe(400);
    expect(errorSummary(badConcern.html)).toEqual([
      'Select at least one type of concern',
      'Describe the concern',
      'Select whether the person knows they have been referred',
    ]);
    expect(inputValue(badConcern.html, 'howItArose')).toBe('A teacher saw the videos on the person’s phone');
    expect(
      (await officer.post('/referrals/new/concern', concern({ concernTypes: ['islamist', 'conflicted'] }))).url,
    ).toMatch(/\/referrer$/);
    const badReferrer = await officer.post(
      '/referrals/new/referrer',
      referrer({ referrerName: '', referrerEmail: 'not-an-email' }),
    );
    expect(badReferrer.status).toBe(400);
    expect(errorSummary(badReferrer.html)).toEqual([
      'Enter the name of the person who made the referral',
      'Enter an email address in the correct format, like name@example.com',
    ]);
    expect(inputValue(badReferrer.html, 'referrerEmail')).toBe('not-an-email');
    const check = await officer.post('/referrals/new/referrer', referrer());
    expect(check.url).toMatch(/\/check$/);
    expect(summaryValue(check.html, 'Name')).toContain('Bilal Doubleclick');
    expect(summaryValue(check.html, 'Date of birth')).toBe('12 September 2007');
    expect(summaryValue(check.html, 'Type of concern')).toBe('Islamist, Conflicted');
    expect(check.html).toContain('href="/referrals/new/person?change=check#givenNames"');

    // going back to a step shows what was answered, and a change returns to the check page
    const again = await officer.get('/referrals/new/person?change=check');
    expect(inputValue(again.html, 'givenNames')).toBe('Bilal');
    const changed = await officer.post('/referrals/new/person?change=check', { ...good, addressLine2: 'Flat 2' });
    expect(changed.url).toMatch(/\/check$/);
    expect(summaryValue(changed.html, 'Address')).toContain('Flat 2');

    // nothing is recorded before the submit, and a form with another session's token is refused
    const before = await officer.get('/referrals?sort=newest');
    expect(before.html).not.toContain('Doubleclick');
    const key = inputValue(changed.html, 'idempotencyKey')!;
    const forged = await officer.post('/referrals/new/check', { _csrf: 'not-the-token', idempotencyKey: key });
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('Your form could not be sent');

    // two submits of the same form (a double click) make one referral
    const [first, second] = await Promise.all([
      officer.post('/referrals/new/check', { idempotencyKey: key }),
      officer.post('/referrals/new/check', { idempotencyKey: key }),
    ]);
    const third = await officer.post('/referrals/new/check', { idempotencyKey: key });
    const references = [first, second, third].map((page) => /href="\/referrals\/([0-9a-f-]{36})"/.exec(page.html)?.[1]);
    expect(first.html).toContain('Referral recorded');
    expect(new Set(references).size).toBe(1);
    const id = references[0]!;
    const page = await officer.get(`/referrals/${id}`);
    expect(h1(page.html)).toContain('Bilal Doubleclick');
    const timeline = timelineOf(page.html);
    expect(timeline.map((step) => step.title)).toEqual(['Referral received']);
    const queue = await officer.get('/referrals?sort=newest&concernType=conflicted');
    expect(queue.html.split(`href="/referrals/${id}"`).length - 1).toBe(1);
    expect(queue.html).toContain('aria-sort="descending"');
  }, 60_000);

  it('offers the earlier records of the person, links the new referral to one and flags it “seen before”', async () => {
    const officer = await WebClient.signedIn(stack, officerUser);
    const farid = {
      givenNames: 'Farid',
      familyName: 'Seenbefore',
      'dateOfBirth-day': '7',
      'dateOfBirth-month': '7',
      'dateOfBirth-year': '2007',
      gender: 'male',
    };
    const first = await keyInReferral(officer, { person: farid });

    await officer.get('/referrals/new');
    // the intake's search follows its store: wait until the first record is offered
    let offered: WebPage | undefined;
    for (let attempt = 0; attempt < 25 && !offered; attempt++) {
      const page = await officer.post('/referrals/new/person', person({ ...farid, givenNames: 'Fareed' }));
      if (new URL(page.url).pathname === '/referrals/new/earlier-records') offered = page;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(offered).toBeDefined();
    expect(h1(offered!.html)).toBe('Has this person been referred before?');
    expect(text(offered!.html)).toContain('Farid Seenbefore, born 7 July 2007');
    const subjectId = /name="earlierRecord" type="radio" value="([0-9a-f-]{36})"/.exec(offered!.html)?.[1];
    expect(subjectId).toBeDefined();

    const unanswered = await officer.post('/referrals/new/earlier-records', {});
    expect(unanswered.status).toBe(400);
    expect(errorSummary(unanswered.html)).toEqual(['Select the earlier record of this person, or that they are new']);

    const linked = await officer.post('/referrals/new/earlier-records', { earlierRecord: subjectId! });
    expect(landed(linked)).toBe('/referrals/new/concern 200');
    await officer.post('/referrals/new/concern', concern({ concernTypes: ['islamist'] }));
    const check = await officer.post('/referrals/new/referrer', referrer());
    expect(text(check.html)).toContain('Linked to the earlier record of Farid Seenbefore , born 7 July 2007');
    const done = await officer.post('/referrals/new/check', {
      idempotencyKey: inputValue(check.html, 'idempotencyKey')!,
    });
    const second = /href="\/referrals\/([0-9a-f-]{36})"/.exec(done.html)?.[1] ?? '';
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);

    const page = await officer.get(`/referrals/${second}`);
    expect(h1(page.html)).toBe('Farid Seenbefore');
    expect(page.html).toMatch(/govuk-tag--yellow">\s*Seen before\s*</);
    expect(page.html).toContain(`href="/referrals/${first}"`);
    expect(text(page.html)).toContain('Other referrals of this person');
    const queue = await officer.get('/referrals?sort=newest');
    expect(queueRow(queue.html, second)?.[2]).toContain('Seen before');
    expect(queueRow(queue.html, first)?.[2]).toBeDefined();
    expect(queueRow(queue.html, first)?.[2]).not.toContain('Seen before');
  }, 60_000);

  it('refuses bad action forms with their errors and what was typed, writing nothing', async () => {
    const officer = await WebClient.signedIn(stack, officerUser);
    const id = await keyInReferral(officer, {
      person: {
        givenNames: 'Chloe',
        familyName: 'Formcheck',
        'dateOfBirth-day': '1',
        'dateOfBirth-month': '1',
        'dateOfBirth-year': '2006',
      },
    });
    const supervisor = await WebClient.signedIn(stack, supervisorUser);
    expect((await officer.get(`/referrals/${id}/assign`)).status).toBe(403);
    const asked = await act(officer, id, 'information-requests/new', {
      partnerSector: 'health',
      organisation: 'City GP practice',
      lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
      request: 'Known mental health needs',
    });
    const requestId = /information-requests\/([A-Z0-9]+)\/reply/.exec(asked.html)?.[1];
    expect(requestId).toBeDefined();
    const stepsBefore = timelineOf((await officer.get(`/referrals/${id}`)).html).length;
    expect(stepsBefore).toBe(2);

    const badAssign = await act(supervisor, id, 'assign', { assignTo: 'other', officerId: ' ' });
    expect(badAssign.status).toBe(400);
    expect(errorSummary(badAssign.html)).toEqual(['Enter the officer’s user ID']);
    expect(badAssign.html).toMatch(/name="assignTo" type="radio" value="other" checked/);
    const noAssignee = await act(supervisor, id, 'assign', {});
    expect(errorSummary(noAssignee.html)).toEqual(['Select who to assign the referral to']);

    const badDeconfliction = await act(officer, id, 'deconfliction', {});
    expect(badDeconfliction.status).toBe(400);
    expect(errorSummary(badDeconfliction.html)).toEqual(['Select the result of the de-confliction check']);

    const badReply = await act(officer, id, `information-requests/${requestId}/reply`, {
      lawfulBasis: '',
      information: 'No known needs',
    });
    expect(badReply.status).toBe(400);
    expect(errorSummary(badReply.html)).toEqual(['Select the lawful basis the partner shared on']);
    expect(inputValue(badReply.html, 'information')).toBe('No known needs');
    expect((await officer.get(`/referrals/${id}/information-requests/NO-SUCH-REQUEST/reply`)).status).toBe(404);

    const badAssessment = await act(officer, id, 'assessment', {
      ...ASSESSMENT,
      'rating-intent': '',
      'notes-capability': '',
      summary: '',
    });
    expect(badAssessment.status).toBe(400);
    expect(errorSummary(badAssessment.html)).toEqual([
      'Select a rating for intent to cause harm',
      'Enter your evidence for capability to cause harm',
      'Enter a summary of the assessment',
    ]);
    expect(inputValue(badAssessment.html, 'notes-engagement')).toBe(ASSESSMENT['notes-engagement']);
    expect(badAssessment.html).toMatch(/name="rating-engagement" type="radio" value="high" checked/);

    const badDecision = await act(officer, id, 'decision', {
      outcome: 'referred-to-channel',
      channelArea: 'B1',
      rationale: '',
    });
    expect(badDecision.status).toBe(400);
    expect(errorSummary(badDecision.html)).toEqual([
      'Enter the Channel panel’s area as an ONS code, like E08000025',
      'Enter the rationale for the decision',
    ]);
    expect(inputValue(badDecision.html, 'channelArea')).toBe('B1');

    // a rule of the process (no de-confliction, no assessment yet) is shown on the form, nothing written
    const early = await act(officer, id, 'decision', { outcome: 'no-further-action', rationale: 'No concern found' });
    expect(early.status).toBe(400);
    expect(errorSummary(early.html)[0]).toContain('de-confliction');
    expect(inputValue(early.html, 'rationale')).toBe('No concern found');

    const badRequest = await act(officer, id, 'information-requests/new', {
      partnerSector: '',
      organisation: '',
      lawfulBasis: '',
      request: 'Records please',
    });
    expect(badRequest.status).toBe(400);
    expect(errorSummary(badRequest.html)).toEqual([
      'Select the partner’s sector',
      'Enter the partner organisation',
      'Select the lawful basis for asking',
    ]);
    expect(inputValue(badRequest.html, 'request')).toBe('Records please');

    const badWithdrawal = await act(officer, id, 'withdraw', { reason: '', explanation: 'Keyed twice' });
    expect(badWithdrawal.status).toBe(400);
    expect(errorSummary(badWithdrawal.html)).toEqual(['Select why the referral is withdrawn']);
    expect(inputValue(badWithdrawal.html, 'explanation')).toBe('Keyed twice');

    const badCorrection = await act(officer, id, 'person/correct', {
      givenNames: 'Chloe',
      familyName: 'Formcheck',
      'dateOfBirth-day': '30',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2006',
      gender: 'female',
      reason: '',
    });
    expect(badCorrection.status).toBe(400);
    expect(errorSummary(badCorrection.html)).toEqual([
      'Date of birth must be a real date',
      'Enter the reason for the correction',
    ]);
    expect(inputValue(badCorrection.html, 'dateOfBirth-day')).toBe('30');

    const unchanged = await officer.get(`/referrals/${id}`);
    expect(timelineOf(unchanged.html).length).toBe(stepsBefore);
    expect(summaryValue(unchanged.html, 'Status')).toBe('In triage');
    expect(summaryValue(unchanged.html, 'Assigned officer')).toBe('Not assigned');
    expect(summaryValue(unchanged.html, 'De-confliction')).toBe('Not yet recorded');
    expect(summaryValue(unchanged.html, 'Gateway assessment')).toBe('Not yet recorded');
    expect(unchanged.html).toContain(`/information-requests/${requestId}/reply"`);
    expect(summaryValue(unchanged.html, 'Date of birth')).toBe('1 January 2006');

    // a CSRF mismatch on an action: refused, nothing written
    const page = await officer.get(`/referrals/${id}/acknowledge`);
    const forged = await officer.post(`/referrals/${id}/acknowledge`, {
      _csrf: 'forged',
      etag: inputValue(page.html, 'etag')!,
    });
    expect(forged.status).toBe(403);
    expect(summaryValue((await officer.get(`/referrals/${id}`)).html, 'Acknowledged')).toBe('Not yet');

    // a correction and a withdrawal with their reasons are recorded and shown
    const corrected = await act(officer, id, 'person/correct', {
      givenNames: 'Chloe',
      familyName: 'Formcheck',
      'dateOfBirth-day': '2',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '2006',
      gender: 'female',
      addressLine1: '1 High Street',
      addressTown: 'Birmingham',
      postcode: 'B1 1AA',
      reason: 'The school’s record shows 2 January 2006',
    });
    expect(corrected.html).toContain('The person’s details were corrected');
    expect(summaryValue(corrected.html, 'Date of birth')).toBe('2 January 2006');
    const withdrawn = await act(officer, id, 'withdraw', {
      reason: 'duplicate',
      explanation: 'Keyed twice by mistake',
    });
    expect(withdrawn.html).toContain('Referral withdrawn');
    expect(summaryValue(withdrawn.html, 'Status')).toBe('Withdrawn');
    const last = timelineOf(withdrawn.html)[0]!;
    expect(last.title).toBe('Referral withdrawn: duplicate of another referral');
    expect(last.byline).toMatch(/^by You \(police-officer\.birmingham\), Police officer$/);
    expect(last.description).toContain('Explanation: Keyed twice by mistake');
    expect(withdrawn.html).not.toContain(`href="/referrals/${id}/decision"`);
  }, 60_000);

  it('shows the conflict page for a change made on a stale page, and does not apply it', async () => {
    const officer = await WebClient.signedIn(stack, officerUser);
    const supervisor = await WebClient.signedIn(stack, supervisorUser);
    const id = await keyInReferral(officer, {
      person: {
        givenNames: 'Dev',
        familyName: 'Conflict',
        'dateOfBirth-day': '5',
        'dateOfBirth-month': '6',
        'dateOfBirth-year': '2005',
        gender: 'male',
      },
    });
    const officerForm = await officer.get(`/referrals/${id}/withdraw`);
    const supervisorForm = await supervisor.get(`/referrals/${id}/deconfliction`);
    const cleared = await supervisor.post(`/referrals/${id}/deconfliction`, {
      etag: inputValue(supervisorForm.html, 'etag')!,
      result: 'clear',
    });
    expect(cleared.html).toContain('De-confliction recorded as clear');
    const stale = await officer.post(`/referrals/${id}/withdraw`, {
      etag: inputValue(officerForm.html, 'etag')!,
      reason: 'made-in-error',
      explanation: 'Opened before the de-confliction',
    });
    expect(stale.status).toBe(409);
    expect(stale.html).toContain('Someone else has changed this record');
    const after = await officer.get(`/referrals/${id}`);
    expect(summaryValue(after.html, 'Status')).toBe('In triage');
    expect(timelineOf(after.html).map((step) => step.title)).toEqual(['De-confliction clear', 'Referral received']);
  }, 60_000);

  it('lets a partner referrer send a referral about a person of their area and see only its reference', async () => {
    const partner = await WebClient.signedIn(stack, stack.user('partner-referrer'));
    const form = await partner.get('/partner-referrals/new');
    expect(form.status).toBe(200);
    expect(h1(form.html)).toBe('Make a Prevent referral');
    expect(form.html).toContain('Birmingham (E08000025)');
    const key = inputValue(form.html, 'idempotencyKey')!;
    const answers = {
      idempotencyKey: key,
      ...person({
        givenNames: 'Erin',
        familyName: 'Partnerform',
        'dateOfBirth-day': '9',
        'dateOfBirth-month': '10',
        'dateOfBirth-year': '2009',
      }),
      ...concern(),
      ...referrer({ referrerName: 'Pat Partner' }),
    };
    delete (answers as Record<string, unknown>).area;

    const bad = await partner.post('/partner-referrals/new', {
      ...answers,
      familyName: '',
      description: '',
      sector: '',
    });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad.html)).toEqual([
      'Enter the person’s family name',
      'Describe the concern',
      'Select the sector the referral came from',
    ]);
    expect(inputValue(bad.html, 'givenNames')).toBe('Erin');
    expect(inputValue(bad.html, 'idempotencyKey')).toBe(key);

    const sent = await partner.post('/partner-referrals/new', answers);
    expect(sent.url).toBe(`${stack.webUrl}/partner-referrals/confirmation`);
    expect(sent.html).toContain('Referral sent');
    const reference = /<strong class="app-referral-reference">([0-9a-f-]{36})<\/strong>/.exec(sent.html)?.[1];
    expect(reference).toBeDefined();
    // sending the same form again (a double click) gives the same reference
    const resent = await partner.post('/partner-referrals/new', answers);
    expect(resent.html).toContain(reference);

    // the partner sees nothing else
    expect((await partner.get('/referrals')).status).toBe(403);
    expect((await partner.get(`/referrals/${reference}`)).status).toBe(403);
    expect((await partner.get('/referrals/new')).status).toBe(403);

    // the police of the area have it in their queue, once, from the partner form
    const officer = await WebClient.signedIn(stack, officerUser);
    const queue = await officer.get('/referrals?sort=newest');
    expect(queue.html.split(`href="/referrals/${reference}"`).length - 1).toBe(1);
    const page = await officer.get(`/referrals/${reference}`);
    expect(h1(page.html)).toContain('Erin Partnerform');
    expect(summaryValue(page.html, 'Received through')).toBe('Partner referral form');
    expect(summaryValue(page.html, 'Name')).toContain('Erin Partnerform');
    expect((await officer.get('/partner-referrals/new')).status).toBe(403);
  }, 60_000);
});
