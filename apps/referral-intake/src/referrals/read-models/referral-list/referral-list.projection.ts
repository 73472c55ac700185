import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@lib/event-store';
import { advance, createAtRevision, type Projection } from '@lib/platform';
import type { EntityManager } from 'typeorm';
import { londonDate } from '../../../timeliness/working-day-calendar.js';
import { REFERRAL_CATEGORY, type ReferralEvent } from '../../domain/referral.events.js';
import { ReferralListRow } from './referral-list.row.js';

const AWAITING: readonly string[] = ['received', 'acknowledged', 'assigned', 'in-triage', 'reopened'];

/** Keeps {@link ReferralListRow} from the referral streams, one revision at a time. */
@Injectable()
export class ReferralListProjection implements Projection {
  readonly name = 'referral_list';
  readonly categories = [REFERRAL_CATEGORY];
  readonly entities = [ReferralListRow];

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = recorded as RecordedEvent & ReferralEvent;
    if (event.type === 'ReferralReceived') {
      const { data } = event;
      const receivedAt = new Date(data.receivedAt);
      await createAtRevision(
        manager,
        ReferralListRow,
        this.name,
        { referralId: data.referralId },
        {
          referralId: data.referralId,
          revision: recorded.revision,
          subjectId: data.subjectId,
          status: 'received',
          receivedVia: data.receivedVia,
          area: data.area,
          region: data.region,
          sector: data.sector,
          concernCodeList: data.concernTypes.codeList,
          concernTypes: [...data.concernTypes.codes],
          receivedAt,
          receivedOn: londonDate(receivedAt),
          awaitingDecisionSince: londonDate(receivedAt),
          officerId: null,
          acknowledgedAt: null,
          assignedAt: null,
          deconfliction: null,
          informationRequests: 0,
          assessedAt: null,
          outcome: null,
          decisionNumber: 0,
          decidedAt: null,
          decidedOn: null,
          decidedBy: null,
          channelArea: null,
          signedOffBy: null,
          signedOffAt: null,
          reopenedAt: null,
          withdrawnAt: null,
          withdrawalReason: null,
        },
      );
      return;
    }
    const key = { referralId: event.data.referralId };
    const row = await manager.findOneBy(ReferralListRow, key);
    await advance(manager, ReferralListRow, this.name, key, recorded.revision, row ? this.change(event, row) : {});
  }

  /** What the event changes in the row (nothing for an event the list does not show). */
  private change(event: ReferralEvent, row: ReferralListRow): Partial<ReferralListRow> {
    const triage = (): Partial<ReferralListRow> =>
      row.status === 'received' || row.status === 'acknowledged' || row.status === 'assigned'
        ? { status: 'in-triage' }
        : {};
    switch (event.type) {
      case 'ReferralReceived':
        return {};
      case 'ReferralAcknowledged':
        return {
          acknowledgedAt: new Date(event.data.acknowledgedAt),
          ...(row.status === 'received' ? { status: 'acknowledged' as const } : {}),
        };
      case 'ReferralAssigned':
      case 'ReferralReassigned': {
        const at = new Date(event.type === 'ReferralAssigned' ? event.data.assignedAt : event.data.reassignedAt);
        return {
          officerId: event.data.officerId,
          assignedAt: at,
          ...(row.status === 'received' || row.status === 'acknowledged' ? { status: 'assigned' as const } : {}),
        };
      }
      case 'DeconflictionCleared':
        return { deconfliction: 'cleared', ...triage() };
      case 'InformationRequested':
        return { informationRequests: row.informationRequests + 1, ...triage() };
      case 'InformationReceived':
        return triage();
      case 'GatewayAssessmentRecorded':
        return { assessedAt: new Date(event.data.assessedAt), ...triage() };
      case 'ReferralClosedForInvestigation':
        return this.decided(event.data.outcome, event.data.decisionNumber, event.data.closedAt, null, null, {
          deconfliction: 'live-investigation',
        });
      case 'ReferralDecided':
        return this.decided(
          event.data.outcome,
          event.data.decisionNumber,
          event.data.decidedAt,
          event.data.decidedBy,
          event.data.channelArea ?? null,
        );
      case 'DecisionSignedOff':
        return { signedOffBy: event.data.supervisorId, signedOffAt: new Date(event.data.signedOffAt) };
      case 'ReferralReopened':
        return {
          status: 'reopened',
          reopenedAt: new Date(event.data.reopenedAt),
          awaitingDecisionSince: londonDate(new Date(event.data.reopenedAt)),
          signedOffBy: null,
          signedOffAt: null,
        };
      case 'ReferralDetailsCorrected':
        return {
          ...(event.data.area !== undefined && { area: event.data.area }),
          ...(event.data.region !== undefined && { region: event.data.region }),
          ...(event.data.sector !== undefined && { sector: event.data.sector }),
          ...(event.data.concernTypes !== undefined && {
            concernCodeList: event.data.concernTypes.codeList,
            concernTypes: [...event.data.concernTypes.codes],
          }),
        };
      case 'ReferralLinkedToSubject':
        return { subjectId: event.data.subjectId };
      case 'ReferralWithdrawn':
        return {
          status: 'withdrawn',
          withdrawnAt: new Date(event.data.withdrawnAt),
          withdrawalReason: event.data.reason,
          awaitingDecisionSince: null,
        };
      default: {
        const unknown: never = event;
        void unknown;
        return {};
      }
    }
  }

  private decided(
    outcome: string,
    decisionNumber: number,
    at: string,
    decidedBy: string | null,
    channelArea: string | null,
    extra: Partial<ReferralListRow> = {},
  ): Partial<ReferralListRow> {
    const decidedAt = new Date(at);
    return {
      status: 'decided',
      outcome,
      decisionNumber,
      decidedAt,
      decidedOn: londonDate(decidedAt),
      decidedBy,
      channelArea,
      awaitingDecisionSince: null,
      signedOffBy: null,
      signedOffAt: null,
      ...extra,
    };
  }
}

/** Whether a status still waits for the police's decision. */
export function awaitsDecision(status: string): boolean {
  return AWAITING.includes(status);
}
