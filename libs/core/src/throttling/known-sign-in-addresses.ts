import type { DataSource } from 'typeorm';
import type { Clock } from '../clock/clock';
import { preparedQuery, sqlTableNamed } from '../database/prepared-query';
import { hashSecret } from '../tokens/secret-token';
import { LOGIN_KNOWN_ADDRESS_TABLE } from './login-throttle.persistence';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The networks (`clientNetwork`) that signed in to an account lately. Past the
 * account-wide ceiling, they keep their own allowance, so that a guesser
 * spread over many addresses cannot lock the owner out. In the host's
 * PostgreSQL (accounts and networks as SHA-256), or in memory without one.
 */
export abstract class KnownSignInAddresses {
  abstract isKnown(account: string, network: string): Promise<boolean>;
  abstract remember(account: string, network: string): Promise<void>;
}

export class PostgresKnownSignInAddresses extends KnownSignInAddresses {
  private readonly selectSql: string;
  private readonly upsertSql: string;
  private readonly sweepSql: string;
  private remembered = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly days: number,
  ) {
    super();
    const table = sqlTableNamed(dataSource, LOGIN_KNOWN_ADDRESS_TABLE);
    this.selectSql = `SELECT 1 FROM ${table} WHERE "account_hash" = $1 AND "address_hash" = $2 AND "signed_in_at" > $3`;
    this.upsertSql = `INSERT INTO ${table} AS k ("account_hash", "address_hash", "signed_in_at") VALUES ($1, $2, $3)
      ON CONFLICT ("account_hash", "address_hash") DO UPDATE SET "signed_in_at" = GREATEST(k."signed_in_at", EXCLUDED."signed_in_at")`;
    this.sweepSql = `DELETE FROM ${table} WHERE "signed_in_at" <= $1`;
  }

  async isKnown(account: string, network: string): Promise<boolean> {
    const rows = await preparedQuery(this.dataSource, this.selectSql, [
      hashSecret(account),
      hashSecret(network),
      this.since(),
    ]);
    return rows.length > 0;
  }

  async remember(account: string, network: string): Promise<void> {
    await preparedQuery(this.dataSource, this.upsertSql, [
      hashSecret(account),
      hashSecret(network),
      this.clock.now(),
    ]);
    if (++this.remembered % 100 === 0) await this.dataSource.query(this.sweepSql, [this.since()]);
  }

  private since(): Date {
    return new Date(this.clock.now().getTime() - this.days * DAY_MS);
  }
}

export class InMemoryKnownSignInAddresses extends KnownSignInAddresses {
  private readonly signedIn = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly days: number,
  ) {
    super();
  }

  async isKnown(account: string, network: string): Promise<boolean> {
    const at = this.signedIn.get(`${account}\0${network}`);
    return at !== undefined && at > this.clock.now().getTime() - this.days * DAY_MS;
  }

  async remember(account: string, network: string): Promise<void> {
    this.signedIn.set(`${account}\0${network}`, this.clock.now().getTime());
  }
}
