import type { Role } from './roles.js';

/** Who is calling, as read from a verified access token. */
export interface Principal {
  /** The token's `sub`: a user id, or a client id for a service calling with client credentials. */
  readonly subject: string;
  readonly roles: readonly Role[];
  /** The local authority area the user works for (e.g. an ONS code such as `E08000025`). */
  readonly area?: string;
  /** The case ids an intervention provider is assigned to. */
  readonly assignedCases?: readonly string[];
  /** The OAuth client the token was issued to (`client_id` or `azp`), when the token says. */
  readonly clientId?: string;
}
