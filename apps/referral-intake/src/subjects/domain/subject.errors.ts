import { DomainError } from '@lib/domain';

export class SubjectNotFoundError extends DomainError {
  readonly code = 'subject.not-found';
  readonly kind = 'not-found' as const;
  constructor(readonly subjectId: string) {
    super(`Subject ${subjectId} was not found`);
    this.name = 'SubjectNotFoundError';
  }
}

export class SubjectAlreadyRegisteredError extends DomainError {
  readonly code = 'subject.already-registered';
  readonly kind = 'conflict' as const;
  constructor(readonly subjectId: string) {
    super(`Subject ${subjectId} is already registered`);
    this.name = 'SubjectAlreadyRegisteredError';
  }
}

export class NothingToCorrectInSubjectError extends DomainError {
  readonly code = 'subject.nothing-to-correct';
  readonly kind = 'rule-violated' as const;
  constructor() {
    super('A correction of a subject changes at least one detail');
    this.name = 'NothingToCorrectInSubjectError';
  }
}
