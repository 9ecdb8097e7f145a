import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A customer team; its user is who a site's requests act as. */
@Entity({ name: 'saas_team' })
export class Team {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 140, unique: true })
  name: string;

  /** The team's user in the host's `UserStore` (its key as text). */
  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
