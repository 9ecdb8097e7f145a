import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The server-side session a JWT names in `sid`. The token is only good while
 * its session is open and unexpired: closing it ends every token of it at once.
 */
@Entity({ name: 'session_jwt_session' })
export class JwtSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('session_jwt_session_user_id_idx')
  /** The user's key in the host's `UserStore`, as text. */
  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('session_jwt_session_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
