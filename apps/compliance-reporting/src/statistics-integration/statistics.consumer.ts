import type {
  CaseAdoptedV1,
  CaseClosedV1,
  CaseDiscussedAtPanelV1,
  CaseNotAdoptedV1,
  CaseOpenedV1,
  CaseReturnedToPoliceV1,
  CaseTransferredV1,
  ConsentRecordedV1,
  PostExitReviewCompletedV1,
  ReferralDecidedV1,
  ReferralDetailsCorrectedV1,
  ReferralReceivedV1,
  ReferralWithdrawnV1,
  SupportStartedV1,
} from '@lib/contracts';
import type { IncomingMessage } from '@lib/messaging';
import type pg from 'pg';
import type { ReferralStatisticsProjection } from '../statistics/referral-statistics.projection.js';
import { STATISTICS_PROJECTION_VERSION } from '../statistics/referral-statistics.schema.js';

/**
 * The contracts the statistics are made of. Never `ReferredToChannel`: it carries the person's
 * sealed details, and this service holds no personal data (the registry does not name it a consumer).
 */
export const STATISTICS_TYPES = [
  'ReferralReceived',
  'ReferralDecided',
  'ReferralDetailsCorrected',
  'ReferralWithdrawn',
  'CaseOpened',
  'CaseTransferred',
  'CaseDiscussedAtPanel',
  'CaseAdopted',
  'CaseNotAdopted',
  'ConsentRecorded',
  'SupportStarted',
  'CaseClosed',
  'CaseReturnedToPolice',
  'PostExitReviewCompleted',
] as const;

/** The consumer group of a projection version: a new version reads the topics from their start. */
export function statisticsGroupId(version = STATISTICS_PROJECTION_VERSION): string {
  return `compliance-reporting.statistics.v${version}`;
}

/** Which projection method a message is: the translation itself, shared with the rebuild. */
export async function applyStatisticsMessage(
  projection: ReferralStatisticsProjection,
  message: Pick<IncomingMessage, 'headers' | 'payload'>,
  tx: Pick<pg.ClientBase, 'query'>,
): Promise<void> {
  const payload = message.payload;
  switch (message.headers.type as (typeof STATISTICS_TYPES)[number]) {
    case 'ReferralReceived':
      return projection.referralReceived(tx, payload as ReferralReceivedV1);
    case 'ReferralDecided':
      return projection.referralDecided(tx, payload as ReferralDecidedV1);
    case 'ReferralDetailsCorrected':
      return projection.referralDetailsCorrected(tx, payload as ReferralDetailsCorrectedV1);
    case 'ReferralWithdrawn':
      return projection.referralWithdrawn(tx, payload as ReferralWithdrawnV1);
    case 'CaseOpened':
      return projection.caseOpened(tx, payload as CaseOpenedV1);
    case 'CaseTransferred':
      return projection.caseTransferred(tx, payload as CaseTransferredV1);
    case 'CaseDiscussedAtPanel':
      return projection.caseDiscussedAtPanel(tx, payload as CaseDiscussedAtPanelV1);
    case 'CaseAdopted':
      return projection.caseAdopted(tx, payload as CaseAdoptedV1);
    case 'CaseNotAdopted':
      return projection.caseNotAdopted(tx, payload as CaseNotAdoptedV1);
    case 'ConsentRecorded':
      return projection.consentRecorded(tx, payload as ConsentRecordedV1);
    case 'SupportStarted':
      return projection.supportStarted(tx, payload as SupportStartedV1);
    case 'CaseClosed':
      return projection.caseClosed(tx, payload as CaseClosedV1);
    case 'CaseReturnedToPolice':
      return projection.caseReturnedToPolice(tx, payload as CaseReturnedToPoliceV1);
    case 'PostExitReviewCompleted':
      return projection.postExitReviewCompleted(tx, payload as PostExitReviewCompletedV1);
    default:
      return; // a type the consumer does not act on (the transport filters them first)
  }
}
