import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@lib/event-store';
import { advance, createAtRevision, type Projection } from '@lib/platform';
import { IsNull, type EntityManager } from 'typeorm';
import { latest, londonDate } from '../../../work-lists/domain/calendar-days.js';
import { quietSince } from '../../../work-lists/domain/alert-rules.js';
import { caseIdOf, CHANNEL_CASE_CATEGORY, type ChannelCaseEvent } from '../../domain/channel-case.events.js';
import { CaseInterventionRow } from './case-intervention.row.js';
import { CaseListRow } from './case-list.row.js';
import { PostExitReviewRow } from './post-exit-review.row.js';

type Recorded = RecordedEvent & ChannelCaseEvent;
/** What an event does to the case's intervention and post-exit review rows, once its case row applied it. */
type ChildChange = (manager: EntityManager) => Promise<void>;

/**
 * Keeps {@link CaseListRow}, its {@link CaseInterventionRow}s and {@link PostExitReviewRow}s from
 * the case streams. The case row carries the revision guard; the child rows change only when the
 * case row applied the event, in the same transaction, so a replay or a duplicate changes nothing.
 */
@Injectable()
export class CaseListProjection implements Projection {
  readonly name = 'case_list';
  /** The store's category is a stream id up to its first `-`: `channel` holds the `channel-case-<uuid>` streams. */
  readonly categories = [CHANNEL_CASE_CATEGORY.split('-')[0]];
  readonly entities = [CaseListRow, CaseInterventionRow, PostExitReviewRow];

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    if (caseIdOf(recorded.streamId) === undefined) return;
    const event = recorded as Recorded;
    if (event.type === 'CaseOpened') {
      const { data } = event;
      await createAtRevision(
        manager,
        CaseListRow,
        this.name,
        { caseId: data.caseId },
        {
          caseId: data.caseId,
          revision: recorded.revision,
          subjectId: data.subjectId,
          origin: data.origin,
          referralId: data.referralId ?? null,
          area: data.area,
          region: data.region,
          sector: data.sector ?? null,
          concernTypes: [...(data.concernTypes?.codes ?? [])],
          status: 'open',
          referredAt: new Date(data.referredAt),
          openedAt: new Date(data.openedAt),
          transferredOn: null,
          informationRequests: 0,
          informationReceived: 0,
          listedMeetingIds: [],
          listedFor: null,
          discussedMeetingIds: [],
          assessments: 0,
          decision: null,
          notAdoptedOutcome: null,
          decidedAt: null,
          adoptedOn: null,
          consent: null,
          consentRecordedAt: null,
          supportStartedAt: null,
          reviews: 0,
          lastReviewedOn: null,
          providerIds: [],
          returnedToPoliceAt: null,
          returnReason: null,
          exitOutcome: null,
          exitedOn: null,
          closedAt: null,
        },
      );
      return;
    }
    const key = { caseId: event.data.caseId };
    const row = await manager.findOneBy(CaseListRow, key);
    const [change, children] = row ? this.change(event, row) : [{}, undefined];
    const applied = await advance(manager, CaseListRow, this.name, key, recorded.revision, change);
    if (applied === 'applied' && children) await children(manager);
  }

  /** What the event changes in the case row, and in its child rows. */
  private change(event: ChannelCaseEvent, row: CaseListRow): [Partial<CaseListRow>, ChildChange?] {
    switch (event.type) {
      case 'CaseOpened':
        return [{}];
      case 'CaseReReferred': {
        const { data } = event;
        return [
          {
            status: 'open',
            area: data.area,
            region: data.region,
            referredAt: new Date(data.referredAt),
            decision: null,
            notAdoptedOutcome: null,
            decidedAt: null,
            adoptedOn: null,
            consent: null,
            consentRecordedAt: null,
            supportStartedAt: null,
            returnedToPoliceAt: null,
            returnReason: null,
            exitOutcome: null,
            exitedOn: null,
            closedAt: null,
          },
          async (manager) => {
            await manager.delete(PostExitReviewRow, { caseId: data.caseId, completedAt: IsNull() });
          },
        ];
      }
      case 'PersonalDetailsCorrected':
        return [{}];
      case 'CaseAssessed':
        return [{ assessments: row.assessments + 1 }];
      case 'CaseTransferred':
        return [
          {
            area: event.data.toArea,
            region: event.data.toRegion,
            transferredOn: londonDate(new Date(event.data.transferredAt)),
          },
        ];
      case 'InformationRequested':
        return [{ informationRequests: row.informationRequests + 1 }];
      case 'InformationReceived':
        return [{ informationReceived: row.informationReceived + 1 }];
      case 'CaseListedForMeeting':
        return [
          {
            listedMeetingIds: [
              ...row.listedMeetingIds.filter((id) => id !== event.data.meetingId),
              event.data.meetingId,
            ],
            listedFor: new Date(event.data.meetingDate),
          },
        ];
      case 'CaseDiscussedAtPanel':
        return [
          {
            discussedMeetingIds: row.discussedMeetingIds.includes(event.data.meetingId)
              ? row.discussedMeetingIds
              : [...row.discussedMeetingIds, event.data.meetingId],
          },
        ];
      case 'CaseAdopted':
        return [
          {
            status: 'adopted',
            decision: 'adopted',
            notAdoptedOutcome: null,
            decidedAt: new Date(event.data.adoptedAt),
            adoptedOn: londonDate(new Date(event.data.adoptedAt)),
          },
        ];
      case 'CaseNotAdopted':
        return [
          {
            status: 'not-adopted',
            decision: 'not-adopted',
            notAdoptedOutcome: event.data.outcome,
            decidedAt: new Date(event.data.decidedAt),
          },
        ];
      case 'CaseDeferred':
        return [{ status: 'deferred', decision: 'deferred', decidedAt: new Date(event.data.deferredAt) }];
      case 'ConsentRecorded':
        return [{ consent: event.data.outcome, consentRecordedAt: new Date(event.data.recordedAt) }];
      case 'CaseReturnedToPolice':
        return [
          {
            ...(row.status === 'exited' ? {} : { status: 'returned-to-police' as const }),
            returnedToPoliceAt: new Date(event.data.returnedAt),
            returnReason: event.data.reason,
          },
        ];
      case 'InterventionPlanned': {
        const { data } = event;
        const plannedOn = londonDate(new Date(data.plannedAt));
        const startsOn = data.startDate.slice(0, 10);
        return [
          data.providerId && !row.providerIds.includes(data.providerId)
            ? { providerIds: [...row.providerIds, data.providerId] }
            : {},
          (manager) =>
            manager
              .createQueryBuilder()
              .insert()
              .into(CaseInterventionRow)
              .values({
                caseId: data.caseId,
                interventionId: data.interventionId,
                typeCodeList: data.interventionType.codeList,
                typeCode: data.interventionType.code,
                ownerAgency: data.ownerAgency,
                providerId: data.providerId ?? null,
                status: 'planned',
                plannedOn,
                startsOn,
                sessions: 0,
                lastSessionOn: null,
                lastActivityOn: null,
                quietSince: quietSince({ status: 'planned', plannedOn, startsOn, lastActivityOn: null }),
              })
              .orIgnore()
              .execute()
              .then(() => undefined),
        ];
      }
      case 'InterventionStatusChanged':
        return [
          {},
          (manager) =>
            this.intervention(manager, event.data.caseId, event.data.interventionId, (i) => ({
              status: event.data.to,
              lastActivityOn: latest(i.lastActivityOn, londonDate(new Date(event.data.changedAt))),
            })),
        ];
      case 'SupportStarted':
        return [{ supportStartedAt: row.supportStartedAt ?? new Date(event.data.startedAt) }];
      case 'SupportStopped':
        return [
          {},
          async (manager) => {
            for (const interventionId of event.data.interventionIds) {
              await this.intervention(manager, event.data.caseId, interventionId, () => ({ status: 'stopped' }));
            }
          },
        ];
      case 'InterventionSessionRecorded':
        return [
          {},
          (manager) =>
            this.intervention(manager, event.data.caseId, event.data.interventionId, (i) => {
              const on = event.data.sessionDate.slice(0, 10);
              return {
                sessions: i.sessions + 1,
                lastSessionOn: latest(i.lastSessionOn, on),
                lastActivityOn: latest(i.lastActivityOn, on),
              };
            }),
        ];
      case 'InterventionProgressRecorded':
        return [
          {},
          (manager) =>
            this.intervention(manager, event.data.caseId, event.data.interventionId, (i) => ({
              lastActivityOn: latest(i.lastActivityOn, londonDate(new Date(event.data.recordedAt))),
            })),
        ];
      case 'CaseReviewed':
        return [
          {
            reviews: row.reviews + 1,
            lastReviewedOn: latest(row.lastReviewedOn, londonDate(new Date(event.data.reviewedAt))),
          },
        ];
      case 'CaseClosed': {
        const { data } = event;
        return [
          {
            status: 'exited',
            exitOutcome: data.exitOutcome,
            exitedOn: data.exitedOn.slice(0, 10),
            closedAt: new Date(data.closedAt),
          },
          async (manager) => {
            for (const scheduled of data.postExitReviews) {
              await manager
                .createQueryBuilder()
                .insert()
                .into(PostExitReviewRow)
                .values({
                  caseId: data.caseId,
                  review: scheduled.review,
                  dueOn: scheduled.dueOn.slice(0, 10),
                  outcome: null,
                  completedAt: null,
                })
                .orIgnore()
                .execute();
            }
          },
        ];
      }
      case 'PostExitReviewCompleted':
        return [
          {},
          async (manager) => {
            await manager.update(
              PostExitReviewRow,
              { caseId: event.data.caseId, review: event.data.review },
              { outcome: event.data.outcome, completedAt: new Date(event.data.completedAt) },
            );
          },
        ];
      default: {
        const unknown: never = event;
        void unknown;
        return [{}];
      }
    }
  }

  /** Changes one intervention and keeps the day its silence is counted from. */
  private async intervention(
    manager: EntityManager,
    caseId: string,
    interventionId: string,
    change: (row: CaseInterventionRow) => Partial<CaseInterventionRow>,
  ): Promise<void> {
    const row = await manager.findOneBy(CaseInterventionRow, { caseId, interventionId });
    if (!row) return;
    const changed = change(row);
    await manager.update(
      CaseInterventionRow,
      { caseId, interventionId },
      { ...changed, quietSince: quietSince({ ...row, ...changed }) },
    );
  }
}
