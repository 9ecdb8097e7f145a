import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Team } from './team.entity';

export type SiteStatus = 'active' | 'suspended';

/** A deployed site that calls back to the control plane with its communication secret. */
@Entity({ name: 'saas_site' })
@Check(
  'saas_site_rate_limit_whole',
  `("rate_limit" IS NULL) = ("rate_limit_window_seconds" IS NULL) AND "rate_limit" > 0 AND "rate_limit_window_seconds" > 0`,
)
export class Site {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  name: string;

  @ManyToOne(() => Team, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'saas_site_team_id_fkey' })
  team: Team;

  /** SHA-256 (hex) of the communication secret; the secret itself is shown once and never stored. */
  @Column({ name: 'secret_hash', type: 'char', length: 64, select: false })
  secretHash: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: SiteStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true })
  secretRotatedAt: Date | null;

  /** SHA-256 of the secret before the last rotation, while its grace window lasts (`--grace`). */
  @Column({
    name: 'previous_secret_hash',
    type: 'char',
    length: 64,
    nullable: true,
    select: false,
  })
  previousSecretHash: string | null;

  /** When the previous secret, and the access tokens it minted, stop working; null: no window open. */
  @Column({ name: 'grace_ends_at', type: 'timestamptz', nullable: true })
  graceEndsAt: Date | null;

  /** Moves on with every new secret: an access token lives only at the generation it was minted under. */
  @Column({ name: 'secret_generation', type: 'integer', default: 1 })
  secretGeneration: number;

  /** What the site's credentials may do (`@RequireScopes`); null: everything. */
  @Column({ type: 'text', array: true, nullable: true })
  scopes: string[] | null;

  /** Requests the site's credentials may make per window (`--rate-limit`); null: no limit of its own. */
  @Column({ name: 'rate_limit', type: 'integer', nullable: true })
  rateLimit: number | null;

  @Column({ name: 'rate_limit_window_seconds', type: 'integer', nullable: true })
  rateLimitWindowSeconds: number | null;
}
