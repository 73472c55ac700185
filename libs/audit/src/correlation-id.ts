import { randomUUID } from 'node:crypto';

const SAFE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The correlation id of an HTTP request: the caller's `x-correlation-id` when it is a plain
 * token (so nothing odd reaches the log), otherwise a new UUID.
 */
export function correlationIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && SAFE.test(given) ? given : randomUUID();
}
