export * from './token-realm.module';
export * from './token-realm-apps.module';
export {
  TOKEN_REALM_OPTIONS,
  type TokenRealmGrant,
  type TokenRealmModuleOptions,
  type TokenRealmExtras,
} from './token-realm.module-definition';
export * from './token-realm.persistence';
export * from './entities/api-app.entity';
export * from './entities/token-family.entity';
export * from './entities/realm-access-token.entity';
export * from './entities/realm-refresh-token.entity';
export * from './token-realm-principal';
export * from './token-realm.service';
export * from './api-app.service';
export * from './token-realm.guard';
export * from './expires-at';
export * from './revocation-tags';
