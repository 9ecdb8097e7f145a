import { inHostSchema } from '@authkit/core/internal';
import { JwtSession } from './entities/jwt-session.entity';
import { SigningKey } from './entities/signing-key.entity';
import { CreateSessionJwt1763800400000 } from './migrations/1763800400000-create-session-jwt';
import { SessionJwtSessionUserIdAsText1765000400000 } from './migrations/1765000400000-session-jwt-session-user-id-as-text';

export const sessionJwtEntities = [JwtSession, SigningKey];
export const sessionJwtMigrations = inHostSchema([
  CreateSessionJwt1763800400000,
  SessionJwtSessionUserIdAsText1765000400000,
]);
