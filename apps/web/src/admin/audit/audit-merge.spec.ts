import { describe, expect, it } from '@jest/globals';
import { type AuditEntry, decodeCursor, encodeCursor, mergePages, type Position } from './audit-merge.js';

const SERVICES = ['intake', 'panel'] as const;
const entry = (id: number, minute: number): AuditEntry => ({
  id: String(id),
  at: new Date(Date.UTC(2026, 10, 21, 10, minute)).toISOString(),
  actor: { subject: 'user-1', role: 'admin' },
  action: 'referral:read',
  record: { type: 'referral', id: `r-${id}` },
  correlationId: `c-${id}`,
});
const start: Record<(typeof SERVICES)[number], Position> = { intake: { kind: 'start' }, panel: { kind: 'start' } };

/** A service's log, newest first, paged by `id < after` as libs/audit does. */
function page(log: AuditEntry[], position: Position, limit: number) {
  const rest = position.kind === 'after' ? log.filter((e) => Number(e.id) < Number(position.id)) : log;
  const entries = rest.slice(0, limit);
  return rest.length > limit ? { entries, next: entries.at(-1)!.id } : { entries };
}

describe('merging the audit logs of several services', () => {
  it('reads every entry exactly once, newest first, page after page', () => {
    const intake = [entry(9, 59), entry(8, 40), entry(7, 30), entry(6, 5), entry(5, 1)];
    const panel = [entry(4, 50), entry(3, 45), entry(2, 20), entry(1, 0)];
    const seen: string[] = [];
    let positions: Record<(typeof SERVICES)[number], Position> | undefined = start;
    for (let pages = 0; positions && pages < 10; pages++) {
      const current: Record<(typeof SERVICES)[number], Position> = positions;
      const answer = mergePages(
        current,
        {
          ...(current.intake.kind !== 'end' ? { intake: page(intake, current.intake, 3) } : {}),
          ...(current.panel.kind !== 'end' ? { panel: page(panel, current.panel, 3) } : {}),
        },
        3,
      );
      seen.push(...answer.entries.map((e) => `${e.service}:${e.id}`));
      positions = answer.next && decodeCursor(SERVICES, encodeCursor(SERVICES, answer.next));
    }
    expect(seen).toEqual([
      'intake:9',
      'panel:4',
      'panel:3',
      'intake:8',
      'intake:7',
      'panel:2',
      'intake:6',
      'intake:5',
      'panel:1',
    ]);
  });

  it('ends when every log is read, and refuses a cursor that is not one of its own', () => {
    const answer = mergePages(start, { intake: { entries: [entry(1, 1)] }, panel: { entries: [] } }, 25);
    expect(answer.next).toBeUndefined();
    expect(decodeCursor(SERVICES, '')).toEqual(start);
    expect(decodeCursor(SERVICES, 's.e')).toEqual({ intake: { kind: 'start' }, panel: { kind: 'end' } });
    expect(decodeCursor(SERVICES, '12.0')).toBeUndefined();
    expect(decodeCursor(SERVICES, 'x')).toBeUndefined();
  });
});
