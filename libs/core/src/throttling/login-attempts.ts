import type { HttpRequestLike } from '../http/http-request';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { AuthAudit } from '../audit/auth-audit.service';
import { ApiError } from '../errors/api-error';
import { isDatabaseUnavailableError } from '../errors/database-errors';
import { ErrorCode } from '../errors/error-codes';
import { HttpResponses } from '../http/http-response';
import { AuthOutcomes } from '../outcomes/auth-outcomes';
import { auditedFailure } from '../outcomes/refusal';
import { withDefaults } from '../options/with-defaults';
import { hashSecret } from '../tokens/secret-token';
import { accountNameKey } from '../users/account-name';
import { clientNetwork } from './client-network';
import { KnownSignInAddresses } from './known-sign-in-addresses';
import {
  LOGIN_THROTTLE_DEFAULTS,
  LOGIN_THROTTLE_OPTIONS,
  type LoginCredential,
  type LoginThrottleOptions,
  type RateLimit,
} from './login-throttle.module-definition';

export const LOGIN_THROTTLE_STORAGE = Symbol('LOGIN_THROTTLE_STORAGE');

/**
 * A `ThrottlerStorage` that can also take one hit back. The account ceiling
 * counts failures: an attempt is counted when admitted (before its outcome is
 * known, so that concurrent guesses cannot slip past), and given back when it
 * succeeds. The PostgreSQL and Redis storages can; with another, a success
 * from a new address stays counted.
 */
export interface RefundableThrottlerStorage extends ThrottlerStorage {
  refund(key: string, throttlerName: string): Promise<void>;
}

function canRefund(storage: ThrottlerStorage): storage is RefundableThrottlerStorage {
  return typeof (storage as Partial<RefundableThrottlerStorage>).refund === 'function';
}

const CEILING = 'account-ceiling';

/** One login attempt, as the server will execute it. */
export interface LoginAttempt {
  request: Pick<HttpRequestLike, 'ip' | 'headers'>;
  /** The HTTP response a refusal's `Retry-After` goes on (Express or Fastify); none for a gRPC call. */
  response?: unknown;
  /** `kind:name` of the account tried (`loginAccount('user', name)`), or undefined when it names none. */
  account?: string;
  /** What it presents; `secret` for a machine credential. By default: a password for `user:` accounts and none, a secret otherwise. */
  credential?: LoginCredential;
  /** How it is audited: `login:/api/user/login`, `jsonrpc:Core.login`... */
  scheme: string;
}

/**
 * The account key of a login attempt: `user:alice`. A user's name in the form
 * stores compare it in (accountNameKey: NFKC and case folding), so that every
 * spelling of one name counts against one account; other names lower-cased.
 */
export function loginAccount(
  kind: 'user' | 'site' | 'app' | 'apicode',
  name: string | number,
): string {
  const text = String(name).slice(0, 300);
  return `${kind}:${kind === 'user' ? accountNameKey(text) : text.toLowerCase()}`;
}

const ADMITTED_ATTEMPT = Symbol('authkit:admittedAttempt');

/** The login attempt admitted for a request, if any. */
export function admittedAttempt(request: object): LoginAttempt | undefined {
  return (request as { [ADMITTED_ATTEMPT]?: LoginAttempt })[ADMITTED_ATTEMPT];
}

/** Thrown for a refused attempt: 429 with `Retry-After`, in the common error shape (each scheme maps it to its own). */
export class TooManyAttemptsError extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, ErrorCode.tooManyRequests, `Too many attempts; retry after ${retryAfterSeconds} s`, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

/**
 * Login rate limits and their audit, decided on what the server executes: the
 * guard of `@LoginEndpoint()` admits an attempt from already-parsed headers
 * and bodies, JSON-RPC admits each parsed login call of a batch, and handlers
 * that parse a grant admit it themselves. Counters (in @nestjs/throttler's
 * storage: the host's PostgreSQL by default, or Redis) are shared by every
 * endpoint and every instance. A client address counts by its network (an
 * IPv6 address by its /64):
 * - password attempts: per client network; per account *and* network (so that
 *   a stranger cannot lock a user out); and per account from every network
 *   together (the ceiling), except networks that signed in to it lately;
 * - machine-credential attempts: per client network, on a higher limit of their own.
 */
