import { User } from '@authkit/identity';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A JSON-RPC session token (`Core.login`, `Core.token_login`); only its SHA-256 is kept. */
@Entity({ name: 'partner_session' })
export class RpcSession {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index('partner_session_user_id_idx')
  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'partner_session_user_id_fkey' })
  user: User;

  /** The API code whose login token opened the session; null for `Core.login`. */
  @Column({ name: 'api_code', type: 'varchar', length: 64, nullable: true })
  apiCode: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('partner_session_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
