import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { Backend, BackendProblem, BackendUnavailable } from '../backend/backend.js';
import { formErrors, problemErrors, type FormErrors } from '../forms/form.js';
import type { CaseRecord, CaseSummary, CaseTimeline, MeetingSummary, Page } from './case-view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id from a URL: anything but a UUID is a page that does not exist. */
export function caseIdOf(id: string): string {
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
}

/** An id chosen by the caller (intervention, information request, session): the API's pattern. */
export const CALLER_ID = /^[A-Za-z0-9._:-]{1,80}$/;

export function callerIdOf(id: string): string {
  if (!CALLER_ID.test(id)) throw new NotFoundException();
  return id;
}

export interface Provider {
  readonly id: string;
  readonly username: string;
}

/** The intervention providers a case can be given to, or why they cannot be listed. */
export type ProviderDirectory =
  | { readonly available: true; readonly items: readonly Provider[] }
  | { readonly available: false; readonly items: readonly Provider[]; readonly message: string };

/**
 * The channel-panel API as the case pages use it, as the signed-in user: the case with its ETag,
 * its timeline, the lists, the area's meetings, and the identity service's directory of
 * intervention providers.
 */
@Injectable()
export class CasePanel {
  constructor(@Inject(Backend) private readonly backend: Backend) {}

  /** The case from its history, and the ETag to send back as If-Match (404: unknown or out of reach). */
  async read(req: Request, id: string): Promise<{ record: CaseRecord; etag: string }> {
    const answer = await this.backend.call<CaseRecord>(req, 'panel', `/cases/${caseIdOf(id)}`);
    return { record: answer.body, etag: answer.etag ?? `W/"${answer.body.revision}"` };
  }

  timeline(req: Request, id: string): Promise<CaseTimeline> {
    return this.backend.get<CaseTimeline>(req, 'panel', `/cases/${caseIdOf(id)}/timeline`);
  }

  list(req: Request, query: Record<string, string | number | boolean | undefined>): Promise<Page<CaseSummary>> {
    return this.backend.get<Page<CaseSummary>>(req, 'panel', '/cases', query);
  }

  /**
   * One case of the list (an intervention provider's way to the case's stage: the list is narrowed
   * for them, and the case record is not theirs to read). The list has no id filter, so the pages
   * are read until it is found.
   */
  async summary(req: Request, id: string): Promise<CaseSummary | undefined> {
    for (let offset = 0; offset < 1000; offset += 100) {
      const page = await this.list(req, { limit: 100, offset });
      const found = page.items.find((item) => item.caseId === id);
      if (found) return found;
      if (offset + page.items.length >= page.total || page.items.length === 0) return undefined;
    }
    return undefined;
  }

  /** The meetings of the user's area (none for an intervention provider). */
  async meetings(req: Request, query: Record<string, string | number | undefined> = {}): Promise<MeetingSummary[]> {
    const page = await this.backend.get<Page<MeetingSummary>>(req, 'panel', '/meetings', { limit: 100, ...query });
    return page.items;
  }

  /**
   * `GET /directory/intervention-providers` on the identity service. When the directory cannot be
   * reached (an older identity service, or it is down) the form says so and offers no choice,
   * rather than failing the page.
   */
  async providers(req: Request): Promise<ProviderDirectory> {
    try {
      const answer = await this.backend.get<{ items?: Provider[] }>(
        req,
        'identity',
        '/directory/intervention-providers',
      );
      return { available: true, items: Array.isArray(answer.items) ? answer.items : [] };
    } catch (error) {
      if (
        error instanceof BackendUnavailable ||
        (error instanceof BackendProblem && [404, 405, 501, 503].includes(error.status))
      ) {
        return {
          available: false,
          items: [],
          message:
            'The list of intervention providers cannot be shown right now. You can add the intervention without a provider and assign one later by adding it again, or try again in a few minutes.',
        };
      }
      throw error;
    }
  }

  post<T = unknown>(
    req: Request,
    path: string,
    body: unknown,
    options: { ifMatch?: string; idempotencyKey?: string } = {},
  ): Promise<{ body: T; etag?: string }> {
    return this.backend.post<T>(req, 'panel', path, body, options);
  }
}

/** Where a refusal of the API belongs on the form, and what to tell the user. */
export interface Refusal {
  readonly field: string;
  readonly message?: string;
}

/**
 * The API's refusals by problem type, in the user's words. The detail of the problem (ids and codes
 * only, never personal data) is used when no message is given here.
 */
