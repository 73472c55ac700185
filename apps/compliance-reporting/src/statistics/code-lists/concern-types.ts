/**
 * Type of concern: a *versioned* code list (domain §6). Referrals carry the codes of the list in
 * force when they were recorded (`{ codeList, codes }`); the tables show every referral in the
 * categories of one list, mapping older codes forward through {@link CONCERN_TYPE_MAPPINGS}.
 *
 * A referral is counted once, under its first code (its primary type of concern), so that the rows
 * of a table add up to the referrals.
 */
export interface ConcernTypeList {
  readonly version: string;
  /** The financial year the list was introduced in. */
  readonly from: string;
  readonly categories: readonly { readonly code: string; readonly label: string }[];
}

export const UNKNOWN_CONCERN = 'not-known';

export const CONCERN_TYPE_LISTS: readonly ConcernTypeList[] = [
  {
    version: 'concern-types-2015',
    from: '2015/16',
    categories: [
      { code: 'islamist', label: 'Islamist' },
      { code: 'extreme-right-wing', label: 'Extreme Right-Wing' },
      { code: 'mixed-unclear-unstable', label: 'Mixed, unclear or unstable' },
      { code: 'other', label: 'Other' },
      { code: 'unspecified', label: 'Unspecified' },
    ],
  },
  {
    version: 'concern-types-2023',
    from: '2023/24',
    categories: [
      { code: 'islamist', label: 'Islamist' },
      { code: 'extreme-right-wing', label: 'Extreme Right-Wing' },
      { code: 'conflicted', label: 'Conflicted' },
      { code: 'vulnerability-no-ideology', label: 'Vulnerability present but no ideology or CT risk' },
      { code: 'no-ideology-high-ct-risk', label: 'No ideology but high CT risk' },
      { code: 'school-massacre', label: 'School massacre' },
      { code: 'incel', label: 'Incel' },
      { code: 'left-wing-anarchist-single-issue', label: 'Left-wing, anarchist or single-issue' },
      { code: 'other', label: 'Other' },
    ],
  },
  {
    version: 'concern-types-2024',
    from: '2024/25',
    categories: [
      { code: 'islamist', label: 'Islamist' },
      { code: 'extreme-right-wing', label: 'Extreme Right-Wing' },
      { code: 'left-wing-extremism', label: 'Left-wing extremism' },
      { code: 'single-issue', label: 'Single-issue or anarchist' },
      { code: 'conflicted', label: 'Conflicted' },
      { code: 'vulnerability-no-ideology', label: 'Vulnerability present but no ideology or CT risk' },
      { code: 'no-ideology-high-ct-risk', label: 'No ideology but high CT risk' },
      { code: 'extreme-violence-mass-casualty', label: 'Fascination with extreme violence or mass-casualty attacks' },
      { code: 'incel', label: 'Incel' },
      { code: 'other', label: 'Other' },
    ],
  },
];

/**
 * From each list to the next one. A code missing from a mapping keeps its code when the next list
 * has it; otherwise it becomes `other`.
 *
 * - 2015 → 2023: *mixed, unclear or unstable* was split in 2023/24; without the case file it is
 *   shown as `conflicted`, the closest single category. *Unspecified* becomes `other`.
 * - 2023 → 2024: *school massacre* is part of the fascination with extreme violence or mass-casualty
 *   attacks; *left-wing, anarchist or single-issue* is shown as `left-wing-extremism`.
 */
export const CONCERN_TYPE_MAPPINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'concern-types-2015': { 'mixed-unclear-unstable': 'conflicted', unspecified: 'other' },
  'concern-types-2023': {
    'school-massacre': 'extreme-violence-mass-casualty',
    'left-wing-anarchist-single-issue': 'left-wing-extremism',
  },
};

export const LATEST_CONCERN_TYPE_LIST = CONCERN_TYPE_LISTS[CONCERN_TYPE_LISTS.length - 1]!.version;

export function concernTypeList(version: string): ConcernTypeList {
  const list = CONCERN_TYPE_LISTS.find((candidate) => candidate.version === version);
  if (!list) throw new UnknownConcernTypeListError(version);
  return list;
}

export class UnknownConcernTypeListError extends Error {
  readonly code = 'statistics.unknown-concern-type-list';
  constructor(readonly version: string) {
    super(`Unknown concern-type code list ${JSON.stringify(version)}`);
    this.name = 'UnknownConcernTypeListError';
  }
}

/**
 * The category of `target` that `code` of list `from` is shown in. A list newer than the target is
 * not mapped back: its codes are kept when the target has them, otherwise shown as `other`.
 */
export function mapConcernType(code: string, from: string, target: string): string {
  const order = CONCERN_TYPE_LISTS.map((list) => list.version);
  const start = order.indexOf(from);
  const end = order.indexOf(target);
  if (end < 0) throw new UnknownConcernTypeListError(target);
  let current = code;
  if (start >= 0 && start < end) {
    for (let index = start; index < end; index++) {
      const mapped = CONCERN_TYPE_MAPPINGS[order[index]!]?.[current] ?? current;
      const next = CONCERN_TYPE_LISTS[index + 1]!;
      current = next.categories.some((category) => category.code === mapped) ? mapped : 'other';
    }
    return current;
  }
  return concernTypeList(target).categories.some((category) => category.code === current) ? current : 'other';
}
