import {
  REFERRALS_TOPIC,
  type PersonalDataEnvelope,
  type ReferralDecidedV1,
  type ReferralDetailsCorrectedV1,
  type ReferralReceivedV1,
  type ReferralWithdrawnV1,
  type ReferredPersonDetails,
  type ReferredToChannelV1,
} from '@lib/contracts';
import type { RecordedEvent } from '@lib/event-store';
import type { OutgoingMessageWithTopic } from '@lib/messaging';
import type { SubjectDetails, SubjectEvent } from '../../subjects/domain/subject.events.js';
import { ageOn } from '../domain/referral.commands.js';
import type { Referral, ReferralFacts } from '../domain/referral.js';
import type { ReferralEvent, ReferralReceived } from '../domain/referral.events.js';

/**
 * What the intake tells the other contexts (ADR 026, ADR 052): the referral's domain events that
 * other contexts need, as contracts v1 on `referral-intake.referrals`, keyed by the referral's
 * stream. Pure: what it needs beyond the event is handed to it in a {@link MappingContext}.
 *
 * Statistical contracts carry codes, whole-year ages and dates only: rationales, explanations,
 * partners, notes and every envelope of the domain events stay in the intake. `ReferredToChannel`
 * also carries the details the panel needs, as the envelopes they already are (sealed under the
 * subject's key), never opened here.
 */
export const REFERRAL_RELAY_CATEGORIES = ['referral'] as const;

const topic = REFERRALS_TOPIC.name;

/** What the mapping of one event may need besides the event itself, as of that event. */
export interface MappingContext {
  /** The referral as it stood before the event (folded with the referral decider's `evolve`). */
  readonly before?: Referral;
  /** The referral's `ReferralReceived` data (its concern envelope). */
  readonly received?: ReferralReceived['data'];
  /** The subject's personal details as of the event, sealed. */
  readonly subjectDetails?: Partial<SubjectDetails>;
  /** The subject's date of birth as of the event, revealed (ISO date), when the event has no age. */
  readonly dateOfBirth?: string;
}

/** Which context an event needs, so that the loader reads nothing for the others. */
export function contextNeeded(event: RecordedEvent): { referral: boolean; subject: boolean; dateOfBirth: boolean } {
  const domain = event as unknown as ReferralEvent;
  switch (domain.type) {
    case 'ReferralReceived':
      return { referral: false, subject: false, dateOfBirth: domain.data.ageAtReferral === undefined };
    case 'ReferralDecided':
      return domain.data.outcome === 'referred-to-channel'
        ? { referral: true, subject: true, dateOfBirth: false }
        : { referral: false, subject: false, dateOfBirth: false };
    default:
      return { referral: false, subject: false, dateOfBirth: false };
  }
}

