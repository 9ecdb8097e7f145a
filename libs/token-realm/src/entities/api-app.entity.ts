import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A registered front end that logs in with `app_id` and `app_secret` (the token-realm API's Roomink). */
@Entity({ name: 'token_realm_app' })
@Check(
  'token_realm_app_rate_limit_whole',
  `("rate_limit" IS NULL) = ("rate_limit_window_seconds" IS NULL) AND "rate_limit" > 0 AND "rate_limit_window_seconds" > 0`,
)
export class ApiApp {
  /** The public `app_id`. */
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  /** SHA-256 (hex) of the `app_...` secret; the secret itself is shown once, at creation. */
  @Column({ name: 'secret_hash', type: 'char', length: 64, select: false })
  secretHash: string;

  /** SHA-256 of the secret before the last rotation, while its grace window lasts (`--grace`). */
  @Column({
    name: 'previous_secret_hash',
    type: 'char',
    length: 64,
    nullable: true,
    select: false,
  })
  previousSecretHash: string | null;

  /** When the previous secret stops logging in; null: no window open. */
  @Column({ name: 'grace_ends_at', type: 'timestamptz', nullable: true })
  graceEndsAt: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** What the app's tokens may do (`@RequireScopes`); null: everything. */
  @Column({ type: 'text', array: true, nullable: true })
  scopes: string[] | null;

  /** Requests its grants' tokens may make per window, all together (`--rate-limit`); null: no limit of its own. */
  @Column({ name: 'rate_limit', type: 'integer', nullable: true })
  rateLimit: number | null;

  @Column({ name: 'rate_limit_window_seconds', type: 'integer', nullable: true })
  rateLimitWindowSeconds: number | null;
}
