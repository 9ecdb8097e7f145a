import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A partner's API code (`ACME01`) and the shared secret its login tokens are
 * encrypted with. The server must *use* the secret, so it is kept sealed
 * (AES-256-GCM under the configured master secret), never hashed.
 */
@Entity({ name: 'partner_api_code' })
export class ApiCode {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ name: 'secret_sealed', type: 'text', select: false })
  secretSealed: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** The secret before the last rotation (sealed), while its grace window lasts (`--grace`). */
  @Column({ name: 'previous_secret_sealed', type: 'text', nullable: true, select: false })
  previousSecretSealed: string | null;

  /** When the previous secret, and the sessions its login tokens opened, stop working; null: no window open. */
  @Column({ name: 'grace_ends_at', type: 'timestamptz', nullable: true })
  graceEndsAt: Date | null;

  /** Moves on with every new secret: a session lives only at the generation it was opened with. */
  @Column({ name: 'secret_generation', type: 'integer', default: 1 })
  secretGeneration: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
