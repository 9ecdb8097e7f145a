import { HttpException } from '@nestjs/common';
import {
  currentVerification,
  runVerification,
  type ScopedVerification,
} from '../context/request-scope';

/**
 * Why a credential or a login was refused: stable names for the audit log, the metrics and
 * a host's `onRefusal` hook. Never sent to the client, whose answer stays uniform.
 */
export type RefusalReason =
  | 'missing'
  | 'malformed'
  | 'unknown'
  | 'expired'
  | 'revoked'
  | 'disabled'
  | 'throttled'
  | 'insufficient_scope';

/** One refused request or login, as a host's `onRefusal` hook sees it: never the credential. */
export interface AuthRefusal {
  /** A guarded request's verification, or a login endpoint's attempt. */
  kind: 'verification' | 'login';
  /** The strategies tried (`password-login-bearer`) or the login endpoint (`login:/api/user/login`). */
  scheme: string;
  reason: RefusalReason;
  /** What the client was answered: the status and the body's code. */
  status: number;
  code: string;
  /** A login's account (`user:alice`), when the attempt named one. */
  principal: string | null;
  /** The client's address (as the app's trust-proxy setting resolves it) and user agent: never its headers, which carry the credential. */
  clientAddress: string | null;
  userAgent: string | null;
}

/** What a verification learnt on its way, for the guard that runs it: why it refused, and whether the cache answered. */
export interface VerificationNote extends ScopedVerification {
  reason?: RefusalReason;
  cache?: 'hit' | 'miss';
}

/** The more a reason says about the credential, the higher: an any-of guard keeps its strategies' most telling one. */
const RANK: Record<RefusalReason, number> = {
  missing: 0,
  malformed: 1,
  unknown: 2,
  expired: 3,
  revoked: 4,
  disabled: 5,
  throttled: 6,
  insufficient_scope: 7,
};

/**
 * Runs a verification with a note of its own (one per guard call, so that concurrent calls
 * never mix), in the request's scope: the runner sets `note.settled` once it is done with it.
 */
export function withVerificationNote<T>(note: VerificationNote, run: () => T): T {
  return runVerification(note, run);
}

export function currentVerificationNote(): VerificationNote | undefined {
  return currentVerification() as VerificationNote | undefined;
}

/** Notes why the current verification refuses; answers null, what a service's verify returns for a refusal. */
export function refused(reason: RefusalReason): null {
  const note = currentVerificationNote();
  if (note && (note.reason === undefined || RANK[reason] > RANK[note.reason])) note.reason = reason;
  return null;
}

/** A value that is not a well-formed credential: `missing` when absent or empty, else `malformed`. */
export function refusedShape(value: unknown): null {
  return refused(value === undefined || value === null || value === '' ? 'missing' : 'malformed');
}

export function noteCacheLookup(hit: boolean): void {
  const note = currentVerificationNote();
  if (note) note.cache = hit ? 'hit' : 'miss';
}

/** The status and code a failure answers (the library's `code`, session JWT's `error_code`, or `http_<status>`). */
export function answerOf(error: unknown): { status: number; code: string } {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse() as { code?: unknown; error_code?: unknown };
    if (typeof body === 'object' && body !== null) {
      if (typeof body.code === 'string') return { status, code: body.code };
      if (typeof body.error_code === 'string') return { status, code: body.error_code };
    }
    return { status, code: `http_${status}` };
  }
  // An error of another protocol (a JSON-RPC error) says what it stands for.
  const own = (error as { refusalAnswer?: { status?: unknown; code?: unknown } } | null)
    ?.refusalAnswer;
  if (typeof own?.status === 'number' && typeof own.code === 'string')
    return { status: own.status, code: own.code };
  return { status: 500, code: 'error' };
}

/**
 * The reason of a refusal from what was answered and what the verification noted; null for a
 * failure that is not a refusal (the database unavailable, a fault: 5xx).
 */
export function refusalReasonOf(
  answer: { status: number; code: string },
  noted?: RefusalReason,
): RefusalReason | null {
  if (answer.status === 429) return 'throttled';
  if (answer.code === 'insufficient_scope') return 'insufficient_scope';
  if (answer.status === 403) return 'disabled';
  if (answer.status >= 500) return null;
  if (noted) return noted;
  return answer.status === 400 ? 'malformed' : 'unknown';
}

/** What the audit log keeps of a failure: why (`unavailable` for a fault), and what was answered. */
export interface AuditedFailure {
  reason: RefusalReason | 'unavailable';
  code: string;
}

export function auditedFailure(error: unknown, noted?: RefusalReason): AuditedFailure {
  const answer = answerOf(error);
  return { reason: refusalReasonOf(answer, noted) ?? 'unavailable', code: answer.code };
}
