/**
 * Errors of personal data protection. Their messages never carry personal data, key material or
 * ciphertext; `code` is stable and safe to match on.
 */
export abstract class PersonalDataError extends Error {
  abstract readonly code: string;
}

/** An envelope failed authentication: its ciphertext, IV, tag or subject was altered, or it is malformed. */
export class PersonalDataIntegrityError extends PersonalDataError {
  readonly code = 'personal-data.integrity';
  constructor(detail: string) {
    super(`A protected personal data envelope failed its integrity check (${detail})`);
    this.name = 'PersonalDataIntegrityError';
  }
}

/** The subject's key was destroyed (crypto-shredded): no new personal data may be protected under it. */
export class SubjectKeyDestroyedError extends PersonalDataError {
  readonly code = 'personal-data.key-destroyed';
  constructor() {
    super("The data subject's key has been destroyed; their personal data can no longer be recorded");
    this.name = 'SubjectKeyDestroyedError';
  }
}

/** A stored data key could not be unwrapped: the key-encryption key is wrong or the key row was altered. */
export class KeyUnwrapError extends PersonalDataError {
  readonly code = 'personal-data.key-unwrap';
  constructor() {
    super('A data key could not be unwrapped: wrong key-encryption key, or the key table was altered');
    this.name = 'KeyUnwrapError';
  }
}

export class InvalidPersonalDataInputError extends PersonalDataError {
  readonly code = 'personal-data.invalid-input';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPersonalDataInputError';
  }
}
