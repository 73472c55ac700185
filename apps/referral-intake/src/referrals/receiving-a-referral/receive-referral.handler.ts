import { randomUUID, createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccessError, canSeeRecord } from '@lib/auth';
import type { Region, Sector, CodedValues } from '@lib/contracts';
import { Clock, CommandRunner, EventStore, WrongExpectedRevisionError } from '@lib/event-store';
import { PersonalDataCipher, isErased } from '@lib/personal-data';
import { subjectDecider, type Subject } from '../../subjects/domain/subject.js';
import { SubjectAlreadyRegisteredError, SubjectNotFoundError } from '../../subjects/domain/subject.errors.js';
import { subjectStream, type SubjectDetails, type SubjectEvent } from '../../subjects/domain/subject.events.js';
import { referralDecider } from '../domain/referral.js';
import { ageOn } from '../domain/referral.commands.js';
import { IdempotencyKeyReusedError } from '../domain/referral.errors.js';
import { referralStream, type ReceivedVia, type ReferralReceived } from '../domain/referral.events.js';
import { uuidV5, type Caller, type CommandAnswer } from '../referral-commands.js';
import type { NewSubjectDto, ReceiveReferralRequest } from './receive-referral.request.dto.js';

/** Namespace of the referral ids derived from (caller, Idempotency-Key). */
const IDEMPOTENCY_NAMESPACE = '6d1f4a52-8c47-4d0e-9b1b-2f6f2e8f9a31';
const SUBJECT_NAMESPACE = 'b3c1e0a4-5d6f-4e7a-8b9c-0d1e2f3a4b5c';

export interface ReceivedAnswer extends CommandAnswer {
  readonly subjectId: string;
  /** When the referral was recorded (its `ReferralReceived`). */
  readonly receivedAt: string;
  /** False when a retried request found the referral its first attempt made. */
  readonly created: boolean;
}

/**
 * A partner referrer submitted a referral about a person of another area than its own (ADR 033).
 * Forbidden (403), not a rule of the referral (422): the same form from a partner of that area is
 * accepted. Nothing exists yet whose existence a 404 would hide.
 */
export class PartnerAreaOutsideReachError extends AccessError {
  constructor() {
    super(
      'referral.partner-area-outside-reach',
      'forbidden',
      'You may submit referrals only about people of your own local authority area.',
    );
  }
}

/**
 * Records a new referral: registers the person (or links an earlier record of them), then the
 * referral, every personal value sealed under the person's key first. With an Idempotency-Key the
 * referral id is derived from the caller and the key, and appended only if the stream is new, so a
 * retried POST finds the first referral; the same key with a different body is refused.
 */
@Injectable()
export class ReceiveReferralHandler {
  private readonly runner: CommandRunner;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {
    this.runner = new CommandRunner(store, clock);
  }

