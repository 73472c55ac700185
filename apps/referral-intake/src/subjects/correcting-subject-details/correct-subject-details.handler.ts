import { Inject, Injectable } from '@nestjs/common';
import { canSeeRecord } from '@lib/auth';
import { Clock, CommandRunner, EventStore, WrongExpectedRevisionError } from '@lib/event-store';
import { PersonalDataCipher } from '@lib/personal-data';
import { RevisionRequiredError, StaleRevisionError } from '../../referrals/domain/referral.errors.js';
import type { Caller, CommandAnswer } from '../../referrals/referral-commands.js';
import { subjectDecider, type Subject } from '../domain/subject.js';
import { SubjectNotFoundError } from '../domain/subject.errors.js';
import { subjectStream, type SubjectDetails, type SubjectEvent } from '../domain/subject.events.js';
import type { CorrectSubjectDetailsRequest } from './correct-subject-details.request.dto.js';

/** What a correction answers: the subject id and the subject stream's new revision (its ETag). */
export interface SubjectCommandAnswer {
  readonly subjectId: string;
  readonly revision: number;
}

/**
 * Corrects a subject's details with a reason: every new value sealed under the subject's own
 * key, pinned to the revision the officer saw (If-Match). A subject outside the officer's reach
 * is not found.
 */
@Injectable()
export class CorrectSubjectDetailsHandler {
  private readonly runner: CommandRunner;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) clock: Clock,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {
    this.runner = new CommandRunner(store, clock);
  }

  async execute(
    subjectId: string,
    request: CorrectSubjectDetailsRequest,
    ifMatch: number | undefined,
    caller: Caller,
  ): Promise<SubjectCommandAnswer> {
    if (ifMatch === undefined) throw new RevisionRequiredError();
    const { events, revision } = await this.store.readStream(subjectStream(subjectId));
    const state = events.reduce(
      (current, event) => subjectDecider.evolve(current, { type: event.type, data: event.data } as SubjectEvent),
      subjectDecider.initialState() as Subject,
    );
    if (state.status === 'none' || revision === 'no_stream') throw new SubjectNotFoundError(subjectId);
    if (!canSeeRecord(caller.principal, 'subject:correct', { area: state.area })) {
      throw new SubjectNotFoundError(subjectId);
    }
    if (revision !== ifMatch) throw new StaleRevisionError(ifMatch, revision);

    const seal = <T>(value: T) => this.cipher.protect(subjectId, value);
    const values: Record<string, unknown> = {
      name: request.name ? { givenNames: request.name.givenNames, familyName: request.name.familyName } : undefined,
      otherNames: request.otherNames?.map((name) => ({ givenNames: name.givenNames, familyName: name.familyName })),
      dateOfBirth: request.dateOfBirth,
      address: request.address
        ? {
            lines: [...request.address.lines],
            ...(request.address.postcode ? { postcode: request.address.postcode } : {}),
          }
        : undefined,
      ethnicity: request.ethnicity,
      nationality: request.nationality,
      languages: request.languages ? [...request.languages] : undefined,
      educationOrOccupation: request.educationOrOccupation,
      identifiers: request.identifiers?.map((id) => ({ scheme: id.scheme, value: id.value })),
      onlineIdentities: request.onlineIdentities?.map((id) => ({ platform: id.platform, handle: id.handle })),
      mentalHealthOrNeurodiversityNeeds: request.mentalHealthOrNeurodiversityNeeds,
    };
    const details: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(values)) {
      if (value !== undefined) details[field] = await seal(value);
    }
    try {
      const outcome = await this.runner.run(
        subjectStream(subjectId),
        subjectDecider,
        {
          type: 'CorrectSubjectDetails',
          subjectId,
          ...(request.area !== undefined ? { area: request.area } : {}),
          ...(request.gender !== undefined ? { gender: request.gender } : {}),
          details: details as Partial<SubjectDetails>,
          reason: await seal(request.reason),
        },
        { actor: { id: caller.principal.subject, role: caller.role }, correlationId: caller.correlationId },
        { expectedRevision: ifMatch },
      );
      return { subjectId, revision: outcome.revision as number };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw new StaleRevisionError(ifMatch, error.actual);
      throw error;
    }
  }
}

export type { CommandAnswer };