export function referralIntegrationEvents(
  event: RecordedEvent,
  context: MappingContext = {},
): OutgoingMessageWithTopic[] {
  const domain = event as unknown as ReferralEvent;
  switch (domain.type) {
    case 'ReferralReceived': {
      const data = domain.data;
      const age = data.ageAtReferral ?? (context.dateOfBirth ? ageOn(context.dateOfBirth, data.receivedAt) : undefined);
      const payload: ReferralReceivedV1 = {
        referralId: data.referralId,
        area: data.area,
        region: data.region,
        sector: data.sector,
        concernTypes: codes(data.concernTypes),
        ...(age !== undefined ? { ageAtReferral: age } : {}),
        gender: data.gender,
        receivedAt: data.receivedAt,
      };
      return [{ topic, type: 'ReferralReceived', version: 1, payload }];
    }
    case 'ReferralDecided': {
      const data = domain.data;
      const decided: ReferralDecidedV1 = {
        referralId: data.referralId,
        outcome: data.outcome,
        decisionNumber: data.decisionNumber,
        ...(data.outcome === 'signposted' && data.signpostedTo ? { signpostedTo: codes(data.signpostedTo) } : {}),
        ...(data.outcome === 'referred-to-channel' && data.channelArea ? { channelArea: data.channelArea } : {}),
        decidedAt: data.decidedAt,
      };
      const messages: OutgoingMessageWithTopic[] = [{ topic, type: 'ReferralDecided', version: 1, payload: decided }];
      if (data.outcome === 'referred-to-channel') {
        messages.push({
          topic,
          type: 'ReferredToChannel',
          version: 1,
          payload: referredToChannel(domain.data, context),
        });
      }
      return messages;
    }
    case 'ReferralClosedForInvestigation': {
      const data = domain.data;
      const payload: ReferralDecidedV1 = {
        referralId: data.referralId,
        outcome: data.outcome,
        decisionNumber: data.decisionNumber,
        decidedAt: data.closedAt,
      };
      return [{ topic, type: 'ReferralDecided', version: 1, payload }];
    }
    case 'ReferralDetailsCorrected': {
      const data = domain.data;
      const payload: ReferralDetailsCorrectedV1 = {
        referralId: data.referralId,
        ...(data.area !== undefined ? { area: data.area } : {}),
        ...(data.region !== undefined ? { region: data.region } : {}),
        ...(data.sector !== undefined ? { sector: data.sector } : {}),
        ...(data.concernTypes !== undefined ? { concernTypes: codes(data.concernTypes) } : {}),
        ...(data.ageAtReferral !== undefined ? { ageAtReferral: data.ageAtReferral } : {}),
        ...(data.gender !== undefined ? { gender: data.gender } : {}),
        correctedAt: data.correctedAt,
      };
      // a correction of the reason alone (nothing statistical changed) tells the others nothing
      return Object.keys(payload).length > 2 ? [{ topic, type: 'ReferralDetailsCorrected', version: 1, payload }] : [];
    }
    case 'ReferralWithdrawn': {
      const data = domain.data;
      const payload: ReferralWithdrawnV1 = {
        referralId: data.referralId,
        reason: data.reason,
        withdrawnAt: data.withdrawnAt,
      };
      return [{ topic, type: 'ReferralWithdrawn', version: 1, payload }];
    }
    default:
      // acknowledged, assigned, de-confliction cleared, information, assessment, sign-off, reopened,
      // linked: the intake's own work, nothing another context acts on
      return [];
  }
}

function referredToChannel(
  data: Extract<ReferralEvent, { type: 'ReferralDecided' }>['data'],
  context: MappingContext,
): ReferredToChannelV1 {
  const referral = context.before;
  if (!referral || referral.status === 'none') {
    throw new Error(`referral ${data.referralId} was referred to Channel but its history was not given`);
  }
  const facts: ReferralFacts = referral;
  const details = context.subjectDetails;
  const concern = context.received?.concern;
  if (!details?.name || !concern) {
    throw new Error(`referral ${data.referralId}: the subject's name and the concern are needed by the panel`);
  }
  const personalDetails: ReferredPersonDetails = {
    name: envelope(details.name),
    ...(details.otherNames ? { otherNames: envelope(details.otherNames) } : {}),
    ...(details.dateOfBirth ? { dateOfBirth: envelope(details.dateOfBirth) } : {}),
    ...(details.address ? { address: envelope(details.address) } : {}),
    concern: envelope(concern),
  };
  const profile = facts.profile;
  return {
    referralId: data.referralId,
    subjectId: facts.subjectId,
    area: data.channelArea ?? profile.area,
    region: profile.region,
    sector: profile.sector,
    concernTypes: codes(profile.concernTypes),
    ...(profile.ageAtReferral !== undefined ? { ageAtReferral: profile.ageAtReferral } : {}),
    gender: profile.gender,
    referredAt: data.decidedAt,
    personalDetails,
  };
}

/** The subject's sealed details as of an event: registration, then each correction's new envelopes. */
export function subjectDetailsOf(history: readonly SubjectEvent[]): Partial<SubjectDetails> | undefined {
  let details: Partial<SubjectDetails> | undefined;
  for (const event of history) {
    if (event.type === 'SubjectRegistered') details = { ...event.data.details };
    else if (details) details = { ...details, ...event.data.details };
  }
  return details;
}

/** Only the envelope's own fields, whatever else the domain's value carries. */
function envelope(value: PersonalDataEnvelope): PersonalDataEnvelope {
  return { $pd: value.$pd, s: value.s, iv: value.iv, ct: value.ct, tag: value.tag };
}

function codes(values: { readonly codeList: string; readonly codes: readonly string[] }) {
  return { codeList: values.codeList, codes: [...values.codes] };
}
