import { Logger } from '@nestjs/common';
import type { MeterProvider } from '@opentelemetry/api';
import type { CredentialCache } from '../cache/credential-cache';
import type { HttpRequestLike } from '../http/http-request';
import { AuthkitMetrics } from './authkit-metrics';
import {
  answerOf,
  type AuditedFailure,
  type AuthRefusal,
  type RefusalReason,
  refusalReasonOf,
} from './refusal';

type RefusedRequest = Pick<HttpRequestLike, 'ip' | 'headers'>;

/** A failed verification or login, as its guard or endpoint saw it. */
export interface FailedAttempt {
  error: unknown;
  /** What the verification noted (`expired`, `revoked`...), when it noted anything. */
  noted?: RefusalReason;
}

/** The core's options it reads (`AuthCoreModule` provides it with them). */
export interface AuthOutcomesOptions {
  meterProvider?: MeterProvider;
  onRefusal?: (refusal: AuthRefusal) => void;
}

/**
 * Where every verification, login and revocation outcome goes besides the audit log: the
 * metrics, and a host's `onRefusal` hook (with the refusal's reason; the client's answer does
 * not change). Each answers what the audit log keeps of a failure.
 */
export class AuthOutcomes {
  private readonly logger = new Logger('AuthOutcomes');
  private readonly metrics: AuthkitMetrics;
  private readonly onRefusal?: (refusal: AuthRefusal) => void;

  constructor(cache: CredentialCache, options: AuthOutcomesOptions = {}) {
    this.metrics = new AuthkitMetrics(cache, options.meterProvider);
    this.onRefusal = options.onRefusal;
  }

  /** A guarded request's credential: accepted, or refused (or throttled, or unavailable). */
  verification(
    scheme: string,
    timing: { seconds: number; cache: 'hit' | 'miss' },
    failure?: FailedAttempt,
    request?: RefusedRequest,
  ): AuditedFailure | null {
    if (!failure) {
      this.metrics.verification(scheme, 'accepted', undefined, timing.seconds, timing.cache);
      return null;
    }
    const answer = answerOf(failure.error);
    const reason = refusalReasonOf(answer, failure.noted);
    const outcome =
      reason === null ? 'unavailable' : reason === 'throttled' ? 'throttled' : 'refused';
    this.metrics.verification(
      scheme,
      outcome,
      outcome === 'refused' ? reason! : undefined,
      timing.seconds,
      timing.cache,
    );
    if (reason === 'throttled') this.metrics.throttled(scheme);
    if (reason)
      this.tell({ kind: 'verification', scheme, reason, ...answer, principal: null }, request);
    return { reason: reason ?? 'unavailable', code: answer.code };
  }

  /** A login endpoint's attempt: succeeded, or refused (a 429 is counted as throttled too). */
  login(
    scheme: string,
    principal: string | null,
    failure?: FailedAttempt,
    request?: RefusedRequest,
  ): AuditedFailure | null {
    if (!failure) {
      this.metrics.login({ scheme, outcome: 'success' });
      return null;
    }
    const answer = answerOf(failure.error);
    const reason = refusalReasonOf(answer, failure.noted);
    if (reason === 'throttled') {
      this.metrics.login({ scheme, outcome: 'throttled' });
      this.metrics.throttled(scheme);
    } else
      this.metrics.login(
        reason ? { scheme, outcome: 'failure', reason } : { scheme, outcome: 'unavailable' },
      );
    if (reason) this.tell({ kind: 'login', scheme, reason, ...answer, principal }, request);
    return { reason: reason ?? 'unavailable', code: answer.code };
  }

  revoked(): void {
    this.metrics.revoked();
  }

  /** The host's hook; its failure is logged, never the request's. */
  private tell(
    refusal: Omit<AuthRefusal, 'clientAddress' | 'userAgent'>,
    request: RefusedRequest | undefined,
  ): void {
    if (!this.onRefusal) return;
    const userAgent = request?.headers?.['user-agent'];
    try {
      this.onRefusal({
        ...refusal,
        clientAddress: request?.ip ?? null,
        userAgent: typeof userAgent === 'string' ? userAgent : null,
      });
    } catch (error) {
      this.logger.warn(`onRefusal failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
