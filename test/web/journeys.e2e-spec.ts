/// <reference lib="dom" />
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { signIn } from '../../apps/identity/test/oidc-client.js';
import { ARTEFACTS, launchChromium, UserBrowser, type Violation } from './browser.js';
import { type Stack, startStack } from './stack.js';

/**
 * The journeys of issue 8, end to end in Chromium against the stack `npm start` brings up: a
 * police officer takes a referral from receipt to "referred to Channel"; the Channel chair lists
 * it, runs a quorate meeting, adopts it, records a parent's consent, adds a mentoring
 * intervention; the intervention provider sees only that case and records a session; the chair
 * reviews and exits it; a board member sees it counted in the statistics and downloads the CSV;
 * a panel member of another area cannot see it. Every page visited is checked with axe-core
 * (WCAG 2.2 A/AA) and photographed (test-results/web-journeys/); Chromium reports no CSP refusal.
 */
const SLOT = 7;
const BIRMINGHAM = 'E08000025';
const WEST_MIDLANDS = 'E12000005';

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
function day(offsetDays = 0): { day: string; month: string; year: string } {
  const [year, month, date] = LONDON_DAY.format(new Date(Date.now() + offsetDays * 86_400_000)).split('-');
  return { day: String(Number(date)), month: String(Number(month)), year };
}
const today = LONDON_DAY.format(new Date());
const fyStart = Number(today.slice(5, 7)) >= 4 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
const financialYear = `${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`;

type Fields = Record<string, string | readonly string[]>;

/**
 * Fills a form as a person would, field by field in order (so a radio's revealed question is
 * there before it is filled), then presses its submit button: the one named in `button`
 * (`name=value`, or its text), else the form's first.
 */
async function submit(page: Page, fields: Fields, button?: string): Promise<void> {
  const names = Object.keys(fields).filter((name) => fields[name] !== '');
  for (const name of names) {
    const value = fields[name];
    const all = page.locator(`main [name="${name}"]`);
    const first = all.first();
    const type = (await first.getAttribute('type')) ?? (await first.evaluate((el) => el.tagName.toLowerCase()));
    if (type === 'radio') await page.locator(`main [name="${name}"][value="${String(value)}"]`).check();
    else if (type === 'checkbox') {
      for (const item of [value].flat()) await page.locator(`main [name="${name}"][value="${item}"]`).check();
    } else if (type === 'select') await first.selectOption(String(value));
    else await first.fill(String(value));
  }
  const form = names.length
    ? page.locator('main form', { has: page.locator(`[name="${names[0]}"]`) }).first()
    : page.locator('main form').first();
  const target = button?.includes('=')
    ? form.locator(`button[name="${button.split('=')[0]}"][value="${button.split('=')[1]}"]`)
    : button
      ? form.getByRole('button', { name: button })
      : form.locator('button[type="submit"], button:not([type])').first();
  await Promise.all([page.waitForEvent('load'), target.click()]);
}

function dateOf(name: string, date: { day: string; month: string; year: string }): Fields {
  return { [`${name}-day`]: date.day, [`${name}-month`]: date.month, [`${name}-year`]: date.year };
}

/** Reloads `url` until the page shows `text` (read models follow the events a moment later). */
async function eventually(page: Page, url: string, text: string | RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    const content = await page.locator('main').innerText();
    if (typeof text === 'string' ? content.includes(text) : text.test(content)) return;
    if (Date.now() > deadline) throw new Error(`${url} never showed ${String(text)}:\n${content.slice(0, 2000)}`);
    await sleep(500);
  }
}

async function banner(page: Page): Promise<string> {
  return (
    await page
      .locator('.govuk-notification-banner')
      .innerText()
      .catch(() => '')
  ).replace(/\s+/g, ' ');
}

