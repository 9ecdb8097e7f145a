import { inHostSchema } from '@authkit/core/internal';
import { ApiApp } from './entities/api-app.entity';
import { RealmAccessToken } from './entities/realm-access-token.entity';
import { RealmRefreshToken } from './entities/realm-refresh-token.entity';
import { TokenFamily } from './entities/token-family.entity';
import { CreateTokenRealms1763800300000 } from './migrations/1763800300000-create-token-realms';
import { TokenRealmFamilyUserIdAsText1765000300000 } from './migrations/1765000300000-token-realm-family-user-id-as-text';
import { AppScopes1767000200000 } from './migrations/1767000200000-app-scopes';
import { AppSecretGrace1767000500000 } from './migrations/1767000500000-app-secret-grace';
import { AppRateLimit1767000700000 } from './migrations/1767000700000-app-rate-limit';

/** One set of tables for every realm mounted: each family row names its realm. */
export const tokenRealmEntities = [ApiApp, TokenFamily, RealmAccessToken, RealmRefreshToken];
export const tokenRealmMigrations = inHostSchema([
  CreateTokenRealms1763800300000,
  TokenRealmFamilyUserIdAsText1765000300000,
  AppScopes1767000200000,
  AppSecretGrace1767000500000,
  AppRateLimit1767000700000,
]);
