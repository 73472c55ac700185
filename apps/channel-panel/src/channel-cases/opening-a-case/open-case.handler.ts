import { Inject, Injectable } from '@nestjs/common';
import { AccessError, canSeeRecord } from '@lib/auth';
import { Clock, CommandRunner, EventStore, WrongExpectedRevisionError, type CommandContext } from '@lib/event-store';
import { PersonalDataCipher, isErased } from '@lib/personal-data';
import { digest, uuidV5, type Caller, type CommandAnswer } from '../case-commands.js';
import { channelCaseDecider } from '../domain/channel-case.js';
import { ageOn, type OpenCase } from '../domain/channel-case.commands.js';
import { IdempotencyKeyReusedError } from '../domain/channel-case.errors.js';
import { channelCaseStream, type CaseOpened } from '../domain/channel-case.events.js';
import type { OpenCaseRequest } from './open-case.request.dto.js';

const IDEMPOTENCY_NAMESPACE = '0f5c7f0e-2b7e-4f6c-9d3a-6a1c2b3d4e5f';
const SUBJECT_NAMESPACE = '7e2d9c1b-4a3f-4b5e-8c6d-9e0f1a2b3c4d';

export interface OpenedAnswer extends CommandAnswer {
  readonly created: boolean;
}

/** The coordinator tried to open a case for a person of another area. */
export class CaseAreaOutsideReachError extends AccessError {
  constructor() {
    super('channel-case.area-outside-reach', 'forbidden', 'You may open cases only for your own local authority area.');
  }
}

/**
 * Opens a case. From the intake (`execute`, the consumer's way in): the command as translated, the
 * personal details as the envelopes they arrived. By the local authority (`openByLocalAuthority`):
 * the person's details sealed under a new subject's key first; with an Idempotency-Key the case id
 * is derived from the caller and the key, so a retried POST finds the first case.
 */
@Injectable()
export class OpenCaseHandler {
  private readonly runner: CommandRunner;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {
    this.runner = new CommandRunner(store, clock);
  }

  /** Runs `OpenCase` as given; a redelivered referral finds its case and appends nothing. */
  async execute(command: OpenCase, context: CommandContext): Promise<void> {
    await this.runner.run(channelCaseStream(command.caseId), channelCaseDecider, command, context);
  }

  async openByLocalAuthority(request: OpenCaseRequest, caller: Caller, key: string | undefined): Promise<OpenedAnswer> {
    if (!canSeeRecord(caller.principal, 'case:manage', { area: request.area })) throw new CaseAreaOutsideReachError();
    const fingerprint = key ? digest(request) : undefined;
    const caseId = key ? uuidV5(IDEMPOTENCY_NAMESPACE, `${caller.principal.subject}\n${key}`) : crypto.randomUUID();
    if (fingerprint) {
      const earlier = await this.earlier(caseId, fingerprint);
      if (earlier) return earlier;
    }
    const subjectId = uuidV5(SUBJECT_NAMESPACE, caseId);
    const seal = <T>(value: T) => this.cipher.protect(subjectId, value);
    const now = this.clock.now().toISOString();
    try {
      const outcome = await this.runner.run(
        channelCaseStream(caseId),
        channelCaseDecider,
        {
          type: 'OpenCase',
          caseId,
          origin: 'local-authority',
          subjectId,
          area: request.area,
          region: request.region,
          sector: request.sector,
          concernTypes: { codeList: request.concernTypes.codeList, codes: [...request.concernTypes.codes] },
          ageAtReferral: ageOn(request.dateOfBirth, now),
          gender: request.gender,
          referredAt: now,
          personalDetails: {
            name: await seal({ givenNames: request.name.givenNames, familyName: request.name.familyName }),
            dateOfBirth: await seal(request.dateOfBirth),
            ...(request.address
              ? {
                  address: await seal({
                    lines: [...request.address.lines],
                    ...(request.address.postcode ? { postcode: request.address.postcode } : {}),
                  }),
                }
              : {}),
            concern: await seal({ description: request.concern }),
          },
          ...(fingerprint ? { requestFingerprint: await seal(fingerprint) } : {}),
        },
        { actor: { id: caller.principal.subject, role: caller.role }, correlationId: caller.correlationId },
        { expectedRevision: 'no_stream' },
      );
      return { id: caseId, revision: outcome.revision as number, created: true };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && fingerprint) {
        const earlier = await this.earlier(caseId, fingerprint);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  private async earlier(caseId: string, fingerprint: string): Promise<OpenedAnswer | undefined> {
    const { events, revision } = await this.store.readStream(channelCaseStream(caseId));
    if (revision === 'no_stream') return undefined;
    const opened = events[0] as unknown as CaseOpened;
    const stored = opened.data.requestFingerprint
      ? await this.cipher.reveal<string>(opened.data.requestFingerprint)
      : undefined;
    if (stored === undefined || isErased(stored) || stored !== fingerprint) throw new IdempotencyKeyReusedError();
    return { id: caseId, revision, created: false };
  }
}
