import { availableParallelism } from 'node:os';
import * as argon2 from 'argon2';
import { ConcurrencyLimit, OverloadedError } from '../concurrency/concurrency-limit';
import { ApiError } from '../errors/api-error';
import { ErrorCode } from '../errors/error-codes';

/** argon2id cost parameters; the defaults are OWASP's minimum (m=19 MiB, t=2, p=1). */
export interface PasswordHashingOptions {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/**
 * Hashes computed at once; the rest queue. One core is left to the event loop
 * (at least one hash runs), so a burst of logins does not stall other requests.
 */
export function defaultHashConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}

export const OWASP_MINIMUM_ARGON2ID: PasswordHashingOptions = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** The longest a password check waits for a hashing slot; past it the attempt is refused (503) instead of queued. */
export const MAX_HASH_WAIT_MS = 1000;

export interface PasswordCheck {
  valid: boolean;
  /** The stored hash is weaker than the configured parameters (or not argon2id). */
  needsRehash: boolean;
}

/**
 * argon2id password hashing. The argon2 addon computes on libuv's thread pool,
 * so hashing never blocks the event loop, and at most `concurrency` hashes
 * run at once, so they never take every core from it either. Under a flood
 * it sheds load: an attempt that would wait more than `maxWaitMs` for a slot
 * is refused with 503 and `Retry-After`, so a real user's login never sits
 * behind minutes of guesses. `verifyNothing` burns the same work as a real
 * check, for unknown accounts, so timing does not reveal them.
 */
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private readonly limit: ConcurrencyLimit;

  constructor(
    private readonly options: PasswordHashingOptions = OWASP_MINIMUM_ARGON2ID,
    concurrency = defaultHashConcurrency(),
    maxWaitMs = MAX_HASH_WAIT_MS,
  ) {
    this.limit = new ConcurrencyLimit(concurrency, maxWaitMs);
    if (
      options.memoryCost < OWASP_MINIMUM_ARGON2ID.memoryCost ||
      options.timeCost < OWASP_MINIMUM_ARGON2ID.timeCost ||
      options.parallelism < 1
    ) {
      throw new Error(
        'argon2id parameters below the OWASP minimum (m=19456, t=2, p=1) are refused',
      );
    }
  }

  hash(password: string): Promise<string> {
    return this.slot(() => argon2.hash(password, { type: argon2.argon2id, ...this.options }));
  }

  async verify(storedHash: string, password: string): Promise<PasswordCheck> {
    let valid = false;
    try {
      valid = await this.slot(() => argon2.verify(storedHash, password));
    } catch (error) {
      if (error instanceof ApiError) throw error;
      valid = false; // a malformed stored hash verifies nothing
    }
    const needsRehash =
      valid &&
      (!storedHash.startsWith('$argon2id$') || argon2.needsRehash(storedHash, this.options));
    return { valid, needsRehash };
  }

  /** The cost of a `verify` with nothing to find: for unknown users. Always false. */
  async verifyNothing(password: string): Promise<PasswordCheck> {
    // Made once; if shedding refused it, the next unknown user makes it again.
    this.dummyHash ??= this.hash('authkit-dummy-password-for-timing').catch((error: unknown) => {
      this.dummyHash = undefined;
      throw error;
    });
    await this.verify(await this.dummyHash, password);
    return { valid: false, needsRehash: false };
  }

  /** Runs on a hashing slot; refused with 503 and `Retry-After` when the wait would be too long. */
  private async slot<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.limit.run(work);
    } catch (error) {
      if (!(error instanceof OverloadedError)) throw error;
      throw new ApiError(503, ErrorCode.overloaded, 'Too many sign-ins at once; retry shortly', {
        'Retry-After': String(error.retryAfterSeconds),
      });
    }
  }
}
