import { inHostSchema } from '@authkit/core/internal';
import { LoginAccessToken } from './entities/login-access-token.entity';
import { CreatePasswordLoginTokens1763800200000 } from './migrations/1763800200000-create-password-login-tokens';
import { PasswordLoginTokenUserIdAsText1765000200000 } from './migrations/1765000200000-password-login-token-user-id-as-text';

export const passwordLoginEntities = [LoginAccessToken];
export const passwordLoginMigrations = inHostSchema([
  CreatePasswordLoginTokens1763800200000,
  PasswordLoginTokenUserIdAsText1765000200000,
]);
