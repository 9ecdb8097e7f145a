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

/** An `X-Access-Token`; only its SHA-256 is kept. */
@Entity({ name: 'token_realm_access_token' })
export class RealmAccessToken {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Index('token_realm_access_token_family_id_idx')
  @ManyToOne(() => TokenFamily, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'family_id',
    foreignKeyConstraintName: 'token_realm_access_token_family_id_fkey',
  })
  family: TokenFamily;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('token_realm_access_token_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
