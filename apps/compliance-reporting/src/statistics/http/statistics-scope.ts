import { AccessError, type Principal, ROLE_REACH, roleMay } from '@lib/auth';

/** The table of the release broken down by local authority area (internal use only, domain §6). */
export const AREA_TABLE_ID = 'area';

/** A caller asked for the figures of a local authority area other than their own. */
export class StatisticsAreaOutsideReachError extends AccessError {
  constructor() {
    super(
      'statistics.area-outside-reach',
      'forbidden',
      'You may see the figures of your own local authority area only (regional and national figures are open to you).',
    );
  }
}

export interface StatisticsScope {
  /** The tables this caller may not have for this query (their ids). */
  readonly withheldTables: readonly string[];
}

/**
 * Who may see which statistics (ADR 096). Every figure is suppressed whoever asks; on top of that:
 * - national and regional figures (what the Home Office publishes): anyone allowed `statistics:read`;
 * - a local authority area's figures (internal use only): a role that reaches everywhere (admin)
 *   for any area; anyone else — board members included — for the area in their token only, and
 *   a request for another area is refused (403 `statistics.area-outside-reach`);
 * - the table by local authority area: a role that reaches everywhere; anyone else only when the
 *   query is their own area (the table is then their area's one row).
 * Pure; the caller has passed the `statistics:read` guard already.
 */
export function statisticsScope(principal: Principal, requested: { readonly area?: string }): StatisticsScope {
  const roles = principal.roles.filter((role) => roleMay(role, 'statistics:read'));
  const everywhere = roles.some((role) => ROLE_REACH[role] === 'everywhere');
  if (everywhere) return { withheldTables: [] };
  if (requested.area !== undefined && requested.area !== principal.area) throw new StatisticsAreaOutsideReachError();
  return { withheldTables: requested.area === undefined ? [AREA_TABLE_ID] : [] };
}
