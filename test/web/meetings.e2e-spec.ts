import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiToken, pageText, errorSummary, inputValue, type Stack, startStack, WebClient } from './stack.js';

/**
 * The Channel panel's meeting pages over HTTP, as a browser without JavaScript uses them, on the
 * whole system as `npm start` runs it: scheduling a meeting, putting a case on its agenda, recording
 * attendance (quorum: the chair and the police), the panel's decision (refused at a meeting that is
 * not quorate), minutes and cancelling; the refusals (bad input, a forged form, a stale record,
 * another area, a role without the action).
 */

const BIRMINGHAM = 'E08000025';
const TOWER_HAMLETS = 'E09000030';

/** The value of the selected option of a select (what the user chose, kept after a refusal). */
function selected(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1];
  if (select === undefined) return undefined;
  return /<option value="([^"]*)" selected/.exec(select)?.[1] ?? '';
}

/** The values of the checked radios or checkboxes of a name. */
function checked(html: string, name: string): string[] {
  return [...html.matchAll(/<input[^>]*>/g)]
    .map((match) => match[0])
    .filter((input) => input.includes(`name="${name}"`) && /\bchecked\b/.test(input))
    .map((input) => /value="([^"]*)"/.exec(input)?.[1] ?? '');
}

/** The section of the page under the heading with this id, up to the next h2. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const next = html.indexOf('<h2', start + 1);
  return pageText(html.slice(start, next < 0 ? undefined : next));
}

/** The text of the div with this id (up to its first closing div: for a div holding only text). */
function block(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  return pageText(html.slice(html.indexOf('>', start) + 1, html.indexOf('</div>', start)));
}

interface ApiAnswer {
  readonly status: number;
  readonly etag: string | null;
  readonly body: Record<string, unknown>;
}