const REFUSALS: Readonly<Record<string, Refusal>> = {
  'channel-case.closed': { field: 'form', message: 'This case is closed: only its post-exit reviews can be recorded' },
  'channel-case.with-police': {
    field: 'form',
    message: 'This case went back to the police: the panel cannot record this on it',
  },
  'channel-case.not-adopted': { field: 'form', message: 'The panel has not adopted this case yet' },
  'channel-case.already-decided': { field: 'form', message: 'The panel has already decided this case' },
  'channel-case.consent-already-given': {
    field: 'outcome',
    message: 'Consent has already been given: record a withdrawal instead',
  },
  'channel-case.consent-not-given': {
    field: 'form',
    message: 'Consent to support has not been given: record consent before support',
  },
  'channel-case.consent-needs-parent-or-guardian': { field: 'givenBy' },
  'channel-case.consent-by-subject': { field: 'givenBy' },
  'channel-case.consenter-required': {
    field: 'consenterName',
    message: 'Enter the name of the parent or guardian who gave or refused consent',
  },
  'channel-case.age-unknown': {
    field: 'form',
    message:
      'The person’s date of birth is not known, so who may consent cannot be checked: correct the person’s details first',
  },
  'channel-case.consent-not-withdrawn': {
    field: 'exitOutcome',
    message: 'Choose another outcome: consent was not withdrawn on this case',
  },
  'channel-case.risk-view-required': { field: 'riskView', message: 'Enter the panel’s view of the risk' },
  'channel-case.transfer-to-same-area': { field: 'toArea', message: 'Enter an area other than the case’s own' },
  'channel-case.nothing-to-correct': { field: 'form', message: 'Enter at least one detail to correct' },
  'channel-case.information-request-exists': { field: 'form', message: 'This request was already recorded' },
  'channel-case.information-request-answered': { field: 'form', message: 'This request already has its answer' },
  'channel-case.information-request-not-found': { field: 'form', message: 'There is no such request on this case' },
  'channel-case.meeting-in-another-area': {
    field: 'meetingId',
    message: 'Choose a meeting of the case’s own area',
  },
  'channel-case.meeting-cancelled': { field: 'meetingId', message: 'That meeting was cancelled: choose another' },
  'channel-case.not-on-agenda': {
    field: 'meetingId',
    message: 'The case is not on that meeting’s agenda: list it for the meeting first',
  },
  'channel-case.meeting-not-quorate': {
    field: 'meetingId',
    message: 'That meeting was not quorate (the chair and the police must attend): record its attendance first',
  },
  'channel-case.assessment-answers-invalid': { field: 'form' },
  'channel-case.assessment-changes-required': {
    field: 'whatChanged',
    message: 'A later assessment records what changed since the last one and a management plan',
  },
  'channel-case.intervention-exists': { field: 'form', message: 'This intervention is already in the support plan' },
  'channel-case.intervention-type-unknown': { field: 'interventionType', message: 'Choose a type of intervention' },
  'channel-case.intervention-status-change': { field: 'status' },
  'channel-case.intervention-not-running': {
    field: 'form',
    message: 'This intervention is not running: start or resume it first',
  },
  'channel-case.session-already-recorded': { field: 'form', message: 'This session was already recorded' },
  'channel-case.not-closed': { field: 'form', message: 'The case has not exited yet' },
  'channel-case.post-exit-review-recorded': { field: 'review', message: 'That review has already been recorded' },
  'channel-case.area-outside-reach': { field: 'form', message: 'You can open cases only for your own area' },
  'channel-case.profile-required': { field: 'form' },
};

/**
 * A refusal of a command as form errors, or rethrown as a page: the request's field errors (400)
 * and the process's refusals (409 and 422, by problem type) go on the form; a stale If-Match (412)
 * or a writer that kept changing the case (409 `event-store.wrong-expected-revision`) is the
 * conflict page; not found, not allowed and unavailable are their pages.
 */
export function refusalErrors(
  error: unknown,
  fieldOf: Readonly<Record<string, string>> = {},
  fieldIds: Readonly<Record<string, string>> = {},
): FormErrors {
  if (!(error instanceof BackendProblem)) throw error;
  if (error.status === 400) return problemErrors(error, fieldOf, fieldIds);
  if (error.status === 409 && error.type === 'event-store.wrong-expected-revision') throw error;
  if (error.status === 409 || error.status === 422) {
    const known = REFUSALS[error.type];
    const field = known?.field ?? 'form';
    const message = known?.message ?? error.detail ?? 'The service could not accept this';
    return formErrors([{ field, message }], { form: 'main-content', ...fieldIds });
  }
  throw error;
}
