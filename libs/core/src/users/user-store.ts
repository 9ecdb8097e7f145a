import type { EntityManager } from 'typeorm';
/**
 * A user as the schemes see it, whatever store keeps it. authkit's own
 * `authkit_user` table (`@authkit/identity`) is one store; a host may bring
 * its own users table instead (see `UserStoreModule`).
 */
export interface AuthUser {
  /**
   * The store's key for the user, as the store has it (a number or a string).
   * Scheme tables keep it as text in their `user_id` columns; password bearer and
   * `Core.me` answer it as `id`.
   */
  id: number | string;
  /** A stable public UUID (session JWT's `sub` and `user_id`). */
  uuid: string;
  username: string;
  email: string | null;
  /** A disabled user's credentials are refused everywhere (checked on every uncached verification). */
  enabled: boolean;
  /** Role identifiers, as the tokens carry them (session JWT's `rls` and `roles_ids`). */
  roles: string[];
  /** The same roles by name, for a host's role checks (`principal.roleNames`). */
  roleNames: string[];
  /** Free-form fields a scheme answers with (password bearer's `company_id`, `currency`...). */
  profile: Record<string, unknown>;
  /**
   * What else the store knows of the account, for the options that read it:
   * password bearer's default login check and answer read `direction` and
   * `country`, session JWT's default answer reads `unrestricted`. A store
   * fills what its accounts have; a host's own options may read any name.
   */
  attributes?: Readonly<Record<string, unknown>>;
}

/** How a password login names its user: by login (username) or by email. */
export type UserLookup =
  { login: string; email?: undefined } | { email: string; login?: undefined };

/**
 * What a scheme does when a user is disabled: end every credential it issued
 * to them. With `manager`, its writes go through it, in the transaction that
 * disables the user, and it announces nothing (the caller revokes
 * `userRevocationTag(user.id)` once that transaction committed); without, it
 * writes and announces on its own.
 */
export type UserDisabledListener = (
  user: AuthUser,
  manager?: EntityManager,
) => void | Promise<void>;

/**
 * What a store whose users live in the schemes' own database offers so that a
 * scheme reads a credential and its user in one query instead of two (see
 * `UserStore.sqlJoin`).
 */
export interface SqlUserJoin {
  /**
   * A subquery for `LEFT JOIN LATERAL (...) ON true` that selects at most one
   * row: the user whose key, as text, is the SQL expression `userKey` (a scheme
   * table's `user_id` column). Name its columns with a `user:` prefix, so they
   * never collide with the scheme's own; it must not take parameters.
   */
  lateral(userKey: string): string;
  /** The user from those columns of a result row; null when the row has no user (the key named none). */
  toUser(row: Record<string, unknown>): AuthUser | null;
}

/**
 * The users every scheme authenticates: the one seam between authkit and a
 * host's users. Implement the three lookups; call `userDisabled(user)` when
 * one of your users is disabled, and every mounted scheme revokes what it
 * issued to that user on every instance.
 */
export abstract class UserStore {
  private readonly disabledListeners: UserDisabledListener[] = [];

  /** The user with this login (username) or email, or null. */
  abstract findByLogin(lookup: UserLookup): Promise<AuthUser | null>;

  /** The user whose `id` (as text, as the scheme tables keep it) is this, or null. */
  abstract findById(id: string): Promise<AuthUser | null>;

  /**
   * The user named by `lookup` when `password` is theirs, otherwise null.
   * It must cost the same for an unknown user as for a wrong password (hash a
   * dummy), so timing never tells which users exist. Disabled users are
   * returned too: the scheme answers them with 403, not 401.
   */
  abstract verifyPassword(lookup: UserLookup, password: string): Promise<AuthUser | null>;

  /**
   * Optional. A store in the same database as the schemes may return how to
   * join its users into a scheme's credential query: an uncached verification
   * is then one round trip instead of two. The default, null, has the schemes
   * call `findById` after reading the credential, which suits any store.
   */
  sqlJoin(): SqlUserJoin | null {
    return null;
  }

  /** Schemes register here what they revoke when a user is disabled. */
  onUserDisabled(listener: UserDisabledListener): void {
    this.disabledListeners.push(listener);
  }

  /**
   * Announces that `user` was disabled: every mounted scheme ends what it
   * issued to them. Every scheme runs even when another fails; the failures
   * are reported together after. Pass the `manager` of the transaction that
   * sets your disabled flag to make it all-or-nothing: each scheme writes
   * through it (behind a savepoint of its own), any failure throws so that
   * your transaction rolls back, flag included; after it commits, revoke
   * `userRevocationTag(user.id)` on the `RevocationBus` (as @authkit/identity does).
   */
  async userDisabled(user: AuthUser, manager?: EntityManager): Promise<void> {
    const failures = manager
      ? await this.runInTransaction(user, manager)
      : await this.runEach(user);
    if (failures.length > 0)
      throw new AggregateError(
        failures,
        `${failures.length} of ${this.disabledListeners.length} schemes could not end the user's credentials`,
      );
  }

  private async runEach(user: AuthUser): Promise<unknown[]> {
    const outcomes = await Promise.allSettled(
      this.disabledListeners.map(async (listener) => listener(user)),
    );
    return outcomes
      .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
      .map((outcome) => outcome.reason as unknown);
  }

  private async runInTransaction(user: AuthUser, manager: EntityManager): Promise<unknown[]> {
    const failures: unknown[] = [];
    for (const listener of this.disabledListeners) {
      // A failed statement aborts a PostgreSQL transaction: a savepoint per scheme lets the next one run, and report too.
      await manager.query('SAVEPOINT authkit_user_disabled');
      try {
        await listener(user, manager);
        await manager.query('RELEASE SAVEPOINT authkit_user_disabled');
      } catch (error) {
        failures.push(error);
        await manager.query('ROLLBACK TO SAVEPOINT authkit_user_disabled');
      }
    }
    return failures;
  }
}

/** The text a scheme table keeps in `user_id`. */
export function userKey(user: Pick<AuthUser, 'id'>): string {
  return String(user.id);
}