describe('web journeys in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  const browsers: UserBrowser[] = [];
  const open = async (label: string, width?: number) => {
    const opened = await UserBrowser.open(browser, label, { width });
    browsers.push(opened);
    return opened;
  };

  let referralId = '';
  let meetingId = '';
  let interventionId = '';

  beforeAll(async () => {
    rmSync(ARTEFACTS, { recursive: true, force: true }); // this run's screenshots only
    stack = await startStack(SLOT);
    browser = await launchChromium();
    // five earlier referrals through the intake's API, so the statistics are above the suppression threshold
    const officer = stack.user('police-officer');
    const { accessToken } = await signIn(
      stack.identityUrl,
      { username: officer.username, password: officer.password },
      `${stack.webUrl}/auth/callback`,
    );
    for (let index = 0; index < 5; index++) {
      const response = await fetch(`${stack.urls['referral-intake']}/referrals`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          'idempotency-key': `journey-seed-${index}`,
        },
        body: JSON.stringify({
          subject: {
            name: { givenNames: `Seed${index}`, familyName: 'Earlier' },
            dateOfBirth: '1990-01-0' + (index + 1),
            gender: 'male',
            area: BIRMINGHAM,
          },
          region: WEST_MIDLANDS,
          sector: 'education',
          concernTypes: { codeList: 'concern-types-2024', codes: ['islamist'] },
          subjectAware: 'no',
          referrer: { name: 'Sam Teacher', role: 'Safeguarding lead', organisation: 'North School' },
          concern: { description: 'Earlier referral for the statistics' },
        }),
      });
      if (response.status !== 201) throw new Error(`seed referral: ${response.status} ${await response.text()}`);
    }
  }, 180_000);

  afterAll(async () => {
    for (const opened of browsers) await opened.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('a police officer takes a referral from receipt to “referred to Channel”, with a supervisor’s assignment and sign-off', async () => {
    const officer = await open('1-officer');
    await officer.signIn(stack, stack.user('police-officer'));
    await officer.page.goto(`${stack.webUrl}/referrals`);
    await officer.check('referral-queue');
    const officerId = (await officer.page.locator('code.app-referral-code').first().innerText()).trim();

    await officer.page.getByRole('button', { name: /new referral/i }).click();
    await officer.page.waitForURL('**/referrals/new/person');
    await officer.check('new-referral-person');
    await submit(officer.page, {
      givenNames: 'Jordan',
      familyName: 'Journeytest',
      ...dateOf('dateOfBirth', { day: '10', month: '5', year: '2011' }),
      gender: 'male',
      area: BIRMINGHAM,
      region: WEST_MIDLANDS,
      addressLine1: '12 Canal Street',
      addressTown: 'Birmingham',
      postcode: 'B2 4QA',
    });
    await officer.check('new-referral-concern');
    await submit(officer.page, {
      concernTypes: ['extreme-right-wing'],
      description: 'Shares extreme right-wing videos at school and talks of a coming race war',
      howItArose: 'A teacher saw the videos',
      warningSigns: 'Withdrawn from friends',
      spokenToPersonOrParents: 'Not yet',
      subjectAware: 'no',
    });
    await officer.check('new-referral-referrer');
    await submit(officer.page, {
      sector: 'education',
      referrerName: 'Ann Teacher',
      referrerRole: 'Designated safeguarding lead',
      referrerOrganisation: 'Park School',
      referrerPhone: '0121 496 0000',
      referrerEmail: 'ann.teacher@example.org',
    });
    await officer.check('new-referral-check');
    expect(await officer.page.locator('main').innerText()).toContain('Jordan');
    await submit(officer.page, {});
    await officer.check('new-referral-confirmation');
    const link = await officer.page.locator('main a[href^="/referrals/"]').first().getAttribute('href');
    referralId = /\/referrals\/([0-9a-f-]{36})/.exec(link ?? '')?.[1] ?? '';
    expect(referralId).toMatch(/^[0-9a-f-]{36}$/);

    const referralUrl = `${stack.webUrl}/referrals/${referralId}`;
    const act = async (who: UserBrowser, path: string, fields: Fields, shot: string) => {
      await who.page.goto(`${referralUrl}/${path}`);
      await who.check(`${shot}-form`);
      await submit(who.page, fields);
      expect(who.page.url()).toBe(referralUrl);
      await who.check(shot);
    };
    await officer.page.goto(referralUrl);
    await officer.check('referral-received');
    expect(await officer.page.locator('h1').innerText()).toBe('Jordan Journeytest');

    await act(officer, 'acknowledge', {}, 'acknowledged');
    const supervisor = await open('2-supervisor');
    await supervisor.signIn(stack, stack.user('police-supervisor'));
    await act(supervisor, 'assign', { assignTo: 'other', officerId }, 'assigned');
    await act(officer, 'deconfliction', { result: 'clear' }, 'deconflicted');
    await act(
      officer,
      'assessment',
      {
        'rating-engagement': 'high',
        'notes-engagement': 'Shares extreme right-wing videos daily',
        'rating-intent': 'medium',
        'notes-intent': 'Talks of a coming race war',
        'rating-capability': 'low',
        'notes-capability': 'No access to weapons known',
        summary: 'Vulnerable young person; support through Channel is proportionate',
      },
      'assessed',
    );
    await act(
      officer,
      'decision',
      {
        outcome: 'referred-to-channel',
        channelArea: BIRMINGHAM,
        rationale: 'Vulnerable to radicalisation; multi-agency support through Channel is proportionate',
      },
      'decided',
    );
    await act(supervisor, 'sign-off', { comment: 'Agreed: refer to the Birmingham panel' }, 'signed-off');

    const main = await supervisor.page.locator('main').innerText();
    expect(main).toContain('Referred to Channel');
    const timeline = await supervisor.page.locator('.moj-timeline__title').allInnerTexts();
    expect(timeline).toEqual([
      'Decision signed off',
      'Decision: Referred to Channel',
      'Gateway assessment recorded',
      'De-confliction clear',
      'Officer assigned',
      'Referral acknowledged',
      'Referral received',
    ]);
    const bylines = await supervisor.page.locator('.moj-timeline__byline').allInnerTexts();
    expect(bylines[0]).toContain('Police supervisor');
    expect(bylines[1]).toContain('Police officer');
  }, 180_000);

  it('the Channel chair lists the case, records a quorate meeting, adopts it, records a parent’s consent and adds mentoring', async () => {
    expect(referralId).not.toBe('');
    const chair = await open('3-chair');
    await chair.signIn(stack, stack.user('channel-chair'));
    // the case arrives from the intake through the event flow
    // the list shows no names, only the case's reference
    const reference = new RegExp(`Case ${referralId.slice(0, 8)}`, 'i');
    await eventually(chair.page, `${stack.webUrl}/cases`, reference);
    await chair.check('case-list');
    const caseUrl = `${stack.webUrl}/cases/${referralId}`;
    await chair.page.goto(caseUrl);
    await chair.check('case-opened');

    await chair.page.goto(`${stack.webUrl}/meetings/new`);
    await chair.check('meeting-new');
    const meetingDay = day(0);
    await submit(chair.page, { ...dateOf('meetingDate', meetingDay), meetingTime: '10am' });
    meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(chair.page.url())?.[1] ?? '';
    expect(meetingId).not.toBe('');
    await chair.check('meeting-scheduled');

    // list the case on the meeting's agenda
    await eventually(chair.page, `${stack.webUrl}/meetings/${meetingId}/agenda/new`, reference);
    await chair.check('agenda-new');
    await submit(chair.page, { caseId: referralId });
    expect(chair.page.url()).toBe(`${stack.webUrl}/meetings/${meetingId}`);

    await chair.page.goto(`${stack.webUrl}/meetings/${meetingId}/attendance`);
    await chair.check('attendance-form');
    await submit(
      chair.page,
      {
        'attendees-0-agency': 'local-authority',
        'attendees-0-role': 'chair',
        'attendees-1-agency': 'police',
        'attendees-1-role': 'member',
        'attendees-2-agency': 'education',
        'attendees-2-role': 'member',
      },
      'action=save',
    );
    await chair.check('attendance-recorded');
    expect(await chair.page.locator('main').innerText()).toContain('Quorate: the chair and the police are present.');

    await chair.page.goto(`${stack.webUrl}/meetings/${meetingId}/cases/${referralId}/decision`);
    await chair.check('decision-form');
    await submit(chair.page, {
      decision: 'adopt',
      rationale: 'Vulnerable to radicalisation online; mentoring is proportionate.',
    });
    expect(chair.page.url()).toBe(`${stack.webUrl}/meetings/${meetingId}`);
    await chair.check('adopted');
    expect(await banner(chair.page)).toContain('Decision recorded');

    await chair.page.goto(`${caseUrl}/consent`);
    await chair.check('consent-form');
    await submit(chair.page, {
      outcome: 'given',
      givenBy: 'parent-or-guardian',
      consenterName: 'Sam Journeytest',
      consenterRelationship: 'father',
      ...dateOf('consentedOn', day(0)),
      method: 'in-person',
    });
    await chair.check('consent-recorded');
    expect(await banner(chair.page)).toContain('Consent to support given');

    await chair.page.goto(`${caseUrl}/interventions/new`);
    await chair.check('intervention-form');
    const provider = stack.user('intervention-provider');
    await chair.page.getByLabel(provider.username).check();
    await submit(chair.page, {
      interventionType: 'ideological-mentoring',
      ownerAgency: 'intervention-provider',
      ...dateOf('startDate', day(0)),
      description: 'Weekly mentoring sessions',
    });
    expect(chair.page.url()).toBe(`${caseUrl}/support-plan`);
    await chair.check('support-plan');
    const statusLink = await chair.page
      .locator('main a[href*="/interventions/"][href$="/status"]')
      .first()
      .getAttribute('href');
    interventionId = /interventions\/([0-9a-f-]{36})\/status/.exec(statusLink ?? '')?.[1] ?? '';
    expect(interventionId).not.toBe('');
    await chair.page.goto(`${stack.webUrl}${statusLink}`);
    await chair.check('intervention-status-form');
    await submit(chair.page, { status: 'active' });
    expect(await chair.page.locator('main').innerText()).toContain('Active');
  }, 180_000);

  it('the intervention provider sees only their case and records a session', async () => {
    expect(interventionId).not.toBe('');
    const provider = await open('4-provider');
    await provider.signIn(stack, stack.user('intervention-provider'));
    await eventually(provider.page, `${stack.webUrl}/cases`, new RegExp(`Case ${referralId.slice(0, 8)}`, 'i'));
    await provider.check('provider-cases');
    const rows = await provider.page.locator('main table tbody tr').count();
    expect(rows).toBe(1);
    expect(await provider.page.locator('main').innerText()).not.toContain('Seed0');

    await provider.page.goto(`${stack.webUrl}/cases/${referralId}`);
    await provider.check('provider-case');
    const sessionsUrl = `${stack.webUrl}/cases/${referralId}/interventions/${interventionId}/sessions/new`;
    await provider.page.goto(sessionsUrl);
    await provider.check('session-form');
    await submit(provider.page, {
      ...dateOf('sessionDate', day(0)),
      attendance: 'attended',
      notes: 'First session: talked about where the videos come from',
    });
    await provider.check('session-recorded');
    expect(await provider.page.locator('main').innerText()).toContain(
      'First session: talked about where the videos come from',
    );
  }, 120_000);

  it('the chair reviews the case and exits it', async () => {
    const chair = browsers.find((opened) => opened.label === '3-chair')!;
    const caseUrl = `${stack.webUrl}/cases/${referralId}`;
    await chair.page.goto(`${caseUrl}/review`);
    await chair.check('review-form');
    await submit(chair.page, {
      meetingId,
      progress: 'Attends every session; no longer shares the videos',
      riskNow: 'reduced',
      decision: 'prepare-exit',
    });
    await chair.check('reviewed');
    expect(await banner(chair.page)).toContain('Review 1 recorded');

    await chair.page.goto(`${caseUrl}/exit`);
    await chair.check('exit-form');
    await submit(chair.page, {
      exitOutcome: 'no-further-terrorism-concerns',
      ...dateOf('exitedOn', day(0)),
      closingReport: 'Completed mentoring; no further concerns',
    });
    await chair.check('exited');
    const main = await chair.page.locator('main').innerText();
    expect(main).toContain('Exited');
    expect(main).toContain('Completed mentoring; no further concerns');

    await chair.page.goto(`${caseUrl}/timeline`);
    await chair.check('case-timeline');
    const titles = (await chair.page.locator('.moj-timeline__title').allInnerTexts()).join(' | ');
    for (const step of ['xit', 'eview', 'ession', 'ntervention', 'onsent', 'dopt']) expect(titles).toContain(step);
  }, 120_000);

  it('a board member sees the referral counted in the statistics and downloads the CSV', async () => {
    const board = await open('5-board');
    await board.signIn(stack, stack.user('board-member'));
    const url = `${stack.webUrl}/statistics?period=${financialYear}`;
    const deadline = Date.now() + 45_000;
    for (;;) {
      await board.page.goto(url);
      const count = (await board.page.locator('#stats-stages-referrals-count').innerText()).trim();
      if (count === '6' || Date.now() > deadline) break;
      await sleep(500);
    }
    await board.check('statistics');
    expect((await board.page.locator('#stats-stages-referrals-count').innerText()).trim()).toBe('6');
    expect(await board.page.locator('svg.app-chart[role="img"]').count()).toBeGreaterThan(1);

    const [download] = await Promise.all([
      board.page.waitForEvent('download'),
      board.page.locator('#stats-download-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^prevent-statistics-.*\.csv$/);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\r\n')[0]).toContain(',');
    expect(csv).toMatch(/,6(\r\n|,)/);
    expect(csv).not.toContain('Journeytest');
  }, 120_000);

  it('a panel member of another area cannot see the case', async () => {
    const member = await open('6-other-area');
    await member.signIn(stack, stack.user('panel-member', 'E09000030'));
    await member.page.goto(`${stack.webUrl}/cases`);
    await member.check('other-area-cases');
    expect((await member.page.locator('main').innerText()).toLowerCase()).not.toContain(referralId.slice(0, 8));
    const response = await member.page.goto(`${stack.webUrl}/cases/${referralId}`);
    expect(response?.status()).toBe(404);
    await member.check('other-area-not-found');
    expect(await member.page.locator('h1').innerText()).toBe('Page not found');
  }, 60_000);

  it('works at 320 px wide: the case, the queue and the statistics scroll only inside their tables', async () => {
    const narrow = await open('7-narrow-320px', 320);
    await narrow.signIn(stack, stack.user('channel-chair'));
    for (const path of [`/cases/${referralId}`, '/cases', `/meetings/${meetingId}`]) {
      await narrow.page.goto(`${stack.webUrl}${path}`);
      await narrow.screenshot(path.split('/')[1]);
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth);
      expect({ path, overflow: overflow <= 320 }).toEqual({ path, overflow: true });
    }
  }, 60_000);

  it('a police officer completes the referral form with the keyboard alone', async () => {
    const keyboard = await open('8-keyboard');
    await keyboard.signIn(stack, stack.user('police-officer'));
    const page = keyboard.page;
    await page.goto(`${stack.webUrl}/referrals/new/person`);

    const tabTo = async (selector: string) => {
      for (let presses = 0; presses < 120; presses++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector} on ${page.url()}`);
    };
    const type = async (name: string, value: string) => {
      await tabTo(`[name="${name}"]`);
      await page.keyboard.type(value);
    };
    const choose = async (name: string, value: string) => {
      await tabTo(`[name="${name}"]`);
      for (let presses = 0; presses < 20; presses++) {
        const current = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
        if (current === value) {
          await page.keyboard.press('Space');
          return;
        }
        await page.keyboard.press('ArrowDown');
      }
      throw new Error(`no ${value} for ${name}`);
    };
    const tick = async (name: string, value: string) => {
      await tabTo(`[name="${name}"][value="${value}"]`);
      await page.keyboard.press('Space');
    };
    const pick = async (name: string, value: string) => {
      await tabTo(`[name="${name}"]`);
      for (let presses = 0; presses < 400; presses++) {
        if ((await page.evaluate(() => (document.activeElement as HTMLSelectElement).value)) === value) return;
        await page.keyboard.press('ArrowDown');
      }
      throw new Error(`no ${value} in ${name}`);
    };
    const fieldKind = (name: string) =>
      page.evaluate((n) => {
        const element = document.querySelector(`main [name="${n}"]`);
        return element?.tagName === 'SELECT' ? 'select' : ((element as HTMLInputElement | null)?.type ?? 'none');
      }, name);
    const answer = async (name: string, value: string) => {
      const kind = await fieldKind(name);
      if (kind === 'select') await pick(name, value);
      else if (kind === 'radio') await choose(name, value);
      else if (kind === 'checkbox') await tick(name, value);
      else await type(name, value);
    };
    const pressSubmit = async () => {
      await tabTo('main form button[type="submit"], main form button:not([type])');
      await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    };

    for (const [name, value] of [
      ['givenNames', 'Kay'],
      ['familyName', 'Keyboardtest'],
      ['dateOfBirth-day', '2'],
      ['dateOfBirth-month', '2'],
      ['dateOfBirth-year', '2009'],
      ['gender', 'female'],
      ['area', BIRMINGHAM],
      ['region', WEST_MIDLANDS],
      ['addressLine1', '3 Mill Lane'],
      ['addressTown', 'Birmingham'],
      ['postcode', 'B3 1AA'],
    ] as const) {
      await answer(name, value);
    }
    await pressSubmit();
    await keyboard.check('keyboard-concern');
    expect(page.url()).toMatch(/\/referrals\/new\/concern$/);
    await answer('concernTypes', 'islamist');
    await answer('description', 'Talks about travelling to a conflict zone');
    await answer('howItArose', 'Told a youth worker');
    await answer('subjectAware', 'no');
    await pressSubmit();
    expect(page.url()).toMatch(/\/referrals\/new\/referrer$/);
    for (const [name, value] of [
      ['sector', 'education'],
      ['referrerName', 'Lee Worker'],
      ['referrerRole', 'Youth worker'],
      ['referrerOrganisation', 'Mill Youth Club'],
      ['referrerPhone', '0121 496 0001'],
    ] as const) {
      await answer(name, value);
    }
    await pressSubmit();
    expect(page.url()).toMatch(/\/referrals\/new\/check$/);
    await pressSubmit();
    await keyboard.check('keyboard-confirmation');
    expect(page.url()).toMatch(/\/referrals\/new\/confirmation$/);
  }, 120_000);

  it('warns before the session times out, keeps it on “Stay signed in”, and signs out at the end', async () => {
    const idle = await open('9-timeout');
    await idle.page.clock.install();
    await idle.signIn(stack, stack.user('panel-member'));
    await idle.page.goto(`${stack.webUrl}/`);
    const dialog = idle.page.locator('#session-timeout-dialog');
    await expectHidden(dialog);
    await idle.page.clock.fastForward('28:05');
    await dialog.waitFor({ state: 'visible' });
    await idle.screenshot('timeout-warning');
    expect(await dialog.innerText()).toContain('You are about to be signed out');
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await idle.page.clock.fastForward('30:05');
    await idle.page.waitForURL('**/session/timed-out');
    await idle.check('timed-out');
    expect(await idle.page.locator('h1').innerText()).toBe('You have been signed out');
  }, 60_000);

  it('found no WCAG 2.2 A/AA violation on any page visited, and no CSP refusal', () => {
    const visited = browsers.reduce((sum, opened) => sum + opened.checked.size, 0);
    expect(visited).toBeGreaterThan(30);
    const violations: Violation[] = browsers.flatMap((opened) => opened.violations);
    expect(violations).toEqual([]);
    expect(browsers.flatMap((opened) => opened.cspRefusals)).toEqual([]);
  });
});

async function expectHidden(locator: ReturnType<Page['locator']>): Promise<void> {
  expect(await locator.isVisible()).toBe(false);
}
