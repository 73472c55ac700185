import type { Role } from '@lib/auth';

/** Who is signed in, as read from their verified access token. */
export interface SignedInUser {
  readonly sub: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly area?: string;
}

/** The tokens the web app holds for the user; never sent to the browser. */
export interface HeldTokens {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: number;
  readonly refreshToken?: string;
  readonly idToken?: string;
}

/** An authorization request in flight (between /sign-in and /auth/callback). */
export interface PendingSignIn {
  readonly state: string;
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly returnTo: string;
}

declare module 'express-session' {
  interface SessionData {
    user?: SignedInUser;
    tokens?: HeldTokens;
    pendingSignIn?: PendingSignIn;
    /** When the user signed in (ms); the absolute timeout counts from here. */
    signedInAt?: number;
    /** The synchroniser token every form posts back. */
    csrfToken?: string;
    /** One message for the next page (a GOV.UK notification banner). */
    flash?: { readonly heading: string; readonly text?: string };
  }
}
