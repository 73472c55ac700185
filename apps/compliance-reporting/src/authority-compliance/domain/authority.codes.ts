/**
 * The code lists of authority compliance (domain brief §1 and §5). Codes are stable wire values;
 * what they mean is said here once.
 */

/**
 * A specified authority under the Prevent duty (CTSA 2015 s.26): the kinds the brief names.
 * `further-or-higher-education` covers colleges and universities; `prisons` includes young
 * offender institutions.
 */
export const AUTHORITY_TYPES = [
  'local-authority',
  'school',
  'further-or-higher-education',
  'health',
  'police',
  'prisons',
  'probation',
] as const;
export type AuthorityType = (typeof AUTHORITY_TYPES)[number];

/**
 * The eight areas of the Home Office toolkit that local authorities are benchmarked against
 * (domain §5), in the toolkit's order.
 */
export const LOCAL_AUTHORITY_BENCHMARKS = [
  /** A multi-agency partnership group that meets and is attended. */
  'partnership-group',
  /** A local risk assessment, informed by the Counter-Terrorism Local Profile, in date. */
  'risk-assessment',
  /** A partnership / action plan: actions with owners, due dates and status. */
  'action-plan',
  /** A referral pathway, published and known to staff. */
  'referral-pathway',
  /** A Channel panel that meets, is quorate and records decisions; the annual assurance statement. */
  'channel-panel',
  /** A training programme: who was trained, in what, when; coverage by role. */
  'training-programme',
  /** Reducing permissive environments: venue hire and external speaker policies, due diligence on funding. */
  'permissive-environments',
  /** Communications and engagement. */
  'communications-and-engagement',
] as const;

/** The six core duties of every other specified authority (domain §1). */
export const CORE_DUTIES = [
  /** Assess the local risk of people being drawn into terrorism. */
  'risk-assessment',
  /** Keep an action plan to reduce that risk. */
  'action-plan',
  /** Train staff to recognise and respond to radicalisation. */
  'staff-training',
  /** Work in partnership with the local authority, police and others. */
  'partnership-working',
  /** Have referral mechanisms and refer people to Channel where appropriate. */
  'referral-mechanisms',
  /** Keep records and reports that show compliance. */
  'records-and-reporting',
] as const;

/**
 * An area an authority is judged on: one of the eight benchmarks for a local authority, one of
 * the six core duties for any other authority. Called a "benchmark" in the code to keep "area"
 * for the geographic local authority area (an ONS code).
 */
export type Benchmark = (typeof LOCAL_AUTHORITY_BENCHMARKS)[number] | (typeof CORE_DUTIES)[number];
export const ALL_BENCHMARKS: readonly Benchmark[] = [...new Set([...LOCAL_AUTHORITY_BENCHMARKS, ...CORE_DUTIES])];

/** The areas an authority of this type is judged on. */
export function benchmarksFor(type: AuthorityType): readonly Benchmark[] {
  return type === 'local-authority' ? LOCAL_AUTHORITY_BENCHMARKS : CORE_DUTIES;
}

/** The assessed status of one area: met, partly met, or not met. */
export const BENCHMARK_STATUSES = ['met', 'partly-met', 'not-met'] as const;
export type BenchmarkStatus = (typeof BENCHMARK_STATUSES)[number];

/**
 * The groups of staff training is counted for (people trained against staff in post). Counts
 * only: nobody is named.
 */
export const STAFF_GROUPS = [
  'prevent-leads',
  'safeguarding-leads',
  'frontline-staff',
  'managers',
  'governance',
  'other-staff',
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];
