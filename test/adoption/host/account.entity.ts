import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The host's own users table, which knows nothing of authkit: uuid keys, its own names for things. */
@Entity({ name: 'account' })
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  handle: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** `scrypt$<salt>$<hash>`, hex. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** What seed 001 calls the user's direction. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  division: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  country: string | null;
}
