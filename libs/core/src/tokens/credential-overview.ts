import type { CredentialRateLimit } from '../throttling/credential-rate-limit';

/** What an operator sees of a long-lived credential (a site, an app, an API code). */
export interface CredentialOverview {
  /** What it may do; null: everything. */
  scopes: readonly string[] | null;
  /** Its own rate limit; null: none. */
  rateLimit: CredentialRateLimit | null;
  /** Its last successful use in the audit; null: none recorded. */
  lastUsedAt: Date | null;
  /** When the grace window of its previous secret ends, while one is open; null: none. */
  graceEndsAt: Date | null;
}
