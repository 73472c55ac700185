import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  apiToken,
  decodeEntities,
  pageText,
  errorSummary,
  inputValue,
  type Stack,
  startStack,
  type WebPage,
  WebClient,
} from './stack.js';

/**
 * The Channel case pages over HTTP, as a browser without JavaScript uses them, on the whole system
 * as `npm start` runs it: the case list and work lists, a case opened by the local authority, its
 * preparation (information sharing, listing, assessment), consent by a parent for a person under
 * 18, the support plan with an intervention provider and their sessions, the chair's review and
 * exit, the post-exit review, a transfer and a return to the police; and the refusals (bad input,
 * a rule of the process, a forged form, a stale record, another area, a role without the action).
 * The panel's decision to adopt is recorded through the channel-panel API with the chair's token
 * (its pages are the meeting pages').
 */

const BIRMINGHAM = 'E08000025';
const TOWER_HAMLETS = 'E09000030';

/** The text of the page's main content (no header, navigation or footer). */
function main(page: WebPage): string {
  const start = page.html.indexOf('<main');
  const end = page.html.indexOf('</main>');
  return pageText(page.html.slice(start, end));
}

/** The values of the checked radios or checkboxes of a name. */
function checked(html: string, name: string): string[] {
  return [...html.matchAll(/<input[^>]*>/g)]
    .map((match) => match[0])
    .filter((input) => input.includes(`name="${name}"`) && /\bchecked\b/.test(input))
    .map((input) => /value="([^"]*)"/.exec(input)?.[1] ?? '');
}

/** The section of the case page under the heading with this id, up to the next section's heading. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const next = html.indexOf('<h2 class="govuk-heading-m"', start + 1);
  return pageText(html.slice(start, next < 0 ? html.indexOf('</main>') : next));
}

function title(page: WebPage): string {
  return decodeEntities(/<title>([^<]*)<\/title>/.exec(page.html)?.[1] ?? '');
}

/** Today and other days in England and Wales, as the date input's parts. */
function day(offsetDays = 0): { day: string; month: string; year: string; iso: string } {
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );
  const [year, month, date] = iso.split('-');
  return { day: String(Number(date)), month: String(Number(month)), year, iso };
}

function dateFields(name: string, date: { day: string; month: string; year: string }): Record<string, string> {
  return { [`${name}-day`]: date.day, [`${name}-month`]: date.month, [`${name}-year`]: date.year };
}

/** The hidden fields a form page gave (its ETag and the ids it made), to post back as the browser would. */
function hidden(page: WebPage): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of ['etag', 'idempotencyKey', 'interventionId', 'requestId', 'sessionId']) {
    const value = inputValue(page.html, name);
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}

/** Opens a form page and posts it with its hidden fields and these values. */
async function submit(client: WebClient, path: string, fields: Record<string, string | string[]>): Promise<WebPage> {
  const form = await client.get(path);
  expect(form.status).toBe(200);
  return client.post(path, { ...hidden(form), ...fields });
}

/**
 * Reads the page until it shows what is expected: lists, work lists and the meetings offered are
 * read models, which follow the case's history a moment after a change.
 */
