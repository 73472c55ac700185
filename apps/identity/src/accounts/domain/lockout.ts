/**
 * Lockout: an account with `maxFailures` failed sign-ins inside the last `windowSeconds` is
 * locked; it unlocks by itself once the oldest of those failures leaves the window. A correct
 * password does not unlock it early, so guessing gains nothing.
 */
export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

export function lockedUntil(failures: readonly Date[], now: Date, policy: LockoutPolicy): Date | undefined {
  const windowStart = now.getTime() - policy.windowSeconds * 1000;
  const recent = failures
    .map((at) => at.getTime())
    .filter((at) => at > windowStart)
    .sort((a, b) => b - a);
  if (recent.length < policy.maxFailures) return undefined;
  return new Date(recent[policy.maxFailures - 1] + policy.windowSeconds * 1000);
}
