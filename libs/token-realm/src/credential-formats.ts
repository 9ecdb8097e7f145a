import { type CredentialFormat, prefixedTokenFormat } from '@authkit/core/internal';
import { APP_SECRET_PREFIX } from './api-app.service';
import { ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX } from './token-realm.service';

/** The credentials a token realm mints: access and refresh tokens, and the apps' secrets. */
export const tokenRealmCredentialFormats: readonly CredentialFormat[] = [
  prefixedTokenFormat('realm_access_token', ACCESS_TOKEN_PREFIX),
  prefixedTokenFormat('realm_refresh_token', REFRESH_TOKEN_PREFIX),
  prefixedTokenFormat('app_secret', APP_SECRET_PREFIX),
];
