import type { RecordedEvent } from '@lib/event-store';
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * A projection turns the events of some stream categories into rows of its read-model tables.
 * `apply` runs inside the runner's transaction (one per event) and must be safe to replay: use
 * {@link createAtRevision} and {@link advance}, which apply an event only when the row is exactly
 * one revision behind it.
 */
export interface Projection {
  /** Names it in logs and errors (`referral_list`). */
  readonly name: string;
  /** The stream categories it reads (`referral`). */
  readonly categories: readonly string[];
  /** The tables it writes: emptied on a rebuild. */
  readonly entities: readonly EntityTarget<ObjectLiteral>[];
  apply(event: RecordedEvent, manager: EntityManager): Promise<void>;
}

/** The DI token of the projections a service's read-models module runs. */
export const PROJECTIONS = Symbol('read-models:projections');

/** Rows kept by a projection carry the revision of the stream event they last applied. */
export interface RevisionedRow {
  revision: number;
}

/**
 * An event arrived whose predecessor in its stream was never applied to the row: the read model
 * missed an event (or was emptied without its checkpoint). The runner stops on it rather than
 * build on a hole; a rebuild starts again from the beginning.
 */
export class ProjectionGapError extends Error {
  readonly code = 'read-model.gap';

  constructor(
    readonly projection: string,
    readonly key: string,
    readonly revision: number,
    readonly found: number | undefined,
  ) {
    super(
      `${projection}: ${key} received revision ${revision} but is at ${found === undefined ? 'no row' : `revision ${found}`}`,
    );
    this.name = 'ProjectionGapError';
  }
}

export type Applied = 'applied' | 'duplicate';

/**
 * Creates the row of a stream's first event (revision 0 for a stream the projection follows from
 * its start). A row that is already there means the event was applied before: skipped.
 */
export async function createAtRevision<T extends ObjectLiteral & RevisionedRow>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  projection: string,
  key: FindOptionsWhere<T>,
  row: T,
): Promise<Applied> {
  const existing = await manager.findOneBy(entity, key);
  if (existing) {
    if (existing.revision >= row.revision) return 'duplicate';
    throw new ProjectionGapError(projection, JSON.stringify(key), row.revision, existing.revision);
  }
  if (row.revision !== 0) throw new ProjectionGapError(projection, JSON.stringify(key), row.revision, undefined);
  await manager.insert(entity, row as never);
  return 'applied';
}

/**
 * Applies `change` only when the row is exactly one revision behind `revision`; an older or equal
 * revision is a duplicate (skipped), a newer one a gap ({@link ProjectionGapError}). Every event of
 * the stream must pass through here, even one that changes nothing, to keep the revision moving.
 */
export async function advance<T extends ObjectLiteral & RevisionedRow>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  projection: string,
  key: FindOptionsWhere<T>,
  revision: number,
  change: Partial<T> = {},
): Promise<Applied> {
  const { affected } = await manager.update(
    entity,
    { ...key, revision: revision - 1 } as FindOptionsWhere<T>,
    {
      ...change,
      revision,
    } as never,
  );
  if (affected && affected > 0) return 'applied';
  const row = await manager.findOneBy(entity, key);
  if (!row || row.revision < revision) {
    throw new ProjectionGapError(projection, JSON.stringify(key), revision, row?.revision);
  }
  return 'duplicate';
}
