import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A login token that has logged in. The primary key (API code, nonce) makes
 * the database refuse a second use, concurrent or not; keyed by the decoded
 * nonce, not the token text, since one byte string has several encodings.
 */
@Entity({ name: 'partner_used_login_token' })
export class UsedLoginToken {
  @PrimaryColumn({ name: 'api_code', type: 'varchar', length: 64 })
  apiCode: string;

  @PrimaryColumn({ type: 'bytea' })
  nonce: Buffer;

  /** The token's own `exp`: the row can go once no clock skew could make the token valid again. */
  @Index('partner_used_login_token_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'used_at', type: 'timestamptz' })
  usedAt: Date;
}
