import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'success' | 'failure';

/** One authentication attempt, of any scheme. Never a secret, never a whole token. */
@Entity({ name: 'auth_audit_log' })
@Check('auth_audit_log_outcome_check', `"outcome" IN ('success', 'failure')`)
@Index('auth_audit_log_last_success_idx', ['principal', 'occurredAt'], {
  where: `"outcome" = 'success'`,
})
export class AuthAuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index('auth_audit_log_occurred_at_idx')
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  /** The strategy or endpoint, e.g. `password-login-bearer`, `token-realm:snipe`, `login:/api/user/login`. */
  @Column({ type: 'varchar', length: 100 })
  scheme: string;

  /** Who it was, when known: `user:12`, `site:3`, `app:7`; for a login, the account it named (`user:alice`). */
  @Column({ name: 'principal', type: 'varchar', length: 300, nullable: true })
  principal: string | null;

  @Column({ type: 'varchar', length: 10 })
  outcome: AuditOutcome;

  /** Why a failure failed (`missing`, `malformed`, `unknown`, `expired`, `revoked`, `disabled`, `throttled`, `insufficient_scope`; `unavailable` for a fault; `revoked`/`not_found` for admin revocations), null on success. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  reason: string | null;

  /** What the client was answered: the error body's code (`invalid_credentials`, `account_disabled`...), null on success. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  code: string | null;

  @Column({ name: 'client_address', type: 'varchar', length: 100, nullable: true })
  clientAddress: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  /** How many refusals this row stands for: 1, or more for refusals that presented no credential (one row per address, scheme and minute). */
  @Column({ type: 'integer', default: 1 })
  occurrences: number;
}
