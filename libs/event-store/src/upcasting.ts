/**
 * Stored events are never rewritten. When an event type's data shape changes, its schema
 * version goes up and an upcaster turns the old shape into the next one as it is read.
 * Upcasters chain: version 1 → 2 → 3.
 */
export interface Upcaster {
  readonly type: string;
  /** The version this upcaster reads; it produces `fromVersion + 1`. */
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    const key = `${upcaster.type}@${upcaster.fromVersion}`;
    if (this.byKey.has(key)) throw new Error(`Two upcasters for ${key}`);
    this.byKey.set(key, upcaster);
    return this;
  }

  /** Brings `data` of `type` from `schemaVersion` to the newest version that has an upcaster. */
  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (
      let upcaster = this.byKey.get(`${type}@${version}`);
      upcaster;
      upcaster = this.byKey.get(`${type}@${version}`)
    ) {
      current = upcaster.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
