export { tokenRealmServiceToken, InjectTokenRealm, TokenRealmModule } from './token-realm.module';
export { TokenRealmAppsModule } from './token-realm-apps.module';
export {
  TOKEN_REALM_OPTIONS,
  type TokenRealmGrant,
  type TokenRealmModuleOptions,
  type TokenRealmExtras,
} from './token-realm.module-definition';
export { tokenRealmEntities, tokenRealmMigrations } from './token-realm.persistence';
export { ApiApp } from './entities/api-app.entity';
export { TokenFamily } from './entities/token-family.entity';
export { RealmAccessToken } from './entities/realm-access-token.entity';
export { RealmRefreshToken } from './entities/realm-refresh-token.entity';
export { tokenRealmStrategyName, type TokenRealmPrincipal } from './token-realm-principal';
export {
  ACCESS_TOKEN_PREFIX,
  REFRESH_TOKEN_PREFIX,
  type TokenPair,
  TokenRealmService,
} from './token-realm.service';
export { APP_SECRET_PREFIX, ApiAppService } from './api-app.service';
export { ADOPTED_APP_SECRET_PATTERN, AdoptedAppCredentials, NewApiApp } from './api-app.requests';
export {
  TOKEN_REALM_SECURITY,
  TokenRealmAuthGuard,
  UseTokenRealmAuth,
  CurrentTokenRealmPrincipal,
  addTokenRealmSecurity,
} from './token-realm.guard';
export { formatExpiresAt, parseExpiresAt } from './expires-at';
export { familyRevocationTag, appRevocationTag } from './revocation-tags';
export { tokenRealmCredentialFormats } from './credential-formats';
export { UserTokenRevocation } from './user-token-revocation';
