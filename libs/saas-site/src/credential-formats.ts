import {
  type CredentialFormat,
  isWellFormedHexSecret,
  prefixedTokenFormat,
} from '@authkit/core/internal';
import { SITE_SECRET_PREFIX } from './site-auth.service';

/** `<10 of [a-z0-9]>:<64 hex of 256 random bits><8 hex of CRC32>`: the wire contract fixes the alphabet. */
const SITE_ACCESS_TOKEN = /^[a-z0-9]{10}:[0-9a-f]{72}$/;

/** The credentials the site key mints: site tokens and their access tokens. */
export const saasSiteCredentialFormats: readonly CredentialFormat[] = [
  prefixedTokenFormat('site_token', SITE_SECRET_PREFIX),
  {
    type: 'site_access_token',
    scannerPattern: '\\b[a-z0-9]{10}:[0-9a-f]{72}\\b',
    matches: (value) => SITE_ACCESS_TOKEN.test(value) && isWellFormedHexSecret(value.slice(11)),
  },
];
