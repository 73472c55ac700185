import { Configuration, setting } from '@lib/platform';

export const APP_NAME = 'web';
/** The PostgreSQL schema the web app owns: its sessions. It holds no case records of its own. */
export const WEB_SCHEMA = 'web';

/**
 * The web app's settings. It signs users in against any OpenID Connect provider (`OIDC_ISSUER`,
 * from the platform settings) as a public client using PKCE, and calls the services' APIs with
 * the signed-in user's access token.
 */
export class WebConfig extends Configuration('web', {
  port: setting.port('WEB_PORT').or('PORT').default(3000),
  /** Where users reach the web app; the OIDC redirect and post-logout URIs are built from it. */
  publicUrl: setting.url('WEB_PUBLIC_URL', ['http:', 'https:']).default('http://127.0.0.1:3000'),
  clientId: setting.string('WEB_OIDC_CLIENT_ID').default('web'),
  /** Only for a provider that registers the web app as a confidential client; PKCE is used either way. */
  clientSecret: setting.string('WEB_OIDC_CLIENT_SECRET').optional(),
  /**
   * Signs the session cookie. Unset in the embedded mode: one is made on first start and kept at
   * `<PREVENT_DATA_DIR>/keys/web-session.secret` (mode 0600).
   */
  sessionSecret: setting.string('WEB_SESSION_SECRET').optional(),
  /** Signed out after this long without a request; a warning comes two minutes before. */
  sessionIdleMinutes: setting.int('WEB_SESSION_IDLE_MINUTES', { min: 3, max: 480 }).default(30),
  /** Signed out this long after signing in, however active. */
  sessionAbsoluteHours: setting.int('WEB_SESSION_ABSOLUTE_HOURS', { min: 1, max: 24 }).default(10),
  referralIntakeUrl: setting.url('REFERRAL_INTAKE_URL', ['http:', 'https:']).default('http://127.0.0.1:3001'),
  channelPanelUrl: setting.url('CHANNEL_PANEL_URL', ['http:', 'https:']).default('http://127.0.0.1:3002'),
  complianceReportingUrl: setting.url('COMPLIANCE_REPORTING_URL', ['http:', 'https:']).default('http://127.0.0.1:3003'),
  /**
   * The embedded identity provider's admin and directory API (users, roles, intervention
   * providers). Unset when the provider is external (Keycloak): then those pages say so.
   */
  identityAdminUrl: setting.url('IDENTITY_ADMIN_URL', ['http:', 'https:']).optional(),
  /** How long a call to a service may take before the page says the service is unavailable. */
  backendTimeoutMs: setting.int('WEB_BACKEND_TIMEOUT_MS', { min: 100, max: 60_000 }).default(10_000),
}) {}

/** Whether the app is served over TLS: then cookies are `Secure` and HSTS is sent. */
export function isHttps(config: WebConfig): boolean {
  return new URL(config.publicUrl).protocol === 'https:';
}