  async execute(
    request: ReceiveReferralRequest,
    via: ReceivedVia,
    caller: Caller,
    idempotencyKey: string | undefined,
  ): Promise<ReceivedAnswer> {
    if (
      via === 'partner-form' &&
      !canSeeRecord(caller.principal, 'referral:submit-partner', { area: request.subject?.area ?? '' })
    ) {
      throw new PartnerAreaOutsideReachError();
    }
    const fingerprint = idempotencyKey ? digest({ via, request }) : undefined;
    const referralId = idempotencyKey
      ? uuidV5(IDEMPOTENCY_NAMESPACE, `${caller.principal.subject}\n${idempotencyKey}`)
      : randomUUID();
    if (fingerprint) {
      const earlier = await this.earlier(referralId, fingerprint);
      if (earlier) return earlier;
    }
    const context = { actor: { id: caller.principal.subject, role: caller.role }, correlationId: caller.correlationId };
    const person = request.subjectId
      ? await this.linked(request.subjectId, caller)
      : await this.register(uuidV5(SUBJECT_NAMESPACE, referralId), request.subject!, context);
    const sealFor = <T>(value: T) => this.cipher.protect(person.subjectId, value);
    try {
      const outcome = await this.runner.run(
        referralStream(referralId),
        referralDecider,
        {
          type: 'ReceiveReferral',
          referralId,
          subjectId: person.subjectId,
          receivedVia: via,
          area: person.area,
          region: request.region as Region,
          sector: request.sector as Sector,
          concernTypes: {
            codeList: request.concernTypes.codeList,
            codes: [...request.concernTypes.codes],
          } as CodedValues,
          gender: person.gender,
          ...(person.dateOfBirth ? { ageAtReferral: ageOn(person.dateOfBirth, this.clock.now().toISOString()) } : {}),
          subjectAware: request.subjectAware,
          referrer: await sealFor({
            name: request.referrer.name,
            ...pick(request.referrer, ['role', 'organisation', 'phone', 'email']),
          }),
          concern: await sealFor({
            description: request.concern.description,
            ...pick(request.concern, [
              'howItArose',
              'warningSigns',
              'complexNeeds',
              'otherSafeguardingConcerns',
              'otherAgenciesInvolved',
              'spokenToPersonOrParents',
            ]),
          }),
          ...(fingerprint ? { requestFingerprint: await sealFor(fingerprint) } : {}),
        },
        context,
        { expectedRevision: 'no_stream' },
      );
      const received = outcome.events[0] as ReferralReceived;
      return {
        referralId,
        subjectId: person.subjectId,
        revision: outcome.revision as number,
        receivedAt: received.data.receivedAt,
        created: true,
      };
    } catch (error) {
      // a concurrent retry with the same key got there first
      if (error instanceof WrongExpectedRevisionError && fingerprint) {
        const earlier = await this.earlier(referralId, fingerprint);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  private async earlier(referralId: string, fingerprint: string): Promise<ReceivedAnswer | undefined> {
    const { events, revision } = await this.store.readStream(referralStream(referralId));
    if (revision === 'no_stream') return undefined;
    const received = events[0] as unknown as ReferralReceived;
    const stored = received.data.requestFingerprint
      ? await this.cipher.reveal<string>(received.data.requestFingerprint)
      : undefined;
    if (stored === undefined || isErased(stored) || stored !== fingerprint) throw new IdempotencyKeyReusedError();
    return {
      referralId,
      subjectId: received.data.subjectId,
      revision,
      receivedAt: received.data.receivedAt,
      created: false,
    };
  }

  private async linked(subjectId: string, caller: Caller): Promise<Person> {
    const { events } = await this.store.readStream(subjectStream(subjectId));
    const state = events.reduce(
      (current, event) => subjectDecider.evolve(current, { type: event.type, data: event.data } as SubjectEvent),
      subjectDecider.initialState() as Subject,
    );
    if (state.status === 'none' || !canSeeRecord(caller.principal, 'subject:read', { area: state.area })) {
      throw new SubjectNotFoundError(subjectId);
    }
    let dateOfBirth: string | undefined;
    for (const event of await this.cipher.reveal<{ data: { details: Partial<Record<string, unknown>> } }[]>(
      events.map((event) => ({ data: event.data })),
    )) {
      const value = event.data.details?.dateOfBirth;
      if (typeof value === 'string') dateOfBirth = value;
    }
    return { subjectId, area: state.area, gender: state.gender, ...(dateOfBirth ? { dateOfBirth } : {}) };
  }

  private async register(
    subjectId: string,
    subject: NewSubjectDto,
    context: { actor: { id: string; role: string }; correlationId: string },
  ): Promise<Person> {
    const seal = <T>(value: T) => this.cipher.protect(subjectId, value);
    const details: Record<string, unknown> = {
      name: await seal({ givenNames: subject.name.givenNames, familyName: subject.name.familyName }),
    };
    const optional = {
      otherNames: subject.otherNames?.map((name) => ({ givenNames: name.givenNames, familyName: name.familyName })),
      dateOfBirth: subject.dateOfBirth,
      address: subject.address
        ? {
            lines: [...subject.address.lines],
            ...(subject.address.postcode ? { postcode: subject.address.postcode } : {}),
          }
        : undefined,
      ethnicity: subject.ethnicity,
      nationality: subject.nationality,
      languages: subject.languages ? [...subject.languages] : undefined,
      educationOrOccupation: subject.educationOrOccupation,
      identifiers: subject.identifiers?.map((id) => ({ scheme: id.scheme, value: id.value })),
      onlineIdentities: subject.onlineIdentities?.map((id) => ({ platform: id.platform, handle: id.handle })),
      mentalHealthOrNeurodiversityNeeds: subject.mentalHealthOrNeurodiversityNeeds,
    };
    for (const [field, value] of Object.entries(optional)) {
      if (value !== undefined) details[field] = await seal(value);
    }
    try {
      await this.runner.run(
        subjectStream(subjectId),
        subjectDecider,
        {
          type: 'RegisterSubject',
          subjectId,
          area: subject.area,
          gender: subject.gender,
          details: details as unknown as SubjectDetails,
        },
        context,
        { expectedRevision: 'no_stream' },
      );
    } catch (error) {
      // registered by an earlier attempt of the same request, which stopped before the referral
      if (!(error instanceof WrongExpectedRevisionError) && !(error instanceof SubjectAlreadyRegisteredError))
        throw error;
    }
    return {
      subjectId,
      area: subject.area,
      gender: subject.gender,
      ...(subject.dateOfBirth ? { dateOfBirth: subject.dateOfBirth } : {}),
    };
  }
}

interface Person {
  readonly subjectId: string;
  readonly area: string;
  readonly gender: Subject extends infer S ? (S extends { gender: infer G } ? G : never) : never;
  readonly dateOfBirth?: string;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** A canonical digest of a request: keys sorted, so the same body always gives the same digest. */
function digest(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
