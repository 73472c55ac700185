import { Inject, Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@lib/event-store';
import { isErased, PersonalDataCipher } from '@lib/personal-data';
import { advance, createAtRevision, type Projection } from '@lib/platform';
import type { EntityManager } from 'typeorm';
import { nameTokens, phoneticKey } from '../../matching/name-normalisation.js';
import { SUBJECT_CATEGORY, type PersonName, type SubjectEvent } from '../../domain/subject.events.js';
import { SubjectSearchRow, type NameKeys } from './subject-search.row.js';

/**
 * Keeps {@link SubjectSearchRow} from the subject streams. The names and the date of birth are
 * sealed in the events: the projection reveals them, keeps only their normalised keys, and keeps
 * nothing but a tombstone when they come back as erased markers (a destroyed key, on a rebuild).
 */
@Injectable()
export class SubjectSearchProjection implements Projection {
  readonly name = 'subject_search';
  readonly categories = [SUBJECT_CATEGORY];
  readonly entities = [SubjectSearchRow];

  constructor(@Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher) {}

  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = recorded as RecordedEvent & SubjectEvent;
    const key = { subjectId: event.data.subjectId };
    if (event.type === 'SubjectRegistered') {
      const { name, otherNames, dateOfBirth } = event.data.details;
      const revealed = await this.reveal({ name, otherNames, dateOfBirth });
      await createAtRevision(manager, SubjectSearchRow, this.name, key, {
        subjectId: event.data.subjectId,
        revision: recorded.revision,
        area: event.data.area,
        ...searchable(revealed),
      });
      return;
    }
    const row = await manager.findOneBy(SubjectSearchRow, key);
    let change: Partial<SubjectSearchRow> = {};
    if (row && event.type === 'SubjectDetailsCorrected') {
      const { name, otherNames, dateOfBirth } = event.data.details;
      if (event.data.area !== undefined) change.area = event.data.area;
      if (!row.erased && (name || otherNames || dateOfBirth)) {
        const revealed = await this.reveal({ name, otherNames, dateOfBirth });
        change = { ...change, ...corrected(row, revealed) };
      }
    }
    await advance(manager, SubjectSearchRow, this.name, key, recorded.revision, change);
  }

  private reveal(sealed: Record<string, unknown>): Promise<Revealed> {
    return this.cipher.reveal<Revealed>(sealed);
  }
}

interface Revealed {
  name?: PersonName | { $erased: true };
  otherNames?: PersonName[] | { $erased: true };
  dateOfBirth?: string | { $erased: true };
}

type Searchable = Pick<SubjectSearchRow, 'names' | 'phoneticKeys' | 'dateOfBirth' | 'erased'>;

const FORGOTTEN: Searchable = { names: [], phoneticKeys: [], dateOfBirth: null, erased: true };

function searchable(revealed: Revealed): Searchable {
  if (Object.values(revealed).some(isErased) || !revealed.name) return FORGOTTEN;
  const names = [keysOf(revealed.name as PersonName), ...((revealed.otherNames as PersonName[]) ?? []).map(keysOf)];
  return {
    names,
    phoneticKeys: phoneticKeysOf(names),
    dateOfBirth: (revealed.dateOfBirth as string | undefined) ?? null,
    erased: false,
  };
}

function corrected(row: SubjectSearchRow, revealed: Revealed): Partial<SubjectSearchRow> {
  if (Object.values(revealed).some(isErased)) return FORGOTTEN;
  const primary = revealed.name ? keysOf(revealed.name as PersonName) : row.names[0];
  const others = revealed.otherNames ? (revealed.otherNames as PersonName[]).map(keysOf) : row.names.slice(1);
  const names = [primary, ...others];
  return {
    names,
    phoneticKeys: phoneticKeysOf(names),
    ...(revealed.dateOfBirth !== undefined && { dateOfBirth: revealed.dateOfBirth as string }),
  };
}

function keysOf(name: PersonName): NameKeys {
  return { given: nameTokens(name.givenNames), family: nameTokens(name.familyName) };
}

function phoneticKeysOf(names: readonly NameKeys[]): string[] {
  return [
    ...new Set(
      names
        .flatMap((name) => [...name.given, ...name.family])
        .map(phoneticKey)
        .filter(Boolean),
    ),
  ].sort();
}
