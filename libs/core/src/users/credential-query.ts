import type { DataSource } from 'typeorm';
import { LoopTurnBatch } from '../concurrency/loop-turn-batch';
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
  /**
   * The SQL type of `$1`, `$2`..., in order: the type of the column each is compared with
   * (`bpchar` for a `character(64)` hash, `text` for a `varchar`, `uuid`), so that lookups
   * made together, sent as arrays of these, still probe the columns' indexes.
   */
  parameterTypes: string[];
}

export interface CredentialWithUser<Row> {
  row: Row;
  /** The credential's user, or null when its key is null or names no user the store knows. */
  user: AuthUser | null;
}

const USER_KEY_ALIAS = 'user:key';
const LOOKUP_INDEX_ALIAS = 'lookup:index';

type FoundRow = Record<string, unknown> | undefined;

/**
 * A scheme's hot-path lookup of a credential and its user, as a prepared
 * statement with no entity hydration. When the `UserStore` offers a SQL join
 * (authkit's own store does), the user comes in the same query: one round trip.
 * Otherwise the store's `findById` follows: two.
 *
 * Lookups made during one turn of the event loop go to the database together: one statement
 * for all of them (`unnest` of each parameter's values, the same query per value), so that
 * under load PostgreSQL and the driver do one statement's work instead of one per request.
 * Each lookup still reads the database after its request arrived. A lone lookup runs the
 * single statement; if a joint statement fails, each lookup in it is run alone, so that one
 * lookup's bad value is never another's error.
 */
export class CredentialQuery<Row extends Record<string, unknown>> {
  private readonly text: string;
  private readonly jointText: string;
  private readonly join: SqlUserJoin | null;
  private readonly parameterCount: number;
  private readonly lookups = new LoopTurnBatch<unknown[], FoundRow>((all) => this.lookUp(all));

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserStore,
    spec: CredentialQuerySpec,
  ) {
    // `?.`: with no store mounted, the scheme's startup check reports it before anything runs.
    this.join = users?.sqlJoin() ?? null;
    this.parameterCount = spec.parameterTypes.length;
    const statement = ({
      select,
      from,
      where,
    }: Pick<CredentialQuerySpec, 'select' | 'from' | 'where'>) =>
      this.join
        ? `SELECT ${select}, "user".* FROM ${from} LEFT JOIN LATERAL (${this.join.lateral(spec.userKey)}) AS "user" ON true WHERE ${where} LIMIT 1`
        : `SELECT ${select}, ${spec.userKey} AS "${USER_KEY_ALIAS}" FROM ${from} WHERE ${where} LIMIT 1`;
    this.text = statement(spec);
    const fromLookup = (sql: string) =>
      sql.replace(/\$(\d+)(?!\d)/g, (_, n: string) => `lookup."p${n}"`);
    const arrays = spec.parameterTypes.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    const columns = spec.parameterTypes.map((_, i) => `"p${i + 1}"`).join(', ');
    this.jointText = `SELECT lookup."${LOOKUP_INDEX_ALIAS}", found.* FROM unnest(${arrays}) WITH ORDINALITY AS lookup(${columns}, "${LOOKUP_INDEX_ALIAS}") CROSS JOIN LATERAL (${statement(
      {
        select: fromLookup(spec.select),
        from: fromLookup(spec.from),
        where: fromLookup(spec.where),
      },
    )}) AS found`;
  }

  async find(values: unknown[]): Promise<CredentialWithUser<Row> | null> {
    const row = await this.lookups.add(values);
    if (!row) return null;
    if (this.join) return { row: row as Row, user: this.join.toUser(row) };
    const key = row[USER_KEY_ALIAS];
    return {
      row: row as Row,
      user: typeof key === 'string' ? await this.users.findById(key) : null,
    };
  }

  private async lookUp(all: unknown[][]): Promise<PromiseSettledResult<FoundRow>[]> {
    if (all.length > 1) {
      try {
        const rows = await preparedQuery(
          this.dataSource,
          this.jointText,
          Array.from({ length: this.parameterCount }, (_, p) => all.map((values) => values[p])),
        );
        const found: FoundRow[] = new Array(all.length).fill(undefined);
        for (const row of rows) {
          found[Number(row[LOOKUP_INDEX_ALIAS]) - 1] = row;
          delete row[LOOKUP_INDEX_ALIAS];
        }
        return found.map((value) => ({ status: 'fulfilled', value }));
      } catch {
        // Run alone below: each lookup then meets only its own error, if any.
      }
    }
    return Promise.allSettled(
      all.map(async (values) => (await preparedQuery(this.dataSource, this.text, values))[0]),
    );
  }
}
