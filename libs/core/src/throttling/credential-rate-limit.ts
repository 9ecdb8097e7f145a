import { ApiError } from '../errors/api-error';
import { ErrorCode } from '../errors/error-codes';

/** A credential's own limit: `limit` requests per fixed window of `windowSeconds`. */
export interface CredentialRateLimit {
  limit: number;
  windowSeconds: number;
}

/** What a principal carries when its credential is limited: the limit and whom it counts. */
export interface LimitedCredential extends CredentialRateLimit {
  /** Whose count the request adds to: `site:<id>`, `app:<id>`. */
  key: string;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
export const MAX_RATE_LIMIT = 1_000_000_000;
export const MAX_RATE_WINDOW_SECONDS = UNIT_SECONDS.d;

/**
 * `--rate-limit N/Ws` (`100/60s`, `5/1m`, `1000/h`: a missing window count is 1; s, m, h or d)
 * as a limit. Anything else, a limit of 0 or above 10^9, or a window above a day, is a 400
 * that changes nothing.
 */
export function parseRateLimit(value: unknown): CredentialRateLimit {
  const match = typeof value === 'string' ? /^(\d{1,10})\/(\d{0,6})([smhd])$/.exec(value) : null;
  const limit = match ? Number(match[1]) : NaN;
  const windowSeconds = match
    ? Number(match[2] || '1') * UNIT_SECONDS[match[3] as keyof typeof UNIT_SECONDS]
    : NaN;
  if (
    !(limit >= 1 && limit <= MAX_RATE_LIMIT) ||
    !(windowSeconds >= 1 && windowSeconds <= MAX_RATE_WINDOW_SECONDS)
  )
    throw ApiError.badRequest(
      'rate limit must read N/Ws, such as 100/60s, 5/1m or 1000/h (1 to 10^9 requests, a window of 1 s to 1 d)',
    );
  return { limit, windowSeconds };
}

/** The limit as `--rate-limit` reads it, in seconds: `100/60s`. */
export function formatRateLimit(rateLimit: CredentialRateLimit): string {
  return `${rateLimit.limit}/${rateLimit.windowSeconds}s`;
}

/** A credential's limit from its two nullable columns, or null when it has none. */
export function rateLimitOf(
  limit: number | null | undefined,
  windowSeconds: number | null | undefined,
): CredentialRateLimit | null {
  return limit && windowSeconds ? { limit, windowSeconds } : null;
}

/** One request's place in its credential's window. */
export interface RateLimitDecision extends CredentialRateLimit {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window ends (and the count starts again). */
  resetSeconds: number;
}

/** The policy's name in the headers. */
const POLICY = '"credential"';

/**
 * The headers of draft-ietf-httpapi-ratelimit-headers (-09): the policy (quota `q` per window
 * `w` seconds) and where the request stands (remaining `r`, seconds to reset `t`).
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'RateLimit-Policy': `${POLICY};q=${decision.limit};w=${decision.windowSeconds}`,
    RateLimit: `${POLICY};r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}

/** 429 for a credential past its limit, with `Retry-After` and the RateLimit headers. */
export function rateLimitExceeded(decision: RateLimitDecision): ApiError {
  return new ApiError(
    429,
    ErrorCode.tooManyRequests,
    `This credential's rate limit is reached; retry after ${decision.resetSeconds} s`,
    { ...rateLimitHeaders(decision), 'Retry-After': String(decision.resetSeconds) },
  );
}
