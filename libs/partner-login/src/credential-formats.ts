import { type CredentialFormat, prefixedTokenFormat } from '@authkit/core/internal';
import { API_CODE_SECRET_PREFIX } from './api-code.service';
import { SESSION_TOKEN_PREFIX } from './partner-session.service';

/** The credentials partner login mints: session tokens, and the API codes' secrets. */
export const partnerLoginCredentialFormats: readonly CredentialFormat[] = [
  prefixedTokenFormat('partner_session_token', SESSION_TOKEN_PREFIX),
  prefixedTokenFormat('api_code_secret', API_CODE_SECRET_PREFIX),
];
