/**
 * A consumer that has moved to a newer version of a contract may still receive the older one
 * (a publisher that has not migrated yet, a replay from the start of a topic). It upcasts the
 * older payload to the version it handles, one version at a time (ADR 025).
 */
export interface ContractUpcaster {
  readonly type: string;
  /** The version this upcaster reads; it produces `fromVersion + 1`. */
  readonly fromVersion: number;
  upcast(payload: unknown): unknown;
}

export class ContractUpcasters {
  private readonly byKey = new Map<string, ContractUpcaster>();

  constructor(upcasters: readonly ContractUpcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`Two upcasters for ${upcaster.type}.v${upcaster.fromVersion}`);
      this.byKey.set(key, upcaster);
    }
  }

  /**
   * Brings a payload of `type` from `version` up to `toVersion`. Throws when a step is missing
   * or when asked to go down: a consumer never downcasts.
   */
  upcast(type: string, version: number, payload: unknown, toVersion: number): unknown {
    if (version > toVersion) {
      throw new Error(`${type}.v${version} is newer than v${toVersion}, the version this consumer handles`);
    }
    let current = payload;
    for (let at = version; at < toVersion; at += 1) {
      const upcaster = this.byKey.get(`${type}@${at}`);
      if (!upcaster) throw new Error(`No upcaster from ${type}.v${at} to v${at + 1}`);
      current = upcaster.upcast(current);
    }
    return current;
  }
}