@Injectable()
export class LoginAttempts {
  private readonly logger = new Logger('LoginThrottle');
  private readonly limits: typeof LOGIN_THROTTLE_DEFAULTS;
  private warnedOfUntrustedProxy = false;
  /** Admitted attempts counted against their account's ceiling: a success gives its hit back. */
  private readonly countedAgainstCeiling = new WeakSet<LoginAttempt>();

  constructor(
    @Inject(LOGIN_THROTTLE_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly knownAddresses: KnownSignInAddresses,
    @Optional() @Inject(LOGIN_THROTTLE_OPTIONS) options: LoginThrottleOptions = {},
    @Optional() private readonly audit?: AuthAudit,
    @Optional() private readonly responses?: HttpResponses,
    @Optional() private readonly outcomes?: AuthOutcomes,
  ) {
    this.limits = withDefaults(LOGIN_THROTTLE_DEFAULTS, options);
  }

  /** Counts the attempt; throws TooManyAttemptsError when a limit is exceeded (audited), 503 when the store is down. */
  async admit(attempt: LoginAttempt): Promise<void> {
    (attempt.request as { [ADMITTED_ATTEMPT]?: LoginAttempt })[ADMITTED_ATTEMPT] = attempt;
    const address = clientNetwork(attempt.request.ip);
    if (!this.warnedOfUntrustedProxy && forwardedButNotTrusted(attempt.request)) {
      this.warnedOfUntrustedProxy = true;
      this.logger.warn(
        "Requests carry X-Forwarded-For, but the client address is the proxy's: every client behind it shares its rate limits. " +
          "Trust the proxy (Express' `trust proxy`, Fastify's `trustProxy`; the demo's TRUST_PROXY) with its hop count or addresses.",
      );
    }
    const counters: Array<[string, string, RateLimit]> = isPasswordAttempt(attempt)
      ? [['address', address, this.limits.perAddress]]
      : [['service', address, this.limits.perService]];
    if (isPasswordAttempt(attempt) && attempt.account !== undefined)
      counters.push(['account', `${attempt.account}\0${address}`, this.limits.perAccount]);
    for (const [name, tracker, limit] of counters) await this.count(attempt, name, tracker, limit);
    // The ceiling last: an attempt the counters above refuse costs no known-address lookup.
    if (isPasswordAttempt(attempt) && attempt.account !== undefined) {
      const known = await this.knownAddresses
        .isKnown(attempt.account, address)
        .catch((error: unknown) => {
          const refusal = this.storeUnavailable(error);
          this.responses?.setHeaders(attempt.response, refusal.headers);
          throw refusal;
        });
      if (!known) await this.count(attempt, CEILING, attempt.account, this.limits.accountCeiling);
    }
  }

  /** Takes one hit of a counter for the attempt; refuses it (429, audited) past the limit. */
  private async count(
    attempt: LoginAttempt,
    name: string,
    tracker: string,
    limit: RateLimit,
  ): Promise<void> {
    const retryAfter = await this.take(name, tracker, limit).catch((error: unknown) => {
      if (error instanceof ApiError) this.responses?.setHeaders(attempt.response, error.headers);
      throw error;
    });
    if (name === CEILING) this.countedAgainstCeiling.add(attempt);
    if (retryAfter > 0) {
      const refusal = new TooManyAttemptsError(retryAfter);
      this.record(attempt, refusal);
      this.responses?.setHeaders(attempt.response, refusal.headers);
      throw refusal;
    }
  }

  /** Admits the attempt, runs it, and records its outcome in the audit log. */
  async run<T>(attempt: LoginAttempt, work: () => Promise<T>): Promise<T> {
    await this.admit(attempt);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      this.record(attempt, error);
      // Set at once (a 503's Retry-After, say), so that a host's own exception filter passes them on.
      if (error instanceof ApiError) this.responses?.setHeaders(attempt.response, error.headers);
      throw error;
    }
    await this.succeeded(attempt);
    return result;
  }

