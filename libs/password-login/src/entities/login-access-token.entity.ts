import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An access token answered by `POST /api/user/login`; only its SHA-256 is kept. */
@Entity({ name: 'password_login_token' })
export class LoginAccessToken {
  /** SHA-256 (hex) of the token: the lookup key, so the token itself is never stored. */
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index('password_login_token_user_id_idx')
  /** The user's key in the host's `UserStore`, as text. */
  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('password_login_token_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
