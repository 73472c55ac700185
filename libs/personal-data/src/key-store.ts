/** Who destroyed a key and why, kept as the record of the erasure. */
export interface KeyDestruction {
  readonly actorId: string;
  readonly reason: string;
}

/**
 * Holds one data key per data subject (the person a referral or case is about). Destroying a
 * subject's key is crypto-shredding: everything encrypted under it becomes unreadable everywhere.
 * Abstract class so that it doubles as the Nest DI token.
 */
export abstract class KeyStore {
  /**
   * The subject's 32-byte data key, created on first use. Concurrent first calls for the same
   * subject return the same key. Throws SubjectKeyDestroyedError once the key is destroyed.
   */
  abstract getOrCreateKey(subjectId: string): Promise<Buffer>;
  /** Keys of the given subjects; subjects that never had a key are absent from the map. */
  abstract findKeys(subjectIds: readonly string[]): Promise<Map<string, Buffer | 'destroyed'>>;
  /** Idempotent; the first destruction's actor, reason and time are the ones kept. */
  abstract destroyKey(subjectId: string, by: KeyDestruction): Promise<void>;
  abstract isDestroyed(subjectId: string): Promise<boolean>;
}

export const DATA_KEY_BYTES = 32;
