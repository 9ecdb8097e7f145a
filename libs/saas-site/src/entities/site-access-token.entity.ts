import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { Site } from './site.entity';

/** A short-lived `<id>:<secret>` token a site minted for a browser front end. */
@Entity({ name: 'saas_site_access_token' })
export class SiteAccessToken {
  /** 10 lowercase alphanumerics, the public half of the token. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  id: string;

  /** SHA-256 (hex) of the secret half. */
  @Column({ name: 'secret_hash', type: 'char', length: 64 })
  secretHash: string;

  @ManyToOne(() => Site, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'site_id', foreignKeyConstraintName: 'saas_site_access_token_site_id_fkey' })
  site: Site;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The generation of the site's secret the token was minted under. */
  @Column({ name: 'site_secret_generation', type: 'integer', default: 1 })
  siteSecretGeneration: number;

  @Index('saas_site_access_token_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
