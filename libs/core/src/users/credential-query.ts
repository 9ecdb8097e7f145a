import type { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import type { AuthUser, SqlUserJoin, UserStore } from './user-store';

/** One credential lookup of a scheme, in SQL: the credential's own columns and its user's key. */
export interface CredentialQuerySpec {
  /** The credential's columns, each aliased (`t."expires_at" AS "expiresAt"`); no alias starts with `user:`. */
  select: string;
  /** Tables and joins, named with `sqlTable`. */
  from: string;
  /** The condition, with `$1`, `$2`... for the values `find` is given; it must name at most one row. */
  where: string;
  /** The SQL expression, of type text, of the credential's user key (a `user_id` column); it may be null (an app's token). */
  userKey: string;
}

export interface CredentialWithUser<Row> {
  row: Row;
  /** The credential's user, or null when its key is null or names no user the store knows. */
  user: AuthUser | null;
}

const USER_KEY_ALIAS = 'user:key';

/**
 * A scheme's hot-path lookup of a credential and its user, as a prepared
 * statement with no entity hydration. When the `UserStore` offers a SQL join
 * (authkit's own store does), the user comes in the same query: one round trip.
 * Otherwise the store's `findById` follows: two.
 */
export class CredentialQuery<Row extends Record<string, unknown>> {
  private readonly text: string;
  private readonly join: SqlUserJoin | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserStore,
    spec: CredentialQuerySpec,
  ) {
    // `?.`: with no store mounted, the scheme's startup check reports it before anything runs.
    this.join = users?.sqlJoin() ?? null;
    this.text = this.join
      ? `SELECT ${spec.select}, "user".* FROM ${spec.from} LEFT JOIN LATERAL (${this.join.lateral(spec.userKey)}) AS "user" ON true WHERE ${spec.where} LIMIT 1`
      : `SELECT ${spec.select}, ${spec.userKey} AS "${USER_KEY_ALIAS}" FROM ${spec.from} WHERE ${spec.where} LIMIT 1`;
  }

  async find(values: unknown[]): Promise<CredentialWithUser<Row> | null> {
    const [row] = await preparedQuery(this.dataSource, this.text, values);
    if (!row) return null;
    if (this.join) return { row: row as Row, user: this.join.toUser(row) };
    const key = row[USER_KEY_ALIAS];
    return {
      row: row as Row,
      user: typeof key === 'string' ? await this.users.findById(key) : null,
    };
  }
}
