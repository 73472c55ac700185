/** One entry of a service's audit log, as `GET /audit/entries` answers it (libs/audit). */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: { readonly subject: string; readonly role: string; readonly area?: string };
  readonly action: string;
  readonly record: { readonly type: string; readonly id: string };
  readonly person?: string;
  readonly correlationId: string;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  /** The cursor of the next page (`after`); absent on the last page. */
  readonly next?: string;
}

/** Where a service's log stands in a merged search: from its start, after an entry's id, or read to its end. */
export type Position =
  { readonly kind: 'start' } | { readonly kind: 'after'; readonly id: string } | { readonly kind: 'end' };

export interface Tagged<S extends string> extends AuditEntry {
  readonly service: S;
}

/**
 * A page of several services' audit logs merged newest first. Each log pages by its own cursor
 * (entries before an id), so the merged page's cursor is one position per service: after the last
 * entry of that service shown, unchanged when none of its entries made the page, at its end when
 * everything it had was shown.
 */
export function mergePages<S extends string>(
  positions: Readonly<Record<S, Position>>,
  pages: Readonly<Partial<Record<S, AuditPage>>>,
  limit: number,
): { entries: Tagged<S>[]; next: Record<S, Position> | undefined } {
  const services = Object.keys(positions) as S[];
  const all: Tagged<S>[] = services.flatMap((service) =>
    (pages[service]?.entries ?? []).map((entry) => ({ ...entry, service })),
  );
  all.sort(
    (a, b) => Date.parse(b.at) - Date.parse(a.at) || a.service.localeCompare(b.service) || Number(b.id) - Number(a.id),
  );
  const entries = all.slice(0, limit);
  const next = {} as Record<S, Position>;
  for (const service of services) {
    const position = positions[service];
    const page = pages[service];
    if (position.kind === 'end' || !page) {
      next[service] = position;
      continue;
    }
    const shown = entries.filter((entry) => entry.service === service);
    const last = shown.at(-1);
    if (!last) next[service] = page.entries.length === 0 ? { kind: 'end' } : position;
    else if (page.next === undefined && shown.length === page.entries.length) next[service] = { kind: 'end' };
    else next[service] = { kind: 'after', id: last.id };
  }
  const more = services.some((service) => next[service].kind !== 'end');
  return { entries, next: more ? next : undefined };
}

const ID = /^[1-9][0-9]{0,18}$/;

/** `s` (start), `e` (end) or an id, per service in order, joined by `.`: `s.412`. */
export function encodeCursor<S extends string>(
  services: readonly S[],
  positions: Readonly<Record<S, Position>>,
): string {
  return services
    .map((service) => {
      const position = positions[service];
      return position.kind === 'start' ? 's' : position.kind === 'end' ? 'e' : position.id;
    })
    .join('.');
}

/** The positions a cursor names; from the start when there is none, undefined when it is not one of ours. */
export function decodeCursor<S extends string>(
  services: readonly S[],
  cursor: string,
): Record<S, Position> | undefined {
  const parts = cursor === '' ? services.map(() => 's') : cursor.split('.');
  if (parts.length !== services.length) return undefined;
  const positions = {} as Record<S, Position>;
  for (const [index, service] of services.entries()) {
    const part = parts[index]!;
    if (part === 's') positions[service] = { kind: 'start' };
    else if (part === 'e') positions[service] = { kind: 'end' };
    else if (ID.test(part)) positions[service] = { kind: 'after', id: part };
    else return undefined;
  }
  return positions;
}
