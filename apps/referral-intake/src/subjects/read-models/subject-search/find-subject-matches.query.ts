import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { recordFilter, type Principal } from '@lib/auth';
import { EventStore } from '@lib/event-store';
import { KeyStore, PersonalDataCipher } from '@lib/personal-data';
import type { DataSource } from 'typeorm';
import {
  ListReferralsQuery,
  type ReferralSummary,
} from '../../../referrals/read-models/referral-list/list-referrals.query.js';
import { subjectStream, type PersonName, type SubjectEvent } from '../../domain/subject.events.js';
import {
  dateOfBirthCandidates,
  isOffered,
  matchKeys,
  scoreMatch,
  type MatchKeys,
  type MatchScore,
  type PersonDetails,
} from '../../matching/subject-matching.js';
import { SubjectSearchRow } from './subject-search.row.js';

/** A possible earlier record of the person, with everything the officer needs to decide at triage. */
export interface SubjectMatch {
  readonly subjectId: string;
  readonly area: string;
  readonly score: number;
  /** `strong`: the date of birth agrees exactly; `weak`: its day and month are swapped. */
  readonly strength: 'strong' | 'weak';
  readonly namesTransposed: boolean;
  /** The earlier record's name and date of birth, revealed. */
  readonly name: PersonName | { $erased: true; subjectId: string } | null;
  readonly dateOfBirth: string | { $erased: true; subjectId: string } | null;
  /** The person's referrals you may see, oldest first, with their status and outcome. */
  readonly referrals: ReferralSummary[];
}

const MAX_MATCHES = 10;

/**
 * Possible earlier records of a person: candidates by date of birth (or its day/month swap) or by
 * a shared phonetic key, scored by the pure matcher, offered above its threshold, best first.
 * Subjects whose key has been destroyed are never offered, and their row is forgotten on the spot
 * (the domain records no erasure event the projection could follow, ADR 041).
 */
@Injectable()
export class FindSubjectMatchesQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KeyStore) private readonly keys: KeyStore,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ListReferralsQuery) private readonly referrals: ListReferralsQuery,
  ) {}

  async find(principal: Principal, person: PersonDetails): Promise<SubjectMatch[]> {
    const scope = recordFilter(principal, 'subject:read');
    if (scope.kind === 'nothing') return [];
    const query = matchKeys(person);
    const candidates = this.dataSource
      .getRepository(SubjectSearchRow)
      .createQueryBuilder('s')
      .where('NOT s.erased')
      .andWhere('(s.date_of_birth IN (:...dates) OR s.phonetic_keys && :keys::text[])', {
        dates: dateOfBirthCandidates(person.dateOfBirth),
        keys: query.phoneticKeys,
      });
    if (scope.kind === 'restricted') candidates.andWhere('s.area IN (:...areas)', { areas: [...scope.areas, ''] });
    const scored = (await candidates.getMany())
      .map((row) => ({ row, score: best(query, row) }))
      .filter(({ score }) => score && isOffered(score))
      .sort((a, b) => b.score!.score - a.score!.score)
      .slice(0, MAX_MATCHES);
    const live = await this.withoutErased(scored.map(({ row }) => row.subjectId));
    const matches: SubjectMatch[] = [];
    for (const { row, score } of scored) {
      if (!live.has(row.subjectId)) continue;
      const details = await this.details(row.subjectId);
      matches.push({
        subjectId: row.subjectId,
        area: row.area,
        score: score!.score,
        strength: score!.dateOfBirth === 'exact' ? 'strong' : 'weak',
        namesTransposed: score!.namesTransposed,
        name: details.name,
        dateOfBirth: details.dateOfBirth,
        referrals: await this.referrals.ofSubject(principal, row.subjectId),
      });
    }
    return matches;
  }

  /** Drops the subjects whose key is destroyed, and forgets their search keys. */
  private async withoutErased(subjectIds: readonly string[]): Promise<Set<string>> {
    if (subjectIds.length === 0) return new Set();
    const keys = await this.keys.findKeys(subjectIds);
    const destroyed = subjectIds.filter((id) => keys.get(id) === 'destroyed');
    if (destroyed.length > 0) {
      await this.dataSource
        .getRepository(SubjectSearchRow)
        .createQueryBuilder()
        .update()
        .set({ names: [], phoneticKeys: [], dateOfBirth: null, erased: true })
        .where('subject_id IN (:...destroyed)', { destroyed })
        .execute();
    }
    return new Set(subjectIds.filter((id) => !destroyed.includes(id)));
  }

  /** The subject's current name and date of birth, from their stream. */
  private async details(subjectId: string): Promise<Pick<SubjectMatch, 'name' | 'dateOfBirth'>> {
    const { events } = await this.store.readStream(subjectStream(subjectId));
    let sealed: Record<string, unknown> = {};
    for (const recorded of events) {
      const event = recorded as unknown as SubjectEvent;
      const { name, dateOfBirth } = event.data.details;
      sealed = { ...sealed, ...(name && { name }), ...(dateOfBirth && { dateOfBirth }) };
    }
    const revealed = await this.cipher.reveal<Record<string, unknown>>(sealed);
    return {
      name: (revealed.name ?? null) as SubjectMatch['name'],
      dateOfBirth: (revealed.dateOfBirth ?? null) as SubjectMatch['dateOfBirth'],
    };
  }
}

function best(query: MatchKeys, row: SubjectSearchRow): MatchScore | undefined {
  if (!row.dateOfBirth) return undefined;
  let top: MatchScore | undefined;
  for (const name of row.names) {
    const candidate: MatchKeys = {
      givenTokens: name.given,
      familyTokens: name.family,
      phoneticKeys: row.phoneticKeys,
      dateOfBirth: row.dateOfBirth,
    };
    const score = scoreMatch(query, candidate);
    if (!top || score.score > top.score) top = score;
  }
  return top;
}