async function eventually(client: WebClient, path: string, expected: (page: WebPage) => boolean): Promise<WebPage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await client.get(path);
    if (expected(page) || Date.now() > deadline) return page;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('web app: Channel case pages', () => {
  let stack: Stack;
  let coordinator: WebClient;
  let chair: WebClient;
  let member: WebClient;
  let provider: WebClient;
  let towerHamletsCoordinator: WebClient;
  let towerHamletsProvider: WebClient;
  let coordinatorToken: string;
  let chairToken: string;

  /** The channel-panel API as a user (what the meeting pages would do), for the steps of other pages. */
  async function panel(
    token: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    ifMatch?: string,
  ): Promise<{ status: number; etag: string; body: Record<string, unknown> }> {
    const response = await fetch(`${stack.urls['channel-panel']}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(ifMatch ? { 'if-match': ifMatch } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: response.status,
      etag: response.headers.get('etag') ?? '',
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  /** A case opened through the web by the Birmingham coordinator; its id. */
  async function openCase(givenNames: string, familyName: string, born: { day: string; month: string; year: string }) {
    const page = await submit(coordinator, '/cases/new', {
      givenNames,
      familyName,
      ...dateFields('dateOfBirth', born),
      addressLine1: '1 Corporation Street',
      townOrCity: 'Birmingham',
      postcode: 'B4 6QB',
      gender: 'female',
      region: 'E12000005',
      sector: 'education',
      concernTypes: ['extreme-right-wing', 'incel'],
      concern: 'Shared extreme right-wing material with classmates',
    });
    expect(page.status).toBe(200);
    const id = /\/cases\/([0-9a-f-]{36})$/.exec(page.url)?.[1];
    if (!id) throw new Error(`no case page after opening: ${page.url}`);
    return { id, page };
  }

  /** A meeting of Birmingham's panel in three days, scheduled through the API. */
  async function scheduleMeeting(): Promise<string> {
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCHours(14, 0, 0, 0);
    const meeting = await panel(coordinatorToken, 'POST', '/meetings', {
      area: BIRMINGHAM,
      meetingDate: at.toISOString(),
    });
    expect(meeting.status).toBe(201);
    return meeting.body.id as string;
  }

  /** The meeting held with the chair and the police (quorate), and the panel's decision to adopt, through the API. */
  async function adoptAt(caseId: string, meetingId: string): Promise<void> {
    const meeting = await panel(coordinatorToken, 'GET', `/meetings/${meetingId}`);
    const attendance = await panel(
      coordinatorToken,
      'POST',
      `/meetings/${meetingId}/attendance`,
      {
        attendees: [
          { agency: 'local-authority', role: 'chair' },
          { agency: 'police', role: 'member' },
        ],
      },
      meeting.etag,
    );
    expect(attendance.status).toBe(200);
    const found = await panel(chairToken, 'GET', `/cases/${caseId}`);
    const decided = await panel(
      chairToken,
      'POST',
      `/cases/${caseId}/decision`,
      { meetingId, decision: 'adopt', rationale: 'Support is necessary and proportionate' },
      found.etag,
    );
    expect(decided.status).toBe(200);
  }

  // the case a 15-year-old's parent consents for, supported by the provider; and another one to transfer
  const youngBorn = { day: '1', month: '1', year: String(new Date().getUTCFullYear() - 15) };
  let young = '';
  let other = '';
  let meetingId = '';
  let interventionId = '';

  beforeAll(async () => {
    stack = await startStack(3);
    [coordinator, chair, member, provider, towerHamletsCoordinator, towerHamletsProvider] = await Promise.all([
      WebClient.signedIn(stack, stack.user('channel-coordinator')),
      WebClient.signedIn(stack, stack.user('channel-chair')),
      WebClient.signedIn(stack, stack.user('panel-member')),
      WebClient.signedIn(stack, stack.user('intervention-provider')),
      WebClient.signedIn(stack, stack.user('channel-coordinator', TOWER_HAMLETS)),
      WebClient.signedIn(stack, stack.user('intervention-provider', TOWER_HAMLETS)),
    ]);
    [coordinatorToken, chairToken] = await Promise.all([
      apiToken(stack, stack.user('channel-coordinator')),
      apiToken(stack, stack.user('channel-chair')),
    ]);
  }, 150_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('opens a case for a person the local authority refers itself, after refusing bad input with nothing written', async () => {
    const before = await coordinator.get('/cases');
    expect(before.status).toBe(200);
    expect(main(before)).toContain('No cases');

    const form = await coordinator.get('/cases/new');
    expect(title(form)).toBe('Open a Channel case – Prevent case management');
    const refused = await coordinator.post('/cases/new', {
      ...hidden(form),
      givenNames: 'Alex',
      ...dateFields('dateOfBirth', { day: '31', month: '2', year: '2011' }),
      concern: 'Shared material',
    });
    expect(refused.status).toBe(400);
    expect(title(refused)).toBe('Error: Open a Channel case – Prevent case management');
    expect(errorSummary(refused.html)).toEqual([
      'Enter the person’s last name',
      'Date of birth must be a real date',
      'Select the person’s gender',
      'Select the region the person lives in',
      'Select the sector the concern came from',
      'Select at least one type of concern',
    ]);
    expect(inputValue(refused.html, 'givenNames')).toBe('Alex');
    expect(inputValue(refused.html, 'dateOfBirth-day')).toBe('31');
    expect(inputValue(refused.html, 'dateOfBirth-month')).toBe('2');
    expect(inputValue(refused.html, 'concern')).toBe('Shared material');
    expect(main(await coordinator.get('/cases'))).toContain('No cases');

    const opened = await openCase('Alex', 'Young', youngBorn);
    young = opened.id;
    expect(main(opened.page)).toContain('Case opened for Alex Young');
    expect(section(opened.page.html, 'person')).toContain('Alex Young');
    expect(section(opened.page.html, 'person')).toContain(`1 January ${youngBorn.year}`);
    expect(section(opened.page.html, 'case')).toContain('Extreme Right-Wing, Incel');
    expect(section(opened.page.html, 'concern')).toContain('Shared extreme right-wing material with classmates');

    const list = await eventually(coordinator, '/cases', (page) => page.html.includes(`href="/cases/${young}"`));
    expect(list.html).toContain(`href="/cases/${young}"`);
    expect(main(list)).toContain('1 case');
    expect(main(await coordinator.get('/cases?status=adopted'))).toContain('No cases');
  }, 30_000);

  it('keeps the information-sharing log: a request and its answer, each with its lawful basis', async () => {
    const refused = await submit(coordinator, `/cases/${young}/information-requests/new`, {
      organisation: 'Park Hill School',
    });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual([
      'Select the partner agency you are asking',
      'Select the lawful basis for sharing',
      'Enter what you are asking for',
    ]);
    expect(inputValue(refused.html, 'organisation')).toBe('Park Hill School');
    expect(section((await coordinator.get(`/cases/${young}`)).html, 'information-sharing')).toContain(
      'No information has been requested',
    );

    const requested = await submit(coordinator, `/cases/${young}/information-requests/new`, {
      partnerAgency: 'education',
      organisation: 'Park Hill School',
      contact: 'Safeguarding lead',
      lawfulBasis: 'uk-gdpr-6-1-e-public-task',
      request: 'Attendance and behaviour records',
    });
    expect(requested.status).toBe(200);
    const log = section(requested.html, 'information-sharing');
    expect(log).toContain('Request to Park Hill School');
    expect(log).toContain('Public task');
    expect(log).toContain('Awaiting answer');
    const requestId = /information-requests\/([^/"]+)\/answer/.exec(requested.html)?.[1] ?? '';

    const answerPath = `/cases/${young}/information-requests/${requestId}/answer`;
    const badAnswer = await submit(coordinator, answerPath, { information: '' });
    expect(badAnswer.status).toBe(400);
    expect(errorSummary(badAnswer.html)).toEqual([
      'Select the lawful basis the partner shared it on',
      'Enter the information the partner shared',
    ]);
    const answered = await submit(coordinator, answerPath, {
      lawfulBasis: 'uk-gdpr-9-2-g-substantial-public-interest',
      information: 'Attendance 80%, two incidents this term',
    });
    expect(answered.status).toBe(200);
    expect(section(answered.html, 'information-sharing')).toContain('Attendance 80%, two incidents this term');
    expect(section(answered.html, 'information-sharing')).toContain('Substantial public interest');
    expect(answered.html).not.toContain(answerPath);
  }, 30_000);

  it('lists the case for an upcoming meeting and records an assessment against the template', async () => {
    meetingId = await scheduleMeeting();
    await eventually(coordinator, `/cases/${young}/listing`, (page) => page.html.includes(meetingId));
    const refused = await submit(coordinator, `/cases/${young}/listing`, {});
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual(['Select the meeting to list the case for']);
    expect(main(await coordinator.get(`/cases/${young}`))).toContain('Not yet listed for a panel meeting');

    const listed = await submit(coordinator, `/cases/${young}/listing`, { meetingId });
    expect(listed.status).toBe(200);
    expect(section(listed.html, 'panel')).toContain('Listed for the meeting on');
    expect(listed.html).toContain(`href="/meetings/${meetingId}"`);
    const nextMeeting = await eventually(coordinator, '/cases/work-lists/next-meeting', (page) =>
      page.html.includes(`href="/cases/${young}"`),
    );
    expect(nextMeeting.html).toContain(`href="/cases/${young}"`);
    expect(main(nextMeeting)).toContain('The panel’s decision');

    const badAssessment = await submit(coordinator, `/cases/${young}/assessments/new`, {
      engagementRating: 'medium',
      engagementNotes: 'Engaged with online groups',
    });
    expect(badAssessment.status).toBe(400);
    expect(errorSummary(badAssessment.html)).toEqual([
      'Select the rating for intent',
      'Enter notes on intent',
      'Select the rating for capability',
      'Enter notes on capability',
      'Enter the summary conclusion',
    ]);
    expect(checked(badAssessment.html, 'engagementRating')).toEqual(['medium']);
    expect(inputValue(badAssessment.html, 'engagementNotes')).toBe('Engaged with online groups');

    const assessed = await submit(coordinator, `/cases/${young}/assessments/new`, {
      meetingId,
      engagementRating: 'medium',
      engagementNotes: 'Engaged with online groups',
      intentRating: 'low',
      intentNotes: 'No intent to harm expressed',
      capabilityRating: 'low',
      capabilityNotes: 'No means',
      summaryConclusion: 'Vulnerable; support would help',
    });
    expect(assessed.status).toBe(200);
    expect(section(assessed.html, 'assessments')).toContain('Assessment 1');
    expect(section(assessed.html, 'assessments')).toContain('Vulnerable; support would help');

    // a later assessment records what changed and the management plan
    const later = await submit(coordinator, `/cases/${young}/assessments/new`, {
      engagementRating: 'low',
      engagementNotes: 'Less engaged',
      intentRating: 'low',
      intentNotes: 'None',
      capabilityRating: 'low',
      capabilityNotes: 'None',
      summaryConclusion: 'Improving',
    });
    expect(later.status).toBe(400);
    expect(errorSummary(later.html)).toEqual([
      'Enter what changed since the last assessment',
      'Enter the management plan',
    ]);
    expect(section((await coordinator.get(`/cases/${young}`)).html, 'assessments')).not.toContain('Assessment 2');
  }, 30_000);

  it('records consent given by a parent for a person under 18, refusing the person’s own consent', async () => {
    await adoptAt(young, meetingId);
    const adopted = await coordinator.get(`/cases/${young}`);
    expect(section(adopted.html, 'case')).toContain('Adopted');
    expect(adopted.html).toContain(`href="/cases/${young}/consent"`);

    const empty = await submit(coordinator, `/cases/${young}/consent`, {});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.html)).toEqual([
      'Select whether consent was given, refused or withdrawn',
      'Select who gave, refused or withdrew consent',
      'Enter the date consent was given, refused or withdrawn',
      'Select how consent was given, refused or withdrawn',
    ]);

    const yesterday = day(-1);
    const bySelf = await submit(coordinator, `/cases/${young}/consent`, {
      outcome: 'given',
      givenBy: 'subject',
      ...dateFields('consentedOn', yesterday),
      method: 'in-person',
      capacityConsideration: 'Understood what support involves',
    });
    expect(bySelf.status).toBe(400);
    const [problem] = errorSummary(bySelf.html);
    expect(problem).toContain('a parent or guardian consents for a person under 18');
    expect(checked(bySelf.html, 'givenBy')).toEqual(['subject']);
    expect(checked(bySelf.html, 'outcome')).toEqual(['given']);
    expect(inputValue(bySelf.html, 'consentedOn-day')).toBe(yesterday.day);
    expect(inputValue(bySelf.html, 'capacityConsideration')).toBe('Understood what support involves');
    expect(section((await coordinator.get(`/cases/${young}`)).html, 'consent')).toContain(
      'Consent to support has not been recorded yet',
    );

    const byParent = await submit(coordinator, `/cases/${young}/consent`, {
      outcome: 'given',
      givenBy: 'parent-or-guardian',
      consenterName: 'Pat Young',
      consenterRelationship: 'mother',
      ...dateFields('consentedOn', yesterday),
      method: 'in-person',
    });
    expect(byParent.status).toBe(200);
    expect(main(byParent)).toContain('Consent to support given');
    const consent = section(byParent.html, 'consent');
    expect(consent).toContain('A parent or guardian: Pat Young (mother)');
    expect(consent).toContain('The person’s age that day 15');
    expect(section(byParent.html, 'case')).toContain('Consent to support Given');
  }, 30_000);

  it('adds an intervention with a provider picked from the directory, and starts it', async () => {
    const form = await coordinator.get(`/cases/${young}/interventions/new`);
    expect(form.status).toBe(200);
    const providerUser = stack.user('intervention-provider');
    expect(main(form)).toContain(providerUser.username);
    expect(main(form)).not.toContain(stack.user('intervention-provider', TOWER_HAMLETS).username);
    const providerId = new RegExp(`value="([0-9a-f-]{36})"[^>]*>\\s*<label[^>]*>\\s*${providerUser.username}`).exec(
      form.html,
    )?.[1];
    expect(providerId).toBeDefined();

    const refused = await coordinator.post(`/cases/${young}/interventions/new`, {
      ...hidden(form),
      providerId: providerId ?? '',
      description: 'Weekly mentoring',
    });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual([
      'Select the type of intervention',
      'Select the agency that owns the intervention',
      'Enter the start date',
    ]);
    expect(inputValue(refused.html, 'description')).toBe('Weekly mentoring');
    expect(checked(refused.html, 'providerId')).toEqual([providerId]);
    expect(main(await coordinator.get(`/cases/${young}/support-plan`))).toContain('No interventions yet');

    const added = await coordinator.post(`/cases/${young}/interventions/new`, {
      ...hidden(form),
      interventionType: 'ideological-mentoring',
      ownerAgency: 'intervention-provider',
      providerId: providerId ?? '',
      ...dateFields('startDate', day(0)),
      description: 'Weekly mentoring',
    });
    expect(added.status).toBe(200);
    expect(added.url).toBe(`${stack.webUrl}/cases/${young}/support-plan`);
    const plan = main(added);
    expect(plan).toContain('Ideological mentoring added to the support plan');
    expect(plan).toContain(`Intervention provider ${providerUser.username}`);
    expect(plan).toContain('Status Planned');
    interventionId = /interventions\/([0-9a-f-]{36})\/status/.exec(added.html)?.[1] ?? '';

    const statusPath = `/cases/${young}/interventions/${interventionId}/status`;
    const noStatus = await submit(coordinator, statusPath, {});
    expect(noStatus.status).toBe(400);
    expect(errorSummary(noStatus.html)).toEqual(['Select what happens to the intervention']);
    const started = await submit(coordinator, statusPath, { status: 'active' });
    expect(started.status).toBe(200);
    expect(main(started)).toContain('Status Active');
  }, 30_000);

  it('records a session and progress by the coordinator, refusing a session in the future', async () => {
    const path = `/cases/${young}/interventions/${interventionId}/sessions/new`;
    const empty = await submit(coordinator, path, {});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.html)).toEqual([
      'Enter the date of the session',
      'Select whether the person attended',
      'Enter notes on the session',
    ]);
    const future = await submit(coordinator, path, {
      ...dateFields('sessionDate', day(7)),
      attendance: 'attended',
      notes: 'Planned ahead',
    });
    expect(future.status).toBe(400);
    expect(errorSummary(future.html)).toEqual(['The date of the session must be today or in the past']);
    expect(inputValue(future.html, 'notes')).toBe('Planned ahead');
    expect(main(await coordinator.get(`/cases/${young}/support-plan`))).toContain('Sessions 0');

    const recorded = await submit(coordinator, path, {
      ...dateFields('sessionDate', day(0)),
      attendance: 'attended',
      notes: 'First session: talked about online sources',
    });
    expect(recorded.status).toBe(200);
    expect(main(recorded)).toContain('First session: talked about online sources');
    expect(main(recorded)).toContain('Sessions 1');

    const progressPath = `/cases/${young}/interventions/${interventionId}/progress`;
    const noProgress = await submit(coordinator, progressPath, { progress: '  ' });
    expect(noProgress.status).toBe(400);
    expect(errorSummary(noProgress.html)).toEqual(['Enter the progress made']);
    const progressed = await submit(coordinator, progressPath, { progress: 'Opening up about what he reads' });
    expect(progressed.status).toBe(200);
    expect(main(progressed)).toContain('Opening up about what he reads');
  }, 30_000);

  it('shows an intervention provider only the case they deliver, without its concern, decisions or meetings', async () => {
    other = (await openCase('Robin', 'Other', { day: '2', month: '3', year: '1990' })).id;

    const list = await eventually(provider, '/cases', (page) => page.html.includes(`href="/cases/${young}"`));
    expect(list.status).toBe(200);
    expect(main(list)).toContain('My Channel cases');
    expect(list.html).toContain(`href="/cases/${young}"`);
    expect(list.html).not.toContain(`href="/cases/${other}"`);
    expect(list.html).toContain('href="/cases/work-lists/stalled-interventions"');
    expect(list.html).not.toContain('href="/cases/work-lists/reviews"');
    expect(list.html).not.toContain('href="/cases/new"');

    const page = await provider.get(`/cases/${young}`);
    expect(page.status).toBe(200);
    const seen = main(page);
    expect(seen).toContain('Ideological mentoring');
    expect(seen).toContain('First session: talked about online sources');
    expect(seen).not.toContain('Shared extreme right-wing material');
    expect(seen).not.toContain('Park Hill School');
    expect(seen).not.toContain('Support is necessary and proportionate');
    expect(seen).not.toContain('Pat Young');
    expect(page.html).toContain(`href="/cases/${young}/interventions/${interventionId}/sessions/new"`);
    expect(page.html).not.toContain(`/cases/${young}/interventions/${interventionId}/status`);

    const timeline = main(await provider.get(`/cases/${young}/timeline`));
    expect(timeline).toContain('Session recorded');
    expect(timeline).not.toContain('Adopted as a Channel case');
    expect(timeline).not.toContain('Listed for a panel meeting');

    expect((await provider.get(`/cases/${other}`)).status).toBe(404);
    expect((await provider.get('/cases/work-lists/reviews')).status).toBe(404);
    expect((await provider.get(`/cases/${young}/consent`)).status).toBe(403);
    expect((await provider.get(`/cases/${young}/interventions/${interventionId}/status`)).status).toBe(403);
    expect((await towerHamletsProvider.get(`/cases/${young}`)).status).toBe(404);
    expect((await towerHamletsProvider.get('/cases')).html).not.toContain(`href="/cases/${young}"`);
  }, 30_000);

  it('lets the intervention provider record a session of their intervention through the web', async () => {
    const path = `/cases/${young}/interventions/${interventionId}/sessions/new`;
    const form = await provider.get(path);
    expect(form.status).toBe(200);
    const recorded = await provider.post(path, {
      ...hidden(form),
      ...dateFields('sessionDate', day(0)),
      attendance: 'did-not-attend',
      notes: 'Did not come; rearranged for next week',
    });
    expect(recorded.status).toBe(200);
    expect(main(recorded)).toContain('Did not come; rearranged for next week');
    expect(main(await coordinator.get(`/cases/${young}/support-plan`))).toContain('Sessions 2');
    expect((await towerHamletsProvider.get(path)).status).toBe(404);
  }, 30_000);

  it('shows the case to its area only: another area gets not found, a role without the action is refused', async () => {
    expect((await towerHamletsCoordinator.get(`/cases/${young}`)).status).toBe(404);
    expect(main(await towerHamletsCoordinator.get(`/cases/${young}`))).toContain('Page not found');
    expect((await towerHamletsCoordinator.get(`/cases/${young}/timeline`)).status).toBe(404);
    expect((await towerHamletsCoordinator.get(`/cases/${young}/consent`)).status).toBe(404);
    const posted = await towerHamletsCoordinator.post(`/cases/${young}/transfer`, {
      etag: 'W/"1"',
      toArea: TOWER_HAMLETS,
      toRegion: 'E12000007',
      reason: 'Trying',
    });
    expect(posted.status).toBe(404);
    expect((await towerHamletsCoordinator.get('/cases')).html).not.toContain(`href="/cases/${young}"`);

    const asMember = await member.get(`/cases/${young}`);
    expect(asMember.status).toBe(200);
    expect(section(asMember.html, 'person')).toContain('Alex Young');
    expect(asMember.html).not.toContain('id="case-actions-heading"');
    expect((await member.get(`/cases/${young}/transfer`)).status).toBe(403);
    expect(main(await member.get(`/cases/${young}/review`))).toContain('You cannot use this page');
    expect((await coordinator.get(`/cases/${young}/review`)).status).toBe(403);
    expect((await coordinator.get(`/cases/${young}/exit`)).status).toBe(403);
    const board = await WebClient.signedIn(stack, stack.user('board-member'));
    expect((await board.get('/cases')).status).toBe(403);
  }, 30_000);

  it('refuses a form posted without the session’s CSRF token, writing nothing', async () => {
    const form = await coordinator.get(`/cases/${young}/personal-details`);
    const forged = await coordinator.post(`/cases/${young}/personal-details`, {
      ...hidden(form),
      _csrf: 'forged',
      addressLine1: '9 Forged Road',
      reason: 'Forged',
    });
    expect(forged.status).toBe(403);
    expect(main(forged)).toContain('Your form could not be sent');
    expect(section((await coordinator.get(`/cases/${young}`)).html, 'person')).not.toContain('9 Forged Road');
  }, 30_000);

  it('shows a conflict, not a lost update, when two people change the case at once', async () => {
    const mine = await coordinator.get(`/cases/${young}/personal-details`);
    const colleague = await WebClient.signedIn(stack, stack.user('channel-coordinator'));
    const theirs = await colleague.get(`/cases/${young}/personal-details`);

    const empty = await coordinator.post(`/cases/${young}/personal-details`, { ...hidden(mine), reason: 'Letter' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.html)).toEqual(['Enter at least one detail to correct']);

    const first = await coordinator.post(`/cases/${young}/personal-details`, {
      ...hidden(mine),
      addressLine1: '12 New Street',
      townOrCity: 'Birmingham',
      postcode: 'b2 4qa',
      reason: 'Letter from the school',
    });
    expect(first.status).toBe(200);
    expect(section(first.html, 'person')).toContain('12 New Street');

    const second = await colleague.post(`/cases/${young}/personal-details`, {
      ...hidden(theirs),
      addressLine1: '3 Old Road',
      reason: 'Phone call',
    });
    expect(second.status).toBe(409);
    expect(main(second)).toContain('Someone else has changed this record');
    const person = section((await coordinator.get(`/cases/${young}`)).html, 'person');
    expect(person).toContain('12 New Street');
    expect(person).toContain('B2 4QA');
    expect(person).not.toContain('3 Old Road');
  }, 30_000);

  it('records the chair’s review at the quorate meeting', async () => {
    const due = await eventually(chair, '/cases/work-lists/reviews?state=due', (page) =>
      page.html.includes(`href="/cases/${young}"`),
    );
    expect(due.html).toContain(`href="/cases/${young}"`);
    expect(due.html).toContain(`href="/meetings/${meetingId}"`);
    const refused = await submit(chair, `/cases/${young}/review`, { progress: 'Attends sessions' });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual([
      'Select the meeting the case was reviewed at',
      'Select the risk now',
      'Select whether to continue support or prepare for exit',
    ]);
    expect(inputValue(refused.html, 'progress')).toBe('Attends sessions');
    expect(section((await chair.get(`/cases/${young}`)).html, 'reviews')).toContain('No review has been recorded');

    const reviewed = await submit(chair, `/cases/${young}/review`, {
      meetingId,
      progress: 'Attends sessions; less time on extreme forums',
      riskNow: 'reduced',
      decision: 'prepare-exit',
    });
    expect(reviewed.status).toBe(200);
    expect(main(reviewed)).toContain('Review 1 recorded: prepare for exit');
    const reviews = section(reviewed.html, 'reviews');
    expect(reviews).toContain('Attends sessions; less time on extreme forums');
    expect(reviews).toContain('Risk now Reduced');
  }, 30_000);

  it('exits the case with an outcome and a closing report, then records the 6-month review', async () => {
    const empty = await submit(chair, `/cases/${young}/exit`, {});
    expect(empty.status).toBe(400);
    expect(errorSummary(empty.html)).toEqual([
      'Select the exit outcome',
      'Enter the date the person left Channel',
      'Enter the closing report',
    ]);
    const withoutRisk = await submit(chair, `/cases/${young}/exit`, {
      exitOutcome: 'concerns-remain-passed-to-police',
      ...dateFields('exitedOn', day(0)),
      closingReport: 'Some progress',
    });
    expect(withoutRisk.status).toBe(400);
    expect(errorSummary(withoutRisk.html)).toEqual(['Enter the panel’s view of the risk passed to the police']);
    expect(checked(withoutRisk.html, 'exitOutcome')).toEqual(['concerns-remain-passed-to-police']);
    expect(inputValue(withoutRisk.html, 'closingReport')).toBe('Some progress');
    expect(main(await chair.get(`/cases/${young}`))).not.toContain('Exited on');

    // a review form opened before the exit, sent after it: the case changed meanwhile
    const lateReview = await chair.get(`/cases/${young}/review`);
    const today = day(0);
    const exited = await submit(chair, `/cases/${young}/exit`, {
      exitOutcome: 'no-further-terrorism-concerns',
      ...dateFields('exitedOn', today),
      closingReport: 'Completed mentoring; no further concerns',
    });
    expect(exited.status).toBe(200);
    const exit = section(exited.html, 'exit');
    expect(exit).toContain('Left with no further terrorism-related concerns');
    expect(exit).toContain('Completed mentoring; no further concerns');
    expect(exit).toContain('6 months after exit, due');
    expect(section(exited.html, 'case')).toContain('Exited');
    const tooLate = await chair.post(`/cases/${young}/review`, {
      ...hidden(lateReview),
      meetingId,
      progress: 'Sent after the exit',
      riskNow: 'reduced',
      decision: 'continue-support',
    });
    expect(tooLate.status).toBe(409);
    expect(main(tooLate)).toContain('Someone else has changed this record');
    expect(main(await chair.get(`/cases/${young}`))).not.toContain('Sent after the exit');

    const badReview = await submit(coordinator, `/cases/${young}/post-exit-reviews/new`, { notes: 'Checked in' });
    expect(badReview.status).toBe(400);
    expect(errorSummary(badReview.html)).toEqual(['Select which review this is', 'Select the outcome of the review']);
    expect(inputValue(badReview.html, 'notes')).toBe('Checked in');
    const reviewed = await submit(coordinator, `/cases/${young}/post-exit-reviews/new`, {
      review: '6-months',
      outcome: 'no-further-concerns',
      notes: 'Checked in with the school',
    });
    expect(reviewed.status).toBe(200);
    expect(section(reviewed.html, 'exit')).toContain('No further concerns (Checked in with the school)');
  }, 30_000);

  it('shows the timeline: who, in which role, when, what and why, with the meeting’s steps', async () => {
    const page = await chair.get(`/cases/${young}/timeline`);
    expect(page.status).toBe(200);
    expect(title(page)).toBe('Channel case timeline – Prevent case management');
    expect(page.html).toContain('class="moj-timeline"');
    const timeline = main(page);
    expect(timeline).toContain('Adopted as a Channel case');
    expect(timeline).toContain(`by ${stack.user('channel-chair').username} (you), Channel chair`);
    expect(timeline).toContain('Why: Support is necessary and proportionate');
    expect(timeline).toContain('Consent given');
    expect(timeline).toContain('By: A parent or guardian (Pat Young, mother)');
    expect(timeline).toContain('Information requested from a partner');
    expect(timeline).toContain('Lawful basis: Public task');
    expect(timeline).toContain('Meeting attendance recorded');
    expect(timeline).toContain('Exited Channel');
    expect(timeline).toContain('Why: Completed mentoring; no further concerns');
    expect(timeline).toContain('Channel coordinator (user ');
    // newest first
    expect(timeline.indexOf('Post-exit review recorded')).toBeLessThan(timeline.indexOf('Case opened'));
  }, 30_000);

  it('transfers a case to another area’s panel, which then returns it to the police', async () => {
    const refused = await submit(coordinator, `/cases/${other}/transfer`, { toArea: 'Tower Hamlets', reason: 'Moved' });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual([
      'Enter the area as an ONS local authority code, like E09000030',
      'Select the region of the new area',
    ]);
    expect(inputValue(refused.html, 'toArea')).toBe('Tower Hamlets');
    const sameArea = await submit(coordinator, `/cases/${other}/transfer`, {
      toArea: BIRMINGHAM,
      toRegion: 'E12000005',
      reason: 'Moved',
    });
    expect(sameArea.status).toBe(400);
    expect(errorSummary(sameArea.html)).toEqual(['Enter an area other than the case’s own']);

    const moved = await submit(coordinator, `/cases/${other}/transfer`, {
      toArea: TOWER_HAMLETS,
      toRegion: 'E12000007',
      reason: 'Moved to London to live with family',
    });
    expect(moved.status).toBe(200);
    expect(moved.url).toBe(`${stack.webUrl}/cases`);
    expect(main(moved)).toContain('Case transferred to Tower Hamlets (E09000030)');
    expect((await coordinator.get(`/cases/${other}`)).status).toBe(404);
    const there = await towerHamletsCoordinator.get(`/cases/${other}`);
    expect(there.status).toBe(200);
    expect(main(there)).toContain('Moved to London to live with family');

    const towerHamletsChair = await WebClient.signedIn(stack, stack.user('channel-chair', TOWER_HAMLETS));
    const noRisk = await submit(towerHamletsChair, `/cases/${other}/return-to-police`, {});
    expect(noRisk.status).toBe(400);
    expect(errorSummary(noRisk.html)).toEqual(['Enter the panel’s view of the risk']);
    const returned = await submit(towerHamletsChair, `/cases/${other}/return-to-police`, {
      riskView: 'Threats made against a named person',
    });
    expect(returned.status).toBe(200);
    expect(section(returned.html, 'case')).toContain('Returned to police');
    expect(section(returned.html, 'returns')).toContain('Threats made against a named person');
    expect(returned.html).not.toContain(`href="/cases/${other}/transfer"`);
    expect((await towerHamletsChair.get(`/cases/${other}/exit`)).status).toBe(404);
  }, 30_000);

  it('shows the work lists with their filters, and the case list’s filters', async () => {
    const reviews = await coordinator.get('/cases/work-lists/reviews?state=overdue');
    expect(reviews.status).toBe(200);
    expect(title(reviews)).toBe('Reviews due or overdue – overdue – Prevent case management');
    expect(main(reviews)).toContain('There is nothing on this list');
    const stalled = await coordinator.get('/cases/work-lists/stalled-interventions');
    expect(stalled.status).toBe(200);
    expect(title(stalled)).toBe('Stalled interventions – Prevent case management');
    expect(main(stalled)).toContain('There is nothing on this list');
    const postExit = await coordinator.get('/cases/work-lists/post-exit-reviews');
    expect(postExit.status).toBe(200);
    expect(main(postExit)).toContain('There is nothing on this list');
    expect((await coordinator.get('/cases/work-lists/unknown')).status).toBe(404);

    const exited = await eventually(coordinator, '/cases?status=exited', (page) =>
      page.html.includes(`href="/cases/${young}"`),
    );
    expect(exited.html).toContain(`href="/cases/${young}"`);
    expect(main(exited)).toContain('Status: Exited');
    const open = await coordinator.get('/cases?status=open');
    expect(open.html).not.toContain(`href="/cases/${young}"`);
  }, 30_000);
});
