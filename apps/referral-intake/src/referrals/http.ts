/** The part of the HTTP response a controller touches. */
export interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}
import { correlationIdOf } from '@lib/audit';
import { roleMay, type Action, type Principal } from '@lib/auth';
import { etagOf, type Caller, type CommandAnswer } from './referral-commands.js';

export type HttpRequest = { headers: Record<string, string | string[] | undefined> };

/** The caller of a route: the principal, the role the action is allowed under, the correlation id. */
export function callerOf(principal: Principal, request: HttpRequest, action: Action): Caller {
  const role = principal.roles.find((candidate) => roleMay(candidate, action)) ?? principal.roles[0] ?? 'unknown';
  return { principal, role, correlationId: correlationIdOf(request) };
}

/** Sets the ETag of the referral's new revision and answers its id and revision. */
export function answered(response: HttpResponse, answer: CommandAnswer): CommandAnswer {
  response.setHeader('ETag', etagOf(answer.revision));
  return answer;
}
