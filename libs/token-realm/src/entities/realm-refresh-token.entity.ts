import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { TokenFamily } from './token-family.entity';

/**
 * A refresh token; only its SHA-256 is kept. It works once: `usedAt` is set
 * by the one refresh that wins, and kept so that a second presentation is
 * recognised as reuse.
 */
@Entity({ name: 'token_realm_refresh_token' })
export class RealmRefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index('token_realm_refresh_token_family_id_idx')
  @ManyToOne(() => TokenFamily, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'family_id',
    foreignKeyConstraintName: 'token_realm_refresh_token_family_id_fkey',
  })
  family: TokenFamily;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('token_realm_refresh_token_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
