import { AnyOfAuthGuard } from '@authkit/core';
import { SITE_ACCESS_TOKEN_STRATEGY, SITE_TOKEN_STRATEGY } from './saas-principal';

/**
 * Accepts the site token or an access token. Missing, partial, wrong and
 * unknown credentials all get the same 401, so nobody can probe which sites exist.
 */
export const SaasSiteAuthGuard = AnyOfAuthGuard([SITE_TOKEN_STRATEGY, SITE_ACCESS_TOKEN_STRATEGY], {
  message: 'Invalid or missing site credentials',
  presentsCredential: ['x-site-token', 'x-site-access-token'],
});
