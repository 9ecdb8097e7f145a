import { type CredentialFormat, prefixedTokenFormat } from '@authkit/core/internal';
import { LOGIN_TOKEN_PREFIX } from './password-login.service';

/** The credential the password bearer mints: its access token. */
export const passwordLoginCredentialFormats: readonly CredentialFormat[] = [
  prefixedTokenFormat('login_token', LOGIN_TOKEN_PREFIX),
];
