import type { JsonSchema } from './contract.js';

/**
 * Compares two versions of a contract's schema and lists what changed, each change marked
 * breaking or not (ADR 025). It covers the simple, common cases — fields added, removed, made
 * required or optional, types, enums, constants and constraints changed, in nested objects and
 * array items; it does not reason about `allOf`/`if`/`then`, which a reviewer reads by hand.
 *
 * "Breaking" means that some message valid under one schema is refused by a reader holding
 * the other: consumers validate what they receive against their own copy of the contract, as
 * a tolerant reader that ignores unknown fields (see `ContractRegistry`), and replays read old
 * messages with new code. A breaking change needs a new version beside the old one.
 */
export type SchemaChangeKind =
  | 'optional-field-added'
  | 'required-field-added'
  | 'field-removed'
  | 'field-made-required'
  | 'field-made-optional'
  | 'type-changed'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'const-changed'
  | 'constraint-changed';

export interface SchemaChange {
  readonly kind: SchemaChangeKind;
  /** JSON-pointer-like path of the field, e.g. `/concernTypes/codes/items`. */
  readonly path: string;
  readonly breaking: boolean;
  readonly detail: string;
}

export interface CompatibilityReport {
  /** True when no change is breaking: the new schema may keep the version. */
  readonly compatible: boolean;
  readonly changes: readonly SchemaChange[];
  readonly breaking: readonly SchemaChange[];
}

const BREAKING: Record<SchemaChangeKind, boolean> = {
  'optional-field-added': false,
  'required-field-added': true,
  'field-removed': true,
  'field-made-required': true,
  'field-made-optional': true,
  'type-changed': true,
  'enum-value-removed': true,
  'enum-value-added': true,
  'const-changed': true,
  'constraint-changed': true,
};

const WHY: Record<SchemaChangeKind, string> = {
  'optional-field-added': 'old consumers ignore it; new consumers find it absent in old messages',
  'required-field-added': 'old messages (replays, producers not yet upgraded) lack it',
  'field-removed': 'consumers rely on it, and its name must never be reused with another meaning',
  'field-made-required': 'old messages may lack it',
  'field-made-optional': 'consumers rely on it being present',
  'type-changed': 'readers of one version refuse values of the other',
  'enum-value-removed': 'old messages carry the removed value',
  'enum-value-added': 'consumers holding the old contract refuse the new value (dead-lettered)',
  'const-changed': 'readers of one version refuse values of the other',
  'constraint-changed': 'a value valid under one version may be refused under the other',
};

const CONSTRAINTS = [
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

export function compareSchemas(previous: JsonSchema, next: JsonSchema): CompatibilityReport {
  const changes: SchemaChange[] = [];
  const add = (kind: SchemaChangeKind, path: string, what: string) =>
    changes.push({ kind, path: path || '/', breaking: BREAKING[kind], detail: `${what}: ${WHY[kind]}` });

  const compare = (before: JsonSchema, after: JsonSchema, path: string) => {
    const typesBefore = typesOf(before);
    const typesAfter = typesOf(after);
    if (typesBefore.join('|') !== typesAfter.join('|')) {
      add('type-changed', path, `type ${typesBefore.join('|') || 'any'} became ${typesAfter.join('|') || 'any'}`);
      return;
    }
    if (Array.isArray(before.enum) || Array.isArray(after.enum)) {
      const valuesBefore = (before.enum as unknown[] | undefined) ?? [];
      const valuesAfter = (after.enum as unknown[] | undefined) ?? [];
      const has = (values: unknown[], value: unknown) =>
        values.some((v) => JSON.stringify(v) === JSON.stringify(value));
      if (!Array.isArray(before.enum)) add('constraint-changed', path, 'an enum was introduced');
      else if (!Array.isArray(after.enum)) add('constraint-changed', path, 'the enum was lifted');
      else {
        for (const value of valuesBefore.filter((v) => !has(valuesAfter, v))) {
          add('enum-value-removed', path, `value ${JSON.stringify(value)} removed`);
        }
        for (const value of valuesAfter.filter((v) => !has(valuesBefore, v))) {
          add('enum-value-added', path, `value ${JSON.stringify(value)} added`);
        }
      }
    }
    if (JSON.stringify(before.const) !== JSON.stringify(after.const)) {
      add('const-changed', path, `const ${JSON.stringify(before.const)} became ${JSON.stringify(after.const)}`);
    }
    for (const keyword of CONSTRAINTS) {
      if (JSON.stringify(before[keyword]) !== JSON.stringify(after[keyword])) {
        add(
          'constraint-changed',
          path,
          `${keyword} ${JSON.stringify(before[keyword]) ?? 'absent'} became ${JSON.stringify(after[keyword]) ?? 'absent'}`,
        );
      }
    }
    const propertiesBefore = propertiesOf(before);
    const propertiesAfter = propertiesOf(after);
    const requiredBefore = new Set((before.required as string[] | undefined) ?? []);
    const requiredAfter = new Set((after.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(propertiesBefore)) {
      const fieldPath = `${path}/${name}`;
      const nextSchema = propertiesAfter[name];
      if (nextSchema === undefined) {
        add('field-removed', fieldPath, `field ${name} removed`);
        continue;
      }
      if (requiredBefore.has(name) && !requiredAfter.has(name))
        add('field-made-optional', fieldPath, `${name} no longer required`);
      if (!requiredBefore.has(name) && requiredAfter.has(name))
        add('field-made-required', fieldPath, `${name} now required`);
      compare(schema, nextSchema, fieldPath);
    }
    for (const name of Object.keys(propertiesAfter)) {
      if (name in propertiesBefore) continue;
      const fieldPath = `${path}/${name}`;
      if (requiredAfter.has(name)) add('required-field-added', fieldPath, `required field ${name} added`);
      else add('optional-field-added', fieldPath, `optional field ${name} added`);
    }
    const itemsBefore = before.items as JsonSchema | undefined;
    const itemsAfter = after.items as JsonSchema | undefined;
    if (itemsBefore && itemsAfter) compare(itemsBefore, itemsAfter, `${path}/items`);
  };

  compare(previous, next, '');
  const breaking = changes.filter((change) => change.breaking);
  return { compatible: breaking.length === 0, changes, breaking };
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (type === undefined) return [];
  return (Array.isArray(type) ? [...(type as string[])] : [type as string]).sort();
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
}
