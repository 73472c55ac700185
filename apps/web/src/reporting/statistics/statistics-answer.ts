/**
 * What compliance-reporting's `GET /statistics` answers (its README and `StatisticsAnswer`): the
 * period and filters as it read them, the suppression rule, and the tables with small numbers
 * already suppressed. The web app never sees a suppressed figure: a suppressed cell is
 * `{ suppressed: true }`, a value that is undefined (a median of nothing) is `null`.
 */
export type PublishedValue = number | null | { readonly suppressed: true };

export interface StatisticsTableAnswer {
  readonly id: string;
  readonly title: string;
  /** `counts` of referrals, `rates` (percentages) or `durations` (days). */
  readonly kind: 'counts' | 'rates' | 'durations';
  readonly rowHeader: string;
  readonly columns: readonly { readonly key: string; readonly label: string }[];
  readonly rows: readonly { readonly key: string; readonly label: string; readonly cells: readonly PublishedValue[] }[];
  readonly columnTotals?: readonly PublishedValue[];
}

export interface StatisticsAnswer {
  readonly period: { readonly from: string; readonly to: string };
  readonly region: string | null;
  readonly area: string | null;
  readonly ageBanding: 'current' | 'older';
  readonly concernCodeList: string | null;
  readonly suppression: { readonly threshold: number; readonly rule: string };
  readonly withheldTables: readonly string[];
  readonly tables: readonly StatisticsTableAnswer[];
}

export function isSuppressed(value: PublishedValue | undefined): value is { suppressed: true } {
  return typeof value === 'object' && value !== null && value.suppressed === true;
}
