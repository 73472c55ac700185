import { Inject, Injectable } from '@nestjs/common';
import {
  CASES_TOPIC,
  REFERRALS_TOPIC,
  type CaseAdoptedV1,
  type CaseClosedV1,
  type CaseDiscussedAtPanelV1,
  type CaseNotAdoptedV1,
  type CaseOpenedV1,
  type CaseReturnedToPoliceV1,
  type CaseTransferredV1,
  type ConsentRecordedV1,
  type PostExitReviewCompletedV1,
  type ReferralDecidedV1,
  type ReferralDetailsCorrectedV1,
  type ReferralReceivedV1,
  type ReferralWithdrawnV1,
  type SupportStartedV1,
} from '@lib/contracts';
import type { IncomingMessage } from '@lib/messaging';
import { IntegrationEventConsumer } from '@lib/platform';
import type pg from 'pg';
import { ReferralStatisticsProjection } from '../statistics/referral-statistics.projection.js';
import { StatisticsSchemaInstaller } from '../statistics/statistics-schema.installer.js';
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

/**
 * Translates the intake's and the panel's integration events into the statistics projection, on
 * the inbox's transaction: each message has its effect once (ADR 028, ADR 090).
 */
@Injectable()
export class StatisticsConsumer extends IntegrationEventConsumer {
  readonly groupId = statisticsGroupId();
  readonly topics = [REFERRALS_TOPIC.name, CASES_TOPIC.name];
  readonly types = [...STATISTICS_TYPES];

  constructor(@Inject(StatisticsSchemaInstaller) private readonly schema: StatisticsSchemaInstaller) {
    super();
  }

  async handle(message: IncomingMessage, tx: pg.PoolClient): Promise<void> {
    await this.schema.ready();
    await applyStatisticsMessage(this.schema.projection, message, tx);
  }
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
