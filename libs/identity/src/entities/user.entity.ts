import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** Free-form profile fields a scheme may answer with (password bearer's company_id, currency...). */
export type UserProfile = Record<string, unknown>;

/** The one user record every scheme authenticates against. */
@Entity({ name: 'authkit_user' })
@Check('authkit_user_profile_is_object', `jsonb_typeof("profile") = 'object'`)
export class User {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  /** A stable public identifier, for schemes that name users by UUID (session JWT's `sub`). */
  @Column({ type: 'uuid', unique: true })
  @Generated('uuid')
  uuid: string;

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  /** The name as names are compared (accountNameKey: NFKC and case folding): one name, one account. */
  @Column({ name: 'username_key', type: 'varchar', length: 600, unique: true })
  usernameKey: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** argon2id, PHC string format. Never selected unless asked for. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Password bearer's server identifier the user belongs to. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  direction: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  country: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: string[];

  @Column({ type: 'boolean', default: false })
  unrestricted: boolean;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  profile: UserProfile;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
