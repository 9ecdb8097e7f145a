import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ApiApp } from './api-app.entity';

/**
 * One login: every access and refresh token descended from one
 * `access_token` grant. Revoking the family ends all of them.
 */
@Entity({ name: 'token_realm_family' })
@Check('token_realm_family_one_principal', `("user_id" IS NULL) <> ("app_id" IS NULL)`)
export class TokenFamily {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  realm: string;

  @Index('token_realm_family_user_id_idx')
  /** The user's key in the host's `UserStore`, as text (null for an app's family). */
  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId: string | null;

  @Index('token_realm_family_app_id_idx')
  @ManyToOne(() => ApiApp, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'app_id', foreignKeyConstraintName: 'token_realm_family_app_id_fkey' })
  app: ApiApp | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
