import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An RS256 key pair. The newest unretired key signs; every unretired key
 * verifies, so tokens signed before a rotation stay valid until their key is retired.
 */
@Entity({ name: 'session_jwt_signing_key' })
export class SigningKey {
  /** RFC 7638 thumbprint of the public key: the `kid` of the tokens it signs. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid: string;

  /** The public key as a JWK, served at `/.well-known/jwks.json`. */
  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk: Record<string, string>;

  /** The private key (PKCS#8 PEM) sealed with AES-256-GCM under the configured key-encryption secret. */
  @Column({ name: 'private_key_sealed', type: 'text', select: false })
  privateKeySealed: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 6 })
  createdAt: Date;

  /** Set when the key no longer verifies anything. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