  /** Records a successful attempt: in the audit log, and (a password login) its network as known to the account. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    this.record(attempt);
    await this.signedIn(attempt);
  }

  /**
   * After a password login succeeded: its client network becomes known to the
   * account, and keeps its own allowance past the account's ceiling.
   */
  async signedIn(attempt: LoginAttempt | undefined): Promise<void> {
    if (!attempt || attempt.account === undefined || !isPasswordAttempt(attempt)) return;
    const refund =
      this.countedAgainstCeiling.delete(attempt) && canRefund(this.storage)
        ? this.storage.refund(this.keyOf(CEILING, attempt.account), CEILING)
        : undefined;
    await Promise.all([
      this.knownAddresses.remember(attempt.account, clientNetwork(attempt.request.ip)),
      refund,
    ]).catch((error: unknown) => {
      this.logger.warn(`could not record a sign-in's address: ${(error as Error).message}`);
    });
  }

  /** An attempt's outcome, in the metrics and the audit log (the account it named as principal): a success, or the error it failed with. */
  record(attempt: LoginAttempt, error?: unknown): void {
    const principal = attempt.account ?? null;
    const failure = this.outcomes?.login(
      attempt.scheme,
      principal,
      error === undefined ? undefined : { error },
      attempt.request,
    );
    this.audit?.record({
      scheme: attempt.scheme,
      principal,
      request: attempt.request,
      ...(error === undefined
        ? { outcome: 'success' }
        : { outcome: 'failure', ...(failure ?? auditedFailure(error)) }),
    });
  }

  /** Counts one hit; the seconds until the tracker may try again, or 0 when within the limit. */
  private async take(name: string, tracker: string, limit: RateLimit): Promise<number> {
    const windowMs = limit.windowSeconds * 1000;
    try {
      const record = await this.storage.increment(
        this.keyOf(name, tracker),
        windowMs,
        limit.limit,
        windowMs,
        name,
      );
      return record.isBlocked ? Math.max(1, record.timeToBlockExpire) : 0;
    } catch (error) {
      throw this.storeUnavailable(error);
    }
  }

  /** Hashed: account names and addresses stay out of the store. */
  private keyOf(name: string, tracker: string): string {
    return `authkit:login-throttle:${hashSecret(`${name}\0${tracker}`)}`;
  }

  /** The counter store (the database, Redis) failed: refuse rather than let guesses through uncounted. */
  private storeUnavailable(error: unknown): ApiError {
    this.logger.error(`rate-limit store unavailable: ${(error as Error).message}`);
    if (isDatabaseUnavailableError(error))
      return new ApiError(503, ErrorCode.databaseUnavailable, 'The database is unavailable', {
        'Retry-After': '1',
      });
    return new ApiError(
      503,
      ErrorCode.rateLimiterUnavailable,
      'Rate limiting is unavailable; try again shortly',
      { 'Retry-After': '1' },
    );
  }
}

/** A password attempt (the default for `user:` accounts and attempts naming none), not a machine credential. */
function isPasswordAttempt(attempt: LoginAttempt): boolean {
  return (
    (attempt.credential ??
      (attempt.account === undefined || attempt.account.startsWith('user:')
        ? 'password'
        : 'secret')) === 'password'
  );
}

/**
 * Whether a request came through a proxy the app does not trust: it carries
 * `X-Forwarded-For`, yet its client address is none of the addresses listed
 * there (a trusted proxy's hops would have made it one of them).
 */
export function forwardedButNotTrusted(request: Pick<HttpRequestLike, 'ip' | 'headers'>): boolean {
  const forwarded = request.headers['x-forwarded-for'];
  if (forwarded === undefined || request.ip === undefined) return false;
  const hops = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)
    .split(',')
    .map((hop) => hop.trim().replace(/^::ffff:/, ''));
  return hops.some((hop) => hop !== '') && !hops.includes(request.ip.replace(/^::ffff:/, ''));
}
