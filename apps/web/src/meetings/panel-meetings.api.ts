import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { Backend, BackendProblem } from '../backend/backend.js';

/**
 * What the web app reads of channel-panel's meetings: the meeting from its stream
 * (`GET /meetings/:id`, with its ETag: authoritative for status, quorum and agenda), the read
 * model's summary and agenda (`GET /meetings`, `GET /meetings/:id/agenda`: attendance by agency,
 * the cases listed) and the cases' timelines (`GET /cases/:id/timeline`: the decisions, reviews and
 * minutes, with who, when and why).
 */

/** `GET /meetings/:id`: straight from the meeting's stream. */
export interface PanelMeeting {
  readonly meetingId: string;
  readonly area: string;
  readonly meetingDate: string;
  readonly status: 'scheduled' | 'held' | 'cancelled';
  readonly agenda: readonly string[];
  readonly quorate: boolean;
  readonly revision: number;
}

export interface MeetingAttendance {
  readonly agency: string;
  readonly role: string;
}

/** A row of `GET /meetings` (the read model). */
export interface MeetingSummary {
  readonly meetingId: string;
  readonly revision: number;
  readonly area: string;
  readonly meetingAt: string;
  readonly meetingOn: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly agendaSize: number;
  readonly attendance: readonly MeetingAttendance[];
  readonly quorate: boolean | null;
  readonly minutesRecorded: boolean;
}

export interface MeetingPage {
  readonly items: MeetingSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

/** A case as the panel's lists show it (codes and dates, no name). */
export interface CaseSummary {
  readonly caseId: string;
  readonly revision: number;
  readonly status: string;
  readonly area: string;
  readonly referredAt?: string;
  readonly openedAt?: string;
  readonly concernTypes?: readonly string[];
  readonly listedMeetingIds?: readonly string[];
  readonly decision?: { readonly outcome: string; readonly notAdoptedOutcome: string | null } | null;
}

export interface CaseListPage {
  readonly items: CaseSummary[];
  readonly total: number;
}

export interface AgendaItem {
  readonly case: CaseSummary;
  readonly business: 'decision' | 'review' | 'none';
  readonly discussed: boolean;
}

export interface MeetingAgenda {
  readonly meeting: MeetingSummary;
  readonly items: AgendaItem[];
}

export interface TimelineEntry {
  readonly source: 'case' | 'meeting';
  readonly meetingId: string | null;
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly reason: string | null;
  readonly why: string | { readonly $erased: true } | null;
  readonly data: Record<string, unknown>;
}

export interface CaseTimeline {
  readonly caseId: string;
  readonly area: string;
  readonly view: 'full' | 'provider';
  readonly entries: TimelineEntry[];
}

/** `GET /cases/:id`: the case from its stream, revealed (an audited read). */
export interface PanelCase {
  readonly caseId: string;
  readonly status: string;
  readonly area: string;
  readonly revision: number;
  readonly events: readonly { readonly type: string; readonly data: Record<string, unknown> }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A meeting or case id in a URL: anything else is a page that does not exist. */
export function checkId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundException();
  return id;
}

/** How long a page waits for the read model to catch up with a change just made. */
const CATCH_UP_MS = 3000;

@Injectable()
export class PanelMeetingsApi {
  constructor(@Inject(Backend) private readonly backend: Backend) {}

  /** The meeting and its ETag (404 for an unknown meeting or another area's). */
  async meeting(req: Request, meetingId: string): Promise<{ meeting: PanelMeeting; etag: string }> {
    const response = await this.backend.call<PanelMeeting>(req, 'panel', `/meetings/${checkId(meetingId)}`);
    return { meeting: response.body, etag: response.etag ?? `W/"${response.body.revision}"` };
  }

  /**
   * The read model's agenda of the meeting, once it has caught up with the revision just read
   * from the stream (a page shown right after a change must show it). After a short wait it
   * answers what it has.
   */
  async agenda(req: Request, meetingId: string, revision: number): Promise<MeetingAgenda | undefined> {
    const deadline = Date.now() + CATCH_UP_MS;
    let last: MeetingAgenda | undefined;
    for (;;) {
      try {
        last = await this.backend.get<MeetingAgenda>(req, 'panel', `/meetings/${checkId(meetingId)}/agenda`);
        if (last.meeting.revision >= revision) return last;
      } catch (error) {
        if (!(error instanceof BackendProblem && error.status === 404)) throw error;
      }
      if (Date.now() > deadline) return last;
      await sleep(100);
    }
  }

  list(req: Request, query: Record<string, string | number | undefined>): Promise<MeetingPage> {
    return this.backend.get<MeetingPage>(req, 'panel', '/meetings', query);
  }

  /** The timelines of the cases (a case moved out of reach meanwhile is left out). */
  async timelines(req: Request, caseIds: readonly string[]): Promise<Map<string, CaseTimeline>> {
    const found = await Promise.all(
      caseIds.map(async (caseId) => {
        try {
          return await this.backend.get<CaseTimeline>(req, 'panel', `/cases/${checkId(caseId)}/timeline`);
        } catch (error) {
          if (error instanceof BackendProblem && error.status === 404) return undefined;
          throw error;
        }
      }),
    );
    return new Map(found.flatMap((timeline) => (timeline ? [[timeline.caseId, timeline] as const] : [])));
  }

  /** The case and its ETag (an audited read of the person's record). */
  async case(req: Request, caseId: string): Promise<{ record: PanelCase; etag: string }> {
    const response = await this.backend.call<PanelCase>(req, 'panel', `/cases/${checkId(caseId)}`);
    return { record: response.body, etag: response.etag ?? `W/"${response.body.revision}"` };
  }

  /** The cases of the user's area in one of the given stages, up to 100 of each. */
  async cases(req: Request, statuses: readonly string[]): Promise<CaseSummary[]> {
    const pages = await Promise.all(
      statuses.map((status) => this.backend.get<CaseListPage>(req, 'panel', '/cases', { status, limit: 100 })),
    );
    return pages.flatMap((page) => page.items);
  }
}
