import type { CredentialOverview } from '@authkit/core';
import { formatRateLimit, rateLimitOf } from '@authkit/core/internal';

/** What a site or an app is made with beyond its name: scopes and its own rate limit. */
interface WithPolicy {
  scopes: string[] | null;
  rateLimit: number | null;
  rateLimitWindowSeconds: number | null;
}

/** The policy a credential was created with, for a command's answer: only what was given. */
export function policyFields(credential: WithPolicy): { scopes?: string[]; rate_limit?: string } {
  const limit = rateLimitOf(credential.rateLimit, credential.rateLimitWindowSeconds);
  return {
    ...(credential.scopes ? { scopes: credential.scopes } : {}),
    ...(limit ? { rate_limit: formatRateLimit(limit) } : {}),
  };
}

/** The same, as the lines a person reads. */
export function policyLines(credential: WithPolicy): string {
  const { scopes, rate_limit } = policyFields(credential);
  return `${scopes ? `\nscopes: ${scopes.join(' ')}` : ''}${rate_limit ? `\nrate limit: ${rate_limit}` : ''}`;
}

export const RATE_LIMIT_OPTION = {
  flags: '--rate-limit <N/Ws>',
  description: 'a limit of its own: N requests per W seconds (100/60s, 5/1m, 1000/h)',
};

/** A `show` command's policy fields, every one present (null when unset). */
export function overviewFields(overview: CredentialOverview) {
  return {
    scopes: overview.scopes,
    rate_limit: overview.rateLimit && formatRateLimit(overview.rateLimit),
    last_used_at: overview.lastUsedAt?.toISOString() ?? null,
    grace_ends_at: overview.graceEndsAt?.toISOString() ?? null,
  };
}

/** The same, one `name: value` line each, for a person. */
export function overviewLines(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([name, value]) => {
      const shown = Array.isArray(value) ? value.join(' ') : value;
      return `${name}: ${shown === null ? '-' : String(shown)}`;
    })
    .join('\n');
}
