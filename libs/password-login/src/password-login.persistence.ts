import { LoginAccessToken } from './entities/login-access-token.entity';
import { CreatePasswordLoginTokens1763800200000 } from './migrations/1763800200000-create-password-login-tokens';

export const passwordLoginEntities = [LoginAccessToken];
export const passwordLoginMigrations = [CreatePasswordLoginTokens1763800200000];