describe('web app: Channel panel meetings', () => {
  let stack: Stack;
  let coordinator: WebClient;
  let chair: WebClient;
  let panelToken: string;

  const panel = async (method: 'GET' | 'POST', path: string, body?: object, ifMatch?: string): Promise<ApiAnswer> => {
    const response = await fetch(`${stack.urls['channel-panel']}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${panelToken}`,
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(ifMatch ? { 'if-match': ifMatch } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const raw = await response.text();
    return { status: response.status, etag: response.headers.get('etag'), body: raw ? JSON.parse(raw) : {} };
  };

  /** A case the local authority opens itself, for Birmingham's panel. */
  const openCase = async (givenNames: string, familyName: string): Promise<string> => {
    const created = await panel('POST', '/cases', {
      name: { givenNames, familyName },
      dateOfBirth: '2009-03-04',
      gender: 'female',
      area: BIRMINGHAM,
      region: 'E12000005',
      sector: 'education',
      concernTypes: { codeList: 'concern-types-2024', codes: ['extreme-right-wing'] },
      concern: 'Shares extreme material at school',
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  const meetingCount = async () => (await panel('GET', '/meetings?limit=1')).body.total as number;

  /** Schedules a meeting through the page; answers its id. */
  const schedule = async (client: WebClient, day = '15', time = '2pm'): Promise<string> => {
    const form = await client.get('/meetings/new');
    expect(form.status).toBe(200);
    const page = await client.post('/meetings', {
      'meetingDate-day': day,
      'meetingDate-month': '6',
      'meetingDate-year': '2031',
      meetingTime: time,
      idempotencyKey: inputValue(form.html, 'idempotencyKey') ?? '',
    });
    expect(page.status).toBe(200);
    const id = /\/meetings\/([0-9a-f-]{36})$/.exec(page.url)?.[1];
    if (!id) throw new Error(`not on a meeting page: ${page.url}`);
    return id;
  };

  /** Adds the case to the meeting's agenda through the page (once the case list has it). */
  const addToAgenda = async (client: WebClient, meetingId: string, caseId: string) => {
    let form = await client.get(`/meetings/${meetingId}/agenda/new`);
    for (let tries = 0; tries < 30 && !form.html.includes(`value="${caseId}"`); tries++) {
      await sleep(100);
      form = await client.get(`/meetings/${meetingId}/agenda/new`);
    }
    expect(form.html).toContain(`value="${caseId}"`);
    return client.post(`/meetings/${meetingId}/agenda`, {
      caseId,
      [`revision-${caseId}`]: inputValue(form.html, `revision-${caseId}`) ?? '',
    });
  };

  /** Records attendance through the page: one row per attendee. */
  const recordAttendance = async (client: WebClient, meetingId: string, attendees: [string, string][]) => {
    const form = await client.get(`/meetings/${meetingId}/attendance`);
    const rows = Math.max(attendees.length, Number(inputValue(form.html, 'rows')));
    const fields: Record<string, string> = { etag: inputValue(form.html, 'etag') ?? '', rows: String(rows) };
    for (let index = 0; index < rows; index++) {
      fields[`attendees-${index}-agency`] = attendees[index]?.[0] ?? '';
      fields[`attendees-${index}-role`] = attendees[index]?.[1] ?? '';
    }
    return client.post(`/meetings/${meetingId}/attendance`, { ...fields, action: 'save' });
  };

  beforeAll(async () => {
    stack = await startStack(4);
    [coordinator, chair, panelToken] = await Promise.all([
      WebClient.signedIn(stack, stack.user('channel-coordinator')),
      WebClient.signedIn(stack, stack.user('channel-chair')),
      apiToken(stack, stack.user('channel-coordinator')),
    ]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('runs a meeting: scheduled, a case listed, attendance not quorate (a decision refused), quorate, the case adopted, minutes', async () => {
    const caseId = await openCase('Robin', 'Meetingtest');
    const meetingId = await schedule(coordinator);
    let page = await coordinator.get(`/meetings/${meetingId}`);
    expect(pageText(page.html)).toContain('Panel meeting on 15 June 2031 at 2:00pm');
    expect(pageText(page.html)).not.toContain('Panel meeting scheduled'); // the flash was shown once, after scheduling
    expect(block(page.html, 'quorum-status')).toContain('Attendance has not been recorded');
    const list = await coordinator.get('/meetings');
    expect(list.html).toContain(`href="/meetings/${meetingId}"`);
    expect(section(list.html, 'upcoming-meetings')).toContain('15 June 2031 at 2:00pm Scheduled 0');

    page = await addToAgenda(coordinator, meetingId, caseId);
    expect(page.url).toBe(`${stack.webUrl}/meetings/${meetingId}`);
    expect(pageText(page.html)).toContain('Case added to the agenda');
    expect(page.html).toContain(`href="/cases/${caseId}"`);
    expect(section(page.html, 'agenda')).toContain('Robin Meetingtest');

    // the chair and education, no police: not quorate
    page = await recordAttendance(coordinator, meetingId, [
      ['local-authority', 'chair'],
      ['education', 'member'],
    ]);
    expect(page.url).toBe(`${stack.webUrl}/meetings/${meetingId}`);
    expect(block(page.html, 'quorum-status')).toBe(
      'Not quorate: the police are not recorded as present. The panel cannot record decisions at this meeting until the chair and the police are both recorded as present.',
    );
    expect(section(page.html, 'attendance')).toContain('Local authority Chair Education Panel member');

    const caseBefore = await panel('GET', `/cases/${caseId}`);
    let decision = await chair.get(`/meetings/${meetingId}/cases/${caseId}/decision`);
    expect(decision.status).toBe(200);
    expect(pageText(decision.html)).toContain('Record the panel’s decision for Robin Meetingtest');
    expect(pageText(decision.html)).toContain('Not quorate: the police are not recorded as present');
    let refused = await chair.post(`/meetings/${meetingId}/cases/${caseId}/decision`, {
      decision: 'adopt',
      rationale: 'Vulnerable to grooming online; support is proportionate.',
      etag: inputValue(decision.html, 'etag') ?? '',
    });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual([
      'The panel cannot record a decision at this meeting because it is not quorate: the chair and the police must both be recorded as present. Record the attendance first.',
    ]);
    expect(inputValue(refused.html, 'rationale')).toBe('Vulnerable to grooming online; support is proportionate.');
    expect(checked(refused.html, 'decision')).toEqual(['adopt']);
    const caseAfterRefusal = await panel('GET', `/cases/${caseId}`);
    expect(caseAfterRefusal.body.status).toBe('open');
    expect(caseAfterRefusal.etag).toBe(caseBefore.etag);

    // the police join: quorate
    page = await recordAttendance(coordinator, meetingId, [
      ['local-authority', 'chair'],
      ['education', 'member'],
      ['police', 'member'],
    ]);
    expect(pageText(page.html)).toContain('Attendance recorded Quorate: the chair and the police are present.');
    expect(block(page.html, 'quorum-status')).toBe('Quorate: the chair and the police are present.');
    expect(section(page.html, 'attendance')).toContain('Police Panel member');

    decision = await chair.get(`/meetings/${meetingId}/cases/${caseId}/decision`);
    expect(pageText(decision.html)).not.toContain('Not quorate');
    page = await chair.post(`/meetings/${meetingId}/cases/${caseId}/decision`, {
      decision: 'adopt',
      rationale: 'Vulnerable to grooming online; support is proportionate.',
      etag: inputValue(decision.html, 'etag') ?? '',
    });
    expect(page.url).toBe(`${stack.webUrl}/meetings/${meetingId}`);
    expect(pageText(page.html)).toContain('Decision recorded');
    const decisions = section(page.html, 'decisions');
    expect(decisions).toContain('Robin Meetingtest');
    expect(decisions).toContain('Adopted as a Channel case');
    expect(decisions).toContain('Vulnerable to grooming online; support is proportionate.');
    expect(decisions).toContain('Channel chair (you)');
    expect(section(page.html, 'agenda')).toContain('Adopted as a Channel case');
    expect(page.html).not.toContain(`/cases/${caseId}/decision"`);
    // the case's own record holds the decision, at this meeting, with its rationale
    const adopted = await panel('GET', `/cases/${caseId}`);
    expect(adopted.body.status).toBe('adopted');
    const timeline = await panel('GET', `/cases/${caseId}/timeline`);
    const entry = (timeline.body.entries as { type: string; why: string; data: { meetingId?: string } }[]).find(
      (candidate) => candidate.type === 'CaseAdopted',
    );
    expect(entry).toMatchObject({ why: 'Vulnerable to grooming online; support is proportionate.' });
    expect(entry?.data.meetingId).toBe(meetingId);
    // the decision form now says it is decided
    decision = await chair.get(`/meetings/${meetingId}/cases/${caseId}/decision`);
    expect(pageText(decision.html)).toContain('The panel’s decision on this case is already recorded');

    // minutes: refused empty, then recorded
    const minutesForm = await coordinator.get(`/meetings/${meetingId}/minutes`);
    const etag = inputValue(minutesForm.html, 'etag') ?? '';
    refused = await coordinator.post(`/meetings/${meetingId}/minutes`, { minutes: '   ', etag });
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.html)).toEqual(['Enter the minutes of the meeting']);
    expect((await panel('GET', `/meetings/${meetingId}`)).etag).toBe(etag);
    page = await coordinator.post(`/meetings/${meetingId}/minutes`, {
      minutes: 'One case discussed and adopted.\nNext meeting in July.',
      etag,
    });
    expect(pageText(page.html)).toContain('Minutes recorded');
    expect(section(page.html, 'minutes')).toContain('One case discussed and adopted. Next meeting in July.');
    expect(section(page.html, 'history')).toContain('Minutes recorded');
    expect(section(page.html, 'history')).toContain('Attendance recorded: quorate');
  }, 60_000);

  it('refuses a schedule form with bad input (400, the summary, the values kept) and writes nothing', async () => {
    const before = await meetingCount();
    const form = await coordinator.get('/meetings/new');
    const key = inputValue(form.html, 'idempotencyKey') ?? '';
    let page = await coordinator.post('/meetings', {
      'meetingDate-day': '31',
      'meetingDate-month': '2',
      'meetingDate-year': '2031',
      meetingTime: 'teatime',
      idempotencyKey: key,
    });
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual([
      'The date of the meeting must be a real date',
      'Enter the time the meeting starts, like 2pm or 14:30',
    ]);
    expect(inputValue(page.html, 'meetingDate-day')).toBe('31');
    expect(inputValue(page.html, 'meetingDate-month')).toBe('2');
    expect(inputValue(page.html, 'meetingDate-year')).toBe('2031');
    expect(inputValue(page.html, 'meetingTime')).toBe('teatime');
    expect(inputValue(page.html, 'idempotencyKey')).toBe(key);
    expect(pageText(page.html)).toContain('Error: Schedule a panel meeting');

    page = await coordinator.post('/meetings', { meetingTime: '', idempotencyKey: key });
    expect(errorSummary(page.html)).toEqual(['Enter the date of the meeting', 'Enter the time the meeting starts']);
    expect(await meetingCount()).toBe(before);

    // the same form sent twice makes one meeting
    const fields = {
      'meetingDate-day': '3',
      'meetingDate-month': '7',
      'meetingDate-year': '2031',
      meetingTime: '09:30',
      idempotencyKey: key,
    };
    const first = await coordinator.post('/meetings', fields);
    const second = await coordinator.post('/meetings', fields);
    expect(second.url).toBe(first.url);
    expect(pageText(first.html)).toContain('Panel meeting scheduled For 3 July 2031 at 9:30am.');
    expect(pageText(first.html)).toContain('Panel meeting on 3 July 2031 at 9:30am');
    expect(await meetingCount()).toBe(before + 1);
  }, 30_000);

  it('refuses bad attendance, decision, cancellation and agenda forms with the values kept, writing nothing', async () => {
    const caseId = await openCase('Alex', 'Formtest');
    const meetingId = await schedule(coordinator, '20', '10am');
    await addToAgenda(coordinator, meetingId, caseId);
    const revision = async () => (await panel('GET', `/meetings/${meetingId}`)).etag;
    const before = await revision();

    // attendance: an agency without its part; then nobody at all
    const form = await coordinator.get(`/meetings/${meetingId}/attendance`);
    const etag = inputValue(form.html, 'etag') ?? '';
    let page = await coordinator.post(`/meetings/${meetingId}/attendance`, {
      etag,
      rows: '4',
      'attendees-0-agency': 'local-authority',
      'attendees-0-role': 'chair',
      'attendees-1-agency': 'police',
      'attendees-1-role': '',
      action: 'save',
    });
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual(['Select the part attendee 2 played at the meeting']);
    expect(selected(page.html, 'attendees-0-agency')).toBe('local-authority');
    expect(selected(page.html, 'attendees-0-role')).toBe('chair');
    expect(selected(page.html, 'attendees-1-agency')).toBe('police');
    page = await coordinator.post(`/meetings/${meetingId}/attendance`, { etag, rows: '4', action: 'save' });
    expect(errorSummary(page.html)).toEqual(['Add at least one person who attended']);
    page = await coordinator.post(`/meetings/${meetingId}/attendance`, {
      etag,
      rows: '4',
      'attendees-0-agency': 'local-authority',
      'attendees-0-role': 'chair',
      'attendees-1-agency': 'police',
      'attendees-1-role': 'chair',
      action: 'save',
    });
    expect(errorSummary(page.html)).toEqual([
      'Only one person can chair the meeting: choose another part for the others',
    ]);
    // "Add another attendee" gives one more row and keeps what was chosen, recording nothing
    page = await coordinator.post(`/meetings/${meetingId}/attendance`, {
      etag,
      rows: '4',
      'attendees-0-agency': 'health',
      'attendees-0-role': 'invited',
      action: 'add-row',
    });
    expect(page.status).toBe(200);
    expect(inputValue(page.html, 'rows')).toBe('5');
    expect(selected(page.html, 'attendees-4-agency')).toBe('');
    expect(selected(page.html, 'attendees-0-agency')).toBe('health');
    expect(pageText(page.html)).toContain('Attendee 5');
    expect(await revision()).toBe(before);

    // decision: nothing chosen; not adopted without what happens instead
    const decisionForm = await chair.get(`/meetings/${meetingId}/cases/${caseId}/decision`);
    const caseEtag = inputValue(decisionForm.html, 'etag') ?? '';
    page = await chair.post(`/meetings/${meetingId}/cases/${caseId}/decision`, { rationale: '', etag: caseEtag });
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual([
      'Select the panel’s decision',
      'Enter the rationale for the panel’s decision',
    ]);
    page = await chair.post(`/meetings/${meetingId}/cases/${caseId}/decision`, {
      decision: 'not-adopted',
      outcome: 'referred-to-other-services',
      rationale: 'Needs help from other services.',
      etag: caseEtag,
    });
    expect(errorSummary(page.html)).toEqual(['Select the services the person is referred to']);
    expect(checked(page.html, 'decision')).toEqual(['not-adopted']);
    expect(checked(page.html, 'outcome')).toEqual(['referred-to-other-services']);
    expect(inputValue(page.html, 'rationale')).toBe('Needs help from other services.');
    page = await chair.post(`/meetings/${meetingId}/cases/${caseId}/decision`, {
      decision: 'not-adopted',
      referredTo: ['early-help', 'housing'],
      rationale: 'Needs help from other services.',
      etag: caseEtag,
    });
    expect(errorSummary(page.html)).toEqual(['Select what happens instead of adoption']);
    expect(checked(page.html, 'referredTo')).toEqual(['early-help', 'housing']);
    expect((await panel('GET', `/cases/${caseId}`)).etag).toBe(caseEtag);

    // cancellation: no reason
    const cancelForm = await coordinator.get(`/meetings/${meetingId}/cancellation`);
    page = await coordinator.post(`/meetings/${meetingId}/cancellation`, {
      etag: inputValue(cancelForm.html, 'etag') ?? '',
    });
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual(['Select why the meeting is cancelled']);

    // agenda: no case chosen
    await coordinator.get(`/meetings/${meetingId}/agenda/new`);
    page = await coordinator.post(`/meetings/${meetingId}/agenda`, {});
    expect(page.status).toBe(400);
    expect(errorSummary(page.html)).toEqual(['Select the case to add to the agenda']);
    expect(await revision()).toBe(before);

    // cancelled with a reason: the page says so and offers nothing more
    page = await coordinator.post(`/meetings/${meetingId}/cancellation`, {
      reason: 'chair-unavailable',
      etag: inputValue(cancelForm.html, 'etag') ?? '',
    });
    expect(page.url).toBe(`${stack.webUrl}/meetings/${meetingId}`);
    expect(pageText(page.html)).toContain('Meeting cancelled');
    expect(pageText(page.html)).toContain('This meeting was cancelled: the chair cannot attend.');
    expect(page.html).not.toContain(`/meetings/${meetingId}/attendance"`);
    expect((await panel('GET', `/meetings/${meetingId}`)).body.status).toBe('cancelled');
  }, 45_000);

  it('refuses a form sent without the session’s CSRF token (403) and writes nothing', async () => {
    const before = await meetingCount();
    const form = await coordinator.get('/meetings/new');
    const page = await coordinator.post('/meetings', {
      _csrf: 'forged',
      'meetingDate-day': '1',
      'meetingDate-month': '8',
      'meetingDate-year': '2031',
      meetingTime: '2pm',
      idempotencyKey: inputValue(form.html, 'idempotencyKey') ?? '',
    });
    expect(page.status).toBe(403);
    expect(pageText(page.html)).toContain('Your form could not be sent');
    expect(await meetingCount()).toBe(before);
  }, 30_000);

  it('shows a conflict (409) when two people record the attendance from the same version, keeping the first', async () => {
    const meetingId = await schedule(coordinator, '22', '11am');
    const other = await WebClient.signedIn(stack, stack.user('channel-chair'));
    const first = await coordinator.get(`/meetings/${meetingId}/attendance`);
    const second = await other.get(`/meetings/${meetingId}/attendance`);
    const rows = (agency: string) => ({
      rows: '4',
      'attendees-0-agency': 'local-authority',
      'attendees-0-role': 'chair',
      'attendees-1-agency': agency,
      'attendees-1-role': 'member',
      action: 'save',
    });
    const saved = await coordinator.post(`/meetings/${meetingId}/attendance`, {
      ...rows('police'),
      etag: inputValue(first.html, 'etag') ?? '',
    });
    expect(block(saved.html, 'quorum-status')).toBe('Quorate: the chair and the police are present.');
    const conflict = await other.post(`/meetings/${meetingId}/attendance`, {
      ...rows('housing'),
      etag: inputValue(second.html, 'etag') ?? '',
    });
    expect(conflict.status).toBe(409);
    expect(pageText(conflict.html)).toContain('Someone else has changed this record');
    const page = await coordinator.get(`/meetings/${meetingId}`);
    expect(section(page.html, 'attendance')).toContain('Police Panel member');
    expect(section(page.html, 'attendance')).not.toContain('Housing');
  }, 30_000);

  it('keeps meetings to their area and their roles: 404 for another area, 403 without the action', async () => {
    const meetingId = await schedule(coordinator, '25', '3pm');
    const elsewhere = await WebClient.signedIn(stack, stack.user('panel-member', TOWER_HAMLETS));
    let page = await elsewhere.get(`/meetings/${meetingId}`);
    expect(page.status).toBe(404);
    expect(pageText(page.html)).toContain('Page not found');
    expect((await elsewhere.get('/meetings')).html).not.toContain(meetingId);
    const otherCoordinator = await WebClient.signedIn(stack, stack.user('channel-coordinator', TOWER_HAMLETS));
    expect((await otherCoordinator.get(`/meetings/${meetingId}/attendance`)).status).toBe(404);

    const officer = await WebClient.signedIn(stack, stack.user('police-officer'));
    page = await officer.get('/meetings');
    expect(page.status).toBe(403);
    expect(pageText(page.html)).toContain('You cannot use this page');

    // a panel member of the area reads the meeting, without the actions of those who run it
    const member = await WebClient.signedIn(stack, stack.user('panel-member', BIRMINGHAM));
    page = await member.get(`/meetings/${meetingId}`);
    expect(page.status).toBe(200);
    expect(pageText(page.html)).toContain('Panel meeting on 25 June 2031 at 3:00pm');
    expect(page.html).not.toContain('Record attendance');
    expect((await member.get('/meetings')).html).not.toContain('Schedule a meeting');
    expect((await member.get('/meetings/new')).status).toBe(403);
    expect((await member.get(`/meetings/${meetingId}/attendance`)).status).toBe(403);
    // the coordinator runs meetings but the chair records the panel's decisions
    const caseId = await openCase('Sam', 'Roletest');
    await addToAgenda(coordinator, meetingId, caseId);
    expect((await coordinator.get(`/meetings/${meetingId}/cases/${caseId}/decision`)).status).toBe(403);
    expect((await coordinator.get(`/meetings/${meetingId}`)).html).not.toContain('Record decision');
    expect((await chair.get(`/meetings/${meetingId}`)).html).toContain('Record decision');
  }, 45_000);
});
