import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A JSON-RPC session token (`Core.login`, `Core.token_login`); only its SHA-256 is kept. */
@Entity({ name: 'partner_session' })
export class RpcSession {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index('partner_session_user_id_idx')
  /** The user's key in the host's `UserStore`, as text. */
  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  /** The API code whose login token opened the session; null for `Core.login`. */
  @Column({ name: 'api_code', type: 'varchar', length: 64, nullable: true })
  apiCode: string | null;

  /** The generation of that code's secret when the session opened; null for `Core.login`. */
  @Column({ name: 'api_code_generation', type: 'integer', nullable: true })
  apiCodeGeneration: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('partner_session_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
